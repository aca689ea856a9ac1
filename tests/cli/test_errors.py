"""Broken publications: every error reported with its position, exit 1, nothing written."""

from __future__ import annotations

from tests.conftest import run_cli, write_publication

GOOD = {
    "publication.yaml": """
        id: t
        data: data.yaml
        references: refs.yaml
        documents: [doc.yaml]
    """,
    "data.yaml": """
        values: {a: {n: 40, k: 9}}
        stats: {rate: {count: a.k, of: a.n}}
    """,
    "refs.yaml": """
        - id: fyfe1995
          text: Fyfe G. A paper. 1995.
    """,
    "doc.yaml": """
        id: doc
        body:
          - paragraph: Rate {rate}.[@fyfe1995]
    """,
}


def test_good_publication_builds(tmp_path):
    pub = write_publication(tmp_path / "pub", GOOD)
    proc = run_cli("build", str(pub), "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "doc.pdf").stat().st_size > 1000


def test_several_errors_all_reported_and_old_pdf_untouched(tmp_path):
    pub = write_publication(tmp_path / "pub", GOOD)
    out = tmp_path / "out"
    assert run_cli("build", str(pub), "-o", str(out)).returncode == 0
    before = (out / "doc.pdf").read_bytes()
    write_publication(pub, {"doc.yaml": """
        id: doc
        body:
          - paragraph: Rate {rat}.[@fyfe1996]
          - paragrph: typo
          - paragraph: See[^nope].
    """})
    proc = run_cli("build", str(pub), "-o", str(out))
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert any(line.endswith("error: unknown name 'rat'; did you mean 'rate'?") and ":3:" in line for line in lines)
    assert any("error: unknown reference 'fyfe1996'; did you mean 'fyfe1995'?" in line for line in lines)
    assert any(":4:5: error: unknown block kind 'paragrph'; did you mean 'paragraph'?" in line for line in lines)
    assert any("error: unknown note 'nope'" in line for line in lines)
    assert "Traceback" not in proc.stderr
    assert (out / "doc.pdf").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name != "doc.pdf"]


def test_bad_command_line_exits_2(tmp_path):
    assert run_cli("build", "--variant", "glossy").returncode == 2
    assert run_cli("frobnicate").returncode == 2


def test_check_writes_nothing(tmp_path):
    pub = write_publication(tmp_path / "pub", GOOD)
    proc = run_cli("check", str(pub), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "output").exists()


def test_strict_turns_warnings_into_errors(tmp_path):
    pub = write_publication(tmp_path / "pub", {**GOOD, "refs.yaml": GOOD["refs.yaml"].rstrip(" ") + "        - {id: unused, text: X.}\n"})
    out = tmp_path / "out"
    relaxed = run_cli("build", str(pub), "-o", str(out))
    assert relaxed.returncode == 0 and "warning: reference 'unused' is never cited" in relaxed.stderr
    (out / "doc.pdf").unlink()
    for args in (["build", str(pub), "-o", str(out), "--strict"], ["check", str(pub), "--strict"]):
        proc = run_cli(*args)
        assert proc.returncode == 1
        assert "error: reference 'unused' is never cited" in proc.stderr
    assert not (out / "doc.pdf").exists()


def test_only_builds_one_document_and_unknown_id_is_a_usage_error(tmp_path):
    pub = write_publication(tmp_path / "pub", GOOD)
    proc = run_cli("build", str(pub), "-o", str(tmp_path / "out"), "--only", "doc")
    assert proc.returncode == 0, proc.stderr
    proc = run_cli("build", str(pub), "-o", str(tmp_path / "out2"), "--only", "dco")
    assert proc.returncode == 2
    assert "no document 'dco'; did you mean 'doc'?" in proc.stderr
    assert not (tmp_path / "out2").exists()


def test_check_says_what_it_found(tmp_path):
    pub = write_publication(tmp_path / "pub", GOOD)
    proc = run_cli("check", str(pub))
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"{pub}: no errors, 0 warnings"
