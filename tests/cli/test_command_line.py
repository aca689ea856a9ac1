"""The command line's own cases: --version, where the publication is, -o, --only, PDF dates."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

import pytest
from pypdf import PdfReader

from leafwright import cli
from tests.conftest import ROOT, write_publication

HINT = "pass the publication folder (the one that holds publication.yaml), e.g. 'leafwright {} my-leaflets'"
TWO = {
    "publication.yaml": """
        id: two
        data: data.yaml
        references: refs.yaml
        citations: {scope: document}
        documents: [good.yaml, bad.yaml]
    """,
    "data.yaml": "values: {n: 40, k: 9}\nstats: {rate: {count: k, of: n}}\n",
    "refs.yaml": "- {id: fyfe1995, text: Fyfe G. A paper. 1995.}\n",
    "good.yaml": """
        id: good
        date: 2026-11
        body:
          - paragraph: Rate {rate:ci}.[@fyfe1995]
    """,
    "bad.yaml": """
        id: bad
        body:
          - paragraph: Rate {rat}.[@fyfe1996]
    """,
}


def run(capsys, *args: str) -> tuple[int, list[str], list[str]]:
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out.splitlines(), err.splitlines()


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert exit_.value.code == 0 and capsys.readouterr().out == f"leafwright {version}\n"


@pytest.mark.parametrize("command", ["build", "check"])
def test_no_content_folder_here_says_to_pass_the_publication(tmp_path, monkeypatch, capsys, command):
    monkeypatch.chdir(tmp_path)
    assert run(capsys, command) == (2, [], [f"leafwright: error: no content/ folder here; {HINT.format(command)}"])
    assert list(tmp_path.iterdir()) == []  # no output/ either


def test_a_folder_that_is_not_a_publication(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "notes.txt").write_text("x")
    hint = HINT.format("build")
    assert run(capsys, "build")[2] == [f"leafwright: error: 'content' has no publication.yaml; {hint}"]
    assert run(capsys, "build", "nosuch")[2] == [f"leafwright: error: no folder 'nosuch'; {hint}"]
    assert run(capsys, "build", "notes.txt") == (2, [], [f"leafwright: error: 'notes.txt' is a file; {hint}"])


def test_output_naming_a_file_says_so(tmp_path, capsys):
    pub = write_publication(tmp_path / "pub", TWO)
    existing = tmp_path / "old.bin"
    existing.write_bytes(b"keep")
    status, _, err = run(capsys, "build", str(pub), "-o", str(existing))
    assert status == 2 and err == [f"leafwright: error: -o '{existing}' is a file; name a folder: "
                                   f"each document is written there as ID.pdf"]
    assert existing.read_bytes() == b"keep"
    status, _, err = run(capsys, "build", str(pub), "-o", str(tmp_path / "leaflet.pdf"))
    assert status == 2 and err[0].endswith("looks like a file name; name a folder: each document is written "
                                           "there as ID.pdf")
    assert not (tmp_path / "leaflet.pdf").exists()


def test_only_builds_a_document_that_another_documents_errors_do_not_affect(tmp_path, capsys):
    pub = write_publication(tmp_path / "pub", TWO)
    out = tmp_path / "out"
    status, stdout, err = run(capsys, "build", str(pub), "-o", str(out), "--only", "good")
    assert status == 0, err
    assert stdout == [f"wrote {out / 'good.pdf'}"] and sorted(p.name for p in out.iterdir()) == ["good.pdf"]
    # the other document's problems are still shown, as what they are
    assert [line.split(": ", 1)[1] for line in err[:2]] == [
        "error: unknown name 'rat'; did you mean 'rate'?",
        "error: unknown reference 'fyfe1996'; did you mean 'fyfe1995'?"]
    assert all(line.startswith(str(os.path.relpath(pub / "bad.yaml")) + ":3:") for line in err[:2])
    assert err[2] == "leafwright: 2 errors in other documents, which do not affect 'good'"
    # building the broken one, or everything, still fails and writes nothing
    for args in (["--only", "bad"], []):
        status, stdout, err = run(capsys, "build", str(pub), "-o", str(tmp_path / "none"), *args)
        assert status == 1 and stdout == [] and err[-1] == "leafwright: 2 errors; nothing written"
    assert not (tmp_path / "none").exists()


def test_only_also_when_another_document_does_not_load(tmp_path, capsys):
    pub = write_publication(tmp_path / "pub", {**TWO, "bad.yaml": "id: bad\nbody: [\n"})
    status, _, err = run(capsys, "build", str(pub), "-o", str(tmp_path / "out"), "--only", "good")
    assert status == 0 and (tmp_path / "out" / "good.pdf").exists()
    assert "bad.yaml:" in err[0] and ": error: " in err[0]
    # a typo in the id cannot be told from the document that did not load: its errors are shown
    status, _, err = run(capsys, "build", str(pub), "-o", str(tmp_path / "out2"), "--only", "god")
    assert status == 1 and "bad.yaml" in err[0]


def test_only_with_an_unknown_id_is_a_usage_error_even_when_a_document_has_errors(tmp_path, capsys):
    pub = write_publication(tmp_path / "pub", TWO)
    status, _, err = run(capsys, "build", str(pub), "-o", str(tmp_path / "out"), "--only", "godo")
    assert status == 2 and err == ["leafwright: error: --only: no document 'godo'; did you mean 'good'? "
                                   "(ids: good, bad)"]


def test_only_is_blocked_when_citations_number_across_the_publication(tmp_path, capsys):
    pub = write_publication(tmp_path / "pub", {
        **TWO, "publication.yaml": TWO["publication.yaml"].replace("scope: document", "scope: publication")})
    status, _, err = run(capsys, "build", str(pub), "-o", str(tmp_path / "out"), "--only", "good")
    assert status == 1 and err[-1] == "leafwright: 2 errors; nothing written"
    assert not (tmp_path / "out").exists()


def _dates(path) -> tuple[str, str]:
    info = PdfReader(path).metadata
    return info["/CreationDate"], info["/ModDate"]


def test_empty_source_date_epoch_is_unset_and_the_date_comes_from_the_document(tmp_path):
    """A real process: an empty SOURCE_DATE_EPOCH once ended in a NumPy traceback (SciPy's
    import, for the `ci` spec this document prints)."""
    pub = write_publication(tmp_path / "pub", {**TWO, "bad.yaml": "id: bad\nbody: [paragraph: x]\n"})
    out = tmp_path / "out"
    env = {**os.environ, "SOURCE_DATE_EPOCH": ""}
    proc = subprocess.run([sys.executable, "-m", "leafwright", "build", str(pub), "-o", str(out)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert _dates(out / "good.pdf") == ("D:20261101000000+00'00'",) * 2  # date: 2026-11
    assert _dates(out / "bad.pdf") == ("D:20000101000000+00'00'",) * 2  # no date: the fixed one


@pytest.mark.parametrize("date, expected", [
    ("2026-11-15", "D:20261115"), ("2027", "D:20270101"), ("March 2026", "D:20260301"),
    ("Q3 2026", "D:20000101"),
])
def test_pdf_date_from_the_document_date_or_source_date_epoch(tmp_path, monkeypatch, capsys, date, expected):
    pub = write_publication(tmp_path / "pub", {
        **TWO, "good.yaml": TWO["good.yaml"].replace("2026-11", f"'{date}'")})
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert run(capsys, "build", str(pub), "-o", str(tmp_path / "out"), "--only", "good")[0] == 0
    assert _dates(tmp_path / "out" / "good.pdf")[0].startswith(expected)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")  # set: it wins over the document
    assert run(capsys, "build", str(pub), "-o", str(tmp_path / "out2"), "--only", "good")[0] == 0
    assert _dates(tmp_path / "out2" / "good.pdf")[0] == "D:20251124160000+00'00'"
