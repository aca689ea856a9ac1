"""A catalogue on a cluster: the same tasks on a Dask LocalCluster give the same bytes as
one process, survive a worker killed mid-build, and fail (or, with --keep-going, write the
rest) as a local build does; workers, local or Dask, never read the publication folder.

Every test that needs a cluster is in this module, so that one xdist worker starts one
cluster for them all (starting one takes seconds); the command-line test starts its own, as
`--dask local:2` does."""

from __future__ import annotations

import os
import shutil
import signal
import socket
from pathlib import Path

import pytest
from PIL import Image

from leafwright import pipeline
from leafwright.build import Options, build
from leafwright.load.fonts import packaged_source_sans
from leafwright.workers import WorkersFailed
from tests.conftest import ROOT, run_cli_process, write_publication

pytestmark = pytest.mark.start_first  # several seconds, mostly in worker processes

N = 24


@pytest.fixture(scope="module")
def cluster():
    """Started as `--dask local:2` starts one (a process of its own, from the fork server that
    imported Dask and what a task needs, its workers forked from it); the tests reach it by
    its scheduler's address, as `--dask tcp://...` does."""
    from leafwright.cluster import DaskWorkers

    workers = DaskWorkers("local:2")
    workers.ready()
    yield workers.address
    workers.close()


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
    result = build(root, tmp_path / "out", options=Options(dask=cluster,
                                                            progress=lambda done, total: seen.append((done, total))))
    assert result.ok, [str(x) for x in result.diagnostics]
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == expected
    assert seen[-1] == (N, N) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_local_cluster_started_for_the_run_gives_the_same_bytes(one_process, tmp_path, short_temp):
    """`--dask local:2` from the command line: the cluster starts while the publication loads,
    its workers forked from a fork server that imported Dask and layout once. With the
    dashboard's port taken (another cluster on the machine), Dask has nothing to say on stderr."""
    root, expected = one_process
    with socket.socket() as taken:
        try:
            taken.bind(("127.0.0.1", 8787))
            taken.listen()
        except OSError:  # taken already
            pass
        temp = short_temp
        proc = run_cli_process("build", str(root), "-o", str(tmp_path / "out"), "--dask", "local:2",
                               env={"TMPDIR": str(temp)})
    assert proc.returncode == 0, proc.stderr
    assert "8787" not in proc.stderr and "Warning" not in proc.stderr, proc.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == expected
    assert not list(temp.iterdir())  # each worker's copies of the fonts went with it, and its scratch space


def warmed_elsewhere() -> bool:  # in a worker: was the warm-up imported by another process?
    import leafwright.warmup

    return leafwright.warmup.WARMED_IN != os.getpid()


def test_a_local_clusters_workers_start_with_everything_imported(cluster):
    """A LocalCluster's worker processes are forked from a process that imported Dask and
    everything a task needs: Dask's default would spawn each, to import it all again."""
    from distributed import Client

    with Client(cluster) as client:
        answers = client.run(warmed_elsewhere)
    assert len(answers) == 2 and all(answers.values()), answers


def test_a_worker_killed_mid_build_changes_nothing(one_process, cluster, tmp_path):
    from distributed import Client

    root, expected = one_process
    with Client(cluster) as client:
        pids = list(client.scheduler_info()["workers"])
    killed = []

    def kill_one(done: int, total: int) -> None:  # after the first chunk comes back, a worker dies
        if not killed:
            with Client(cluster) as client:
                pid = client.run(os.getpid, workers=[pids[0]])[pids[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    result = build(root, tmp_path / "out", options=Options(dask=cluster, progress=kill_one))
    assert killed and result.ok, [str(x) for x in result.diagnostics]
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == expected


def test_a_local_worker_that_dies_fails_the_run_in_one_line(one_process, tmp_path, monkeypatch):
    """A worker process killed mid-build (out of memory, say) fails the run at once, with one
    line on stderr, not a traceback, writes nothing and leaves no copies of files behind."""
    import multiprocessing
    import tempfile

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))

    root, _ = one_process
    killed = []
    before = {p.pid for p in multiprocessing.active_children()}  # (the module's cluster, say)

    def kill_one(done: int, total: int) -> None:  # after the first chunk comes back, a worker dies
        if not killed:
            worker = next(p for p in multiprocessing.active_children() if p.pid not in before)
            os.kill(worker.pid, signal.SIGKILL)
            killed.append(worker.pid)

    with pytest.raises(WorkersFailed, match="a worker process ended"):  # the command line says it in one line
        build(root, tmp_path / "out", options=Options(jobs=2, progress=kill_one))
    assert killed and not (tmp_path / "out").exists() and not list(temp.iterdir())


