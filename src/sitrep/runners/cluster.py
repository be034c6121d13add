"""Stages 2-7 (extract, clean, describe, identify, analyse, store) as Dask tasks on a cluster's
workers, which write to the store themselves; stage 1 (read) and stage 8 (the incidents, once after
the batch) run on the client, as `pipeline.Ingestor.ingest` runs them.

    address   "tcp://HOST:8786": a running Dask scheduler and its workers
              "local:N": a LocalCluster of N worker processes on this machine, for this ingest only

A task is a chunk of inputs the client has read, so workers need no access to the client's files;
the data files the settings name travel to each worker once (`shipment`). A worker process keeps its
store connection and its language models from one task to the next (`_ingestor`).

A worker that dies mid-task loses nothing: the scheduler gives its tasks to another worker, and each
document was stored in a transaction of its own that decides, under the store's write lock, whether
it is stored already. What the dead worker stored stays stored once; the task run again finds it,
and reports it as the first attempt would have (`_as_first_attempt`).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cache, partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ..errors import SitrepError
from ..ingest.fetch import fetch
from ..ingest.sources import read_sources
from ..pipeline import IngestReport, Ingestor, Outcome, analyser_for, complete
from ..records import RawInput, Rejected
from ..settings import Settings
from ..store import Store
from ..store.engine import is_url
from .shipment import Shipment, pack, unpack

if TYPE_CHECKING:
    from distributed import Client

CHUNK = 8  # inputs in one task: enough for the language stage to batch, few enough to spread over workers
QUEUED = 3  # tasks waiting per worker: the client reads ahead of the workers without holding every input
Item = RawInput | Rejected
# The environment a local cluster's nannies start their workers in: Dask's, but without its fixed
# MALLOC_TRIM_THRESHOLD_ (which turns off glibc's adaptive one): with it, the language stage took ~10% more
# CPU (9.9 s against 9.0 s for 96 generated articles in one process)
WORKER_ENVIRONMENT = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


def ingest_on_cluster(store: Store, settings: Settings, sources: list[str], *, address: str,
                      stdin: BinaryIO | None = None, run_id: int | None = None,
                      on_outcome: Callable[[Outcome], None] = lambda _o: None,
                      on_incidents: Callable[[], None] = lambda: None) -> IngestReport:
    """Every stage over the inputs `sources` name, stages 2-7 on the cluster at `address`; the outcomes
    in input order (`on_outcome` hears each as its task ends, `on_incidents` when stage 8 starts)."""
    shipment = pack(replace(settings, db=_shared_store(settings.db, address), workers=1))
    items = read_sources(sources, settings=settings, fetcher=partial(fetch, settings=settings), stdin=stdin)
    with connected(address) as client:
        report = IngestReport(_run(client, _chunks(items), shipment, run_id, on_outcome))
    on_incidents()
    report.errors += complete(store)
    return report


@contextmanager
def connected(address: str) -> Iterator[Client]:
    """A client of the scheduler at `address`, or of a local cluster started for the block."""
    distributed = _distributed()
    workers = _local_workers(address)
    try:
        if workers is None:
            with distributed.Client(address, timeout="10s") as client:
                yield client
            return
        import dask.config
        with warnings.catch_warnings(), dask.config.set(WORKER_ENVIRONMENT):
            # the scheduler's health page takes another port when 8787 is taken
            warnings.filterwarnings("ignore", message="Port .* is already in use")
            cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                               host="127.0.0.1", dashboard_address=None, memory_limit=0,
                                               silence_logs=logging.ERROR)
        with cluster, distributed.Client(cluster) as client:
            yield client
    except OSError as exc:
        raise SitrepError(f"cannot reach the Dask scheduler at {address} ({exc}); is `dask scheduler` running "
                          "there, and do its workers reach it?") from exc


def _distributed() -> Any:
    try:
        import distributed
    except ModuleNotFoundError as exc:
        raise SitrepError(f'--cluster needs Dask\'s distributed scheduler ({exc.name} is not installed): '
                          'pip install "sitrep[cluster]"') from exc
    return distributed


def _local_workers(address: str) -> int | None:
    """N of "local:N"; None for a scheduler's address."""
    if not address.startswith("local:"):
        if "://" not in address:
            raise SitrepError(f"--cluster {address}: give a scheduler's address (tcp://HOST:8786) or local:N")
        return None
    count = address.removeprefix("local:")
    if not count.isdigit() or int(count) < 1:
        raise SitrepError(f"--cluster {address}: local:N takes a number of worker processes, e.g. local:2")
    return int(count)


