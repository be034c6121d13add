"""Small invented articles for the tests that ingest a batch many times over (crashes, concurrency):
two reports of one attack, a syndicated copy of one of them published a day later, an unrelated story,
and helpers to run an ingest in a child process and to compare exports."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path

from sitrep import settings as settings_module
from sitrep.pipeline import Ingestor
from sitrep.report.export import write_jsonl
from sitrep.settings import Settings
from sitrep.store import Store

ATTACK = ("Gunmen attacked the weekly cattle market in Koubel on Tuesday, killing nine herders and wounding "
          "fourteen others, the district prefect said on Wednesday. Witnesses said the attackers arrived on "
          "motorcycles at dawn, set fire to stalls and drove away hundreds of animals toward the border. "
          "Traders said the market had been closed twice this year after threats against its organisers.")
SECOND_REPORT = ("At least twelve people were killed when armed men raided the cattle market of Koubel on Tuesday, "
                 "a local councillor told reporters. The regional governor has sent soldiers to the area and "
                 "ordered the market closed until further notice, while families of the victims buried their dead.")
LOCAL_NOTE = ("In Douentza, the mayor said on Wednesday that police officers would guard the livestock market "
              "there until the end of the month.")
FLOODS = ("Heavy rains flooded several districts of Mopti on Thursday, destroying about two hundred houses and "
          "cutting the road to the river port, the municipal council said. No one was hurt, but families moved "
          "to schools and mosques, and the council asked the government for tents and food for a month.")


def articles(folder: Path) -> list[Path]:
    """Four inputs: an attack, another outlet's report of it, a day-later syndicated copy of the first
    that adds a paragraph of its own, and an unrelated story."""
    texts = {
        "attack.jsonl": {"text": ATTACK, "outlet": "Koubel Courier", "published": "2025-06-04"},
        "second.jsonl": {"text": SECOND_REPORT, "outlet": "Delta Voice", "published": "2025-06-04"},
        "syndicated.jsonl": {"text": "From our partners at the Koubel Courier\n\n" + ATTACK + "\n\n" + LOCAL_NOTE
                                     + "\n\nShare this story.", "outlet": "Sahel Daily", "published": "2025-06-05"},
        "floods.jsonl": {"text": FLOODS, "outlet": "Mopti Today", "published": "2025-06-06"},
    }
    paths = []
    for name, record in texts.items():
        path = folder / name
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def ingest(db: Path, inputs: list[Path], settings: Settings | None = None) -> dict[str, int]:
    """An ingest as `sitrep ingest` runs it: a run recorded, the batch, the incidents."""
    settings = settings or settings_module.load(db=db)
    with Store.open(db) as store:
        run_id = store.start_run("ingest", [str(p) for p in inputs])
        report = Ingestor(store, settings, fetcher=lambda url: None).ingest([str(p) for p in inputs], run_id=run_id)
        store.finish_run(run_id, report.summary())
    return report.summary()


def export(db: Path) -> list[str]:
    """The JSON Lines export, lines sorted (documents come out in the order they were stored)."""
    out = io.StringIO()
    with Store.open(db, readonly=True) as store:
        write_jsonl(store, out)
    return sorted(out.getvalue().splitlines())


def in_children(*works: Callable[[], None]) -> list[int]:
    """Run each of `works` in a forked child process (which inherits the loaded language models), all at
    once; their exit statuses, or minus the signal that ended each."""
    pids = []
    for work in works:
        pid = os.fork()
        if pid == 0:  # the child: never return into the test runner
            code = 1
            try:
                work()
                code = 0
            finally:
                os._exit(code)
        pids.append(pid)
    statuses = [os.waitpid(pid, 0)[1] for pid in pids]
    return [-os.WTERMSIG(s) if os.WIFSIGNALED(s) else os.WEXITSTATUS(s) for s in statuses]
