"""Stage 8, the incidents: the reports merged into incidents (events.incidents.merge), analysts'
decisions applied. The store hands the reports over and keeps what the merge gives; the merge itself
is the events layer's, a function of records.

After an ingest, a reprocessing or a decision only what changed is merged again (`update_incidents`):
the reports left in no incident, those they could merge with (events.reach) and the whole incidents
of all of them, again from every incident that came out different, until nothing new is reached; only
the incidents that changed are written. What it gives is what merging every report gives
(`rebuild_incidents`, which a store whose reports mostly changed gets instead).

Read, merged and written in one write transaction, so that no document stored meanwhile is left out.
A store of many reports is merged whole country by country instead (`by_country`), each group of
countries in a transaction of its own, so that neither the reports nor the write lock are held all at
once; what was stored meanwhile is merged after, in the one transaction that ends the rebuild.
"""

from __future__ import annotations

from .events.incidents import Decision, Incident, merge, successors
from .events.reach import coalesced, dependents, reach
from .store import Store, Writer
from .store.merging import Merging, Stored

WHOLE = 0.1  # when more than this share of the reports changed, all are merged again
BY_COUNTRY = 20_000  # reports: from this many, all are merged again country by country


def rebuild_incidents(store: Store, *, by_country: bool = False) -> int:
    """The incidents built again from every original's events (`by_country`: the reports of a group of
    countries at a time); returns how many there are."""
    if by_country:
        for countries in _partitions(store):
            with store.writing() as w:
                _merge_countries(w.merging(), countries)
        return _update(store)
    with store.writing() as w:
        count = _merge_all(w)
    store.refresh_statistics()
    return count


def _merge_all(w: Writer) -> int:
    events, decisions, previous = w.incident_inputs()
    incidents = merge(events, decisions, previous)
    w.write_incidents(incidents, successors(previous, incidents))
    return len(incidents)


def _partitions(store: Store) -> list[set[str | None]]:
    """The reports' countries in groups whose reports merge with no other group's: each linked country
    with those it is linked to (events.incidents merges no reports of two countries but by an analyst's
    merge; an incident of the last build that spans two keeps its id only when they are merged together)."""
    with store.writing() as w:
        merging = w.merging()
        group: dict[str | None, set[str | None]] = {c: {c} for c in merging.countries()}
        for link in merging.country_links():
            joined = set().union(*(group.get(c, {c}) for c in link))
            group.update({c: joined for c in joined})
    return list({id(g): g for g in group.values()}.values())


def _merge_countries(merging: Merging, countries: set[str | None]) -> None:
    """The reports of these countries merged again, apart from all others, and their incidents written."""
    reports = {event.id: (event, incident) for event, incident in merging.in_countries(countries)}
    previous = merging.previous(reports)
    incidents = merge([reports[e][0] for e in sorted(reports)], merging.decisions_about(reports), previous)
    gone = {incident for _, incident in reports.values() if incident} | set(previous.values())
    merging.write(incidents, gone - {i.id for i in incidents}, successors(previous, incidents))


def update_incidents(store: Store, *, by_country_from: int = BY_COUNTRY) -> int:
    """The incidents of the reports that changed since the last build merged again, and written where
    they changed (all of them, country by country, when more than WHOLE of `by_country_from` reports or
    more changed); returns how many incidents there are."""
    if _due_whole(store, by_country_from):
        return rebuild_incidents(store, by_country=True)
    return _update(store)


def _update(store: Store) -> int:
    with store.writing() as w:
        merging = w.merging()
        unmerged = {event.id: (event, incident) for event, incident in merging.unmerged()}
        if len(unmerged) > WHOLE * merging.count():
            _merge_all(w)
        elif unmerged:
            merging.write(*_merged_again(merging, unmerged))
        w.incidents_built()
    store.refresh_statistics()
    return store.count_incidents()


def _due_whole(store: Store, by_country_from: int) -> bool:
    with store.writing() as w:
        merging = w.merging()
        count = merging.count()
        return count >= by_country_from and merging.count(unmerged=True) > WHOLE * count


def _merged_again(merging: Merging, unmerged: dict[str, Stored]) -> tuple[list[Incident], set[str], dict[str, str]]:
    """The incidents of the `unmerged` reports and of all they reach: those that changed, the ids of those
    gone, and where each gone id's reports went."""
    scope = _Scope(merging, unmerged)
    reached: set[str] = set()
    touched = dict(unmerged)
    frontier = list(unmerged)
    while frontier:
        scope.add(merging.within(coalesced(w for e in frontier for w in reach(scope.reports[e][0]))))
        reached.update(frontier)
        decisions = scope.closed()
        previous = merging.previous(scope.reports)
        incidents = merge([scope.reports[e][0] for e in sorted(scope.reports)], decisions, previous)
        before = scope.incidents()
        changed = [i for i in incidents if before.get(i.id) != set(i.events)]
        touched.update((e, scope.reports[e]) for i in changed for e in i.events)
        counting = dependents((event for event, _ in scope.reports.values()), (event for event, _ in touched.values()))
        frontier = [e for e in dict.fromkeys([*(e for i in changed for e in i.events), *(e.id for e in counting)])
                    if e not in reached]
    gone = (set(before) | set(previous.values())) - {i.id for i in incidents}
    return changed, gone, successors(previous, incidents)


class _Scope:
    """The reports a rebuild merges again, with the incident each is in now."""

    def __init__(self, merging: Merging, reports: dict[str, Stored]) -> None:
        self.merging = merging
        self.reports = dict(reports)
        self.read: set[str] = set()  # incidents whose every report is in scope

    def add(self, found: list[Stored]) -> None:
        for event, incident in found:
            self.reports.setdefault(event.id, (event, incident))

    def closed(self) -> list[Decision]:
        """Grown to whole incidents, and to the reports the analysts' decisions about it name; returns
        those decisions."""
        while True:
            size = len(self.reports)
            incidents = set(self.incidents()) - self.read
            self.read |= incidents
            self.add(self.merging.of_incidents(incidents))
            decisions = self.merging.decisions_about(self.reports)
            self.add(self.merging.named({e for d in decisions for e in (d.event, d.other)
                                         if e and e not in self.reports}))
            if len(self.reports) == size:
                return decisions

    def incidents(self) -> dict[str, set[str]]:
        """Each incident the reports are in now, with its reports."""
        found: dict[str, set[str]] = {}
        for event, incident in self.reports.values():
            if incident:
                found.setdefault(incident, set()).add(event.id)
        return found


def complete(store: Store) -> int | None:
    """Finish what a crash left undone: the incidents, when a rebuild is pending (their count, else None)."""
    return update_incidents(store) if store.incidents_pending() else None


def decide(store: Store, decision: Decision, note: str | None = None) -> int:
    """Record an analyst's merge, split, confirmation or rejection, and merge its incidents again."""
    store.add_decision(decision, note)
    return update_incidents(store)


def undo(store: Store, number: int) -> dict:
    """Undo decision `number` (it is kept, marked undone) and merge its incidents again; returns it."""
    undone = store.undo_decision(number)
    update_incidents(store)
    return undone
