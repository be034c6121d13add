"""Run the language stage in the main process, or spread over worker processes that each load
the spaCy pipelines once."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from ..records import Analysis, Document
from .actors import actor_dictionary
from .analyse import analyse_documents


def _analyse(docs: list[Document], extra_actors: str) -> list[Analysis]:
    return analyse_documents(docs, dictionary=actor_dictionary(extra_actors or None))


class Analyser:
    """`analyser(docs)` gives their analyses, in order. Close it (or use `with`) to stop workers."""

    def __init__(self, *, workers: int = 1, extra_actors: str = "") -> None:
        self.extra_actors = extra_actors
        self.workers = max(1, workers)
        self._pool = ProcessPoolExecutor(self.workers) if self.workers > 1 else None

    def __call__(self, docs: list[Document]) -> list[Analysis]:
        if not docs:
            return []
        if self._pool is None:
            return _analyse(docs, self.extra_actors)
        size = -(-len(docs) // self.workers)
        parts = [docs[i:i + size] for i in range(0, len(docs), size)]
        futures = [self._pool.submit(_analyse, part, self.extra_actors) for part in parts]
        return [analysis for future in futures for analysis in future.result()]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()

    def __enter__(self) -> Analyser:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
