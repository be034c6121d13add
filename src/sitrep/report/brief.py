"""The situation briefing: what the store says about a filter, every sentence citing its sources.

`gather` reads the store into a Briefing (plain data); `markdown` and `html` write it. The HTML is
one self-contained file: inline style, an inline SVG chart, no script, every text escaped. In the
Markdown, what articles say cannot become markup either: HTML is escaped, a link or an image written
in an article is shown as text, and a line break in it cannot start a Markdown line of its own.

Sections: headline counts; incidents by type per month and by region; the incidents with the most
fatalities, each source's toll side by side and disagreements called out; figure timelines
(figures about the same subject from two sources or more); key quotes with their speakers.
"""

from __future__ import annotations

import html as html_escape
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import regex

from ..records import EventFilter
from ..store import Store
from .timeline import Series, timelines

TYPE_NAMES = {"battles": "battles", "explosions_remote_violence": "explosions and remote violence",
              "violence_against_civilians": "violence against civilians", "protests": "protests", "riots": "riots",
              "strategic_developments": "strategic developments"}
TYPE_COLOURS = {"battles": "#c0392b", "explosions_remote_violence": "#d35400", "violence_against_civilians": "#8e44ad",
                "protests": "#2980b9", "riots": "#16a085", "strategic_developments": "#7f8c8d"}
TOP_INCIDENTS = 5
KEY_QUOTES = 6
TIMELINE_MEASURES = ("personnel", "displaced", "equipment_count", "money")


@dataclass
class Sources:
    """The documents cited, numbered in the order they are first cited."""

    documents: dict[str, dict] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)

    def cite(self, *doc_ids: str) -> str:
        for doc_id in doc_ids:
            self.numbers.setdefault(doc_id, len(self.numbers) + 1)
        return "".join(f"[{n}]" for n in sorted({self.numbers[d] for d in doc_ids}))

    def listed(self) -> list[dict]:
        return [{"number": n, "document": doc_id, **self.documents.get(doc_id, {})}
                for doc_id, n in sorted(self.numbers.items(), key=lambda item: item[1])]


@dataclass(frozen=True)
class Briefing:
    title: str
    scope: str
    generated: str
    period: tuple[str | None, str | None]
    headline: list[str]  # sentences, each ending with its citations
    by_month: dict[str, dict[str, int]]  # month -> type -> incidents
    by_region: list[tuple[str, int, int]]  # region, incidents, fatalities
    top: list[dict]  # incident summaries: sentence, sources' tolls
    timelines: list[dict]
    quotes: list[dict]
    sources: list[dict]


def gather(store: Store, where: EventFilter = EventFilter(), *, subjects: tuple[str, ...] = (),
           today: date | None = None) -> Briefing:
    incidents = store.incidents(where)
    events = store.events(where)
    doc_ids = sorted({e["document"] for e in events})
    documents = {d.id: d for d in store.documents(ids=doc_ids)} if doc_ids else {}
    sources = Sources({d.id: {"outlet": d.meta.outlet, "title": d.meta.title, "published": d.meta.published,
                              "url": d.meta.url or d.source} for d in documents.values()})
    precise = [e for e in events if e["date_precision"] in ("day", "week", "publication")] or events
    dates = sorted(d for e in precise for d in (e["date_start"], e["date_end"]) if d)
    period = (dates[0], dates[-1]) if dates else (None, None)
    figures = [f for f in store.figures() if f[1] in documents]
    return Briefing(
        title="Situation briefing", scope=describe(where), generated=(today or date.today()).isoformat(),
        period=period, headline=_headline(incidents, events, sources), by_month=count_by_month(incidents),
        by_region=_by_region(incidents), top=_top(incidents, sources),
        timelines=_timelines(figures, documents, subjects, sources),
        quotes=_quotes([q for q in store.quotes() if q[1] in documents], documents, sources),
        sources=sources.listed())


def describe(where: EventFilter) -> str:
    parts = [f"country {where.country}" if where.country else "", f"region {where.admin1}" if where.admin1 else "",
             TYPE_NAMES.get(where.type or "", ""), f"actor '{where.actor}'" if where.actor else "",
             f"from {where.since}" if where.since else "", f"until {where.until}" if where.until else "",
             f"at least {where.min_fatalities} dead" if where.min_fatalities is not None else "",
             f"placed to a {where.precision}" if where.precision else ""]
    return ", ".join(p for p in parts if p) or "everything in the store"


