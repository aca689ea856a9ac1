"""A block that cannot fit a page is a content error at its line, not a LayoutError."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli, write_publication

BIG = "word " * 3000


@pytest.mark.parametrize("block, kind", [
    (f'  - callouts:\n      - {{value: "1", label: "{BIG}"}}', "callouts"),
    (f'  - table:\n      rows: [["{BIG}", "x"]]', "table"),
    (f'  - panel:\n      body: [{{paragraph: "{BIG}"}}]', "panel"),
])
def test_too_tall_block_is_reported_at_its_line(tmp_path, block, kind):
    pub = write_publication(tmp_path / "pub", {
        "publication.yaml": "id: p\ndocuments: [doc.yaml]\n",
        "doc.yaml": f"id: doc\nbody:\n  - paragraph: before\n{block}\n",
    })
    proc = run_cli("build", str(pub), "-o", str(tmp_path / "out"))
    assert proc.returncode == 1
    assert f"doc.yaml:4:5: error: this {kind} block is" in proc.stderr
    assert "does not fit on a page" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()
