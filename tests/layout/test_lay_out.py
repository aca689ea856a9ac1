"""Layout tests that hand a resolved document straight to `lay_out` and read what it drew:
positions with pdfplumber, pixels with pypdfium2. No YAML is written for the layout itself
to be tested, no process started, nothing written to disk."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from leafwright.layout import LaidOut, lay_out
from leafwright.render import render
from leafwright.variants import get_variant
from tests.conftest import ROOT, load_and_resolve, write_publication

SCREEN = get_variant("screen")


@pytest.fixture(scope="module")
def seed():
    _, docs = load_and_resolve(ROOT / "content")
    return {doc.id: doc for doc in docs}


def pixels(pdf: bytes, page: int = 0, scale: float = 1.0):
    import pypdfium2

    return pypdfium2.PdfDocument(pdf)[page].render(scale=scale).to_pil().convert("RGB")


def test_the_title_band_is_brand_across_the_top_and_the_footer_in_the_bottom_margin(seed):
    doc = seed["proleukin-mrcc"]
    laid = lay_out(doc, SCREEN)
    assert isinstance(laid, LaidOut) and laid.ok and laid.passes == 1
    image = pixels(laid.pdf)
    w, h = image.size
    brand = tuple(round(255 * v) for v in doc.theme.colors["brand"].rgb())
    for x in (2, w // 2, w - 3):  # full bleed width, at the very top
        assert all(abs(a - b) <= 2 for a, b in zip(image.getpixel((x, 2)), brand)), image.getpixel((x, 2))
    assert image.getpixel((w // 2, h // 2)) != brand
    with pdfplumber.open(io.BytesIO(laid.pdf)) as pdf:
        page = pdf.pages[0]
        footer = [w for w in page.extract_words() if w["text"] == doc.code]
        bottom, left = doc.theme.margins[2], doc.theme.margins[3]
        assert footer and footer[0]["bottom"] > page.height - bottom and abs(footer[0]["x0"] - left) < 0.5
        title = [w for w in page.extract_words() if w["top"] < 64]
        assert " ".join(w["text"] for w in title).startswith(doc.title.split()[0])


def test_the_same_document_lays_out_to_the_same_bytes_and_the_epoch_only_changes_dates(seed):
    doc = seed["proleukin-mm"]
    first, again = lay_out(doc, SCREEN), lay_out(doc, SCREEN)
    assert first.pdf == again.pdf
    later = lay_out(doc, SCREEN, epoch=first.epoch + 86400)
    assert later.epoch == first.epoch + 86400 and later.pdf != first.pdf
    assert render(later, SCREEN).startswith(b"%PDF-")
    with pdfplumber.open(io.BytesIO(first.pdf)) as a, pdfplumber.open(io.BytesIO(later.pdf)) as b:
        assert [p.extract_words() for p in a.pages] == [p.extract_words() for p in b.pages]


def test_a_word_too_wide_for_its_cell_is_an_error_at_the_word_and_no_pdf(tmp_path):
    root = write_publication(tmp_path / "pub", {
        "publication.yaml": "documents: [doc.yaml]\n",
        "doc.yaml": ("id: doc\nbody:\n  - paragraph: Fine.\n  - table:\n      widths: [20%, 80%]\n      rows:\n"
                     "        - [Source, Details]\n"
                     "        - [\"https://example.com/averyveryverylongpathsegment\", x]\n"),
    })
    _, (doc,) = load_and_resolve(root)
    laid = lay_out(doc, get_variant("print"))
    assert laid.pdf is None and not laid.ok
    [d] = laid.diagnostics
    assert d.severity == "error" and d.span.file.endswith("doc.yaml")
    assert (d.span.line, d.span.col) == (8, 33)  # 'averyvery…', after the break ReportLab found at '/'
    assert "averyveryverylongpathsegment' is" in d.message and "wider than its" in d.message


def test_print_lays_out_on_the_bleed_sheet_and_screen_on_the_trim(seed):
    doc = seed["proleukin-mrcc"]
    with pdfplumber.open(io.BytesIO(lay_out(doc, get_variant("print")).pdf)) as pdf:
        printed = pdf.pages[0]
        size = (printed.width, printed.height)
    with pdfplumber.open(io.BytesIO(lay_out(doc, SCREEN).pdf)) as pdf:
        screen = (pdf.pages[0].width, pdf.pages[0].height)
    assert screen == pytest.approx(doc.theme.page_size)
    assert size[0] > screen[0] + 2 * doc.theme.bleed and size[1] > screen[1] + 2 * doc.theme.bleed
