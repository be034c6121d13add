"""Stage 8, the incidents: every original's events in the store merged into incidents again
(events.incidents.merge), analysts' decisions applied. The store hands the events over and keeps
what the merge gives; the merge itself is the events layer's, a function of records.

Read, merged and written in one write transaction, so that no document stored meanwhile is left out.
"""

from __future__ import annotations

from .events.incidents import Decision, merge, successors
from .store import Store


def rebuild_incidents(store: Store) -> int:
    """The incidents built again from every original's events; returns how many there are."""
    with store.writing() as w:
        events, decisions, previous = w.incident_inputs()
        incidents = merge(events, decisions, previous)
        w.write_incidents(incidents, successors(previous, incidents))
    store.refresh_statistics()
    return len(incidents)


def complete(store: Store) -> int | None:
    """Finish what a crash left undone: the incidents, when a rebuild is pending (their count, else None)."""
    return rebuild_incidents(store) if store.incidents_pending() else None


def decide(store: Store, decision: Decision, note: str | None = None) -> int:
    """Record an analyst's merge, split, confirmation or rejection, and rebuild the incidents with it."""
    store.add_decision(decision, note)
    return rebuild_incidents(store)


def undo(store: Store, number: int) -> dict:
    """Undo decision `number` (it is kept, marked undone) and rebuild the incidents without it; returns it."""
    undone = store.undo_decision(number)
    rebuild_incidents(store)
    return undone
