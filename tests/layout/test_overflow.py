"""A block that cannot fit a page is a content error at its line, not a LayoutError."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli, run_cli_process, write_publication

BIG = "word " * 3000


def build_doc(tmp_path, doc: str):
    """Build a one-document publication (DOC is doc.yaml's text) through the CLI."""
    pub = write_publication(tmp_path / "pub", {"publication.yaml": "id: p\ndocuments: [doc.yaml]\n", "doc.yaml": doc})
    return run_cli("build", str(pub), "-o", str(tmp_path / "out"))


def build_after_a_paragraph(tmp_path, block: str):
    """BLOCK (YAML at body level) after a first paragraph, so it starts at doc.yaml line 4."""
    return build_doc(tmp_path, f"id: doc\nbody:\n  - paragraph: before\n{block}\n")


@pytest.mark.parametrize("block, kind", [
    (f'  - callouts:\n      - {{value: "1", label: "{BIG}"}}', "callouts"),
    (f'  - table:\n      rows: [["{BIG}", "x"]]', "table"),
    (f'  - panel:\n      body: [{{paragraph: "{BIG}"}}]', "panel"),
])
def test_too_tall_block_is_reported_at_its_line(tmp_path, block, kind):
    proc = build_after_a_paragraph(tmp_path, block)
    assert proc.returncode == 1
    assert f"doc.yaml:4:5: error: this {kind} block is" in proc.stderr
    assert "does not fit on a page" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("block, message", [
    ("  - table: {widths: [1%, 99%], rows: [[a, b]]}", "this table: a column would be"),
    ("  - callouts: [" + ", ".join(["{value: '1'}"] * 40) + "]", "40 callouts side by side: a column would be"),
    ("  - columns: [" + ", ".join(["[{paragraph: x}]"] * 40) + "]", "40 columns side by side: a column would be"),
])
def test_too_narrow_is_reported_at_its_line(tmp_path, block, message):
    proc = build_after_a_paragraph(tmp_path, block)
    assert proc.returncode == 1, proc.stderr
    assert f"doc.yaml:4:5: error: {message}" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_empty_table_row_is_harmless(tmp_path):
    proc = build_doc(tmp_path, "id: doc\nbody:\n  - table: {rows: [[]]}\n  - paragraph: after\n")
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_documents_layout_problem_is_reported(tmp_path, jobs):
    tall = f'id: ID\nbody:\n  - callouts:\n      - {{value: "1", label: "{BIG}"}}\n'
    pub = write_publication(tmp_path / "pub", {
        "publication.yaml": "id: p\ndocuments: [a.yaml, b.yaml]\n",
        "a.yaml": tall.replace("ID", "a"), "b.yaml": tall.replace("ID", "b"),
    })
    # --jobs 2 forks worker processes: from a child of its own, as from a shell, not from the
    # test process and its threads.
    run = run_cli if jobs == "1" else run_cli_process
    proc = run("build", str(pub), "-o", str(tmp_path / "out"), "--jobs", jobs)
    assert proc.returncode == 1
    assert "a.yaml:3:5: error: this callouts block" in proc.stderr
    assert "b.yaml:3:5: error: this callouts block" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("block", [
    "  - paragraph: https://example.org/" + "x" * 300,
    "  - columns: [[{paragraph: a}], [{paragraph: 'https://example.org/" + "y" * 120 + "'}]]",
])
def test_text_wider_than_its_box_is_an_error(tmp_path, block):
    proc = build_after_a_paragraph(tmp_path, block)
    assert proc.returncode == 1, proc.stderr
    assert "doc.yaml:4:" in proc.stderr and "wider than its" in proc.stderr  # the innermost block
    assert "Traceback" not in proc.stderr
