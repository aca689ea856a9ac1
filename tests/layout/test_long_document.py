"""A long generated publication (tests/longdoc.py) builds: 400 sections of about a page each
failed on "Splitting error(n==2)" before layout/splitting.py. Its own file, so the suite's
workers (xdist, one file each) run it beside the rest. Its time is a benchmark
(benchmarks/long_document.py), not an assertion."""

from __future__ import annotations

import pypdfium2
import pytest

from leafwright.build import build
from tests.longdoc import long_publication

pytestmark = pytest.mark.start_first  # one 400-section build, the suite's longest test


def test_a_400_section_publication_builds(tmp_path):
    long_publication(tmp_path / "pub", 400)
    result = build(tmp_path / "pub", tmp_path / "out")  # its time is a benchmark (benchmarks/long_document.py)
    assert [str(d) for d in result.diagnostics if d.severity == "error"] == []
    pdf = pypdfium2.PdfDocument(tmp_path / "out" / "long.pdf")  # opens only the pages read, unlike pdfplumber
    try:
        assert len(pdf) > 200
        assert "Section 400:" in "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf) - 3, len(pdf)))
    finally:
        pdf.close()