def test_a_lost_gateway_fails_the_run_instead_of_waiting_for_it(one_process, tmp_path):
    """The process that holds Dask's client ends mid-build: what was in flight fails at once."""
    import multiprocessing

    root, _ = one_process
    killed = []
    before = {p.pid for p in multiprocessing.active_children()}  # (the module's cluster, say)

    def kill_gateway(done: int, total: int) -> None:
        if not killed:
            [gateway] = [p for p in multiprocessing.active_children() if p.pid not in before]
            os.kill(gateway.pid, signal.SIGKILL)
            killed.append(gateway.pid)

    with pytest.raises(WorkersFailed, match="--dask: the connection to the cluster ended"):
        build(root, tmp_path / "out", options=Options(dask="local:1", progress=kill_gateway))
    assert killed and not (tmp_path / "out").exists()


def test_an_unreachable_scheduler_is_one_line_not_a_traceback(one_process, tmp_path):
    root, _ = one_process
    proc = run_cli_process("build", str(root), "-o", str(tmp_path / "out"), "--dask", "tcp://127.0.0.1:1",
                           env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "0.2s"})
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.splitlines()[-1].startswith("leafwright: error: --dask: "), proc.stderr
    assert proc.stderr.rstrip().endswith("; nothing written") and not (tmp_path / "out").exists()


def test_a_content_error_in_one_task_writes_nothing_unless_keep_going(cluster, tmp_path):
    root = catalogue(tmp_path / "pub", bad=5)
    result = build(root, tmp_path / "out", options=Options(dask=cluster))
    errors = [x for x in result.diagnostics if x.severity == "error"]
    assert len(errors) == 1 and (Path(errors[0].span.file).name, errors[0].span.line) == ("d05.yaml", 6)
    assert "wider than its" in errors[0].message
    assert not (tmp_path / "out").exists()
    again = build(root, tmp_path / "out", options=Options(dask=cluster, keep_going=True))
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
    result = build(root, tmp_path / "out", options=Options(dask=cluster))
    [error] = [x for x in result.diagnostics if x.severity == "error"]
    assert "U+2603" in error.message and (error.span.line, error.span.col) == (3, 27)
    assert not (tmp_path / "out").exists()


# --- No shared disk: the parent reads the images and fonts right after load and sends them by
# content, so a build whose publication folder is gone by the time anything is resolved (as
# it is on a remote worker's machine) gives the bytes of a one-process build.

PNG = ROOT / "tests" / "fixtures" / "full" / "images" / "checker.png"
GAMMA = """\
id: full-gamma
title: Full fixture, document gamma
code: FX-0003
date: 2026-12
body:
  - heading: A brand font, and an SVG that draws a picture beside it
  - paragraph: Set in the brand face from the publication's own fonts folder.
  - image: {file: ../images/framed.svg, width: 30mm, alt: A checkerboard in a blue frame}
"""
FRAMED = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" '
          'height="40"><rect width="40" height="40" fill="#1450a0"/>'
          '<image xlink:href="pictures/checker.png" x="5" y="5" width="30" height="30"/></svg>\n')


@pytest.fixture(scope="module")
def drawn_publication(tmp_path_factory) -> Path:
    """The every-block-kind fixture, a third document with an SVG that refers to a PNG beside
    it, and headings in a brand font found in the publication's fonts/ folder."""
    root = tmp_path_factory.mktemp("nfs") / "pub"
    shutil.copytree(ROOT / "tests" / "fixtures" / "full", root)
    (root / "documents" / "gamma.yaml").write_text(GAMMA)
    (root / "images" / "framed.svg").write_text(FRAMED)
    (root / "images" / "pictures").mkdir()
    with Image.open(PNG) as im:  # grey: an SVG's pictures are not converted to the press's CMYK
        im.convert("L").save(root / "images" / "pictures" / "checker.png")
    (root / "fonts").mkdir()
    for face, path in packaged_source_sans().items():
        suffix = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bolditalic": "BoldItalic"}[face]
        shutil.copy(path, root / "fonts" / f"Brand-{suffix}.ttf")
    theme = (root / "theme.yaml").read_text()
    (root / "theme.yaml").write_text(theme.replace("heading: Source Sans Pro", "heading: Brand"))
    pub = (root / "publication.yaml").read_text()
    (root / "publication.yaml").write_text(pub.replace("  - documents/beta.yaml\n",
                                                       "  - documents/beta.yaml\n  - documents/gamma.yaml\n"))
    return root


