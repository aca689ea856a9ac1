"""One LocalCluster of two worker processes for the cluster tests (starting one takes seconds)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=50) as c:
        yield c