def _toll(fatalities: dict | None) -> str:
    if not fatalities:
        return "no toll reported"
    low, high = fatalities["low"], fatalities["high"]
    if high is None:
        return f"at least {low} dead"
    return f"{low} dead" if low == high else f"{low} to {high} dead"


def _documents_of(incident: dict) -> list[str]:
    return list(dict.fromkeys(r["document"] for r in incident["reports"]))


def _headline(incidents: list[dict], events: list[dict], sources: Sources) -> list[str]:
    if not incidents:
        return ["No events match this briefing's filter."]
    every = sorted({e["document"] for e in events})
    kinds = Counter(i["type"] for i in incidents)
    dead = sum((i["fatalities"] or {}).get("low") or 0 for i in incidents)
    several = [i for i in incidents if i["sources"] > 1]
    lines = [f"{_count(len(events), 'report')} of events in {_count(len(every), 'article')} make "
             f"{_count(len(incidents), 'incident')}: "
             + ", ".join(f"{n} {TYPE_NAMES[k]}" for k, n in kinds.most_common()) + f" {sources.cite(*every)}."]
    if dead:
        with_toll = [i for i in incidents if i["fatalities"]]
        lines.append(f"At least {dead} people were reported killed in {_count(len(with_toll), 'incident')}, counting the "
                     f"lowest figure each gives {sources.cite(*[d for i in with_toll for d in _documents_of(i)])}.")
    if several:
        disputed = [i for i in several if i["disagreement"]]
        lines.append(f"{_count(len(several), 'incident')} {'was' if len(several) == 1 else 'were'} reported by "
                     f"more than one source"
                     + (f", and in {len(disputed)} of them the sources' tolls disagree" if disputed else "")
                     + f" {sources.cite(*[d for i in several for d in _documents_of(i)])}.")
    return lines


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def count_by_month(incidents: list[dict]) -> dict[str, dict[str, int]]:
    """Incidents by the month they happened in; one known only to its year is counted apart for
    that year, not in its January."""
    months: dict[str, Counter] = defaultdict(Counter)
    for i in incidents:
        if i["date_start"]:
            same_month = i["date_start"][:7] == (i["date_end"] or i["date_start"])[:7]
            months[i["date_start"][:7] if same_month else f"{i['date_start'][:4]}, month unknown"][i["type"]] += 1
    return {month: dict(counts) for month, counts in sorted(months.items())}


def _by_region(incidents: list[dict]) -> list[tuple[str, int, int]]:
    count: Counter = Counter()
    dead: Counter = Counter()
    for i in incidents:
        place = i["location"] or {}
        region = ", ".join(x for x in (place.get("admin1"), place.get("country")) if x) or "unplaced"
        count[region] += 1
        dead[region] += (i["fatalities"] or {}).get("low") or 0
    return [(region, n, dead[region]) for region, n in count.most_common()]


def _top(incidents: list[dict], sources: Sources) -> list[dict]:
    top = []
    for i in [i for i in incidents if i["fatalities"]][:TOP_INCIDENTS]:
        place = (i["location"] or {}).get("name") or "an unresolved place"
        when = i["date_start"] if i["date_start"] == i["date_end"] else f"{i['date_start']} to {i['date_end']}"
        tolls = [{"toll": _toll(r["fatalities"]), "source": r["outlet"] or f"“{r['title'] or r['document']}”",
                  "cite": sources.cite(r["document"]), "evidence": r["evidence"][0]["text"].strip()}
                 for r in i["reports"] if r["fatalities"]]
        sentence = (f"{TYPE_NAMES[i['type']].capitalize()} in {place} on {when}: {_toll(i['fatalities'])}, "
                    f"reported by {i['sources']} source{'s' if i['sources'] > 1 else ''} "
                    f"{sources.cite(*_documents_of(i))}.")
        disagreement = ("The sources disagree: " + "; ".join(f"{t['source']} {t['toll']} {t['cite']}" for t in tolls)
                        + ".") if i["disagreement"] else None
        top.append({"incident": i["id"], "sentence": sentence, "disagreement": disagreement, "tolls": tolls})
    return top


