"""Incidents and analysts' decisions: list, show, split, merge; reject and confirm an event; list and
undo decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from ..errors import InputError
from ..events.incidents import Decision
from ..records import EventFilter
from .browse import events
from .options import (count_text, db_option, emit_json, event_filter_options, json_option, load_settings, open_store,
                      print_event_list, printable, toll_text)

if TYPE_CHECKING:
    from ..store import Store


@click.group(invoke_without_command=True)
@db_option
@event_filter_options
@json_option
@click.pass_context
def incidents(ctx: click.Context, db: str | None, where: EventFilter, as_json: bool) -> None:
    """List incidents: the reports of one real event merged, each source's figures side by side.

    The most fatalities first. Subcommands show one incident, and record an analyst's merge or
    split (kept across reprocessing)."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = db
        return
    print_event_list(db, where, "incidents", lambda store, w: store.each_incident(w),
                     lambda store, w: store.count_incidents(w), _incident_line, as_json)


def _incident_line(i: dict[str, Any]) -> str:
    place = (i["location"] or {}).get("name") or "?"
    tolls = " vs ".join(f"{count_text(t['fatalities'])} ({t['source']})" for t in i["tolls"])
    flag = f"  DISAGREE: {tolls}" if i["disagreement"] else ""
    return (f"{i['id']}  {i['date_start'] or '?':10}  {i['type']:27} {place[:18]:18} "
            f"{i['sources']} source{'s' if i['sources'] != 1 else ' '}{toll_text(i['fatalities'])}{flag}")


@incidents.command("show")
@click.argument("incident_id")
@json_option
@click.pass_obj
def incidents_show(db: str | None, incident_id: str, as_json: bool) -> None:
    """One incident (its id, or its `event_id_cnty` in the ACLED export): each source's date, place, toll and
    evidence, and whether they disagree."""
    incident = _incident(db, incident_id)
    if as_json:
        emit_json(incident)
        return
    place = incident["location"] or {}
    click.echo(f"{incident['id']}  {incident['type']}  {incident['date_start']} .. {incident['date_end']}  "
               f"{place.get('name') or '?'} ({', '.join(x for x in (place.get('admin1'), place.get('country')) if x)})")
    click.echo(f"fatalities:{toll_text(incident['fatalities']) or ' none reported'}"
               + ("  — the sources disagree" if incident["disagreement"] else ""))
    for r in incident["reports"]:
        copies = f" (also: {', '.join(r['also_published_by'])})" if r["also_published_by"] else ""
        named = printable(r["outlet"] or r["title"] or r["source"])
        click.echo(f"\n  [{r['event']}] {named}, {r['published'] or 'undated'}{copies}")
        click.echo(f"    {r['date_start']} ({r['date_precision']}), {(r['location'] or {}).get('name') or '?'},"
                   f"{toll_text(r['fatalities']) or ' no toll'}{' (alleged)' if r['alleged'] else ''}")
        for span in r["evidence"]:
            click.echo(f"    “{printable(span['text'].strip())}”")


@incidents.command("split")
@click.argument("event_id")
@click.option("--note", help="Why (kept with the decision).")
@json_option
@click.pass_obj
def incidents_split(db: str | None, event_id: str, note: str | None, as_json: bool) -> None:
    """Take a report (an event id or its start, see `incidents show`) out of its incident."""
    from ..rebuild import decide
    with open_store(load_settings(db=db).db) as store:
        event_id = _event_id(store, event_id)
        (event,) = [e for e in store.events(EventFilter(doc=event_id.split(":")[0])) if e["id"] == event_id]
        count = decide(store, Decision("split", event_id, event["incident"]), note)
    _report_decision("split", event_id, count, as_json)


@incidents.command("merge")
@click.argument("first")
@click.argument("second")
@click.option("--note", help="Why (kept with the decision).")
@json_option
@click.pass_obj
def incidents_merge(db: str | None, first: str, second: str, note: str | None, as_json: bool) -> None:
    """Join two incidents (or the incidents of two reports) into one; the larger keeps its id, and the
    other's id leads to it."""
    from ..rebuild import decide
    with open_store(load_settings(db=db).db) as store:
        a, b = (_a_report_of(store, item) for item in (first, second))
        count = decide(store, Decision("merge", a, b), note)
    _report_decision("merge", f"{first} + {second}", count, as_json)


@events.command("reject")
@click.argument("event_id")
@click.option("--why", "--reason", "reason", required=True, help="Why it is no event (kept with the decision).")
@json_option
@click.pass_obj
def events_reject(db: str | None, event_id: str, reason: str, as_json: bool) -> None:
    """Say a report (an event id or its start) is no event: it is kept, but leaves every count, incident
    and export, and stays out after reprocessing (`sitrep decisions undo` brings it back)."""
    _decide_event(db, "reject", event_id, reason, as_json)


