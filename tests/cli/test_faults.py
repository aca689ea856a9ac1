"""Faults while writing: a killed build, two builds at once, a read-only folder, a full disk.

Whatever happens, every `*.pdf` in the output folder is a whole PDF — the one that was
there before or a complete new one — and a failure is one clear error line, exit 1.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pypdf
import pytest

from leafwright import cli
from leafwright import write as writing
from tests.children import PRELOAD, Child
from tests.conftest import CONTENT, run_cli, write_publication

pytestmark = pytest.mark.start_first  # builds in child processes, killed at chosen moments

NEW_EPOCH, OLD_EPOCH = "1764000000", "1000000000"
DOCS = ("proleukin-mrcc.pdf", "proleukin-mm.pdf")


def cli_env(cache: Path, epoch: str = NEW_EPOCH) -> dict:
    return {**os.environ, "SOURCE_DATE_EPOCH": epoch, "LEAFWRIGHT_CACHE": str(cache)}


def start(args: list[str], env: dict, cwd: Path, prelude: str = "") -> Child:
    """The real CLI in a child process; `prelude` runs first (to slow a chosen step down)."""
    return Child(args, env, cwd, prelude)


def run(args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    """The CLI in-process (tests/conftest.py run_cli), for builds whose process is not what is
    tested: `env` is applied for the call only."""
    return run_cli(*args, cwd=cwd, env=env)


def wait_for(marker: Path, proc: Child) -> None:
    """Until the child has created `marker` (or ended, or a minute passed: then the assert says why)."""
    deadline = time.monotonic() + 60
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert marker.exists(), proc.communicate()[1]


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> dict:
    """The seed content, its PDFs from an 'earlier' build and from this one (byte-exact)."""
    work = tmp_path_factory.mktemp("faults")
    shutil.copytree(CONTENT, work / "content")
    cache = work / "cache"
    pdfs = {}
    for label, epoch in (("old", OLD_EPOCH), ("new", NEW_EPOCH)):
        proc = run(["build", "-o", str(work / label)], cli_env(cache, epoch), work)
        assert proc.returncode == 0, proc.stderr
        pdfs[label] = {name: (work / label / name).read_bytes() for name in DOCS}
        for name in DOCS:
            assert len(pypdf.PdfReader(work / label / name).pages) >= 1
    assert pdfs["old"] != pdfs["new"]  # the creation date differs, so 'old' and 'new' are told apart
    return {"work": work, "cache": cache, **pdfs}


def fresh_output(seed: dict, name: str) -> Path:
    out = seed["work"] / name
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    for doc, data in seed["old"].items():
        (out / doc).write_bytes(data)
    return out


def assert_only_whole_pdfs(out: Path, *allowed: dict) -> dict[str, str]:
    """Every *.pdf is one of the allowed versions and parses; other files are hidden temporaries.
    Returns which version each PDF is."""
    which = {}
    for path in sorted(out.iterdir()):
        if path.name.endswith(".pdf"):
            data = path.read_bytes()
            versions = [i for i, a in enumerate(allowed) if a.get(path.name) == data]
            assert versions, f"{path.name} is neither an earlier nor a complete new PDF ({len(data)} bytes)"
            assert len(pypdf.PdfReader(path).pages) >= 1
            which[path.name] = versions[0]
        else:
            assert path.name.startswith(".") and path.name.endswith(".tmp") and ".pdf." in path.name, path.name
    assert sorted(which) == sorted(DOCS)
    return which


def test_preload_names_import():
    """The children's server imports PRELOAD quietly, skipping a name that does not import: a
    module renamed away would leave every child importing what it replaced afresh."""
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)


# --- (a) killed at any moment --------------------------------------------------------------------


# A child that says when its imports are done and the build begins.
_READY = """
import os, pathlib
import leafwright.build
pathlib.Path(os.environ["LEAFWRIGHT_TEST_MARKER"]).write_text("ready")
"""


# A child that has its imports builds the seed in some 0.3-0.5 s on an idle machine: the moments
# are dense in that span, and the last ones fall after a (possibly slower) build has finished.
@pytest.mark.parametrize("delay", [0.02, 0.05, 0.08, 0.1, 0.13, 0.16, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.8])
def test_killed_build_leaves_earlier_or_complete_pdfs(seed, delay):
    """Killed `delay` seconds into the build itself: the moments are counted from the child's
    word that its imports are done, so a busy machine still kills it while it builds and writes."""
    out = fresh_output(seed, f"killed-{delay}")
    marker = seed["work"] / f"marker-killed-{delay}"
    proc = start(["build", "-o", str(out)], {**cli_env(seed["cache"]), "LEAFWRIGHT_TEST_MARKER": str(marker)},
                 seed["work"], prelude=_READY)
    wait_for(marker, proc)
    proc.join(delay)  # the moment of the kill is this case's parameter; a child already done has nothing to lose
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert_only_whole_pdfs(out, seed["old"], seed["new"])


# A child that stops at a chosen step of writing, tells the test, and waits to be killed.
_STOP_AT = """
import os, pathlib, sys, time
_marker = pathlib.Path(os.environ["LEAFWRIGHT_TEST_MARKER"])
_step = os.environ["LEAFWRIGHT_TEST_STEP"]
_real_fsync, _real_replace = os.fsync, os.replace
def _stop():
    _marker.write_text("now")
    time.sleep(120)