def _timelines(figures: list, documents: dict, subjects: tuple[str, ...], sources: Sources) -> list[dict]:
    chosen: list[Series] = []
    for subject in subjects:
        chosen += timelines(figures, documents, subject)[:1]
    if not subjects:
        chosen = _repeated_measures(figures, documents)
    found = []
    for series in chosen:
        points = [{"date": p.date, "as_reported": p.as_reported, "unit": p.unit, "by": p.attributed_to,
                   "outlet": p.outlet, "cite": sources.cite(p.document)} for p in series.points]
        found.append({"measure": series.measure, "subject": _subject_of(series), "points": points})
    return found


def _repeated_measures(figures: list, documents: dict) -> list[Series]:
    """Subjects counted by two sources or more, for the measures worth following."""
    by_subject: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _id, doc_id, f in figures:
        if f.measure in TIMELINE_MEASURES and f.subject:
            by_subject[(f.measure, f.subject.lower())].add(doc_id)
    found = []
    for (measure, subject), docs in by_subject.items():
        if len(docs) > 1:
            found += [s for s in timelines(figures, documents, subject) if s.measure == measure]
    return found


def _subject_of(series: Series) -> str:
    counts = Counter(p.unit for p in series.points if p.unit)
    return counts.most_common(1)[0][0] if counts else series.measure


def _quotes(quotes: list, documents: dict, sources: Sources) -> list[dict]:
    direct = [(doc_id, q) for _id, doc_id, q in quotes if q.direct and q.speaker and not q.nested and len(q.text) > 30]
    direct.sort(key=lambda item: (item[1].speaker_key is None, -(len(item[1].text))))
    seen: set[str] = set()
    chosen = []
    for doc_id, q in direct:
        if q.speaker in seen:
            continue
        seen.add(q.speaker)
        chosen.append({"speaker": q.speaker, "role": q.speaker_role, "text": q.text.strip(),
                       "outlet": documents[doc_id].meta.outlet, "cite": sources.cite(doc_id)})
        if len(chosen) == KEY_QUOTES:
            break
    return chosen


def markdown(b: Briefing) -> str:
    lines = [f"# {b.title}", "", f"Scope: {b.scope}. Events from {b.period[0] or '?'} to {b.period[1] or '?'}; "
             f"written by sitrep on {b.generated}. Numbers in brackets are the sources listed at the end.", "",
             "## Headlines", "", *[f"- {line}" for line in b.headline], ""]
    if b.by_month:
        kinds = [k for k in TYPE_NAMES if any(k in m for m in b.by_month.values())]
        lines += ["## Incidents by type and month", "", "| month | " + " | ".join(TYPE_NAMES[k] for k in kinds) + " |",
                  "|---" * (len(kinds) + 1) + "|"]
        lines += [f"| {month} | " + " | ".join(str(counts.get(k, 0)) for k in kinds) + " |"
                  for month, counts in b.by_month.items()]
        lines += ["", "| region | incidents | reported dead |", "|---|---|---|"]
        lines += [f"| {region} | {n} | {dead} |" for region, n, dead in b.by_region] + [""]
    if b.top:
        lines += ["## Deadliest incidents", ""]
        for t in b.top:
            lines.append(f"- {t['sentence']}" + (f" **{t['disagreement']}**" if t["disagreement"] else ""))
        lines.append("")
    if b.timelines:
        lines += ["## Figures over time", ""]
        for series in b.timelines:
            lines.append(f"- {series['measure']} ({series['subject']}): " + "; ".join(
                f"{p['as_reported']} ({p['date'] or 'undated'}, {p['by'] or p['outlet'] or 'the article'}) {p['cite']}"
                for p in series["points"]) + ".")
        lines.append("")
    if b.quotes:
        lines += ["## Key quotes", ""]
        lines += [f"- {q['speaker']}{', ' + q['role'] if q['role'] else ''}: “{q['text']}” {q['cite']}" for q in b.quotes]
        lines.append("")
    lines += ["## Sources", ""]
    lines += [f"{s['number']}. {s.get('outlet') or 'unknown outlet'}, “{s.get('title') or s['document']}”, "
              f"{s.get('published') or 'undated'}. {s.get('url') or ''}".rstrip() for s in b.sources]
    return "\n".join(markdown_safe(line) for line in lines) + "\n"


def markdown_safe(line: str) -> str:
    """One line of the briefing with article text made inert: line breaks joined, HTML escaped, the
    `](` of a link and the `![` of an image broken (the briefing itself writes neither)."""
    line = regex.sub(r"\s*\n\s*", " ", line)
    line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return line.replace("](", "]\\(").replace("![", "!\\[")


