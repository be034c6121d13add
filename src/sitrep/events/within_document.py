"""One event per real event of a document: the sentences that report the same event merged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..records import Event, PlaceMention
from .kinds import VIOLENT
from .setting import place_precision
from .words import REFINED, UNNAMED


AIR_OR_ARTILLERY = frozenset({"air_drone_strike", "shelling_artillery_missile_attack"})  # not bombs going off
PRECISION = ("day", "week", "month", "year", "publication", "unknown")


@dataclass(frozen=True)
class Report:
    """One sentence's event and what merging needs to know of it."""

    event: Event
    sure: bool = True  # its type was decided (an "attack" whose victims go unnamed is not)
    whole_toll: bool = True  # its toll counts every victim, not one armed group ("one soldier was killed")
    in_passing: bool = False  # told in an "after ..." clause ("four days after gunmen killed 23 people")
    headline: bool = False  # the article's title, which sums up an event its text tells
    sentence: tuple[int, int] = (0, 0)  # where its sentence lies in the text
    own_type: bool = False  # violent by a word of its own type ("fighting"), not by its victims ("attack")
    told_in: tuple[tuple[int, int], ...] = ()  # the sentences of the reports merged into it
    another: bool = False  # told as another event than those before it ("a separate attack")
    summed: bool = False  # its toll is that of several events it counts ("killed in two attacks")


def corefer(reports: list[Report]) -> list[Report]:
    """One event per real event of a document: later sentences that report an event already seen
    (same type and, for strategic developments, sub-type; compatible place and date; the first
    unless the last was told as another one) add their evidence, participants and what they say more
    precisely to it, unless they tell it as another one ("a separate attack", "un autre
    groupe a attaqué"). Then an event whose type is
    not sure ("a terrorist attack upended the town") joins a violent event of the document's of
    a compatible place and date and takes its type, and an attack or a killing joins an
    explosion of a compatible place and date told in another sentence (soldiers "killed in the
    attack" that a roadside bomb was: one event, of the more specific type; how the clauses of
    one sentence tell events was decided before); a fight, a word of its own type, stays apart
    (a bombing followed by a gun battle is two events, as ACLED codes them). Events told in passing only join events of
    their own type. Then the headline's event joins the event the text tells of it. Last, an
    event no one is named for takes the actors of a sentence that counts it among others."""
    merged: list[Report] = []
    for report in reports:
        same = [i for i, seen in enumerate(merged) if _same_event(seen.event, report.event)]
        if not same or report.another:
            merged.append(report)
        else:
            into = _in_focus(merged, same)
            merged[into] = _combined(merged[into], report)
    for report in [r for r in merged if not r.sure and not r.in_passing and not r.another]:
        merged = _absorbed(merged, report, lambda seen: seen.event.type in VIOLENT and seen.sure
                           and report.sentence not in _sentences(seen))
    for report in [r for r in merged if r.event.type in REFINED and not r.in_passing and not r.own_type and not r.another]:
        merged = _absorbed(merged, report, lambda seen: seen.event.type == "explosions_remote_violence"
                           and report.sentence not in _sentences(seen))
    for report in [r for r in merged if r.headline and not r.event.also]:  # the text's own telling stays
        merged = _absorbed(merged, report, lambda seen: not seen.headline and _summed_up(report.event, seen.event))
    counts = [r for r in reports if r.summed and not all(_unnamed(a) for a in r.event.actors)]
    return [_named_by(r, counts) for r in merged]


def _named_by(report: Report, counts: list[Report]) -> Report:
    """An event no one is named for takes the actors of a sentence that counts it among others
    of its type, place and time ("six civilians were killed in two attacks by the group")."""
    event = report.event
    if not all(_unnamed(a) for a in event.actors):
        return report
    count = next((c for c in counts if c.event.type == event.type and c.sentence not in _sentences(report)
                  and _same_place(c.event.place, event.place) and _same_time(c.event, event)), None)
    if count is None:
        return report
    named = tuple(a for a in count.event.actors if not _unnamed(a))
    return replace(report, event=replace(event, actors=named))


def _in_focus(merged: list[Report], same: list[int]) -> int:
    """Of the events a report may tell again, the one it speaks of: the article's first, unless
    the last one told was told as another event ("another group attacked a village near Mora. Two
    civilians were killed"), which then holds the reader's attention."""
    last = max(same, key=lambda i: _sentences(merged[i])[-1])
    return last if merged[last].another else same[0]


def claimed(reports: list[Report], claims: frozenset[str]) -> list[Report]:
    """Who claims an attack carried it out, as ACLED codes it: a report of one of the `claims`
    sub-types gives its actors to the violent event it speaks of, the last one told before its
    sentence ends ("nine traders killed in a raid; the group claims responsibility"), in place
    of unidentified ones."""
    found = list(reports)
    for claim in [r for r in reports if r.event.sub_type in claims and r.event.actors]:
        told = {i: max(s for s, _ in _evidence(r.event) if s < claim.sentence[1]) for i, r in enumerate(found)
                if r.event.type in VIOLENT and any(s < claim.sentence[1] for s, _ in _evidence(r.event))}
        if told:
            event = found[i := max(told, key=told.get)].event
            actors = tuple(dict.fromkeys(claim.event.actors + tuple(a for a in event.actors if not _unnamed(a))))
            found[i] = replace(found[i], event=replace(event, actors=actors))
    return found


