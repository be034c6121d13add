"""The trend drawn: two stacked-bar panels (incidents, reported dead) by type and period, a dashed
line at the mark with the totals on each side, and a legend. Laid out once as shapes, written as
SVG (for the web app, each bar a link to its incidents) or PNG (Pillow, for the command line).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape
from io import BytesIO

from .brief import TYPE_COLOURS
from .trend import Period, Trend

INK, MUTED, GRID, MARK = "#1f2933", "#52606d", "#d9e2ec", "#b42318"
FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif"


@dataclass(frozen=True)
class Shape:
    kind: str  # rect (a bar) | key (a legend's swatch) | text | line
    x: float
    y: float
    w: float = 0  # a line's end is (x + w, y + h)
    h: float = 0
    colour: str = INK
    text: str = ""  # a text's words, a rect's tooltip
    size: int = 11
    anchor: str = "start"  # start | middle | end
    link: str | None = None
    dashed: bool = False
    bold: bool = False


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    shapes: tuple[Shape, ...]


def layout(found: Trend, *, links: dict[str, str] | None = None, width: int = 960) -> Layout:
    """Shapes of the chart; `links` maps 'period|type' to the list of that bar's incidents."""
    left, right, panel = 56, 24, 170
    step = max(4.0, (width - left - right) / max(1, len(found.periods)))
    shapes: list[Shape] = []
    top = 52 if found.mark else 24
    for n, (title, measure) in enumerate((("Incidents", "incidents"), ("Reported dead (lowest figure)", "dead"))):
        y0 = top + n * (panel + 44)
        shapes += _panel(found.periods, measure, title, left, y0, step, panel, links or {})
    bottom = top + 2 * panel + 44
    shapes += _period_labels(found.periods, left, bottom, step)
    if found.mark:
        shapes += _mark(found, left, step, top, bottom)
    shapes += _legend(found, left, bottom + 34)
    return Layout(width, bottom + 58, tuple(shapes))


