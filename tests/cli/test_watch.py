"""`leafwright watch`: rebuilds on a save of what the publication read, keeps what did not
change, keeps the last good PDF on an error, and picks up files the publication names later.
`Watcher.rebuild` is driven directly; one test goes through watchfiles, one through Ctrl-C."""

from __future__ import annotations

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

from leafwright.load.fonts import packaged_source_sans
from leafwright.watch import Watcher, watch
from tests.conftest import pdf_text, write_publication

DOC = "id: {id}\ntitle: Doc {id}\nbody:\n  - paragraph: The {word} response in {id}.\n"


def small(tmp_path: Path, docs=("a", "b"), extra: str = "") -> Path:
    listed = ", ".join(f"{d}.yaml" for d in docs)
    files = {"publication.yaml": f"id: p\n{extra}documents: [{listed}]\n"}
    files.update({f"{d}.yaml": DOC.format(id=d, word="durable") for d in docs})
    return write_publication(tmp_path / "pub", files)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edit_rebuilds_that_document_once_and_leaves_the_other(tmp_path):
    pub, out = small(tmp_path), tmp_path / "out"
    w = Watcher(pub, out)
    first = w.rebuild(None)
    assert first.result.ok and sorted(p.name for p in first.result.written) == ["a.pdf", "b.pdf"]
    b_before = (out / "b.pdf").stat().st_mtime_ns
    edit(pub / "a.yaml", "durable", "lasting")
    again = w.rebuild([pub / "a.yaml"])
    assert again.result.laid_out == ["a"]  # b's resolved document did not change: its PDF is kept
    assert [p.name for p in again.result.written] == ["a.pdf"]
    assert "The lasting response in a." in pdf_text(out / "a.pdf")
    assert (out / "b.pdf").stat().st_mtime_ns == b_before
    assert "built in" in again.summary() and "a.pdf" in again.summary()


def test_a_file_the_publication_does_not_read_is_no_rebuild(tmp_path):
    pub = small(tmp_path)
    (pub / "notes.txt").write_text("scratch", encoding="utf-8")
    w = Watcher(pub, tmp_path / "out")
    w.rebuild(None)
    assert w.rebuild([pub / "notes.txt", tmp_path / "out" / "a.pdf"]) is None
    assert w.rebuild([pub / "b.yaml"]) is not None


def test_a_content_error_keeps_the_last_good_pdf(tmp_path):
    pub, out = small(tmp_path), tmp_path / "out"
    w = Watcher(pub, out)
    w.rebuild(None)
    good = (out / "a.pdf").read_bytes()
    edit(pub / "a.yaml", "body:", "body: [")
    broken = w.rebuild([pub / "a.yaml"])
    assert not broken.result.ok and broken.result.written == []
    assert any(d.span.file.endswith("a.yaml") and d.severity == "error" for d in broken.diagnostics)
    assert "the last good PDFs are kept" in broken.summary()
    assert (out / "a.pdf").read_bytes() == good
    edit(pub / "a.yaml", "body: [", "body:")
    edit(pub / "a.yaml", "durable", "fixed")
    fixed = w.rebuild([pub / "a.yaml"])
    assert fixed.result.ok and "The fixed response in a." in pdf_text(out / "a.pdf")


def test_a_document_added_to_the_publication_is_picked_up(tmp_path):
    pub, out = small(tmp_path), tmp_path / "out"
    w = Watcher(pub, out)
    w.rebuild(None)
    (pub / "c.yaml").write_text(DOC.format(id="c", word="new"), encoding="utf-8")
    assert w.rebuild([pub / "c.yaml"]) is None  # not named yet
    edit(pub / "publication.yaml", "b.yaml]", "b.yaml, c.yaml]")
    added = w.rebuild([pub / "publication.yaml"])
    assert added.result.ok and "The new response in c." in pdf_text(out / "c.pdf")
    assert added.result.laid_out == ["c"]
    edit(pub / "c.yaml", "new", "newer")
    assert w.rebuild([pub / "c.yaml"]) is not None
    assert "The newer response in c." in pdf_text(out / "c.pdf")