def _unnamed(actor: str) -> bool:
    """"unidentified armed group", "unidentified gunmen": no one named."""
    return actor.startswith(UNNAMED[1].split()[0])


def _evidence(event: Event) -> tuple[tuple[int, int], ...]:
    return ((event.start, event.end), *event.also)


def headline_span(text: str, title: str | None) -> tuple[int, int]:
    """Where the title stands at the top of the text (after a photo caption, say), if it does."""
    at = text.find(title.strip(), 0, 1000) if title and title.strip() else -1
    return (at, at + len(title.strip())) if at >= 0 else (0, 0)


def _summed_up(headline: Event, told: Event) -> bool:
    """A headline's event is one the text tells of the same sub-type, or, when violent, of any
    violent type (a headline's "attack" may be the text's massacre)."""
    if headline.type in VIOLENT:
        return told.type in VIOLENT
    return (told.type, told.sub_type) == (headline.type, headline.sub_type)


def _absorbed(merged: list[Report], report: Report, takes: Callable[[Report], bool]) -> list[Report]:
    """The reports with `report` combined into the first other one that `takes` it, of a
    compatible place and date; unchanged when none does."""
    into = next((i for i, seen in enumerate(merged) if seen is not report and takes(seen)
                 and _same_place(seen.event.place, report.event.place) and _same_time(seen.event, report.event)), None)
    if into is None:
        return merged
    combined = _combined(merged[into], report)
    return [combined if i == into else r for i, r in enumerate(merged) if r is not report]


def _same_event(a: Event, b: Event) -> bool:
    if a.type != b.type or a.type == "strategic_developments":
        return False
    if a.type == "explosions_remote_violence" and a.sub_type != b.sub_type and AIR_OR_ARTILLERY & {a.sub_type, b.sub_type}:
        return False  # an air strike and shelling of one night are two events, as ACLED codes them
    return _same_place(a.place, b.place) and _same_time(a, b)


def _same_place(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    if a is None or b is None or a.geonames_id == b.geonames_id:
        return True
    if a.country != b.country:
        return False
    return 3 in (a.precision, b.precision)  # a country and a place in it


def _same_time(a: Event, b: Event) -> bool:
    """Dated spans that overlap (two days' slack); an undated report can be any of the
    document's events, and one dated by its publication (the news of the day) any but those told
    with a day, week or month of their own that ended over a week before ("in April, the
    military bombed a gathering", in an article of late June)."""
    if not (a.date_start and b.date_start):
        return True
    if "publication" in (a.date_precision, b.date_precision):
        news, other = (a, b) if a.date_precision == "publication" else (b, a)
        return other.date_precision not in ("day", "week", "month") or (
            date.fromisoformat(news.date_start) - date.fromisoformat(other.date_end) <= timedelta(days=7))
    slack = timedelta(days=2)
    return (date.fromisoformat(a.date_start) - slack <= date.fromisoformat(b.date_end)
            and date.fromisoformat(b.date_start) - slack <= date.fromisoformat(a.date_end))


def _own_toll(report: Report) -> tuple[int, bool, bool, int]:
    """Which report of an article gives its toll: one with a toll, of this event alone rather than
    of several it counts, of every victim rather than of one group, the first in the text (the
    headline and the lead say what the outlet found; the figures it relays from others stay as
    attributed figures, and incidents weigh all sources)."""
    event = report.event
    if event.fatalities_low is None and event.fatalities_high is None:
        return 1, False, False, 0
    return 0, report.summed, not report.whole_toll, event.start


def _combined(a: Report, b: Report) -> Report:
    """`a` with what `b` adds: its evidence and participants (an unidentified armed group gives way
    to a named actor), the more precise place and date, the article's own toll."""
    first, second = a.event, b.event
    place = min((p for p in (first.place, second.place) if p is not None), key=place_precision, default=None)
    when = min((first, second), key=lambda e: PRECISION.index(e.date_precision))
    deaths = min((a, b), key=_own_toll)
    actors = tuple(dict.fromkeys(first.actors + second.actors))
    named = tuple(a for a in actors if a != UNNAMED[1])  # a report that names the group tells who it was
    event = replace(first, actors=named or actors,
                    targets=tuple(dict.fromkeys(first.targets + second.targets)), place=place,
                    date_start=when.date_start, date_end=when.date_end, date_precision=when.date_precision,
                    fatalities_low=deaths.event.fatalities_low, fatalities_high=deaths.event.fatalities_high,
                    alleged=first.alleged and second.alleged, also=(*first.also, (second.start, second.end), *second.also))
    return replace(a, event=event, whole_toll=deaths.whole_toll, summed=deaths.summed, own_type=a.own_type or b.own_type,
                   told_in=(*_sentences(a), *_sentences(b)))


def _sentences(report: Report) -> tuple[tuple[int, int], ...]:
    return report.told_in or (report.sentence,)
