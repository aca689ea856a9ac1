"""The fork server leafwright starts leaves at once when the run ends, instead of tearing down
what it imported while it still holds the run's stdout and stderr (a pipe reading the command
saw its end 40-45 ms after the command exited). What is checked: the module does skip the
teardown, and every preload list leafwright gives a fork server starts with it."""

from __future__ import annotations

import multiprocessing.context
import subprocess
import sys

import pytest

from leafwright import cluster, workers
from tests.conftest import SRC

FINALIZED = """\
import leafwright.forkexit


class Noisy:
    def __del__(self):
        print("torn down", flush=True)


kept = Noisy()
print("ran", flush=True)
"""


@pytest.mark.parametrize("leave_at_once", [True, False])
def test_a_process_that_imported_it_skips_the_teardown(tmp_path, leave_at_once):
    script = tmp_path / "server.py"
    script.write_text(FINALIZED if leave_at_once else FINALIZED.replace("import leafwright.forkexit\n", ""))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60,
                          env={"PYTHONPATH": str(SRC)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == (["ran"] if leave_at_once else ["ran", "torn", "down"])


@pytest.mark.parametrize("start", [workers._fork_server, lambda: cluster._gateway_context(True),
                                   lambda: cluster._gateway_context(False)], ids=["jobs", "dask-local", "dask"])
def test_every_fork_server_preloads_it_first(monkeypatch, start):
    lists = []
    monkeypatch.setattr(multiprocessing.context.ForkServerContext, "set_forkserver_preload",
                        lambda self, names: lists.append(list(names)))
    monkeypatch.setattr(workers, "_server_running", lambda: False)  # (nothing started)
    start()
    assert lists and all(names[0] == "leafwright.forkexit" for names in lists), lists