@events.command("confirm")
@click.argument("event_id")
@click.option("--note", help="A remark kept with the decision.")
@json_option
@click.pass_obj
def events_confirm(db: str | None, event_id: str, note: str | None, as_json: bool) -> None:
    """Say a report (an event id or its start) is right: it leaves the review queue."""
    _decide_event(db, "confirm", event_id, note, as_json)


incidents.add_command(events_reject)  # a report of an incident is an event: the same words work from either
incidents.add_command(events_confirm)


def _decide_event(db: str | None, kind: str, event_id: str, note: str | None, as_json: bool) -> None:
    from ..rebuild import decide
    with open_store(load_settings(db=db).db) as store:
        event_id = _event_id(store, event_id)
        count = decide(store, Decision(kind, event_id), note)
    _report_decision(kind, event_id, count, as_json)


def _a_report_of(store: Store, item: str) -> str:
    """An event id for an incident id or an event id (or the start of one)."""
    from ..report.acled import incident_of
    if item.startswith("inc-") or incident_of(item):
        return store.incidents(ids=[_incident_id(store, item)])[0]["reports"][0]["event"]
    return _event_id(store, item)


def _event_id(store: Store, given: str) -> str:
    return _one(store.event_ids_starting(given), given, "event",
                "`sitrep events` lists them (one rejected already is left out: `sitrep decisions`)")


def _incident_id(store: Store, given: str) -> str:
    """The incident of an id, the start of one, or the ACLED export's `event_id_cnty` for it ("MLI1234")."""
    from ..report.acled import incident_of
    given = incident_of(given) or given
    return _one(store.incident_ids_starting(given), given, "incident", "`sitrep incidents` lists them")


def _one(found: list[str], given: str, what: str, hint: str) -> str:
    """The one id that is or starts with `given`; an InputError when none or several do."""
    if given in found or len(found) == 1:
        return given if given in found else found[0]
    if not found:
        raise InputError(f"no {what} {given!r}; {hint}")
    more = "or more " if len(found) >= 10 else ""
    raise InputError(f"{given!r} starts {len(found)} {more}{what} ids ({', '.join(found[:3])}, ...); give more of it")


def _incident(db: str | None, incident_id: str) -> dict:
    with open_store(load_settings(db=db).db, readonly=True) as store:
        given = _incident_id(store, incident_id)
        (found,) = store.incidents(ids=[given])
    if found["id"] != given:
        click.echo(f"note: {given} was merged into {found['id']}", err=True)
    return found


def _report_decision(kind: str, subject: str, count: int, as_json: bool) -> None:
    if as_json:
        emit_json({"decision": kind, "subject": subject, "incidents": count})
    else:
        click.echo(f"{kind}: {subject}; {count} incidents now")


@click.group(invoke_without_command=True)
@db_option
@json_option
@click.pass_context
def decisions(ctx: click.Context, db: str | None, as_json: bool) -> None:
    """List analysts' decisions (merges, splits, confirmations, rejections), numbered, the first made first,
    with their notes; `sitrep decisions undo N` undoes one."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = db
        return
    with open_store(load_settings(db=db).db, readonly=True) as store:
        found = store.decisions()
    if as_json:
        emit_json(found)
        return
    if not found:
        click.echo("no decisions yet: `sitrep incidents split|merge` and `sitrep events reject|confirm` make them",
                   err=True)
    for d in found:
        subject = f"{d['subject']} + {d['object']}" if d["kind"] == "merge" else d["subject"]
        undone = f"  [undone {d['undone_at']}]" if d["undone_at"] else ""
        note = f"  “{d['note']}”" if d["note"] else ""
        click.echo(f"{d['id']:4d}  {d['created_at'][:19]}  {d['kind']:7}  {subject}{note}{undone}")


@decisions.command("undo")
@click.argument("number", type=int)
@json_option
@click.pass_obj
def decisions_undo(db: str | None, number: int, as_json: bool) -> None:
    """Undo decision NUMBER (see `sitrep decisions`): it is kept, marked undone, and the incidents are
    rebuilt without it."""
    from ..rebuild import undo
    with open_store(load_settings(db=db).db) as store:
        undone = undo(store, number)
        count = store.count_incidents()
    if as_json:
        emit_json({"undone": undone, "incidents": count})
    else:
        click.echo(f"undone: {number} ({undone['kind']} {undone['subject']}); {count} incidents now")
