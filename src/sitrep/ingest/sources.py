"""Turn what the user names (paths, folders, URLs, feeds, JSON Lines, '-') into raw inputs.

Yields a `RawInput` per article, or a `Rejected` naming the input and the reason; one bad
input never stops the others.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import feedparser
import regex

from ..errors import InputError, StageFault
from ..records import Hints, RawInput, Rejected
from ..settings import Settings
from .decode import without_controls
from .fetch import Fetched

Fetcher = Callable[[str], Fetched]
Item = RawInput | Rejected

SUFFIX_KINDS = {".txt": "text", ".md": "text", ".text": "text", ".html": "html", ".htm": "html",
                ".xhtml": "html", ".pdf": "pdf", ".jsonl": "jsonl", ".ndjson": "jsonl",
                ".xml": "feed", ".rss": "feed", ".atom": "feed"}
FULL_TEXT_WORDS = 150  # a feed entry this long carries the article; a shorter one is a teaser


def read_sources(args: Iterable[str], *, settings: Settings, fetcher: Fetcher,
                 stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Every article named by `args`, in order; folders are read recursively. A fault in a reader
    (a bug, in sitrep or a parser it uses) rejects what is left of that source; the next goes on."""
    for arg in args:
        try:
            yield from _from_arg(arg, settings=settings, fetcher=fetcher, stdin=stdin)
        except Exception as exc:  # noqa: BLE001 - the fault barrier around one source
            yield Rejected("stdin" if arg == "-" else arg, str(StageFault("read", exc)))


def _from_arg(arg: str, *, settings: Settings, fetcher: Fetcher, stdin: BinaryIO | None) -> Iterator[Item]:
    if arg == "-":
        content = stdin.read(settings.max_bytes + 1) if stdin else b""
        yield from _from_content("stdin", content, sniff(content), settings, fetcher)
    elif regex.match(r"^https?://", arg, regex.I):
        yield from _from_url(arg, fetcher, settings)
    else:
        yield from _from_path(Path(arg), settings, fetcher)


def _from_path(path: Path, settings: Settings, fetcher: Fetcher) -> Iterator[Item]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIX_KINDS
                       and not any(part.startswith(".") for part in p.relative_to(path).parts))
        for file in files:
            yield from _from_file(file, settings, fetcher)
    elif path.is_file():
        yield from _from_file(path, settings, fetcher)
    else:
        yield Rejected(str(path), "no such file or folder")


def _from_file(path: Path, settings: Settings, fetcher: Fetcher) -> Iterator[Item]:
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            yield Rejected(str(path), f"too large: {size:,} bytes (limit {settings.max_bytes:,}; "
                                      "raise max_bytes to accept it)")
            return
        content = path.read_bytes()
    except OSError as exc:
        yield Rejected(str(path), f"cannot read ({exc.strerror})")
        return
    sniffed = sniff(content)
    kind = "pdf" if sniffed == "pdf" else SUFFIX_KINDS.get(path.suffix.lower()) or sniffed  # a PDF by any name
    yield from _from_content(str(path), content, kind, settings, fetcher)


def _from_url(url: str, fetcher: Fetcher, settings: Settings, hints: Hints = Hints(), *,
              in_feed: bool = False) -> Iterator[Item]:
    try:
        fetched = fetcher(url)
    except InputError as exc:
        yield Rejected(url, str(exc))
        return
    if in_feed and fetched.kind in ("feed", "jsonl"):
        yield Rejected(url, f"a feed item links to a {'feed' if fetched.kind == 'feed' else 'JSON Lines file'}; "
                            "sitrep follows one level of links from a feed (ingest that URL by itself)")
        return
    yield from _from_content(url, fetched.content, fetched.kind, settings, fetcher,
                             Hints(**{**vars(hints), "url": hints.url or fetched.url}))


def _from_content(source: str, content: bytes, kind: str, settings: Settings, fetcher: Fetcher,
                  hints: Hints = Hints()) -> Iterator[Item]:
    if len(content) > settings.max_bytes:
        yield Rejected(source, f"too large: more than {settings.max_bytes:,} bytes")
    elif kind == "jsonl":
        yield from _from_jsonl(source, content)
    elif kind == "feed":
        yield from _from_feed(source, content, fetcher, settings)
    else:
        yield RawInput(source, content, kind, hints)