def test_a_named_file_created_later_is_picked_up(tmp_path):
    pub, out = small(tmp_path, docs=("a",)), tmp_path / "out"
    edit(pub / "publication.yaml", "a.yaml]", "a.yaml, later/d.yaml]")
    w = Watcher(pub, out)
    missing = w.rebuild(None)
    assert not missing.result.ok and not out.exists()
    (pub / "later").mkdir()
    (pub / "later" / "d.yaml").write_text(DOC.format(id="d", word="late"), encoding="utf-8")
    found = w.rebuild([pub / "later" / "d.yaml"])
    assert found is not None and found.result.ok
    assert "The late response in d." in pdf_text(out / "d.pdf")


def _base_fonts(path: Path) -> set[str]:
    reader = pypdf.PdfReader(path)
    return {str(f.get_object()["/BaseFont"]).split("+")[-1]
            for p in reader.pages for f in p["/Resources"]["/Font"].values()}


def test_an_edited_font_file_is_used_by_the_next_rebuild(tmp_path):
    """ReportLab's font registry and the glyph cache outlive a build in this process: a font
    file saved over must still be read again."""
    pub, out = small(tmp_path, docs=("a",)), tmp_path / "out"
    write_publication(pub, {"theme.yaml": "fonts:\n  body: Brand\n  heading: Brand\n"})
    edit(pub / "publication.yaml", "id: p\n", "id: p\ntheme: theme.yaml\n")
    (pub / "fonts").mkdir()
    face = pub / "fonts" / "Brand-Regular.ttf"
    shutil.copy(packaged_source_sans()["regular"], face)
    w = Watcher(pub, out)
    assert w.rebuild(None).result.ok
    assert _base_fonts(out / "a.pdf") == {"SourceSansPro-Regular"}
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.is_file():
        pytest.skip("no second TrueType font on this machine")
    shutil.copy(dejavu, face)
    os.utime(face, ns=(time.time_ns(), time.time_ns() + 10**9))  # a later time even on coarse clocks
    again = w.rebuild([face])
    assert again.result.ok and again.result.laid_out == ["a"]
    assert _base_fonts(out / "a.pdf") == {"DejaVuSans"}


def test_watchfiles_drives_one_rebuild_per_save(tmp_path, monkeypatch):
    """Two saves, two rebuilds: a save rebuilt twice would show as a fourth build before the
    second save's. Each step waits for its event (the file watcher set up, a build reported,
    the second save's text in the PDF), never for a guessed time."""
    import watchfiles.main

    listening, real_notify = threading.Event(), watchfiles.main.RustNotify

    def notify(*args, **kwargs):
        made = real_notify(*args, **kwargs)
        listening.set()  # the file system watch is in place: a save from now on is seen
        return made

    monkeypatch.setattr(watchfiles.main, "RustNotify", notify)
    pub, out = small(tmp_path), tmp_path / "out"
    lines: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(pub, out), kwargs={"echo": lines.append, "stop_event": stop},
                              daemon=True)
    thread.start()
    try:
        _wait(lambda: any("built in" in x for x in lines) and listening.is_set(), "the first build")
        edit(pub / "a.yaml", "durable", "watched")
        _wait(lambda: sum("built in" in x for x in lines) >= 2, "a rebuild")
        edit(pub / "a.yaml", "watched", "rewatched")
        _wait(lambda: sum("built in" in x for x in lines) >= 3, "the second rebuild")
        assert sum("built in" in x for x in lines) == 3, lines
        assert "The rewatched response in a." in pdf_text(out / "a.pdf")
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


def _wait(condition, what: str, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"no {what} within {timeout} s")
        time.sleep(0.05)


def test_ctrl_c_exits_130(tmp_path):
    pub = small(tmp_path)
    env = dict(os.environ)  # its PYTHONPATH names this leafwright (tests/conftest.py)
    proc = subprocess.Popen([sys.executable, "-m", "leafwright.cli", "watch", str(pub), "-o", str(tmp_path / "out")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline()
        assert "built in" in line, line + proc.stderr.read()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 130
        assert "interrupted" in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
