"""A document's own `page:` wins over the theme's: one publication, a Letter and an A4 edition."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from leafwright.build import build
from tests.conftest import write_publication

A4 = (595.2756, 841.8898)
LETTER = (612.0, 792.0)
EDITION = """
    id: {id}
    title: Edition {id}
    {page}
    body:
      - heading: Results
      - paragraph: {text}
"""


def _publication(folder: Path, us_page: str = "", eu_page: str = "page: {size: a4, margins: 15mm}") -> Path:
    return write_publication(folder, {
        "publication.yaml": "id: two\ntheme: theme.yaml\ndocuments: [us.yaml, eu.yaml]\n",
        "theme.yaml": "page: {size: letter, margins: 0.5in, bleed: 9pt, crop-marks: true}\n",
        "us.yaml": EDITION.format(id="us", page=us_page, text="word " * 400),
        "eu.yaml": EDITION.format(id="eu", page=eu_page, text="word " * 400),
    })


def _boxes(path: Path) -> tuple:
    page = PdfReader(path).pages[0]
    return tuple(tuple(round(float(v), 2) for v in box) for box in (page.mediabox, page.trimbox, page.bleedbox))


def _text_left_edge(path: Path) -> float:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        return min(c["x0"] for c in page.chars if c["text"] == "w") - float(page.trimbox[0])


def test_letter_and_a4_editions_in_one_publication(tmp_path):
    pub = _publication(tmp_path / "pub")
    result = build(pub, tmp_path / "out")
    assert result.ok, result.diagnostics
    border = 9 + 27  # bleed plus the room for crop marks
    for name, (w, h) in (("us", LETTER), ("eu", A4)):
        media, trim, bleed = _boxes(tmp_path / "out" / f"{name}.pdf")
        assert media == (0, 0, round(w + 2 * border, 2), round(h + 2 * border, 2))
        assert trim == (border, border, round(border + w, 2), round(border + h, 2))
        assert bleed == (27, 27, round(border + w + 9, 2), round(border + h + 9, 2))
    # the margins came along: text starts 0.5in in on Letter, 15mm in on A4
    assert abs(_text_left_edge(tmp_path / "out" / "us.pdf") - 36) < 0.5
    assert abs(_text_left_edge(tmp_path / "out" / "eu.pdf") - 15 * 72 / 25.4) < 0.5


def test_screen_variant_uses_the_document_page_too(tmp_path):
    pub = _publication(tmp_path / "pub", eu_page="page: {size: [100mm, 200mm], margins: [10mm, 8mm, 12mm, 8mm]}")
    result = build(pub, tmp_path / "out", variant="screen")
    assert result.ok, result.diagnostics
    media, _, _ = _boxes(tmp_path / "out" / "eu.pdf")
    assert media == (0, 0, round(100 * 72 / 25.4, 2), round(200 * 72 / 25.4, 2))
    assert _boxes(tmp_path / "out" / "us.pdf")[0] == (0, 0) + LETTER


def test_document_page_without_crop_marks_or_bleed(tmp_path):
    pub = _publication(tmp_path / "pub", eu_page="page: {size: a5, bleed: 0pt, crop-marks: false}")
    result = build(pub, tmp_path / "out")
    assert result.ok, result.diagnostics
    media, trim, _ = _boxes(tmp_path / "out" / "eu.pdf")
    assert media == trim == (0, 0, 419.53, 595.28)
    assert _boxes(tmp_path / "out" / "us.pdf")[1][0] == 36  # the theme's crop marks stay for the other