def sniff(content: bytes) -> str:
    """What unnamed content is, from its first bytes (a JSON object first: its fields may hold HTML)."""
    head = content[:2048].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "pdf"
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"<") and (b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or regex.search(rb"<(body|p|div|article)[\s>]", head):
        return "html"
    return "text"


def _from_jsonl(source: str, content: bytes) -> Iterator[Item]:
    found = False
    for number, line in enumerate(content.splitlines(), start=1):
        if line.strip():
            found = True
            where = f"{source}:{number}"
            try:
                yield json_line_article(where, line)
            except InputError as exc:
                yield Rejected(where, str(exc))
    if not found:
        yield Rejected(source, "no articles: the JSON Lines file has no non-blank line")


HINT_FIELDS = ("url", "title", "published", "outlet")


def json_line_article(where: str, line: bytes) -> RawInput:
    """One JSON Lines record as an article, its fields checked by type before anything reads them.
    Raises InputError naming the field and what it should be."""
    record = _json_object(line)
    for name in ("text", "html", *HINT_FIELDS):
        _expect_text(record, name)
    authors = record.get("authors")
    if isinstance(authors, str):
        authors = [authors]
    if authors is not None and not (isinstance(authors, list) and all(isinstance(a, str) for a in authors)):
        raise InputError(f"'authors' must be a string or a list of strings, not {_json_type(authors)}")
    for author in authors or ():
        _refuse_surrogates("authors", author)
    kind, body = ("html", record["html"]) if record.get("html") else ("text", record.get("text"))
    if not body:
        raise InputError("a JSON Lines article needs a 'text' or an 'html' field (a non-empty string)")
    hints = Hints(**{name: record.get(name) or None for name in HINT_FIELDS},
                  authors=tuple(a for a in authors or () if a.strip()))
    return RawInput(where, without_controls(body).encode("utf-8"), kind, hints)


def _json_object(line: bytes) -> dict:
    try:
        record = json.loads(line, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:  # bad JSON, bad UTF-8, NaN, an integer too long to read, deep nesting
        reason = getattr(exc, "msg", None) or str(exc).split(": ")[0] or type(exc).__name__
        raise InputError(f"not valid JSON ({reason[:120]})") from None
    if not isinstance(record, dict):
        raise InputError(f"a JSON Lines article is an object with a 'text' or an 'html' field, not {_json_type(record)}")
    return record


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


def _expect_text(record: dict, name: str) -> None:
    value = record.get(name)
    if value is not None and not isinstance(value, str):
        raise InputError(f"'{name}' must be a string, not {_json_type(value)}")
    _refuse_surrogates(name, value or "")


def _refuse_surrogates(name: str, value: str) -> None:
    if regex.search(r"[\ud800-\udfff]", value):
        raise InputError(f"'{name}' holds an unpaired UTF-16 surrogate (a broken \\u escape); "
                         "fix the encoding of that line")


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true or false", int: "a number",
             float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _from_feed(source: str, content: bytes, fetcher: Fetcher, settings: Settings) -> Iterator[Item]:
    try:
        feed = feedparser.parse(content)
    except ValueError as exc:  # feedparser raises on a character reference beyond Unicode ('&#1114112;')
        yield Rejected(source, f"not a readable RSS/Atom feed ({exc})")
        return
    if not feed.entries:
        problem = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
        yield Rejected(source, f"not a readable RSS/Atom feed, or a feed with no items{problem}")
        return
    outlet = feed.feed.get("title")
    if len(feed.entries) > settings.max_feed_items:
        yield Rejected(source, f"{len(feed.entries) - settings.max_feed_items:,} of its {len(feed.entries):,} items "
                               f"left out: sitrep reads the first {settings.max_feed_items:,} (max_feed_items)")
    for number, entry in enumerate(feed.entries[:settings.max_feed_items], start=1):
        hints = Hints(url=entry.get("link"), title=entry.get("title"), published=_entry_date(entry),
                      outlet=outlet, authors=tuple(a["name"] for a in entry.get("authors", []) if a.get("name")))
        body = _entry_body(entry)
        if len(regex.sub(r"<[^>]+>", " ", body).split()) >= FULL_TEXT_WORDS:
            page = f"<html><body><article>{body}</article></body></html>".encode("utf-8")
            yield RawInput(hints.url or f"{source}#{number}", page, "html", hints)
        elif hints.url:
            yield from _from_url(hints.url, fetcher, settings, hints, in_feed=True)
        else:
            yield Rejected(f"{source}#{number}", "feed item has neither its full text nor a link")


def _entry_body(entry: feedparser.FeedParserDict) -> str:
    contents = entry.get("content") or []
    return contents[0].get("value", "") if contents else entry.get("summary", "")


def _entry_date(entry: feedparser.FeedParserDict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None
