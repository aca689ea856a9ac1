"""Progress of a build (CONTENT-FORMAT.md, "Catalogues on a cluster"): on a terminal a bar
redrawn in place with done / total and the time left; elsewhere (a CI log, a pipe) plain
lines, one at each tenth; nothing for one or two documents."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from leafwright import cli
from tests.conftest import write_publication


def publication(folder, n: int):
    files = {"publication.yaml": "id: many\ndocuments: [" + ", ".join(f"d{i}.yaml" for i in range(n)) + "]\n"}
    files.update({f"d{i}.yaml": f"id: d{i}\nbody:\n  - paragraph: Document {i}.\n" for i in range(n)})
    return write_publication(folder / "pub", files)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def build(tmp_path, n: int, stderr: io.StringIO) -> str:
    pub = publication(tmp_path, n)
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["build", str(pub), "-o", str(tmp_path / "out")]) == 0
    return stderr.getvalue()


def test_plain_lines_at_each_tenth_when_not_a_terminal(tmp_path):
    err = build(tmp_path, 12, io.StringIO())
    lines = [line for line in err.splitlines() if line.startswith("leafwright: ")]
    done = [int(re.match(r"leafwright: (\d+)/12 documents built, \d+ s left$", line).group(1)) for line in lines]
    assert done == sorted(set(done)) and done[-1] == 12  # each line further on, the last says all
    assert 5 <= len(done) <= 10 and "\r" not in err


def test_a_bar_redrawn_in_place_on_a_terminal(tmp_path):
    err = build(tmp_path, 5, Terminal())
    frames = err.split("\r")[1:]
    assert len(frames) == 5 and all(re.fullmatch(r"\[#*\s*\] \d/5 · \d+ s left \n?", f) for f in frames), frames
    assert frames[-1].startswith("[" + "#" * 24 + "] 5/5") and frames[-1].endswith("\n")


@pytest.mark.parametrize("stderr", [io.StringIO, Terminal])
def test_nothing_for_two_documents(tmp_path, stderr):
    assert build(tmp_path, 2, stderr()) == ""
