"""Writes and reads of what the language stage found. Called by Store, inside its transactions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import Column, ColumnElement, Connection, Select, Table, and_, bindparam, delete, func, select, update

from ..records import Analysis, EventFilter, Figure, Quote
from . import schema as s
from .review import rejected
from .engine import insert_new
from .paging import chunks, keyset
from .tallies import events_stored, names_of

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
    disputed = _write_entities(conn, analysis)
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
    _count_mentions(conn, s.entities, Counter(m.entity_key for m in analysis.mentions if m.entity_key))
    _vote_types(conn, disputed)
    _count_mentions(conn, s.places, Counter(_place_id(p.geonames_id) for p in analysis.places if p.geonames_id))
    _write_events(conn, doc_id, analysis)


def clear_analysis(conn: Connection, doc_id: str) -> None:
    """What the language stage found in a document, gone (entities are shared between documents, so they stay)."""
    for table, named_by, mentions in ((s.entities, s.mentions.c.entity_id, s.mentions),
                                      (s.places, s.place_mentions.c.place_id, s.place_mentions)):
        counted = conn.execute(select(named_by, func.count()).where(mentions.c.document_id == doc_id,
                                                                    named_by.is_not(None)).group_by(named_by))
        _count_mentions(conn, table, Counter({key: -n for key, n in counted}))
    for table in _PER_DOCUMENT:
        conn.execute(delete(table).where(table.c.document_id == doc_id))
    conn.execute(s.documents.update().where(s.documents.c.id == doc_id).values(analysis_note=None))


def _count_mentions(conn: Connection, table: Table, named: Counter[str]) -> None:
    """Entities' or places' mention counts (`mentions`), each changed by what `named` holds for it."""
    if named:
        conn.execute(table.update().where(table.c.id == bindparam("key"))
                     .values(mentions=table.c.mentions + bindparam("change")),
                     [{"key": key, "change": n} for key, n in named.items()])


def _write_events(conn: Connection, doc_id: str, analysis: Analysis) -> None:
    events, actors, evidence = [], [], []
    for e in analysis.events:
        event_id = f"{doc_id}:e{e.start}"  # stable across reprocessing: analysts' decisions name it
        events.append(dict(id=event_id, document_id=doc_id, type=e.type, sub_type=e.sub_type, date_start=e.date_start,
                           date_end=e.date_end, date_precision=e.date_precision,
                           place_id=_place_id(e.place.geonames_id) if e.place else None,
                           geo_precision=e.place.precision if e.place else None, fatalities_low=e.fatalities_low,
                           fatalities_high=e.fatalities_high, alleged=e.alleged, status="reported"))
        actors += [dict(event_id=event_id, role=role, name=name, date_start=e.date_start)
                   for role, names in (("actor", e.actors), ("target", e.targets)) for name in names]
        evidence += [dict(event_id=event_id, document_id=doc_id, start=start, end=end)
                     for start, end in ((e.start, e.end), *e.also)]
    for table, values in ((s.events, events), (s.event_actors, actors), (s.event_evidence, evidence)):
        if values:
            conn.execute(table.insert(), values)


_KINDS = {"town": ("populated_place",), "district": ("admin2", "admin3"), "region": ("admin1",)}


def placed_to(places: Table, precision: str) -> ColumnElement:
    """A place (of `places`, joined) as finely as records.PRECISIONS says: by its kind, or for "country"
    with no first-level region."""
    if precision == "country":
        return and_(places.c.id.is_not(None), places.c.admin1.is_(None))
    return places.c.kind.in_(_KINDS[precision])


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
    if where.precision:
        yield placed_to(p, where.precision)
    if where.actor:
        actors = s.event_actors
        yield (select(actors.c.event_id).where(actors.c.event_id == e.c.id,
                                               func.lower(actors.c.name).contains(where.actor.lower()))).exists()
    if incidents is not None:
        yield e.c.incident_id.in_(list(incidents))


def event_rows(conn: Connection, where: EventFilter = EventFilter(), *, incidents: Iterable[str] | None = None,
               naming: str | None = None, limit: int | None = None, offset: int = 0) -> Iterator[dict]:
    """Events, as plain records with their place, participants and evidence (a copy holds only the
    events of the lines it adds to its original), each document's in text order; with no `limit`,
    all of them, read a page at a time. With `naming`, only those with an actor or target of exactly
    that name (an indexed lookup, where `where.actor` matches part of a name in every event), the latest
    `limit` of them by date (a dossier's; not a page of a longer list: no `offset`)."""
    e, p = s.events, s.places
    query = (select(e, p.c.name.label("place_name"), p.c.kind.label("place_kind"), p.c.country, p.c.admin1,
                    p.c.admin2, p.c.lat, p.c.lon, p.c.geonames_id).outerjoin(p, p.c.id == e.c.place_id))
    for condition in event_conditions(where, incidents):
        query = query.where(condition)
    if naming is not None:  # the latest `limit` events that name it, from the index of names and dates
        a = s.event_actors
        named = (select(a.c.event_id).where(a.c.name == naming).order_by(a.c.date_start.desc().nulls_last())
                 .limit(limit))
        query = query.where(e.c.id.in_(named))
    for page in chunks(_listed(conn, query, s.EVENT_ORDER, limit, offset)):
        participants, evidence = _participants_of(conn, [r.id for r in page])
        for r in page:
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
    e, p = s.events, s.places
    query = (select(e.c.date_start, e.c.date_precision, e.c.type)
             .outerjoin(p, p.c.id == e.c.place_id).where(e.c.date_start.is_not(None)))
    for condition in event_conditions(where, None):
        query = query.where(condition)
    return [tuple(r) for r in conn.execute(query)]


def count_events(conn: Connection, where: EventFilter = EventFilter()) -> int:
    """How many events match (of all: their tally, less the rejected ones)."""
    e, p = s.events, s.places
    if where == EventFilter():
        return events_stored(conn) - conn.scalar(select(func.count()).where(e.c.id.in_(rejected())))
    query = select(func.count()).select_from(e).outerjoin(p, p.c.id == e.c.place_id)
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


def _write_entities(conn: Connection, analysis: Analysis) -> set[str]:
    """An entity is shared by the documents that name it, and they may describe it differently (a
    type, a country); the store keeps the description `_preferred` puts first, whichever document
    came first, so that the store is the same whatever order (or however many processes) wrote it.
    The keys of those whose type this document disputes, for `_vote_types`."""
    rows = {e.key: dict(id=e.key, name=e.name, type=e.type, actor_type=e.actor_type, country=e.country)
            for e in analysis.entities}
    if not rows:
        return set()
    conn.execute(insert_new(conn, s.entities), list(rows.values()))
    stored = list(conn.execute(select(s.entities).where(s.entities.c.id.in_(rows)).with_for_update()).mappings())
    disputed = {old["id"] for old in stored if old["type"] != rows[old["id"]]["type"]}
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
    return disputed


def _vote_types(conn: Connection, keys: set[str]) -> None:
    """Documents that type one entity differently, none from the actor dictionary nor placing it in a
    country, vote: the type most of its mentions across the store carry wins, then the one more
    documents give, then the first in alphabetical order (so that no order of writing decides)."""
    e, m = s.entities, s.mentions
    open_ = list(conn.scalars(select(e.c.id).where(e.c.id.in_(keys), e.c.actor_type.is_(None), e.c.country.is_(None))))
    if not open_:
        return
    tallies: dict[str, list[tuple[int, int, str]]] = {}
    for key, label, n, documents in conn.execute(
            select(m.c.entity_id, m.c.label, func.count(), func.count(m.c.document_id.distinct()))
            .where(m.c.entity_id.in_(open_)).group_by(m.c.entity_id, m.c.label)):
        tallies.setdefault(key, []).append((-n, -documents, label))
    conn.execute(update(e).where(e.c.id == bindparam("key")),
                 [{"key": key, "type": min(votes)[2]} for key, votes in tallies.items()])


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
                    since: str | None = None, limit: int | None = None, offset: int = 0,
                    documents: int | None = None) -> Iterator[PlaceSummary]:
    """Places, the most named first; with `documents`, at most that many of each place's documents."""
    m = s.place_mentions
    for row in conn.execute(_place_query(doc, country, since).limit(limit).offset(offset)).all():
        aliases, named_in = _place_names(conn, row.id), _named_in(conn, m.c.place_id, row.id, documents)
        yield PlaceSummary(row.id, row.geonames_id, row.name, row.kind, row.country, row.admin1, row.lat, row.lon,
                           tuple(dict.fromkeys([row.name, *aliases])), named_in, row.n)


