"""Writes and reads of what the language stage found. Called by Store, inside its transactions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, delete, func, select, update

from ..records import Analysis, EventFilter, Figure, Quote
from . import schema as s
from .review import rejected
from .engine import insert_new

_PER_DOCUMENT = (s.event_evidence, s.events, s.sentences, s.mentions, s.roles, s.time_expressions, s.quotes,
                 s.figures, s.place_mentions)


@dataclass(frozen=True)
class EntitySummary:
    """An entity across the store: its names, the documents that mention it, its roles."""

    id: str
    name: str
    type: str
    actor_type: str | None
    country: str | None
    aliases: tuple[str, ...]
    documents: tuple[str, ...]
    roles: tuple[tuple[str, str | None], ...]  # (role, date stated)
    mentions: int


def write_analysis(conn: Connection, doc_id: str, analysis: Analysis, *, replace: bool) -> None:
    """Write a document's analysis; with `replace`, its earlier one goes first (entities are
    shared between documents, so they stay)."""
    if replace:
        clear_analysis(conn, doc_id)
    if replace or analysis.note:
        conn.execute(s.documents.update().where(s.documents.c.id == doc_id).values(analysis_note=analysis.note))
    _write_entities(conn, analysis)
    _write_places(conn, analysis)
    rows = {
        s.place_mentions: [dict(document_id=doc_id, place_id=_place_id(p.geonames_id), start=p.start, end=p.end,
                                text=p.text, precision=p.precision, score=p.score, reason=p.reason)
                           for p in analysis.places],
        s.sentences: [dict(document_id=doc_id, position=i, start=x.start, end=x.end) for i, x in enumerate(analysis.sentences)],
        s.mentions: [dict(document_id=doc_id, entity_id=m.entity_key, start=m.start, end=m.end, text=m.text, label=m.label)
                     for m in analysis.mentions],
        s.roles: [dict(document_id=doc_id, entity_id=r.entity_key, role=r.role, date=r.date, start=r.start, end=r.end)
                  for r in analysis.roles],
        s.time_expressions: [dict(document_id=doc_id, start=t.start, end=t.end, text=t.text, date_start=t.date_start,
                                  date_end=t.date_end, precision=t.precision) for t in analysis.times],
        s.quotes: [dict(id=f"{doc_id}:q{i}", document_id=doc_id, speaker_entity_id=q.speaker_key, speaker=q.speaker,
                        speaker_role=q.speaker_role, text=q.text, direct=q.direct, nested=q.nested, start=q.start, end=q.end)
                   for i, q in enumerate(analysis.quotes)],
        s.figures: [dict(id=f"{doc_id}:f{i}", document_id=doc_id, subject=f.subject, measure=f.measure,
                         as_reported=f.as_reported, value_low=f.value_low, value_high=f.value_high, unit=f.unit,
                         qualifier=f.qualifier, attributed_to=f.attributed_to, date=f.date, start=f.start, end=f.end)
                    for i, f in enumerate(analysis.figures)],
    }
    for table, values in rows.items():
        if values:
            conn.execute(table.insert(), values)
    _write_events(conn, doc_id, analysis)


def clear_analysis(conn: Connection, doc_id: str) -> None:
    """What the language stage found in a document, gone (entities are shared between documents, so they stay)."""
    for table in _PER_DOCUMENT:
        conn.execute(delete(table).where(table.c.document_id == doc_id))
    conn.execute(s.documents.update().where(s.documents.c.id == doc_id).values(analysis_note=None))


def _write_events(conn: Connection, doc_id: str, analysis: Analysis) -> None:
    events, actors, evidence = [], [], []
    for e in analysis.events:
        event_id = f"{doc_id}:e{e.start}"  # stable across reprocessing: analysts' decisions name it
        events.append(dict(id=event_id, document_id=doc_id, type=e.type, sub_type=e.sub_type, date_start=e.date_start,
                           date_end=e.date_end, date_precision=e.date_precision,
                           place_id=_place_id(e.place.geonames_id) if e.place else None,
                           geo_precision=e.place.precision if e.place else None, fatalities_low=e.fatalities_low,
                           fatalities_high=e.fatalities_high, alleged=e.alleged, status="reported"))
        actors += [dict(event_id=event_id, role=role, name=name)
                   for role, names in (("actor", e.actors), ("target", e.targets)) for name in names]
        evidence += [dict(event_id=event_id, document_id=doc_id, start=start, end=end)
                     for start, end in ((e.start, e.end), *e.also)]
    for table, values in ((s.events, events), (s.event_actors, actors), (s.event_evidence, evidence)):
        if values:
            conn.execute(table.insert(), values)


def event_conditions(where: EventFilter, incidents: Iterable[str] | None) -> Iterator:
    """SQL conditions on events (joined with their documents and places) for a filter; an event an
    analyst rejected never matches."""
    e, p = s.events, s.places
    yield e.c.id.not_in(rejected())
    if where.doc:
        yield e.c.document_id == where.doc
    if where.country:
        yield p.c.country == where.country.upper()
    if where.admin1:
        yield func.lower(p.c.admin1) == where.admin1.lower()
    if where.type:
        yield e.c.type == where.type
    if where.since:
        yield e.c.date_end >= where.since
    if where.until:
        yield e.c.date_start <= where.until
    if where.min_fatalities is not None:
        yield func.coalesce(e.c.fatalities_low, -1) >= where.min_fatalities
    if where.actor:
        actors = s.event_actors
        yield (select(actors.c.event_id).where(actors.c.event_id == e.c.id,
                                               func.lower(actors.c.name).contains(where.actor.lower()))).exists()
    if incidents is not None:
        yield e.c.incident_id.in_(list(incidents))


def event_rows(conn: Connection, where: EventFilter = EventFilter(), *, incidents: Iterable[str] | None = None,
               limit: int | None = None, offset: int = 0) -> Iterator[dict]:
    """Events, as plain records with their place, participants and evidence (a copy holds only the
    events of the lines it adds to its original)."""
    e, p, d = s.events, s.places, s.documents
    query = (select(e, p.c.name.label("place_name"), p.c.kind.label("place_kind"), p.c.country, p.c.admin1,
                    p.c.admin2, p.c.lat, p.c.lon, p.c.geonames_id)
             .join(d, d.c.id == e.c.document_id).outerjoin(p, p.c.id == e.c.place_id)
             .order_by(e.c.document_id, func.length(e.c.id), e.c.id)
             .limit(limit).offset(offset))
    for condition in event_conditions(where, incidents):
        query = query.where(condition)
    rows = conn.execute(query).all()
    participants, evidence = _participants_of(conn, [r.id for r in rows])
    for r in rows:
        who = participants.get(r.id, {"actor": [], "target": []})
        yield {"id": r.id, "document": r.document_id, "type": r.type, "sub_type": r.sub_type,
               "date_start": r.date_start, "date_end": r.date_end, "date_precision": r.date_precision,
               "location": None if r.place_id is None else {"name": r.place_name, "kind": r.place_kind,
                                                            "country": r.country, "admin1": r.admin1,
                                                            "admin2": r.admin2, "lat": r.lat, "lon": r.lon,
                                                            "geonames_id": r.geonames_id},
               "geo_precision": r.geo_precision, "actors": who["actor"], "targets": who["target"],
               "fatalities": None if r.fatalities_low is None and r.fatalities_high is None
               else {"low": r.fatalities_low, "high": r.fatalities_high},
               "alleged": bool(r.alleged), "incident": r.incident_id, "evidence": evidence.get(r.id, [])}


def event_ids_starting(conn: Connection, prefix: str, *, limit: int = 10) -> list[str]:
    """Ids of events not rejected that start with `prefix` (at most `limit`)."""
    e = s.events
    return list(conn.scalars(select(e.c.id).where(e.c.id.startswith(prefix, autoescape=True),
                                                  e.c.id.not_in(rejected())).order_by(e.c.id).limit(limit)))


def event_dates(conn: Connection, where: EventFilter = EventFilter()) -> list[tuple[str, str, str]]:
    """(date_start, date_precision, type) of every matching dated event: what a timeline needs."""
    e, p, d = s.events, s.places, s.documents
    query = (select(e.c.date_start, e.c.date_precision, e.c.type).join(d, d.c.id == e.c.document_id)
             .outerjoin(p, p.c.id == e.c.place_id).where(e.c.date_start.is_not(None)))
    for condition in event_conditions(where, None):
        query = query.where(condition)
    return [tuple(r) for r in conn.execute(query)]


def count_events(conn: Connection, where: EventFilter = EventFilter()) -> int:
    e, p, d = s.events, s.places, s.documents
    query = (select(func.count()).select_from(e).join(d, d.c.id == e.c.document_id)
             .outerjoin(p, p.c.id == e.c.place_id))
    for condition in event_conditions(where, None):
        query = query.where(condition)
    return conn.scalar(query)


def _participants_of(conn: Connection, ids: list[str]) -> tuple[dict, dict]:
    """Actors and targets, and evidence spans with their text, of these events."""
    participants: dict[str, dict[str, list[str]]] = {}
    evidence: dict[str, list[dict]] = {}
    ev, d = s.event_evidence, s.documents
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for row in conn.execute(select(s.event_actors).where(s.event_actors.c.event_id.in_(chunk))):
            participants.setdefault(row.event_id, {"actor": [], "target": []})[row.role].append(row.name)
        spans = (select(ev.c.event_id, ev.c.document_id, ev.c.start, ev.c.end,
                        func.substr(d.c.text, ev.c.start + 1, ev.c.end - ev.c.start))
                 .join(d, d.c.id == ev.c.document_id).where(ev.c.event_id.in_(chunk)).order_by(ev.c.start))
        for event_id, document, start, end, quoted in conn.execute(spans):
            evidence.setdefault(event_id, []).append({"document": document, "start": start, "end": end,
                                                      "text": quoted})
    return participants, evidence


def _write_entities(conn: Connection, analysis: Analysis) -> None:
    """An entity is shared by the documents that name it, and they may describe it differently (a
    type, a country); the store keeps the description `_preferred` puts first, whichever document
    came first, so that the store is the same whatever order (or however many processes) wrote it."""
    rows = {e.key: dict(id=e.key, name=e.name, type=e.type, actor_type=e.actor_type, country=e.country)
            for e in analysis.entities}
    if not rows:
        return
    conn.execute(insert_new(conn, s.entities), list(rows.values()))
    stored = conn.execute(select(s.entities).where(s.entities.c.id.in_(rows)).with_for_update()).mappings()
    better = [rows[old["id"]] for old in stored if _preferred(rows[old["id"]]) < _preferred(old)]
    if better:
        conn.execute(update(s.entities).where(s.entities.c.id == bindparam("key")),
                     [{"key": row["id"], **{k: v for k, v in row.items() if k != "id"}} for row in better])
    pairs = {(e.key, alias) for e in analysis.entities for alias in (e.name, *e.aliases)}
    have = set(conn.execute(select(s.entity_aliases.c.entity_id, s.entity_aliases.c.alias)
                            .where(s.entity_aliases.c.entity_id.in_(rows))).all())
    missing = [dict(entity_id=k, alias=a) for k, a in sorted(pairs - have)]
    if missing:
        conn.execute(insert_new(conn, s.entity_aliases), missing)


def _preferred(row: Mapping[str, str | None]) -> tuple:
    """An order on descriptions of one entity: the one that says more first (an actor type, a
    country), a name not written in capitals, then any fixed order."""
    name = row["name"] or ""
    return (row["actor_type"] is None, row["country"] is None, name.isupper(), name, row["type"] or "",
            row["actor_type"] or "", row["country"] or "")


def _place_id(geonames_id: int | None) -> str | None:
    return None if geonames_id is None else f"gn:{geonames_id}"


def _write_places(conn: Connection, analysis: Analysis) -> None:
    events_places = [e.place for e in analysis.events if e.place is not None]  # an unnamed main country too
    resolved = {p.geonames_id: p for p in (*analysis.places, *events_places) if p.geonames_id is not None}
    ids = [_place_id(g) for g in resolved]
    known = set(conn.scalars(select(s.places.c.id).where(s.places.c.id.in_(ids)))) if ids else set()
    new = [dict(id=_place_id(g), geonames_id=g, name=p.name, country=p.country, admin1=p.admin1, admin2=p.admin2,
                lat=p.lat, lon=p.lon, kind=p.kind) for g, p in resolved.items() if _place_id(g) not in known]
    if new:
        conn.execute(insert_new(conn, s.places), new)


@dataclass(frozen=True)
class PlaceSummary:
    """A resolved place across the store: how the texts name it, where, how often."""

    id: str
    geonames_id: int | None
    name: str
    kind: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    aliases: tuple[str, ...]
    documents: tuple[str, ...]
    mentions: int


def place_summaries(conn: Connection, *, doc: str | None = None, country: str | None = None,
                    since: str | None = None) -> Iterator[PlaceSummary]:
    p, m, d = s.places, s.place_mentions, s.documents
    query = (select(p, func.count(m.c.id).label("n")).join(m, m.c.place_id == p.c.id)
             .join(d, d.c.id == m.c.document_id)
             .group_by(p.c.id).order_by(func.count(m.c.id).desc(), p.c.name))
    if doc:
        query = query.where(m.c.document_id == doc)
    if country:
        query = query.where(p.c.country == country.upper())
    if since:
        query = query.where(d.c.published >= since)
    for row in conn.execute(query).all():
        aliases = conn.scalars(select(m.c.text).where(m.c.place_id == row.id).group_by(m.c.text)
                               .order_by(func.count().desc(), m.c.text)).all()  # the most used first
        documents = conn.scalars(select(m.c.document_id).where(m.c.place_id == row.id).distinct()).all()
        yield PlaceSummary(row.id, row.geonames_id, row.name, row.kind, row.country, row.admin1, row.lat, row.lon,
                           tuple(dict.fromkeys([row.name, *aliases])), tuple(sorted(documents)), row.n)


def unresolved_places(conn: Connection) -> list[tuple[str, str, int]]:
    """(name as written, reason, how often) for place names left unresolved."""
    m = s.place_mentions
    return [tuple(r) for r in conn.execute(select(m.c.text, m.c.reason, func.count()).where(m.c.place_id.is_(None))
                                           .group_by(m.c.text, m.c.reason).order_by(func.count().desc()))]


def entity_summaries(conn: Connection, *, doc: str | None = None, name: str | None = None,
                     since: str | None = None, types: tuple[str, ...] = ()) -> Iterator[EntitySummary]:
    e, m, d = s.entities, s.mentions, s.documents
    query = (select(e.c.id, e.c.name, e.c.type, e.c.actor_type, e.c.country,
                    func.count(m.c.id).label("n"))
             .join(m, m.c.entity_id == e.c.id).join(d, d.c.id == m.c.document_id)
             .group_by(e.c.id).order_by(func.count(m.c.id).desc(), e.c.name))
    if doc:
        query = query.where(m.c.document_id == doc)
    if since:
        query = query.where(d.c.published >= since)
    if types:
        query = query.where(e.c.type.in_(types))
    if name:
        aliases = select(s.entity_aliases.c.entity_id).where(func.lower(s.entity_aliases.c.alias) == name.lower())
        query = query.where((func.lower(e.c.name) == name.lower()) | (e.c.id == name) | e.c.id.in_(aliases))
    for row in conn.execute(query).all():
        yield _summary(conn, row)


def _summary(conn: Connection, row) -> EntitySummary:
    m = s.mentions
    aliases = conn.scalars(select(m.c.text).where(m.c.entity_id == row.id).group_by(m.c.text)
                           .order_by(func.count().desc(), m.c.text)).all()  # the most used first
    documents = conn.scalars(select(m.c.document_id).distinct().where(m.c.entity_id == row.id)).all()
    r = s.roles
    roles = conn.execute(select(r.c.role, r.c.date).where(r.c.entity_id == row.id).group_by(r.c.role, r.c.date)
                         .order_by(r.c.date, r.c.role)).all()
    return EntitySummary(row.id, row.name, row.type, row.actor_type, row.country,
                         tuple(dict.fromkeys([row.name, *aliases])), tuple(sorted(documents)),
                         tuple((r.role, r.date) for r in roles), row.n)


def quote_rows(conn: Connection, *, doc: str | None = None, entity: str | None = None,
               since: str | None = None) -> Iterator[tuple[str, str, Quote]]:
    q, d = s.quotes, s.documents
    query = select(q, d.c.published).join(d, d.c.id == q.c.document_id).order_by(q.c.document_id, q.c.start, func.length(q.c.id), q.c.id)
    if doc:
        query = query.where(q.c.document_id == doc)
    if entity:
        query = query.where((q.c.speaker_entity_id == entity) | (func.lower(q.c.speaker) == entity.lower()))
    if since:
        query = query.where(d.c.published >= since)
    for r in conn.execute(query):
        yield r.id, r.document_id, Quote(r.start, r.end, r.text, r.speaker, r.speaker_entity_id, r.speaker_role,
                                         r.direct, r.nested)


def figure_rows(conn: Connection, *, doc: str | None = None, entity: str | None = None,
                since: str | None = None) -> Iterator[tuple[str, str, Figure]]:
    f, d = s.figures, s.documents
    query = (select(f, d.c.text.label("doc_text")).join(d, d.c.id == f.c.document_id)
             .order_by(f.c.document_id, f.c.start, func.length(f.c.id), f.c.id))
    if doc:
        query = query.where(f.c.document_id == doc)
    if entity:
        query = query.where(func.lower(f.c.attributed_to).contains(entity.lower()))
    if since:
        query = query.where(d.c.published >= since)
    for r in conn.execute(query):
        yield r.id, r.document_id, Figure(r.start, r.end, r.doc_text[r.start:r.end], r.as_reported, r.value_low,
                                          r.value_high, r.unit, r.qualifier, r.measure, r.subject,
                                          r.attributed_to, r.date)



def document_spans(conn: Connection, doc_id: str) -> list[dict]:
    m, pm, q, f, ev = s.mentions, s.place_mentions, s.quotes, s.figures, s.event_evidence
    spans = [{"start": r.start, "end": r.end, "kind": "entity", "label": r.label, "link": r.entity_id}
             for r in conn.execute(select(m).where(m.c.document_id == doc_id, m.c.entity_id.is_not(None)))]
    spans += [{"start": r.start, "end": r.end, "kind": "place", "label": r.reason or "", "link": r.place_id}
              for r in conn.execute(select(pm).where(pm.c.document_id == doc_id))]
    spans += [{"start": r.start, "end": r.end, "kind": "quote", "label": r.speaker or "", "link": r.id}
              for r in conn.execute(select(q).where(q.c.document_id == doc_id))]
    spans += [{"start": r.start, "end": r.end, "kind": "figure", "label": f"{r.measure}: {r.as_reported}", "link": r.id,
               "words": r.as_reported}
              for r in conn.execute(select(f).where(f.c.document_id == doc_id))]
    spans += [{"start": r.start, "end": r.end, "kind": "event", "label": r.type, "link": r.incident_id}
              for r in conn.execute(select(ev.c.start, ev.c.end, s.events.c.type, s.events.c.incident_id)
                                    .join(s.events, s.events.c.id == ev.c.event_id)
                                    .where(ev.c.document_id == doc_id, s.events.c.id.not_in(rejected())))]
    return sorted(spans, key=lambda x: (x["start"], -x["end"]))
