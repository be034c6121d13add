"""An article's clean text as HTML with what was extracted from it marked, spans possibly nested.

The text is cut at every span boundary; each piece is escaped and wrapped in one element whose
classes name the kinds of span that cover it, linking to the innermost entity, place or incident.
"""

from __future__ import annotations

from html import escape

LINKS = {"entity": "/entities/{}", "event": "/incidents/{}"}


def highlighted(text: str, spans: list[dict], *, emphasise: tuple[int, int] | None = None) -> str:
    """HTML of `text`; `emphasise` marks one more span (the evidence an incident page points at)."""
    marks = [s for s in spans if 0 <= s["start"] < s["end"] <= len(text)]
    if emphasise:
        marks.append({"start": emphasise[0], "end": emphasise[1], "kind": "evidence", "label": "evidence",
                      "link": None})
    cuts = sorted({0, len(text), *(s["start"] for s in marks), *(s["end"] for s in marks)})
    out = []
    for start, end in zip(cuts, cuts[1:]):
        piece = escape(text[start:end]).replace("\n", "<br>")
        covering = [s for s in marks if s["start"] <= start and end <= s["end"]]
        if not covering:
            out.append(piece)
            continue
        kinds = " ".join(sorted({f"hl-{s['kind']}" for s in covering}))
        labels = "; ".join(dict.fromkeys(f"{s['kind']}: {s['label']}" for s in covering if s["label"]))
        link = next((LINKS[s["kind"]].format(s["link"]) for s in sorted(covering, key=lambda s: s["end"] - s["start"])
                     if s["kind"] in LINKS and s["link"]), None)
        tag = f"<a href='{escape(link)}'" if link else "<span"
        out.append(f"{tag} class='{kinds}' title='{escape(labels)}'>{piece}</{'a' if link else 'span'}>")
    return "".join(out)