def count_places(conn: Connection, *, doc: str | None = None, country: str | None = None,
                 since: str | None = None) -> int:
    return _count(conn, _place_query(doc, country, since))


def _place_query(doc: str | None, country: str | None, since: str | None) -> Select:
    p = s.places
    query = _most_named(select(p), p, s.place_mentions.c.place_id, doc=doc, since=since)
    return query.where(p.c.country == country.upper()) if country else query


def _count(conn: Connection, query: Select) -> int:
    return conn.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def _most_named(query: Select, table: Table, named_by: Column, *, doc: str | None, since: str | None) -> Select:
    """Entities or places (`table`) with how often they are named (`n`), the most first: the count kept
    by the writes, or among the mentions of one document or of those published since a date."""
    if not (doc or since):
        return (query.add_columns(table.c.mentions.label("n")).where(table.c.mentions > 0)
                .order_by(table.c.mentions.desc(), table.c.name, table.c.id))
    mentions, d = named_by.table, s.documents
    n = func.count(mentions.c.id)
    query = query.add_columns(n.label("n")).join(mentions, named_by == table.c.id)
    if doc:
        query = query.where(mentions.c.document_id == doc)
    if since:
        query = query.join(d, d.c.id == mentions.c.document_id).where(d.c.published >= since)
    return query.group_by(table.c.id).order_by(n.desc(), table.c.name, table.c.id)


