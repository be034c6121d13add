"""Take the article text out of a raw input: plain text as is, HTML through trafilatura,
PDF through pypdf. What the container says (HTML meta, PDF info) becomes hints.

trafilatura and pypdf are imported with the first page or PDF to read (a tenth of a second and more):
a run over plain text and JSON Lines starts without them."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import replace
from typing import Any

import lxml.etree
import lxml.html

from ..errors import InputError
from ..records import Extracted, Hints, RawInput
from .decode import decode, encoding_note, looks_binary

MAX_DEPTH = 64
MARKUP_CAP = 4_000_000  # characters of a page's markup read: an article is a small part of any real page, and
#                         the extractor's time and memory grow faster than the page (20 MB: 7 minutes, 860 MB)
_UNREAD = re.compile(r"<(script|style|svg|noscript)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # characters lxml refuses to set
NO_TEXT = "no article text in the HTML (only script, navigation or markup)"
WRAPPERS = {"div", "span", "section", "font", "center", "main", "article", "blockquote", "b", "i", "em", "strong"}

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("pypdf").setLevel(logging.ERROR)


def extract(raw: RawInput) -> Extracted:
    """The text of one input. Raises InputError when there is none to be had."""
    if raw.kind == "html":
        return _from_html(raw)
    if raw.kind == "pdf":
        return _from_pdf(raw)
    text, encoding = decode(raw.content)
    return Extracted(text, encoding, raw.hints, encoding_note(encoding))


def _from_html(raw: RawInput) -> Extracted:
    if looks_binary(raw.content):
        raise InputError("binary content where HTML was expected")
    html, encoding = decode(raw.content)
    html, cut = within_markup_cap(html)
    result = _as_given(html, raw.hints.url)
    text = (result.text or "").strip() if result else ""
    if not text:
        result = _bare_extraction(_unnested(html), raw.hints.url)
        text = (result.text or "").strip() if result else ""
    if not text:
        raise InputError(NO_TEXT)
    found = Hints(
        url=result.url,
        title=result.title,
        published=result.date,
        outlet=result.sitename,
        authors=tuple(a.strip() for a in (result.author or "").split(";") if a.strip()),
    )
    # trafilatura puts one paragraph on each line; blank lines make them paragraphs for the cleaner
    return Extracted(text.replace("\n", "\n\n"), encoding, _merge(raw.hints, found),
                     encoding_note(encoding) + cut)


def within_markup_cap(html: str, cap: int = MARKUP_CAP) -> tuple[str, tuple[str, ...]]:
    """A page within `cap` characters: past it, without its scripts, styles, drawings and comments
    (no text of the article), and, if still past it, its markup up to the last tag that opens before
    the cap (what follows is read as closed); and a note saying so (the raw page is stored whole)."""
    if len(html) <= cap:
        return html, ()
    whole = len(html)
    html = _UNREAD.sub("", html)
    if len(html) <= cap:
        return html, ()
    at = html.rfind("<", 0, cap)
    html = html[:at if at > 0 else cap]
    return html, (f"truncated: the first {len(html):,} characters of markup read, of {whole:,} "
                  f"(scripts and styles left out)",)


def _as_given(html: str, url: str | None) -> Any:
    """trafilatura over the page as it parses it, or None where it cannot: a fragment whose root is an
    element it cleans away ('<svg><p>') fails an assertion in lxml (the page parsed whole follows)."""
    try:
        return _bare_extraction(html, url)
    except AssertionError:
        return None


def _bare_extraction(html: str | lxml.html.HtmlElement, url: str | None) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                       include_tables=False, include_images=False, deduplicate=False)


def _unnested(html: str) -> lxml.html.HtmlElement:
    """The page parsed without libxml2's limit on depth, its wrappers (div, span, section…) below
    MAX_DEPTH unwrapped: trafilatura finds no text in a page nested deeper than about 250 elements.
    Control characters, which are no text in HTML and which lxml refuses to move, are left out, those
    written in the page and those its character references ('&#1;') parse to.
    Parsed as a whole document, so that a fragment ('<svg>') has the html element around it; markup in
    which lxml finds no document at all ('<html', a lone comment) has no text."""
    html = _NOT_XML.sub("", html)
    try:
        tree = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    except lxml.etree.ParserError as exc:
        raise InputError(NO_TEXT) from exc
    for node in tree.iter():  # elements, and the comments whose tails an unwrapped element's text joins
        for side in ("text", "tail"):
            if _NOT_XML.search(getattr(node, side) or ""):
                setattr(node, side, _NOT_XML.sub("", getattr(node, side)))
    stack, deep = [(tree, 0)], []
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH and element.tag in WRAPPERS:
            deep.append(element)
        stack.extend((child, depth + 1) for child in element if isinstance(child.tag, str))
    for element in deep:
        element.drop_tag()
    return tree


def _from_pdf(raw: RawInput) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(raw.content))
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(f"not a readable PDF (truncated or damaged?): {exc}") from exc
    text = "\n\n".join(_unwrap(page) for page in pages if page.strip())
    if not text.strip():
        raise InputError("the PDF has no text layer (a scan?); run OCR on it first")
    found = Hints(title=str(info.get("/Title") or "").strip() or None,
                  authors=tuple(a.strip() for a in str(info.get("/Author") or "").split(";") if a.strip()))
    return Extracted(text, "pdf", _merge(raw.hints, found))


def _unwrap(page: str) -> str:
    """Join the hard-wrapped lines of a PDF page into paragraphs: a line much shorter than the
    page's longest ends a paragraph; a word hyphenated across lines is mended."""
    lines = [line.strip() for line in page.split("\n")]
    width = max((len(line) for line in lines), default=0)
    paragraphs, current = [], ""
    for line in lines:
        if line:
            joined = current[:-1] if current.endswith("-") and line[:1].islower() else current + " "
            current = (joined + line).strip() if current else line
        if current and (not line or len(line) < 0.7 * width):
            paragraphs.append(current)
            current = ""
    return "\n\n".join(paragraphs + [current] if current else paragraphs)


def _merge(given: Hints, found: Hints) -> Hints:
    """What the user supplied wins over what the container says."""
    return replace(found, **{k: v for k, v in vars(given).items() if v})
