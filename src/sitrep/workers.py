"""Run the analysis stage in the main process, or spread over worker processes that each load
the spaCy pipelines once. A worker exits when the process that started it is gone (killed, say),
instead of living on as an orphan that holds its models in memory."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .geo.gazetteer import ensure
from .records import Analysis, Document
from .store.gazetteer import GazetteerFile

if TYPE_CHECKING:
    from .geo.places import PlaceFinder


@cache
def _places(gazetteer: str) -> PlaceFinder | None:
    """The place finder of this process; the Analyser made sure the gazetteer is built."""
    from .geo.places import PlaceFinder
    return PlaceFinder(GazetteerFile(Path(gazetteer))) if gazetteer else None


def _analyse(docs: list[Document], extra_actors: str, gazetteer: str) -> list[Analysis]:
    # spaCy and the rules load with the first documents to analyse: a run whose inputs are all stored
    # already, or copies, starts without them (half a second)
    from .analysis import analyse_documents
    from .language.actors import actor_dictionary
    return analyse_documents(docs, dictionary=actor_dictionary(extra_actors or None), places=_places(gazetteer))


PARENT_CHECK_SECONDS = 0.5


def _exit_with_parent(parent: int) -> None:
    """In a worker: a watcher thread that ends the worker once its parent process is gone."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)
    threading.Thread(target=watch, name="sitrep-parent-watch", daemon=True).start()


class Analyser:
    """`analyser(docs)` gives their analyses, in order. Close it (or use `with`) to stop workers.
    Without a gazetteer path, places are not looked for."""

    def __init__(self, *, workers: int = 1, extra_actors: str = "", gazetteer: str = "",
                 places_overlay: str = "") -> None:
        if gazetteer:
            ensure(Path(gazetteer), overlay=Path(places_overlay) if places_overlay else None).close()
        self.gazetteer = gazetteer
        self.extra_actors = extra_actors
        self.workers = max(1, workers)
        self._pool = ProcessPoolExecutor(self.workers, initializer=_exit_with_parent,
                                         initargs=(os.getpid(),)) if self.workers > 1 else None

    def __call__(self, docs: list[Document]) -> list[Analysis]:
        if not docs:
            return []
        if self._pool is None:
            return _analyse(docs, self.extra_actors, self.gazetteer)
        size = -(-len(docs) // self.workers)
        parts = [docs[i:i + size] for i in range(0, len(docs), size)]
        futures = [self._pool.submit(_analyse, part, self.extra_actors, self.gazetteer) for part in parts]
        return [analysis for future in futures for analysis in future.result()]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()

    def __enter__(self) -> Analyser:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