STYLE = """body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem}.scope{color:#555}table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #ccc;padding:.2rem .6rem;text-align:left}.disagree{background:#fdecea;padding:.1rem .3rem}
sup{color:#555}blockquote{margin:.3rem 0;border-left:3px solid #ccc;padding-left:.6rem}
.legend span{display:inline-block;margin-right:1rem}.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem}"""


def html(b: Briefing) -> str:
    e = html_escape.escape
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{e(b.title)}</title>"
             f"<style>{STYLE}</style></head><body>", f"<h1>{e(b.title)}</h1>",
             f"<p class='scope'>Scope: {e(b.scope)}. Events from {e(b.period[0] or '?')} to {e(b.period[1] or '?')}; "
             f"written by sitrep on {e(b.generated)}. Numbers in brackets are the sources listed at the end.</p>",
             "<h2>Headlines</h2><ul>", *[f"<li>{e(line)}</li>" for line in b.headline], "</ul>"]
    if b.by_month:
        parts += ["<h2>Incidents by type and month</h2>", _chart(b.by_month),
                  "<table><tr><th>region</th><th>incidents</th><th>reported dead</th></tr>",
                  *[f"<tr><td>{e(r)}</td><td>{n}</td><td>{d}</td></tr>" for r, n, d in b.by_region], "</table>"]
    if b.top:
        parts.append("<h2>Deadliest incidents</h2><ul>")
        for t in b.top:
            parts.append(f"<li>{e(t['sentence'])}" + (f" <span class='disagree'>{e(t['disagreement'])}</span>"
                                                        if t["disagreement"] else ""))
            parts += [f"<blockquote>{e(x['evidence'])} {e(x['cite'])}</blockquote>" for x in t["tolls"]]
            parts.append("</li>")
        parts.append("</ul>")
    if b.timelines:
        parts.append("<h2>Figures over time</h2>")
        for series in b.timelines:
            parts.append(f"<h3>{e(series['measure'])} ({e(series['subject'])})</h3><table>"
                         "<tr><th>date</th><th>figure</th><th>according to</th><th>source</th></tr>")
            parts += [f"<tr><td>{e(p['date'] or 'undated')}</td><td>{e(p['as_reported'])}</td>"
                      f"<td>{e(p['by'] or p['outlet'] or 'the article')}</td><td>{e(p['cite'])}</td></tr>"
                      for p in series["points"]]
            parts.append("</table>")
    if b.quotes:
        parts.append("<h2>Key quotes</h2>")
        parts += [f"<blockquote>“{e(q['text'])}” — {e(q['speaker'])}{e(', ' + q['role'] if q['role'] else '')} "
                  f"{e(q['cite'])}</blockquote>" for q in b.quotes]
    parts.append("<h2>Sources</h2><ol>")
    parts += [f"<li>{e(s.get('outlet') or 'unknown outlet')}, “{e(s.get('title') or s['document'])}”, "
              f"{e(s.get('published') or 'undated')}. {e(s.get('url') or '')}</li>" for s in b.sources]
    parts.append("</ol></body></html>")
    return "\n".join(parts) + "\n"


def _chart(by_month: dict[str, dict[str, int]]) -> str:
    """Stacked bars, one per month, as inline SVG."""
    width, height, bar = 40 * len(by_month) + 60, 180, 28
    peak = max(sum(c.values()) for c in by_month.values()) or 1
    shapes = []
    for n, (month, counts) in enumerate(by_month.items()):
        x, y = 40 + n * 40, height - 30
        for kind, count in counts.items():
            h = count / peak * (height - 50)
            y -= h
            shapes.append(f"<rect x='{x}' y='{y:.1f}' width='{bar}' height='{h:.1f}' fill='{TYPE_COLOURS[kind]}'>"
                          f"<title>{month}: {count} {TYPE_NAMES[kind]}</title></rect>")
        shapes.append(f"<text x='{x}' y='{height - 12}' font-size='10'>{month}</text>")
    shapes.append(f"<text x='4' y='20' font-size='10'>{peak}</text>")
    legend = "".join(f"<span><i class='swatch' style='background:{TYPE_COLOURS[k]}'></i>{TYPE_NAMES[k]}</span>"
                     for k in TYPE_NAMES if any(k in c for c in by_month.values()))
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' role='img' "
            f"aria-label='incidents by type and month'>{''.join(shapes)}</svg><p class='legend'>{legend}</p>")