def _place_names(conn: Connection, place_id: str) -> list[str]:
    """How the texts name a place, the most used first (an entity's are tallied: tallies.names_of)."""
    m = s.place_mentions
    return list(conn.scalars(select(m.c.text).where(m.c.place_id == place_id).group_by(m.c.text)
                             .order_by(func.count().desc(), m.c.text)))


def _named_in(conn: Connection, named_by: Column, key: str, documents: int | None) -> tuple[str, ...]:
    """The documents that name an entity or a place (at most `documents` of them, the first by id, when
    given); `named_by` is the key column of their mentions."""
    mentions = named_by.table
    return tuple(conn.scalars(select(mentions.c.document_id).distinct().where(named_by == key)
                              .order_by(mentions.c.document_id).limit(documents)))


def unresolved_places(conn: Connection) -> list[tuple[str, str, int]]:
    """(name as written, reason, how often) for place names left unresolved."""
    m = s.place_mentions
    return [tuple(r) for r in conn.execute(select(m.c.text, m.c.reason, func.count()).where(m.c.place_id.is_(None))
                                           .group_by(m.c.text, m.c.reason).order_by(func.count().desc()))]


def entity_summaries(conn: Connection, *, doc: str | None = None, name: str | None = None,
                     since: str | None = None, types: tuple[str, ...] = (), limit: int | None = None,
                     offset: int = 0, documents: int | None = None) -> Iterator[EntitySummary]:
    """Entities, the most named first; with `documents`, at most that many of each entity's documents."""
    for row in conn.execute(_entity_query(doc, name, since, types).limit(limit).offset(offset)).all():
        yield _summary(conn, row, documents)


def entity_id_named(conn: Connection, name: str) -> str | None:
    """The id of the entity `entity_summaries(name=name)` lists first, without reading its summary."""
    return conn.scalar(_entity_query(None, name, None, ()).limit(1))


def entities_named_in(conn: Connection, doc: str) -> list[dict[str, str]]:
    """The id and name of each entity a document names, in the order `entity_summaries(doc=doc)` lists
    them, without reading their summaries (which read every mention of each across the store)."""
    return [{"id": r.id, "name": r.name} for r in conn.execute(_entity_query(doc, None, None, ()))]


def count_entities(conn: Connection, *, doc: str | None = None, name: str | None = None, since: str | None = None,
                   types: tuple[str, ...] = ()) -> int:
    return _count(conn, _entity_query(doc, name, since, types))


def _entity_query(doc: str | None, name: str | None, since: str | None, types: tuple[str, ...]) -> Select:
    e = s.entities
    query = _most_named(select(e.c.id, e.c.name, e.c.type, e.c.actor_type, e.c.country), e, s.mentions.c.entity_id,
                        doc=doc, since=since)
    if types:
        query = query.where(e.c.type.in_(types))
    if name:
        aliases = select(s.entity_aliases.c.entity_id).where(func.lower(s.entity_aliases.c.alias) == name.lower())
        query = query.where((func.lower(e.c.name) == name.lower()) | (e.c.id == name) | e.c.id.in_(aliases))
    return query