def _fsync(fd):
    if _step == "half-written":
        os.ftruncate(fd, os.fstat(fd).st_size // 2)  # as if the disk had taken only half so far
    _stop()
def _replace(src, dst):
    _real_replace(src, dst)
    _stop()  # one PDF renamed into place, the other not yet
os.fsync = _fsync if _step in ("half-written", "written-unsynced") else _real_fsync
os.replace = _replace if _step == "between-renames" else _real_replace
"""


@pytest.mark.parametrize("step", ["half-written", "written-unsynced", "between-renames"])
def test_killed_inside_the_write_leaves_whole_files_and_the_next_build_sweeps(seed, step):
    out = fresh_output(seed, f"stop-{step}")
    marker = seed["work"] / f"marker-{step}"
    env = {**cli_env(seed["cache"]), "LEAFWRIGHT_TEST_MARKER": str(marker), "LEAFWRIGHT_TEST_STEP": step}
    proc = start(["build", "-o", str(out)], env, seed["work"], prelude=_STOP_AT)
    wait_for(marker, proc)
    proc.kill()
    proc.communicate(timeout=60)
    which = assert_only_whole_pdfs(out, seed["old"], seed["new"])
    leftovers = [p for p in out.iterdir() if p.name.endswith(".tmp")]
    if step == "between-renames":
        assert sorted(which.values()) == [0, 1]  # one renamed, one still the earlier PDF
        assert len(leftovers) == 1
    else:  # every file is written before any is synced
        assert set(which.values()) == {0} and len(leftovers) == len(DOCS)
    # The next build removes what the killed one left, once it is old enough to be surely dead.
    young = run(["build", "-o", str(out)], cli_env(seed["cache"]), seed["work"])
    assert young.returncode == 0, young.stderr
    assert all(p.exists() for p in leftovers)  # too recent: might belong to a build still running
    past = time.time() - 2 * writing.STALE_SECONDS
    for p in leftovers:
        os.utime(p, (past, past))
    again = run(["build", "-o", str(out)], cli_env(seed["cache"]), seed["work"])
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(DOCS)
    assert set(assert_only_whole_pdfs(out, seed["new"]).values()) == {0}


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_terminated_build_cleans_up_and_says_so(seed, sig):
    out = fresh_output(seed, f"term-{int(sig)}")
    marker = seed["work"] / f"marker-term-{int(sig)}"
    env = {**cli_env(seed["cache"]), "LEAFWRIGHT_TEST_MARKER": str(marker), "LEAFWRIGHT_TEST_STEP": "written-unsynced"}
    proc = start(["build", "-o", str(out)], env, seed["work"], prelude=_STOP_AT)
    wait_for(marker, proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err
    assert err.splitlines()[-1] == "leafwright: interrupted; earlier output left as it was"
    assert sorted(p.name for p in out.iterdir()) == sorted(DOCS)  # no temporary file left behind
    assert set(assert_only_whole_pdfs(out, seed["old"]).values()) == {0}


def test_stale_sweep_spares_a_temporary_file_a_running_build_holds(tmp_path):
    import fcntl

    held, dead, other = (tmp_path / ".a.pdf.abc123.tmp", tmp_path / ".b.pdf.def456.tmp", tmp_path / "notes.tmp")
    for p in (held, dead, other):
        p.write_bytes(b"%PDF-partial")
        os.utime(p, (1, 1))
    with open(held, "rb") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        assert writing.remove_stale_temporaries(tmp_path) == [dead]
    assert held.exists() and not dead.exists() and other.exists()


# --- (b) two builds at once --------------------------------------------------------------------------


def test_two_builds_into_one_folder_leave_only_whole_pdfs(seed):
    other = seed["work"] / "content-b"
    shutil.rmtree(other, ignore_errors=True)
    shutil.copytree(seed["work"] / "content", other)
    text = (other / "publication.yaml").read_text(encoding="utf-8")
    (other / "publication.yaml").write_text(text.replace("title:", "title: Second build of", 1), encoding="utf-8")
    b_ref = seed["work"] / "ref-b"
    assert run(["build", str(other), "-o", str(b_ref)], cli_env(seed["cache"]), seed["work"]).returncode == 0
    b_pdfs = {name: (b_ref / name).read_bytes() for name in DOCS}
    assert b_pdfs != seed["new"]
    for round_ in range(3):
        out = fresh_output(seed, f"both-{round_}")
        procs = [start(["build", pub, "-o", str(out)], cli_env(seed["cache"]), seed["work"])
                 for pub in ("content", str(other))]
        results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
        for stdout, stderr, status in results:
            assert status == 0 and "Traceback" not in stderr, stderr
        assert_only_whole_pdfs(out, seed["new"], b_pdfs)
        assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]  # both finished: both cleaned up


# --- (c) a read-only output folder, (d) a full disk ---------------------------------------------------


TWO_DOCS = {
    "publication.yaml": "documents: [a.yaml, b.yaml]\n",
    "a.yaml": "id: a\nbody:\n  - paragraph: First.\n",
    "b.yaml": "id: b\nbody:\n  - paragraph: Second.\n",
}


def small_publication(tmp_path: Path) -> tuple[Path, Path, dict]:
    pub = write_publication(tmp_path / "pub", TWO_DOCS)
    out = tmp_path / "out"
    out.mkdir()
    earlier = {"a.pdf": b"%PDF-1.4 earlier a\n%%EOF\n", "b.pdf": b"%PDF-1.4 earlier b\n%%EOF\n"}
    for name, data in earlier.items():
        (out / name).write_bytes(data)
    return pub, out, earlier


def cli_in_process(capsys, *args: str) -> tuple[int, list[str]]:
    status = cli.main(list(args))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return status, err.splitlines()


def test_read_only_output_folder(tmp_path):
    pub, out, earlier = small_publication(tmp_path)
    out.chmod(0o555)
    try:
        try:
            (out / "probe").write_bytes(b"")
        except PermissionError:
            pass
        else:
            pytest.skip("chmod does not stop this user from writing (running as root?)")
        proc = run(["build", str(pub), "-o", str(out)], {}, tmp_path)
    finally:
        out.chmod(0o755)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [f"{out}:1:1: error: cannot write output: Permission denied",
                                        "leafwright: 1 error; nothing written"]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == earlier


def test_unwritable_output_folder_simulated(tmp_path, monkeypatch, capsys):
    """The same through the CLI in-process, for users (root) whom chmod does not stop."""
    pub, out, earlier = small_publication(tmp_path)

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(writing.tempfile, "mkstemp", refuse)
    status, lines = cli_in_process(capsys, "build", str(pub), "-o", str(out))
    assert status == 1
    assert lines == [f"{out}:1:1: error: cannot write output: Permission denied",
                     "leafwright: 1 error; nothing written"]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == earlier


def test_output_path_is_a_file(tmp_path, capsys):
    pub, out, _ = small_publication(tmp_path)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    status, lines = cli_in_process(capsys, "build", str(pub), "-o", str(blocker / "out"))
    assert status == 1 and lines[0].endswith("error: cannot write output: Not a directory"), lines


@pytest.mark.parametrize("where", ["first-sync", "second-sync", "write"])
def test_full_disk(tmp_path, monkeypatch, capsys, where):
    pub, out, earlier = small_publication(tmp_path)
    real_fsync, real_fdopen = os.fsync, os.fdopen
    calls = []

    def no_space():
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fsync(fd):
        calls.append(fd)
        if (where == "first-sync" and len(calls) == 1) or (where == "second-sync" and len(calls) == 2):
            no_space()
        return real_fsync(fd)

    class FullFile:
        def __init__(self, fh):
            self.fh = fh

        def write(self, data):
            self.fh.write(data[: len(data) // 3])
            self.fh.flush()
            no_space()

        def __getattr__(self, name):
            return getattr(self.fh, name)

    monkeypatch.setattr(writing.os, "fsync", fsync)
    if where == "write":
        monkeypatch.setattr(writing.os, "fdopen", lambda *a, **k: FullFile(real_fdopen(*a, **k)))
    status, lines = cli_in_process(capsys, "build", str(pub), "-o", str(out))
    assert status == 1
    assert lines == [f"{out}:1:1: error: cannot write output: No space left on device",
                     "leafwright: 1 error; nothing written"]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == earlier  # no temporary file left either


def test_files_are_synced_together_and_before_any_is_renamed(tmp_path, monkeypatch):
    """Each file's fsync waits for the others' to have begun: synced one after another, the
    first would wait for a partner that never comes (and fail after the barrier's timeout)."""
    outputs = {tmp_path / f"{n}.pdf": b"%PDF-1.7 " + bytes([n]) * 1000 for n in range(3)}
    barrier = threading.Barrier(len(outputs), timeout=30)
    renamed, real_fsync, real_replace = [], os.fsync, os.replace

    def fsync(fd):
        if not renamed:  # (the folder's own sync comes after the renames)
            barrier.wait()
        real_fsync(fd)

    monkeypatch.setattr(writing.os, "fsync", fsync)
    monkeypatch.setattr(writing.os, "replace", lambda a, b: (renamed.append(b), real_replace(a, b)))
    writing.write_all(outputs)
    assert sorted(renamed) == sorted(outputs)
    assert {p: p.read_bytes() for p in outputs} == outputs


def test_full_disk_then_space_again(tmp_path, monkeypatch, capsys):
    """After the failure nothing stale is in the way: the next build writes both PDFs."""
    pub, out, _ = small_publication(tmp_path)
    with monkeypatch.context() as m:
        m.setattr(writing.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space")))
        assert cli_in_process(capsys, "build", str(pub), "-o", str(out))[0] == 1
    status, _ = cli_in_process(capsys, "build", str(pub), "-o", str(out))
    assert status == 0
    assert sorted(p.name for p in out.iterdir()) == ["a.pdf", "b.pdf"]
    assert all(len(pypdf.PdfReader(out / n).pages) == 1 for n in ("a.pdf", "b.pdf"))


# --- SOURCE_DATE_EPOCH ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["garbage", "1e9", "1764000000.5", "99999999999999999999", "--5"])
def test_bad_source_date_epoch_is_a_command_line_error(tmp_path, value):
    pub, out, earlier = small_publication(tmp_path)
    proc = run(["build", str(pub), "-o", str(out)], {"SOURCE_DATE_EPOCH": value}, tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [f"leafwright: error: SOURCE_DATE_EPOCH must be whole seconds since "
                                        f"1970-01-01 (as 'date +%s' prints), not {value!r}"]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == earlier


@pytest.mark.parametrize("value", ["", " 1764000000 ", "0"])
def test_good_or_empty_source_date_epoch_builds(tmp_path, value, capsys, monkeypatch):
    pub, out, _ = small_publication(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert cli_in_process(capsys, "build", str(pub), "-o", str(out))[0] == 0


def test_reader_of_stdout_goes_away(tmp_path):
    """`leafwright build | head -0`: the PDFs are written, and no traceback follows."""
    pub, out, _ = small_publication(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "leafwright.cli", "build", str(pub), "-o", str(out)], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.close()  # nobody reads the "wrote ..." lines
    err = proc.stderr.read()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert proc.returncode == 141
    assert all(len(pypdf.PdfReader(out / n).pages) == 1 for n in ("a.pdf", "b.pdf"))
