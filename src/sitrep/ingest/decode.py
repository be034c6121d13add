"""Bytes to text: refuse what is not text, and read what is, whatever its encoding."""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_SNIFF = 8192
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f]")  # no text: a NUL, an escape, a backspace
_LINE_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def looks_binary(content: bytes) -> bool:
    """NUL bytes or many control characters, where no byte-order mark says UTF-16/32."""
    head = content[:_SNIFF]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls > max(8, len(head) // 20)


def decode(content: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with: a BOM's, else UTF-8, else cp1252, else latin-1.

    Raises InputError for empty or binary content."""
    if not content.strip():
        raise InputError("empty: there is no text to read")
    if looks_binary(content):
        raise InputError("binary content: not text, HTML, JSON Lines, a feed or a PDF")
    marked = [encoding for bom, encoding in _BOMS if content.startswith(bom)]
    for encoding in marked:  # FF FE 00 00 begins UTF-32 and UTF-16 (a NUL first) alike: the first that reads
        try:
            return content.decode(encoding), encoding.removesuffix("-sig")
        except UnicodeDecodeError as exc:
            failure = exc
    if marked:
        raise InputError(f"not readable as the {marked[-1].removesuffix('-sig').upper()} its byte order mark says "
                         f"({failure.reason})")
    for encoding in ("utf-8", "cp1252"):
        try:
            return content.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1"), "latin-1"  # every byte is a latin-1 character


def without_controls(text: str, *, line_break: str = "\n") -> str:
    """The text without control characters (no text, and a store may refuse them: PostgreSQL a NUL),
    its vertical tabs, form feeds and other line separators made `line_break`."""
    return _LINE_BREAKS.sub(line_break, _CONTROLS.sub("", text))


def encoding_note(encoding: str) -> tuple[str, ...]:
    """A warning for the user when the text was not UTF-8, so mojibake can be traced."""
    return () if encoding in ("utf-8", "ascii") else (f"not UTF-8: read as {encoding}",)
