"""workers.Batch: how a run's documents go out to its workers.

The parent resolves documents while its workers start (a fork server importing ReportLab, or a
LocalCluster): a document resolved before the workers can take it must not stop the parent
(it used to wait there for the workers' imports, a fifth of a 48-document build); it waits
and goes out with the next chunk. The workers here record what they are sent and answer each
chunk at once, so what is checked is the Batch's own bookkeeping; tests/cluster builds real
documents on real workers and compares the bytes.
"""

from __future__ import annotations

from concurrent.futures import Future
from types import SimpleNamespace

import pytest

from leafwright.variants import get_variant
from leafwright.workers import Batch


class RecordingWorkers:
    """Started after `ready_after` questions (a task sent before would have waited for them)."""

    carries_files = True

    def __init__(self, jobs: int, ready_after: int):
        self.jobs, self.ready_after, self.asked = jobs, ready_after, 0
        self.chunks: list[list[str]] = []

    def started(self) -> bool:
        self.asked += 1
        return self.asked > self.ready_after

    def submit(self, fn, docs, *args):
        self.chunks.append([d.id for d in docs])
        future = Future()
        future.set_result(("worker:1", [f"rendered {d.id}" for d in docs]))
        return future

    def first_done(self, futures: set) -> tuple[set, set]:
        return set(futures), set()


def doc(n: int):
    return SimpleNamespace(id=f"d{n}", theme=SimpleNamespace(font_files={}), blocks=())


@pytest.mark.parametrize("ready_after", [0, 5, 30, 100])
def test_documents_wait_for_the_workers_without_stopping_the_parent(ready_after):
    workers = RecordingWorkers(jobs=2, ready_after=ready_after)
    batch = Batch(workers, 40, get_variant("print"), None)
    for n in range(40):
        batch.add(doc(n))
        if n + 1 <= ready_after:
            assert workers.chunks == []  # nothing went out, and adding did not wait
    results = batch.collect()
    assert results == [f"rendered d{n}" for n in range(40)]  # in the order added
    sent = [d for chunk in workers.chunks for d in chunk]
    assert sorted(sent) == sorted(f"d{n}" for n in range(40)) and len(sent) == 40  # each once
    assert max(map(len, workers.chunks)) <= 8
    assert len(workers.chunks[-1]) <= 2  # the last chunks are small, so the workers end together


def test_what_waited_goes_out_in_chunks_not_in_one():
    workers = RecordingWorkers(jobs=2, ready_after=1000)  # not started until collect
    batch = Batch(workers, 48, get_variant("print"), None)
    for n in range(48):
        batch.add(doc(n))
    assert workers.chunks == []
    workers.ready_after = 0
    batch.collect()
    assert len(workers.chunks) > 6 and sum(map(len, workers.chunks)) == 48