def _summary(conn: Connection, row, documents: int | None) -> EntitySummary:
    aliases, named_in = names_of(conn, row.id), _named_in(conn, s.mentions.c.entity_id, row.id, documents)
    r = s.roles
    roles = conn.execute(select(r.c.role, r.c.date).where(r.c.entity_id == row.id).group_by(r.c.role, r.c.date)
                         .order_by(r.c.date, r.c.role)).all()
    return EntitySummary(row.id, row.name, row.type, row.actor_type, row.country,
                         tuple(dict.fromkeys([row.name, *aliases])), named_in,
                         tuple((r.role, r.date) for r in roles), row.n)


def quote_rows(conn: Connection, *, doc: str | None = None, entity: str | None = None, since: str | None = None,
               limit: int | None = None, offset: int = 0) -> Iterator[tuple[str, str, Quote]]:
    """Quotes in document order; with no `limit`, all of them, read a page at a time."""
    for r in _listed(conn, _quote_query(select(s.quotes), doc, entity, since), s.QUOTE_ORDER, limit, offset):
        yield r.id, r.document_id, Quote(r.start, r.end, r.text, r.speaker, r.speaker_entity_id, r.speaker_role,
                                         r.direct, r.nested)


def count_quotes(conn: Connection, *, doc: str | None = None, entity: str | None = None,
                 since: str | None = None) -> int:
    return _count(conn, _quote_query(select(s.quotes.c.id), doc, entity, since))


def _quote_query(query: Select, doc: str | None, entity: str | None, since: str | None) -> Select:
    q = s.quotes
    query = _in_documents(query, q, doc=doc, since=since)
    if entity:
        query = query.where((q.c.speaker_entity_id == entity) | (func.lower(q.c.speaker) == entity.lower()))
    return query


def figure_rows(conn: Connection, *, doc: str | None = None, entity: str | None = None, since: str | None = None,
                attributed_to: tuple[str, ...] = (), limit: int | None = None,
                offset: int = 0) -> Iterator[tuple[str, str, Figure]]:
    """Figures in document order, each with its words; with no `limit`, all of them, read a page at a time.
    `entity` is part of the name they are attributed to; `attributed_to`, the whole names (any case, indexed)."""
    f, d = s.figures, s.documents
    words = (select(func.substr(d.c.text, f.c.start + 1, f.c.end - f.c.start)).where(d.c.id == f.c.document_id)
             .scalar_subquery())
    query = _figure_query(select(f, words.label("words")), doc, entity, since, attributed_to)
    for r in _listed(conn, query, s.FIGURE_ORDER, limit, offset):
        yield r.id, r.document_id, Figure(r.start, r.end, r.words, r.as_reported, r.value_low, r.value_high, r.unit,
                                          r.qualifier, r.measure, r.subject, r.attributed_to, r.date)


def count_figures(conn: Connection, *, doc: str | None = None, entity: str | None = None,
                  since: str | None = None, attributed_to: tuple[str, ...] = ()) -> int:
    return _count(conn, _figure_query(select(s.figures.c.id), doc, entity, since, attributed_to))


def _figure_query(query: Select, doc: str | None, entity: str | None, since: str | None,
                  attributed_to: tuple[str, ...] = ()) -> Select:
    f = s.figures
    query = _in_documents(query, f, doc=doc, since=since)
    if attributed_to:
        query = query.where(func.lower(f.c.attributed_to).in_(sorted({name.lower() for name in attributed_to})))
    return query.where(func.lower(f.c.attributed_to).contains(entity.lower())) if entity else query


def _in_documents(query: Select, table: Table, *, doc: str | None, since: str | None) -> Select:
    if doc:
        query = query.where(table.c.document_id == doc)
    if since:
        published = select(s.documents.c.published).where(s.documents.c.id == table.c.document_id)
        query = query.where(published.scalar_subquery() >= since)
    return query


def _listed(conn: Connection, query: Select, order: tuple, limit: int | None, offset: int) -> Iterator:
    """A page of `query` in `order`, or with no `limit` every row, a page at a time."""
    if limit is None and not offset:
        return keyset(conn, query, order)
    return iter(conn.execute(query.order_by(*order).limit(limit).offset(offset)))


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
