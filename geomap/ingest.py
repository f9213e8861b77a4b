"""Ingest: documents -> places -> events -> store, serially or on a Dask cluster.

The main process reads documents (fast, streaming) and writes the store (one
writer, one transaction per document); the slow middle — places and events
— runs here or on Dask workers in batches. Whatever runs it, each document's
rows depend only on the document, so a Dask run stores exactly what a serial
run stores.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from geomap.documents import documents_from_paths
from geomap.errors import DocumentError, GeomapError
from geomap.model import Document, Event, Mention
from geomap.pipeline import Pipeline, Settings
from geomap.store import IngestOutcome, Store

log = logging.getLogger(__name__)

#: documents sent to a worker at a time, and batches in flight per worker (bounds memory)
BATCH_SIZE = 25
IN_FLIGHT_PER_WORKER = 3

_PIPELINES: dict[Settings, Pipeline] = {}


def _pipeline(settings: Settings) -> Pipeline:
    """One Pipeline per settings per process (workers keep theirs between batches)."""
    if settings not in _PIPELINES:
        _PIPELINES[settings] = Pipeline(settings)
    return _PIPELINES[settings]


def process_documents(documents: list[Document], settings: Settings) -> list[tuple[Document, list[Mention], list[Event]]]:
    """Places and events for a batch of documents (runs wherever it is sent)."""
    pipeline = _pipeline(settings)
    out = []
    for document in documents:
        mentions = pipeline.mentions(document)
        events = pipeline.events(document, mentions)
        out.append((document, [_slim(m) for m in mentions], events))
    return out


def _slim(mention: Mention) -> Mention:
    """A mention as the store keeps it: no candidate list, no alternate names (they can weigh kilobytes
    per place and would only be pickled back to the main process to be dropped there)."""
    place = replace(mention.place, alternate_names=()) if mention.place is not None else None
    return replace(mention, place=place, candidates=())


@dataclass(slots=True)
class IngestSummary:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    events: int = 0
    outcomes: list[IngestOutcome] = field(default_factory=list)

    def record(self, outcome: IngestOutcome) -> None:
        setattr(self, outcome.action, getattr(self, outcome.action) + 1)
        self.events += outcome.events
        self.outcomes.append(outcome)


def _batches(items: Iterable[Document | DocumentError], store: Store, summary: IngestSummary,
             on_outcome: Callable[[IngestOutcome], None] | None) -> Iterator[list[Document]]:  # fmt: skip
    """New or changed documents in batches; failures are quarantined and unchanged ones skipped on the way."""
    batch: list[Document] = []
    for item in items:
        if isinstance(item, DocumentError):
            outcome = store.quarantine(item)
        elif store.has(item):
            outcome = IngestOutcome(item.ref or str(item.path), "unchanged")
        else:
            batch.append(item)
            if len(batch) >= BATCH_SIZE:
                yield batch
                batch = []
            continue
        summary.record(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    if batch:
        yield batch


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store_path: str | Path,
    *,
    settings: Settings = Settings(),
    workers: int | None = None,
    scheduler: str | None = None,
    on_outcome: Callable[[IngestOutcome], None] | None = None,
) -> IngestSummary:
    """Add the documents under ``paths`` to the store at ``store_path`` (idempotent).

    ``workers`` starts a local Dask cluster of that many processes;
    ``scheduler`` (tcp://host:port) uses a running one; neither runs here.
    """
    summary = IngestSummary()
    with Store(store_path) as store:

        def write(results: list[tuple[Document, list[Mention], list[Event]]]) -> None:
            for document, mentions, events in results:
                outcome = store.put(document, mentions, events)
                summary.record(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)

        batches = _batches(documents_from_paths(paths), store, summary, on_outcome)
        if workers is None and scheduler is None:
            for batch in batches:
                write(process_documents(batch, settings))
        else:
            _run_on_dask(batches, settings, write, workers=workers, scheduler=scheduler)
    return summary


def _run_on_dask(batches: Iterator[list[Document]], settings: Settings, write: Callable, *, workers: int | None,
                 scheduler: str | None) -> None:  # fmt: skip
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as err:
        raise GeomapError("--workers/--scheduler need Dask: pip install 'geomap[dask]'") from err
    cluster = None
    try:
        if scheduler is not None:
            client = Client(scheduler, timeout="10s")
        else:
            import dask

            # the workers' sampling profiler (every 10 ms, for the dashboard) cost ~10% of their time
            with dask.config.set({"distributed.worker.profile.enabled": False}):
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
            client = Client(cluster)
    except (OSError, TimeoutError) as err:
        raise GeomapError(f"cannot reach the Dask scheduler {scheduler or 'local cluster'}: {err}") from err
    except RuntimeError as err:
        # Dask starts its workers by re-importing the caller's __main__ module: a script that
        # calls ingest() at top level starts them again from inside each worker, which fails
        raise GeomapError(
            f"could not start {workers} local Dask worker(s) ({err}). From a Python script, call "
            "geomap.ingest(..., workers=N) under `if __name__ == '__main__':`, since each worker "
            "process imports the script again"
        ) from err
    try:
        limit = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info().get("workers", {})) or (workers or 1))
        pending = as_completed()
        in_flight = 0
        for batch in batches:
            pending.add(client.submit(process_documents, batch, settings, pure=False))
            in_flight += 1
            while in_flight >= limit:
                write(next(pending).result())
                in_flight -= 1
        for future in pending:
            write(future.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
