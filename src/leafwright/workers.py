"""Where `pipeline.render_document` runs: in this process, in local worker processes
(`--jobs N`), or on a Dask distributed cluster (`--dask ADDRESS`, `--dask local:N`).

A task is a small chunk of documents rendered on picklable inputs (resolved documents, a
variant, an epoch), so what a worker returns is what this process would have made, byte
for byte. Chunks are taken from a queue as workers free up, not dealt in fixed shares, so
a long document does not leave a worker idle at the end. Dask is imported only for
`--dask`: its scheduler brings retries when a worker is lost, and the same command runs
on a laptop, a Slurm or PBS allocation (dask-jobqueue) or Kubernetes (dask-kubernetes).
"""

from __future__ import annotations

from typing import Callable, Optional

from .variants import Variant

Progress = Callable[[int, int], None]  # (documents done, total)


class Workers:
    """Local worker processes, started before the documents are resolved: each imports
    ReportLab, layout and preflight once (its initializer) while the caller is resolving."""

    def __init__(self, jobs: int):
        from concurrent.futures import ProcessPoolExecutor

        self.jobs = jobs
        self.pool = ProcessPoolExecutor(max_workers=jobs, initializer=_warm_worker)
        for _ in range(jobs):  # the pool starts a process per task while none is idle
            self.pool.submit(int)

    def submit(self, fn, *args):
        return self.pool.submit(fn, *args)

    def done_in_turn(self, futures):
        from concurrent.futures import as_completed

        return as_completed(futures)

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class DaskWorkers:
    """A Dask distributed client: `tcp://host:8786` names a running scheduler, `local:N`
    starts a LocalCluster of N single-threaded worker processes for this run."""

    def __init__(self, address: str):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise SystemExit("leafwright: error: --dask needs Dask distributed: pip install 'leafwright[cluster]'") \
                from None
        self.cluster = None
        if address.startswith("local:"):
            n = int(address.split(":", 1)[1])
            self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=50)
            self.client = Client(self.cluster)
        else:
            self.client = Client(address)
        self.jobs = max(1, len(self.client.scheduler_info().get("workers", {})) or 1)
        self.client.run(_warm_worker)

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def done_in_turn(self, futures):
        from distributed import as_completed

        return as_completed(futures)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def dask_address_problem(address: str) -> Optional[str]:
    """Why `--dask ADDRESS` cannot be used, said before anything is loaded."""
    if address.startswith("local:"):
        count = address.split(":", 1)[1]
        return None if count.isdigit() and int(count) >= 1 else \
            f"--dask local:N needs a number of workers of at least 1, not '{count}'"
    if "://" not in address and ":" not in address:
        return f"--dask takes a scheduler address (tcp://host:8786) or local:N, not '{address}'"
    return None


def render_all(docs: list, variant: Variant, epoch: Optional[int], record_claims: bool = False,
               workers=None, progress: Optional[Progress] = None) -> list:
    """pipeline.render_document for every document, in order. With workers, small chunks
    go out from a queue (a few per worker) and come back as they finish. With workers the
    parent has not run the check stage (each task does), so a document rendered here does too."""
    total = len(docs)
    if workers is None or total <= 1:
        out = []
        for doc in docs:
            out.append(_render_chunk([doc], variant, epoch, record_claims, workers is not None)[0])
            if progress is not None:
                progress(len(out), total)
        return out
    size = max(1, min(8, total // (workers.jobs * 4)))  # 4 chunks a worker: the last ones end close together
    chunks = [list(range(i, min(i + size, total))) for i in range(0, total, size)]
    futures = {workers.submit(_render_chunk, [docs[i] for i in chunk], variant, epoch, record_claims, True): chunk
               for chunk in chunks}
    results: list = [None] * total
    done = 0
    try:
        for future in workers.done_in_turn(list(futures)):
            for i, rendered in zip(futures[future], future.result()):
                results[i] = rendered
            done += len(futures[future])
            if progress is not None:
                progress(done, total)
    finally:
        for future in futures:  # Ctrl-C or a failure: what has not started never will
            future.cancel()
    return results


def _warm_worker() -> None:
    """Each worker pays the layout and preflight imports once, before its first task."""
    from . import preflight  # noqa: F401
    from .layout import glyphs, pages  # noqa: F401  (ReportLab's platypus; fontTools for the glyph check)
    import pikepdf  # noqa: F401  (the finish and preflight read and write with it)


def _render_chunk(docs: list, variant: Variant, epoch: Optional[int], record_claims: bool,
                  check_first: bool = False) -> list:
    from .pipeline import render_document

    return [render_document(doc, variant, epoch, record_claims, check_first) for doc in docs]
