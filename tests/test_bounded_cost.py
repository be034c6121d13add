"""Bounded cost: the language stage reads at most `analysis_cap` characters of a document (the rest is
stored, and the document noted as truncated); worker processes end with the process that started them."""

import json
import os
import signal
import time
from pathlib import Path

from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.ingest.extract import within_markup_cap
from sitrep.workers import Analyser
from sitrep.pipeline import within_cap
from sitrep.records import Document, Metadata
from tests.stories import ATTACK, FLOODS


def doc(text):
    return Document(id="doc-1", source="s.txt", text=text, meta=Metadata(language="en"), raw=b"", raw_kind="text",
                    encoding="utf-8")


def test_a_long_text_is_read_up_to_the_cap_at_a_line_end():
    text = "A first paragraph of forty characters..\n" * 10  # 400 characters, a line end every 40
    read, note = within_cap(doc(text), 130)
    assert read.text == text[:119]  # up to the line end, left out
    assert note == "truncated: the language stage read the first 119 of 400 characters (analysis_cap)"
    assert within_cap(doc(text), 400) == (doc(text), None)
    unbroken, _ = within_cap(doc("x" * 400), 130)
    assert len(unbroken.text) == 130


def test_a_page_past_the_markup_cap_is_read_without_scripts_then_up_to_a_tag_before_the_cap():
    article = "<p>Fishermen in Mopti returned to the river on Monday.</p>"
    scripted = "<html><body>" + "<script>var a = '<p>x</p>';</script><!-- ad -->" * 20 + article + "</body></html>"
    assert within_markup_cap(scripted, cap=200) == ("<html><body>" + article + "</body></html>", ())
    long = "<html><body>" + article * 10 + "</body></html>"
    read, note = within_markup_cap(long, cap=200)
    assert read == "<html><body>" + article * 3  # the fourth paragraph would end past the cap
    assert note == (f"truncated: the first {len(read)} characters of markup read, of {len(long)} "
                    "(scripts and styles left out)",)
    assert within_markup_cap(long, cap=len(long)) == (long, ())


def test_a_document_longer_than_the_cap_is_stored_whole_and_noted_truncated(tmp_path):
    article = tmp_path / "long.txt"
    article.write_text(ATTACK + "\n\n" + FLOODS, encoding="utf-8")
    db = tmp_path / "s.db"
    result = CliRunner().invoke(cli, ["ingest", "--db", str(db), str(article)],
                                env={"SITREP_ANALYSIS_CAP": str(len(ATTACK) + 10)})
    assert result.exit_code == 0
    read, whole = len(ATTACK) + 1, len(ATTACK) + 2 + len(FLOODS)  # up to the paragraph break
    assert result.stderr == (f"warning: {article}: truncated: the language stage read the first {read:,} of "
                             f"{whole:,} characters (analysis_cap)\n")
    listed = json.loads(CliRunner().invoke(cli, ["documents", "--db", str(db), "--json"]).stdout)
    assert listed[0]["analysis_note"].startswith("truncated: ")
    shown = json.loads(CliRunner().invoke(cli, ["show", listed[0]["id"], "--db", str(db), "--json"]).stdout)
    assert shown["text"].endswith(FLOODS)
    events = json.loads(CliRunner().invoke(cli, ["events", "--db", str(db), "--json"]).stdout)
    assert events and all(span["end"] <= len(ATTACK) for e in events for span in e["evidence"])


def children_of(pid):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def test_workers_end_when_the_process_that_started_them_is_killed(tmp_path):
    started = tmp_path / "workers"

    def parent():
        analyser = Analyser(workers=2)
        analyser([doc(ATTACK), doc(FLOODS)])  # the workers are up
        started.write_text(json.dumps(children_of(os.getpid())))
        time.sleep(60)
    pid = os.fork()
    if pid == 0:
        try:
            parent()
        finally:
            os._exit(0)
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = json.loads(started.read_text())
    assert len(workers) >= 2
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    deadline = time.monotonic() + 5
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    orphans = [w for w in workers if alive(w)]
    for orphan in orphans:  # so that a failure leaves no process behind
        os.kill(orphan, signal.SIGKILL)
    assert not orphans, "a worker outlived its parent"
