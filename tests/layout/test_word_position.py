"""A word too wide for its column is reported at the word, in its cell, not at the table's start."""

from __future__ import annotations

from leafwright.build import build
from tests.conftest import write_publication


def test_a_url_too_wide_for_a_table_column_is_reported_at_its_cell(tmp_path):
    root = write_publication(tmp_path / "pub", {
        "publication.yaml": "documents: [doc.yaml]\n",
        "doc.yaml": ("id: doc\nbody:\n  - paragraph: Fine.\n  - table:\n      widths: [20%, 80%]\n      rows:\n"
                     "        - [Source, Details]\n"
                     "        - [\"https://example.com/averyveryverylongpathsegment\", x]\n"),
    })
    result = build(root, tmp_path / "out")
    [d] = result.diagnostics
    assert d.severity == "error" and d.span.file.endswith("doc.yaml")
    assert (d.span.line, d.span.col) == (8, 33)  # 'averyvery…', after the break ReportLab found at '/'
    assert "averyveryverylongpathsegment' is" in d.message and "wider than its" in d.message
    assert not (tmp_path / "out").exists()
