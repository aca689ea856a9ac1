"""A paragraph split across pages prints the lines it was measured with (see layout/splitting.py)."""

from __future__ import annotations

import pdfplumber

from tests.conftest import built_pdf

# Three lines at the default theme's width; the first ends at the hyphen of a bold "high-dose"
# that runs into the next word. ReportLab re-broke the first part of its split without that
# hyphen, one line taller than the room it was cut for: "Splitting error(n==2)".
TEXT = ("a IU/kg trial high-dose progression-free and in progression-free aldesleukin progression-free x "
        "treatment 15-minute trial^1^ with. **a high-dose**treatment months in of of treatment with treatment "
        "**50% with**months trial x trial 50% progression-free trial IU/kg were response the 600,000 of,^b^ "
        "600,000 aldesleukin high-dose follow-up with months 600,000 and patients")


def _pages(tmp_path, before: str) -> list[str]:
    path = built_pdf(tmp_path, {
        "publication.yaml": "id: p\ndocuments: [doc.yaml]\n",
        "doc.yaml": f'id: doc\ntitle: Split\nbody:\n{before}  - paragraph: "{TEXT}"\n',
    })
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() for page in pdf.pages]


def test_split_paragraph_keeps_its_lines_and_its_hyphen(tmp_path):
    pages = _pages(tmp_path, "  - spacer: 626pt\n")  # leaves 30 pt: room for two of its three lines
    assert len(pages) == 2
    first, second = (p.splitlines() for p in pages)
    assert first[-3].endswith("with. a high-") and first[-2].startswith("dosetreatment months")
    assert first[-2].endswith("were response the")
    assert second[0].startswith("600,000 of,b 600,000 aldesleukin")
    assert "highdose" not in "".join(pages)


def test_paragraph_wrapped_twice_keeps_its_hyphen(tmp_path):
    # After a heading the paragraph is wrapped to keep it with the heading, then again to place it.
    pages = _pages(tmp_path, "  - heading: Kept with what follows\n")
    assert len(pages) == 1
    assert "with. a high-\ndosetreatment" in pages[0]
