"""`--jobs N`: documents rendered (laid out, finished, preflighted) in worker processes.

A task is `pipeline.render_document` on picklable inputs, so what a worker returns is what
the parent would have made itself.
"""

from __future__ import annotations

from typing import Optional

from .variants import Variant


class Workers:
    """Worker processes for a batch, started before the documents are resolved: each imports
    ReportLab and layout once (its initializer) while the caller is still resolving."""

    def __init__(self, jobs: int):
        from concurrent.futures import ProcessPoolExecutor

        self.jobs = jobs
        self.pool = ProcessPoolExecutor(max_workers=jobs, initializer=_warm_worker)
        for _ in range(jobs):  # the pool starts a process per task while none is idle
            self.pool.submit(int)

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


def render_all(docs: list, variant: Variant, epoch: Optional[int], record_claims: bool = False,
               workers: Optional[Workers] = None) -> list:
    """pipeline.render_document for every document, in order. With workers, the documents are
    dealt into one share per worker, one task per share: a batch scales with cores instead of
    paying a round trip per document."""
    jobs = min(workers.jobs, len(docs)) if workers is not None else 1
    if jobs <= 1:
        return _render_share(docs, variant, epoch, record_claims)
    shares = [docs[i::jobs] for i in range(jobs)]  # dealt round-robin: long and short documents mix
    done = list(workers.pool.map(_render_share, shares, [variant] * jobs, [epoch] * jobs, [record_claims] * jobs))
    results: list = [None] * len(docs)
    for i, share in enumerate(done):
        results[i::jobs] = share
    return results


def _warm_worker() -> None:
    """Each worker pays the layout and preflight imports once, before its share arrives."""
    from . import preflight  # noqa: F401
    from .layout import pages  # noqa: F401  (pulls in ReportLab's platypus)


def _render_share(docs: list, variant: Variant, epoch: Optional[int], record_claims: bool) -> list:
    from .pipeline import render_document

    return [render_document(doc, variant, epoch, record_claims) for doc in docs]
