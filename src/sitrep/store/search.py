"""Full-text search over documents, quotes and entity names (the indexes of schema.py), with
facets: outlet, month, and the country, event type and actors of the matching documents' events.

On SQLite (FTS5), a query is words (all must match, accents and case ignored) or FTS5 syntax when
the user writes quotes or operators; anything FTS5 cannot parse is searched as plain words, and a
query FTS5 parses but cannot run (a column no index has) is refused with FTS5's reason (QueryError).
A query that names a column of documents (`title:boni`) finds no quotes or entities.
On PostgreSQL, a query is web-search syntax (words, "a phrase", OR, -word), matched against each
document's words stemmed in its language (English, French, else unstemmed), case ignored.
A common word matches most of a large store, and ranking every match costs as much as reading them
all; so a search ranks the RECENT matches stored last (all of them, in any store of fewer), keeps the
best-ranked CANDIDATES of those, and counts matches up to COUNTED. Filters apply to the candidates;
facets to the best FACETED of them, or to all that pass a filter. `capped` says when `total` is a
floor: a filtered total counts only the candidates, an unfiltered one stops at COUNTED.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import regex
from sqlalchemy import Connection, func, select, text
from sqlalchemy.exc import OperationalError

from ..errors import QueryError
from . import schema as s

FACET_SIZE = 10
T = TypeVar("T")
RECENT = 4000  # matches ranked: the latest stored
CANDIDATES = 1000  # the best-ranked of them, which filters read and pages show
FACETED = 200  # the best-ranked candidates an unfiltered search counts its facets over
COUNTED = 10_000  # matches counted at most


@dataclass(frozen=True)
class SearchFilter:
    outlet: str | None = None
    country: str | None = None
    type: str | None = None
    actor: str | None = None
    month: str | None = None  # YYYY-MM of publication


@dataclass
class SearchResult:
    query: str
    total: int
    capped: bool = False
    documents: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def fts_query(query: str) -> str:
    """Plain words become a conjunction of quoted terms; FTS5 syntax is kept."""
    if regex.search(r'["*()]|\b(?:AND|OR|NOT|NEAR)\b', query):
        return query
    words = regex.findall(r"\w+", query)
    return " ".join(f'"{w}"' for w in words)


_ANY_LANGUAGE = ("(websearch_to_tsquery('english', :q) || websearch_to_tsquery('french', :q) "
                 "|| websearch_to_tsquery('simple', :q))")
_WORDS = "websearch_to_tsquery('simple', :q)"
_SQL = {  # what each search runs, by the store's database
    "sqlite": {
        "count": "SELECT count(*) FROM (SELECT 1 FROM search_documents JOIN documents d "
                 "ON d.rowid = search_documents.rowid WHERE search_documents MATCH :q AND d.duplicate_of IS NULL "
                 "LIMIT :most)",
        "documents": "SELECT d.id FROM (SELECT rowid, rank FROM search_documents WHERE search_documents MATCH :q "
                     "ORDER BY rowid DESC LIMIT :recent) AS m JOIN documents d ON d.rowid = m.rowid "
                     "WHERE d.duplicate_of IS NULL ORDER BY m.rank LIMIT :n",
        "quotes": "SELECT q.id, q.document_id, q.speaker, q.text FROM (SELECT rowid, rank FROM search_quotes "
                  "WHERE search_quotes MATCH :q ORDER BY rowid DESC LIMIT :recent) AS m "
                  "JOIN quotes q ON q.rowid = m.rowid JOIN documents d ON d.id = q.document_id "
                  "WHERE d.duplicate_of IS NULL ORDER BY m.rank LIMIT 200",
        "entities": "SELECT DISTINCT e.id, e.name, e.type, e.actor_type FROM search_entities "
                    "JOIN entity_aliases a ON a.rowid = search_entities.rowid "
                    "JOIN entities e ON e.id = a.entity_id WHERE search_entities MATCH :q LIMIT :n",
    },
    "postgresql": {
        "count": f"SELECT count(*) FROM (SELECT 1 FROM documents d WHERE d.search @@ {_ANY_LANGUAGE} "
                 "AND d.duplicate_of IS NULL LIMIT :most) AS m",
        "documents": f"SELECT m.id FROM (SELECT d.id, d.rowid, d.search FROM documents d WHERE d.search @@ {_ANY_LANGUAGE} "
                     "AND d.duplicate_of IS NULL ORDER BY d.rowid DESC LIMIT :recent) AS m "
                     f"ORDER BY ts_rank(m.search, {_ANY_LANGUAGE}) DESC, m.rowid LIMIT :n",
        "quotes": "SELECT m.id, m.document_id, m.speaker, m.text FROM (SELECT q.id, q.document_id, q.speaker, q.text, "
                  f"q.start, q.search FROM quotes q JOIN documents d ON d.id = q.document_id WHERE q.search @@ {_WORDS} "
                  "AND d.duplicate_of IS NULL ORDER BY d.rowid DESC, q.start LIMIT :recent) AS m "
                  f"ORDER BY ts_rank(m.search, {_WORDS}) DESC, m.document_id, m.start LIMIT 200",
        "entities": "SELECT DISTINCT e.id, e.name, e.type, e.actor_type FROM entity_aliases a "
                    f"JOIN entities e ON e.id = a.entity_id WHERE a.search @@ {_WORDS} ORDER BY e.name LIMIT :n",
    },
}


def _run(conn: Connection, name: str, **values: Any) -> Any:
    return conn.execute(text(_SQL[conn.dialect.name][name]), values)


def search(conn: Connection, query: str, where: SearchFilter = SearchFilter(), *, limit: int = 20,
           offset: int = 0) -> SearchResult:
    found = _matched(conn, query, _matching_documents)
    if found is None:
        return SearchResult(query, 0)
    match, ids = found
    filtered = where != SearchFilter()
    judged = ids if filtered else ids[:FACETED]
    context = _event_context(conn, judged)
    kept = [d for d in _documents(conn, judged) if _passes(d, context.get(d["id"], {}), where)]
    if filtered:
        total, capped, shown = len(kept), len(ids) == CANDIDATES, kept[offset:offset + limit]
    else:
        total = len(ids) if len(ids) < CANDIDATES else _count(conn, match)
        capped, shown = total == COUNTED, _documents(conn, ids[offset:offset + limit])
    result = SearchResult(query, total, capped=capped, facets=_facets(kept, context))
    result.documents = shown
    allowed = {d["id"] for d in kept} if filtered else set(ids)
    result.quotes = [q for q in _or_none(_quotes, conn, match) if q["document"] in allowed][:limit]
    result.entities = _or_none(_entities, conn, match, limit)
    return result


def quotes_matching(conn: Connection, query: str, *, limit: int = 20) -> list[dict]:
    """The best-ranked quotes that match `query` (their words or speaker), read as `search` reads it, without
    the documents, facets and counts a search page shows."""
    found = _matched(conn, query, lambda conn, match: _or_none(_quotes, conn, match))
    return [] if found is None else found[1][:limit]


def _matched(conn: Connection, query: str, find: Callable[[Connection, str], T]) -> tuple[str, T] | None:
    """The query as the index reads it, and what `find` finds with it (None for a query of no words). On
    SQLite, FTS5 syntax the user did not mean (a stray quote or bracket) is searched as plain words; a
    query FTS5 parses but cannot run is refused (QueryError)."""
    match = fts_query(query) if conn.dialect.name == "sqlite" else query
    if not match.strip():
        return None
    try:
        return match, find(conn, match)
    except OperationalError as exc:
        if not _misparsed(exc):
            raise QueryError(f"the query cannot run: {exc.orig}; put words in double quotes to search them "
                             "as they are") from exc
    match = " ".join(f'"{w}"' for w in regex.findall(r"\w+", query))
    return (match, find(conn, match)) if match else None


def _misparsed(error: OperationalError) -> bool:
    """FTS5 could not parse the query (a stray quote or bracket), as opposed to not running it."""
    return any(said in str(error.orig) for said in ("syntax error", "parser stack overflow", "unterminated string"))


def _or_none(find: Callable[..., list[dict]], conn: Connection, match: str, *args: Any) -> list[dict]:
    """Quotes or entities for a query that ran on documents: none when it names a column only documents have."""
    try:
        return find(conn, match, *args)
    except OperationalError as exc:
        if "no such column" in str(exc.orig):
            return []
        raise


def _count(conn: Connection, match: str) -> int:
    return _run(conn, "count", q=match, most=COUNTED).scalar()


def _matching_documents(conn: Connection, match: str) -> list[str]:
    return [r[0] for r in _run(conn, "documents", q=match, recent=RECENT, n=CANDIDATES)]


def _documents(conn: Connection, ids: list[str]) -> list[dict]:
    d = s.documents
    found = {}
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for r in conn.execute(select(d.c.id, d.c.title, d.c.outlet, d.c.published, d.c.language,
                                     func.substr(d.c.text, 1, 240).label("opening")).where(d.c.id.in_(chunk))):
            found[r.id] = {"id": r.id, "title": r.title, "outlet": r.outlet, "published": r.published,
                           "language": r.language, "opening": r.opening}
    return [found[i] for i in ids if i in found]


def _event_context(conn: Connection, ids: list[str]) -> dict[str, dict[str, set[str]]]:
    """Per document: the countries, types and actors of its events."""
    e, p, a = s.events, s.places, s.event_actors
    context: dict[str, dict[str, set[str]]] = {}
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        query = (select(e.c.document_id, e.c.type, p.c.country, a.c.name).outerjoin(p, p.c.id == e.c.place_id)
                 .outerjoin(a, (a.c.event_id == e.c.id) & (a.c.role == "actor")).where(e.c.document_id.in_(chunk)))
        for doc_id, kind, country, actor in conn.execute(query):
            found = context.setdefault(doc_id, {"country": set(), "type": set(), "actor": set()})
            found["type"].add(kind)
            if country:
                found["country"].add(country)
            if actor:
                found["actor"].add(actor)
    return context


def _passes(doc: dict, context: dict[str, set[str]], where: SearchFilter) -> bool:
    return ((not where.outlet or doc["outlet"] == where.outlet)
            and (not where.month or (doc["published"] or "").startswith(where.month))
            and (not where.country or where.country.upper() in context.get("country", ()))
            and (not where.type or where.type in context.get("type", ()))
            and (not where.actor or where.actor in context.get("actor", ())))


def _facets(docs: list[dict], context: dict[str, dict[str, set[str]]]) -> dict[str, list[tuple[str, int]]]:
    counts = {name: Counter() for name in ("outlet", "month", "country", "type", "actor")}
    for d in docs:
        if d["outlet"]:
            counts["outlet"][d["outlet"]] += 1
        if d["published"]:
            counts["month"][d["published"][:7]] += 1
        for name in ("country", "type", "actor"):
            counts[name].update(context.get(d["id"], {}).get(name, ()))
    return {name: c.most_common(FACET_SIZE) for name, c in counts.items()}


def _quotes(conn: Connection, match: str) -> list[dict]:
    rows = _run(conn, "quotes", q=match, recent=RECENT)
    return [{"id": r[0], "document": r[1], "speaker": r[2], "text": r[3]} for r in rows]


def _entities(conn: Connection, match: str, limit: int) -> list[dict]:
    rows = _run(conn, "entities", q=match, n=limit)
    return [{"id": r[0], "name": r[1], "type": r[2], "actor_type": r[3]} for r in rows]
