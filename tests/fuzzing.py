"""The fuzz target of the text and HTML cleaners, and the inputs hypothesis builds for it.

The target (`fault`) runs stages 2-5 (extract, clean, describe, identify) over one input, as an
ingest does. An input is fine when it gives a document the store can take, or is rejected with a
reason (InputError); anything else is a crash: a stage fault, an exception that escapes, a
document whose text or metadata the store cannot take.

The inputs (`cleaner_inputs`) are plain texts and HTML pages built from parts that trouble
cleaners and parsers: sentences and line shapes of news pages (bylines, datelines, credits,
share lines), any Unicode character (lone surrogates, controls, bidirectional marks), line and
paragraph separators of every kind, character references of code points that do not exist,
elements nested thousands deep or left open, comments, CDATA, script and style, charset
declarations, and the whole re-encoded (UTF-16, cp1252, Latin-1, with a byte order mark) or
replaced by arbitrary bytes.

tests/test_cleaner_fuzz.py runs a few hundred; benchmarks/fuzz_cleaners.py runs 100,000.
"""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from sitrep.datafiles import LineRule
from sitrep.errors import InputError, StageFault
from sitrep.pipeline import build_document
from sitrep.records import Document, RawInput

WORDS = ("the of and in on to a at by said after market town road army council week residents killed wounded "
         "officials police river bridge rains Monday Tuesday governor district people two hundred").split()
LEADS = ["By", "Photo:", "Updated", "Published", "©", "Share", "Read more", "Advertisement", "(AFP) —", "Related:",
         "Subscribe", "Posted on", "Publié le", "Source:", "Image:", "•", "|", "…"]
SEPARATORS = ["\n", "\n\n", " ", "\r\n", "\r", "\t", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\u00a0", ""]
TAGS = ["p", "div", "span", "article", "main", "section", "header", "footer", "nav", "aside", "h1", "h2", "a", "b",
        "i", "br", "ul", "li", "table", "tr", "td", "pre", "blockquote", "figure", "figcaption", "time", "script",
        "style", "noscript", "template", "svg", "math", "iframe", "title", "meta", "form", "select", "textarea"]
ATTRIBUTES = ["class", "id", "href", "src", "content", "property", "name", "charset", "datetime", "itemprop",
              "style", "onerror", "lang", "dir"]
CODECS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "shift_jis", "utf-7"]

any_char = st.characters(blacklist_categories=())  # surrogates and controls included
sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=16).map(lambda w: " ".join(w).capitalize() + ".")
line_shape = st.builds(lambda lead, rest: f"{lead} {' '.join(rest)}", st.sampled_from(LEADS),
                       st.lists(st.sampled_from(WORDS).map(str.title) | st.text(any_char, max_size=3), max_size=4))
reference = st.one_of(st.integers(0, 0x11_0010).map("&#{};".format), st.integers(0, 0x11_0010).map("&#x{:x};".format),
                      st.sampled_from(["&amp;", "&nbsp;", "&lt;p&gt;", "&bogus;", "&", "&#;", "&#x;"]))
piece = st.one_of(sentence, sentence, line_shape, st.text(any_char, max_size=20), reference)
text = st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)), max_size=30).map(
    lambda parts: "".join(p + s for p, s in parts))


def _element(tag: str, attributes: list[tuple[str, str]], children: list[str], closed: bool) -> str:
    attrs = "".join(f' {name}="{value}"' for name, value in attributes)
    return f"<{tag}{attrs}>" + "".join(children) + (f"</{tag}>" if closed else "")


def _nested(depth: int, body: str) -> str:
    return "<div>" * depth + body + "</div>" * depth


leaf = st.one_of(text, reference, st.text(any_char, max_size=10).map("<!--{}-->".format),
                 st.text(any_char, max_size=10).map("<![CDATA[{}]]>".format))
attribute = st.tuples(st.sampled_from(ATTRIBUTES), st.text(any_char, max_size=12) | reference)
nodes = st.recursive(leaf, lambda inner: st.builds(_element, st.sampled_from(TAGS), st.lists(attribute, max_size=2),
                                                   st.lists(inner, max_size=4), st.booleans()), max_leaves=25)
head = st.builds(lambda title, charset: f"<head><meta charset='{charset}'><title>{title}</title></head>",
                 text, st.sampled_from([*CODECS, "bogus", ""]))
page = st.builds(lambda head, body, depth: f"<html>{head}<body>{_nested(depth, body)}</body></html>",
                 head, st.lists(nodes, max_size=8).map("".join),
                 st.one_of(st.just(0), st.integers(0, 40), st.integers(250, 3000)))


def _encoded(content: str, codec: str) -> bytes:
    return content.encode(codec, errors="surrogatepass" if codec.startswith("utf-8") else "replace")


def raw_input(kind: str, body: st.SearchStrategy[str]) -> st.SearchStrategy[RawInput]:
    content = st.builds(_encoded, body, st.sampled_from(CODECS)) | st.binary(max_size=200)
    return st.builds(RawInput, st.just(f"fuzz.{kind}"), content, st.just(kind))


def cleaner_inputs() -> st.SearchStrategy[RawInput]:
    """Plain texts and HTML pages (fragments, whole pages, nodes with no page around them)."""
    return raw_input("text", text) | raw_input("html", page | nodes)


def fault(raw: RawInput, rules: tuple[LineRule, ...]) -> str | None:
    """Why stages 2-5 failed on `raw`, or None when it gave a storable document or was rejected with a reason."""
    try:
        built = build_document(raw, rules=rules)
    except StageFault as exc:
        return str(exc)
    except InputError:
        return None
    except Exception as exc:  # noqa: BLE001 - a fuzz target counts whatever escapes
        return f"{type(exc).__name__} escaped: {exc}"[:300]
    return unstorable(built.doc)


def unstorable(doc: Document) -> str | None:
    """Why the store could not take `doc`, or None."""
    fields = [doc.id, doc.text, doc.meta.title, doc.meta.outlet, doc.meta.url, doc.meta.published, *doc.meta.authors,
              *doc.meta.agencies]
    try:
        for value in fields:
            (value or "").encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"not encodable as UTF-8: {exc.reason}"
    if not doc.text.strip():
        return "an empty text"
    if doc.meta.published:
        try:
            parts = [int(p) for p in doc.meta.published.split("-")]
            date(*parts, *[1] * (3 - len(parts)))
        except (ValueError, TypeError):
            return f"published {doc.meta.published!r} is no date"
    return None