def _shared_store(db: str, address: str) -> str:
    """The store as the workers open it: a PostgreSQL URL, or a SQLite file's absolute path when the
    workers are local processes (workers on other machines cannot share a file)."""
    if is_url(db):
        return db
    if db == ":memory:" or _local_workers(address) is None:
        raise SitrepError(f"--db {db}: the cluster's workers write to the store themselves; give --db a PostgreSQL "
                          "URL (postgresql+psycopg://USER@HOST/NAME) that every worker reaches")
    return str(Path(db).resolve())


def _chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def _run(client: Client, chunks: Iterator[list[Item]], shipment: Shipment, run_id: int | None,
         on_outcome: Callable[[Outcome], None]) -> list[Outcome]:
    """Each chunk a task, a few queued per worker; the outcomes of all, in input order. The settings
    go to each worker once, as the result of a task (which the scheduler runs again if its holders die)."""
    from distributed import as_completed
    settings = client.submit(_received, shipment, pure=False)
    submitted: dict[Any, tuple[int, list[Item]]] = {}
    done: dict[int, list[Outcome]] = {}
    running = as_completed()
    numbered = enumerate(chunks)

    def submit_next() -> None:
        for number, chunk in islice(numbered, 1):
            future = client.submit(_ingest_chunk, chunk, settings, run_id, pure=False)
            submitted[future] = (number, chunk)
            running.add(future)
    for _ in range(QUEUED * max(1, len(client.scheduler_info()["workers"]))):
        submit_next()
    for future in running:
        number, chunk = submitted.pop(future)
        done[number] = _outcomes(future, chunk)
        for outcome in done[number]:
            on_outcome(outcome)
        submit_next()
    return [outcome for number in sorted(done) for outcome in done[number]]


def _outcomes(future: Any, chunk: list[Item]) -> list[Outcome]:
    """What a task gave; when its workers kept dying on it (the scheduler gave up), its inputs rejected."""
    from distributed import KilledWorker
    try:
        return future.result()
    except KilledWorker:
        return [Outcome(item.source, "rejected", detail="the workers that took this input died each time (out of "
                                                        "memory?); ingest it again, alone") for item in chunk]


def _received(shipment: Shipment) -> Shipment:
    return shipment


def _ingest_chunk(items: list[Item], shipment: Shipment, run_id: int | None) -> list[Outcome]:
    """On a worker: stages 2-7 over a chunk of inputs."""
    ingestor = _ingestor(shipment)
    return [_as_first_attempt(o, ingestor.store, run_id) for o in ingestor.store_items(items, run_id=run_id)]


@cache
def _ingestor(shipment: Shipment) -> Ingestor:
    """This worker process's store connection and language stage, kept for its tasks."""
    settings = unpack(shipment)
    return Ingestor(Store.open(settings.db), settings, analyser=analyser_for(settings))


def _as_first_attempt(outcome: Outcome, store: Store, run_id: int | None) -> Outcome:
    """A document found stored by this run from this very input was stored by an earlier attempt of this
    task, on a worker that died before it answered: the outcome that attempt would have given."""
    if outcome.status != "known" or run_id is None or outcome.doc_id is None:
        return outcome
    stored = store.stored_by(outcome.doc_id)
    if stored is None or stored[:2] != (run_id, outcome.source):
        return outcome
    original = stored[2]
    if original:
        return replace(outcome, status="copy", detail=f"copy of {original}")
    return replace(outcome, status="added", detail="")