@pytest.fixture(scope="module")
def drawn_one_process(drawn_publication, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("one")
    result = build(drawn_publication, out)
    assert result.ok and len(result.written) == 3, [str(x) for x in result.diagnostics if x.severity == "error"]
    return {p.name: p.read_bytes() for p in out.iterdir()}


@pytest.mark.parametrize("how", ["jobs", "dask"])
def test_workers_never_read_the_publication_folder(drawn_publication, drawn_one_process, tmp_path, monkeypatch,
                                                  request, how):
    moved = tmp_path / "elsewhere"
    real_resolve = pipeline.resolve

    def resolve_elsewhere(pub, *args, **kwargs):  # after load, the folder is no longer where it was
        if drawn_publication.exists():
            shutil.move(str(drawn_publication), str(moved))
        return real_resolve(pub, *args, **kwargs)

    monkeypatch.setattr(pipeline, "resolve", resolve_elsewhere)
    options = Options(jobs=2) if how == "jobs" else Options(dask=request.getfixturevalue("cluster"))
    try:
        result = build(drawn_publication, tmp_path / "out", options=options)
    finally:
        shutil.move(str(moved), str(drawn_publication))
    assert result.ok, [str(x) for x in result.diagnostics if x.severity == "error"]
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == drawn_one_process


def test_local_workers_take_their_copies_of_the_files_with_them(drawn_publication, drawn_one_process, tmp_path,
                                                                short_temp):
    """A worker's copies of the fonts and images live in a folder of its own, removed when it
    ends: a worker ends without running atexit handlers, and a catalogue a day must not leave
    a folder a worker behind in /tmp."""
    temp = short_temp
    proc = run_cli_process("build", str(drawn_publication), "-o", str(tmp_path / "out"), "--jobs", "2",
                           env={"TMPDIR": str(temp)})
    assert proc.returncode == 0, proc.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == drawn_one_process
    assert not list(temp.iterdir())


def test_a_temporary_folder_too_deep_for_the_fork_server_still_builds(drawn_publication, drawn_one_process,
                                                                      tmp_path):
    """The fork server listens on a socket in TMPDIR, and a socket's path holds 108 bytes: under
    a deeper TMPDIR (a CI runner's, macOS's) the workers are plain forks, not a traceback."""
    temp = tmp_path / ("deep" * 30)
    temp.mkdir()
    proc = run_cli_process("build", str(drawn_publication), "-o", str(tmp_path / "out"), "--jobs", "2",
                           env={"TMPDIR": str(temp)})
    assert proc.returncode == 0, proc.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == drawn_one_process
    assert not list(temp.iterdir())


@pytest.fixture
def short_temp():
    """An empty TMPDIR short enough for the fork server's socket (tmp_path is not)."""
    import tempfile

    temp = Path(tempfile.mkdtemp(prefix="lw-", dir="/tmp"))
    yield temp
    shutil.rmtree(temp, ignore_errors=True)


def test_a_worker_without_the_files_asks_for_them_once(drawn_publication, drawn_one_process, tmp_path, monkeypatch):
    """A task names its files by digest; a worker that was not sent some answers with the
    digests it lacks, and draws from its own copies once it has them."""
    from leafwright import workers
    from leafwright.variants import default_variant, get_variant

    monkeypatch.setattr(workers, "_HELD", {})  # a worker that was sent nothing yet
    loaded = pipeline.load(drawn_publication)
    files = workers.Files()
    files.read_loaded(loaded.publication)
    [gamma] = [doc for doc in pipeline.resolve(loaded.publication).documents if doc.id == "full-gamma"]
    manifest = files.of(gamma)
    assert {Path(p).name for p in manifest} >= {"Brand-Regular.ttf", "framed.svg", "checker.png"}
    args = ([gamma], get_variant(default_variant()), pipeline.epoch(), False, True, "run", [manifest])
    asked = workers._render_chunk(*args, {})
    assert isinstance(asked, workers._Missing) and set(asked.digests) == set(manifest.values())
    shutil.move(str(drawn_publication), str(tmp_path / "elsewhere"))
    try:
        _, [rendered] = workers._render_chunk(*args, {d: files.data[d] for d in asked.digests})
        _, [again] = workers._render_chunk(*args, {})  # held now: nothing is asked twice
    finally:
        shutil.move(str(tmp_path / "elsewhere"), str(drawn_publication))
    assert rendered.pdf == again.pdf == drawn_one_process["full-gamma.pdf"]
