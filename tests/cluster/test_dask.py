"""A catalogue on a cluster: the same tasks on a Dask LocalCluster give the same bytes as
one process, survive a worker killed mid-build, and fail (or, with --keep-going, write the
rest) as a local build does."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from leafwright.build import Options, build
from tests.conftest import run_cli_process, write_publication

N = 24


def catalogue(folder: Path, bad: int | None = None) -> Path:
    """N short documents, each citing and printing a stat; document `bad` has a word no column holds."""
    files = {"publication.yaml": "data: data.yaml\nreferences: refs.yaml\ndocuments: [" +
                                 ", ".join(f"d{i:02}.yaml" for i in range(N)) + "]\n",
             "data.yaml": "values: {k: 17, n: 255}\nstats: {s: {count: k, of: n}}\n",
             "refs.yaml": "- id: r\n  type: book\n  title: A book\n  publisher: Press\n  issued: {date-parts: [[2020]]}\n"}
    for i in range(N):
        word = "x" * 400 if i == bad else f"Document {i}"
        files[f"d{i:02}.yaml"] = (f"id: d{i:02}\ntitle: Leaflet {i}\ncode: C-{i}\ndate: 2026-11\nbody:\n"
                                  f"  - heading: {word}\n  - paragraph: '{{s:pct}} ({{s:frac}}) of patients[@r]'\n")
    return write_publication(folder, files)


@pytest.fixture(scope="module")
def one_process(tmp_path_factory):
    root = catalogue(tmp_path_factory.mktemp("cat") / "pub")
    out = root.parent / "one"
    result = build(root, out)
    assert result.ok and len(result.written) == N, [str(x) for x in result.diagnostics]
    return root, {p.name: p.read_bytes() for p in out.iterdir()}


def test_a_local_cluster_gives_the_bytes_of_one_process(one_process, cluster, tmp_path):
    root, expected = one_process
    seen = []
    result = build(root, tmp_path / "out", options=Options(dask=cluster.scheduler_address,
                                                            progress=lambda done, total: seen.append((done, total))))
    assert result.ok, [str(x) for x in result.diagnostics]
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == expected
    assert seen[-1] == (N, N) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_local_cluster_started_for_the_run_gives_the_same_bytes(one_process, tmp_path):
    """`--dask local:2` from the command line: the cluster starts while the publication loads,
    its workers forked from a fork server that imported Dask and layout once."""
    root, expected = one_process
    proc = run_cli_process("build", str(root), "-o", str(tmp_path / "out"), "--dask", "local:2")
    assert proc.returncode == 0, proc.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == expected


def test_a_worker_killed_mid_build_changes_nothing(one_process, cluster, tmp_path):
    root, expected = one_process
    pids = list(cluster.scheduler_info["workers"])
    killed = []

    def kill_one(done: int, total: int) -> None:  # after the first chunk comes back, a worker dies
        if not killed:
            from distributed import Client

            with Client(cluster.scheduler_address) as client:
                pid = client.run(os.getpid, workers=[pids[0]])[pids[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    result = build(root, tmp_path / "out", options=Options(dask=cluster.scheduler_address, progress=kill_one))
    assert killed and result.ok, [str(x) for x in result.diagnostics]
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == expected


def test_a_content_error_in_one_task_writes_nothing_unless_keep_going(cluster, tmp_path):
    root = catalogue(tmp_path / "pub", bad=5)
    result = build(root, tmp_path / "out", options=Options(dask=cluster.scheduler_address))
    errors = [x for x in result.diagnostics if x.severity == "error"]
    assert len(errors) == 1 and (Path(errors[0].span.file).name, errors[0].span.line) == ("d05.yaml", 6)
    assert "wider than its" in errors[0].message
    assert not (tmp_path / "out").exists()
    again = build(root, tmp_path / "out", options=Options(dask=cluster.scheduler_address, keep_going=True))
    assert not again.ok
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"d{i:02}.pdf" for i in range(N) if i != 5]


@pytest.mark.parametrize("address,said", [("local:0", "at least 1"), ("local:x", "at least 1"),
                                          ("scheduler", "scheduler address")])
def test_a_bad_dask_address_is_a_command_line_error(tmp_path, capsys, address, said):
    from leafwright.cli import main

    root = catalogue(tmp_path / "pub")
    assert main(["build", str(root), "-o", str(tmp_path / "out"), "--dask", address]) == 2
    assert said in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_single_document_on_a_cluster_is_still_glyph_checked(cluster, tmp_path):
    """With workers the parent leaves the glyph check to the tasks; a run of one document
    (rendered without a round trip) must not skip it."""
    root = write_publication(tmp_path / "pub", {"publication.yaml": "documents: [a.yaml]\n",
                                                "a.yaml": "id: a\nbody:\n  - paragraph: 'A snowman ☃'\n"})
    result = build(root, tmp_path / "out", options=Options(dask=cluster.scheduler_address))
    [error] = [x for x in result.diagnostics if x.severity == "error"]
    assert "U+2603" in error.message and (error.span.line, error.span.col) == (3, 27)
    assert not (tmp_path / "out").exists()
