"""`--variant review`: the screen PDF with one highlight annotation per claims-matrix row, on
the row's page and over the text it names, its note holding the row."""

from __future__ import annotations

import csv

import pikepdf
import pytest

from tests.conftest import run_cli


@pytest.fixture(scope="module")
def review(seed_claims, tmp_path_factory):
    """The seed's review PDFs, built beside the claims run tests/conftest.py shares."""
    out = tmp_path_factory.mktemp("review")
    proc = run_cli("build", "--variant", "review", "-o", str(out), cwd=seed_claims)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize("doc", ["proleukin-mrcc", "proleukin-mm"])
def test_one_annotation_per_row_on_its_page_over_its_text(seed_claims, review, doc):
    import pdfplumber

    with open(seed_claims / "output" / f"{doc}-claims.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    path = review / f"{doc}.pdf"
    with pikepdf.open(path) as pdf, pdfplumber.open(path) as plumb:
        by_page = {}
        for number, page in enumerate(pdf.pages, 1):
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") == "/Highlight":
                    by_page[str(annot.T)] = (number, [float(v) for v in annot.Rect], str(annot.Contents))
        assert sorted(by_page) == sorted(r["id"] for r in rows)
        for r in rows:
            number, (x0, y0, x1, y1), note = by_page[r["id"]]
            assert str(number) == r["page"], r
            assert note.startswith(f"{r['kind']} {r['status'].split(' ')[0]}".strip()) and r["value"] in note
            if r["formula"]:
                assert f"formula: {r['formula']}" in note
            if r["text"].startswith("Chart:"):
                continue
            page = plumb.pages[number - 1]
            first = r["value"].lstrip("(")[0]
            over = [c for c in page.chars if c["text"] == first and x0 - 2.5 <= c["x0"] <= x1
                    and y0 - 1 <= page.height - c["bottom"] + 1 and page.height - c["top"] - 1 <= y1 + 1]
            assert over, (r["id"], r["value"], (x0, y0, x1, y1))