def _panel(periods: tuple[Period, ...], measure: str, title: str, left: float, y0: float, step: float,
           height: float, links: dict[str, str]) -> list[Shape]:
    totals = [sum(getattr(p, measure).values()) for p in periods]
    peak = _nice(max(totals, default=0))
    shapes = [Shape("text", left - 48, y0 - 8, text=title, size=12, bold=True)]
    for tick in (0, peak // 2, peak):
        y = y0 + height - tick / peak * height
        shapes += [Shape("line", left, y, w=step * len(periods), colour=GRID),
                   Shape("text", left - 6, y + 4, text=f"{tick:,}", colour=MUTED, size=10, anchor="end")]
    bar = max(2.0, min(56.0, step * 0.72))
    for n, (p, total) in enumerate(zip(periods, totals)):
        y = y0 + height
        for kind in TYPE_COLOURS:
            value = getattr(p, measure).get(kind, 0)
            if value:
                h = value / peak * height
                y -= h
                shapes.append(Shape("rect", left + n * step + (step - bar) / 2, y, bar, h, TYPE_COLOURS[kind],
                                    f"{p.label}: {value} {'incidents' if measure == 'incidents' else 'dead'}, "
                                    f"{kind.replace('_', ' ')}", link=links.get(f"{p.label}|{kind}")))
        if total and step >= 6.2 * len(f"{total:,}") + 4:  # a total is written where it fits over its bar
            shapes.append(Shape("text", left + n * step + step / 2, y - 3, text=f"{total:,}", colour=MUTED, size=10,
                                anchor="middle"))
    return shapes


def _nice(peak: int) -> int:
    """The axis top: the peak rounded up to an even number at 1, 2, 4, 5, 6 or 8 times a power of ten (so
    that the bars fill more than half the panel)."""
    if peak <= 2:
        return 2
    scale = 10 ** (len(str(peak)) - 1)
    return next(m * scale for m in (1, 2, 4, 5, 6, 8, 10) if m * scale >= peak and (m * scale) % 2 == 0)


def _period_labels(periods: tuple[Period, ...], left: float, bottom: float, step: float) -> list[Shape]:
    every = max(1, int(58 // step) + 1)
    return [Shape("text", left + n * step + step / 2, bottom + 14, text=p.label, colour=MUTED, size=10,
                  anchor="middle") for n, p in enumerate(periods) if n % every == 0]


def _x_of(day: str, periods: tuple[Period, ...], left: float, step: float) -> float:
    when = date.fromisoformat(day)
    for n, p in enumerate(periods):
        first, last = date.fromisoformat(p.first), date.fromisoformat(p.last)
        if first <= when <= last:
            return left + (n + (when - first).days / ((last - first).days + 1)) * step
    return left if not periods or day < periods[0].first else left + len(periods) * step


def _mark(found: Trend, left: float, step: float, top: float, bottom: float) -> list[Shape]:
    x = _x_of(found.mark, found.periods, left, step)
    shapes = [Shape("line", x, top - 12, h=bottom - top + 12, colour=MARK, dashed=True),
              Shape("text", x, top - 40, text=f"mark {found.mark}", colour=MARK, size=11, anchor="middle", bold=True)]
    for side, anchor, dx in ((found.before, "end", -8), (found.after, "start", 8)):
        if side:
            shapes.append(Shape("text", x + dx, top - 22, text=f"{'before' if anchor == 'end' else 'from'}: "
                                f"{side.incidents:,} incidents, {side.dead:,} dead", colour=INK, size=11,
                                anchor=anchor))
    return shapes


def _legend(found: Trend, left: float, y: float) -> list[Shape]:
    shown = [k for k in TYPE_COLOURS if any(k in p.incidents for p in found.periods)] or list(TYPE_COLOURS)
    shapes, x = [], left
    for kind in shown:
        label = kind.replace("_", " ")
        shapes += [Shape("key", x, y - 9, 11, 11, TYPE_COLOURS[kind], label), Shape("text", x + 16, y, text=label)]
        x += 30 + 6.2 * len(label)
    return shapes


def svg(chart: Layout, *, label: str = "incidents and reported dead over time") -> str:
    """The chart as an SVG element (text escaped; a bar with a link is an <a>)."""
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' class='trend' viewBox='0 0 {chart.width} {chart.height}' "
             f"width='{chart.width}' height='{chart.height}' role='img' aria-label='{escape(label)}' "
             f"font-family=\"{FONT}\">"]
    for s in chart.shapes:
        parts.append(_svg_shape(s))
    parts.append("</svg>")
    return "".join(parts)


def _svg_shape(s: Shape) -> str:
    if s.kind == "line":
        dash = " stroke-dasharray='5 4' stroke-width='1.5'" if s.dashed else ""
        return f"<line x1='{s.x:.1f}' y1='{s.y:.1f}' x2='{s.x + s.w:.1f}' y2='{s.y + s.h:.1f}' stroke='{s.colour}'{dash}/>"
    if s.kind == "text":
        weight = " font-weight='600'" if s.bold else ""
        return (f"<text x='{s.x:.1f}' y='{s.y:.1f}' font-size='{s.size}' fill='{s.colour}' "
                f"text-anchor='{s.anchor}'{weight}>{escape(s.text)}</text>")
    rect = (f"<rect class='{'bar' if s.kind == 'rect' else 'key'}' x='{s.x:.1f}' y='{s.y:.1f}' width='{s.w:.1f}' height='{s.h:.1f}' fill='{s.colour}'>"
            f"<title>{escape(s.text)}</title></rect>")
    return f"<a href='{escape(s.link)}'>{rect}</a>" if s.link else rect


def png(chart: Layout, *, scale: int = 2) -> bytes:
    """The chart as a PNG (white background), drawn at `scale` times its size."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (chart.width * scale, chart.height * scale), "white")
    draw = ImageDraw.Draw(image)
    fonts: dict[int, ImageFont.FreeTypeFont] = {}
    for s in chart.shapes:
        box = [s.x * scale, s.y * scale, (s.x + s.w) * scale, (s.y + s.h) * scale]
        if s.kind in ("rect", "key"):
            draw.rectangle(box, fill=s.colour)
        elif s.kind == "line":
            _png_line(draw, box, s, scale)
        else:
            font = fonts.setdefault(s.size, ImageFont.load_default(size=s.size * scale))
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[s.anchor]
            draw.text((box[0], box[1]), s.text, fill=s.colour, font=font, anchor=anchor,
                      stroke_width=scale // 3 if s.bold else 0, stroke_fill=s.colour)
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _png_line(draw, box: list[float], s: Shape, scale: int) -> None:
    width = 2 * scale if s.dashed else scale
    if not s.dashed:
        draw.line(box, fill=s.colour, width=width)
        return
    x0, y0, x1, y1 = box
    length = max(abs(x1 - x0), abs(y1 - y0))
    on, off = 5 * scale, 4 * scale
    at = 0.0
    while at < length:
        a, b = at / length, min(at + on, length) / length
        draw.line([x0 + (x1 - x0) * a, y0 + (y1 - y0) * a, x0 + (x1 - x0) * b, y0 + (y1 - y0) * b],
                  fill=s.colour, width=width)
        at += on + off
