"""Preflight reads the produced bytes back: a good leaflet passes, a careless PDF does not."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from leafwright.build import build
from leafwright.preflight import preflight
from tests.conftest import CONTENT

LETTER = (612.0, 792.0)


def careless_pdf() -> bytes:
    """RGB text in Helvetica (not embedded), no TrimBox or BleedBox."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1)
    canvas.setFillColorRGB(0.9, 0.1, 0.1)
    canvas.drawString(72, 720, "Hello")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_careless_pdf_fails_every_check():
    problems = preflight(careless_pdf(), "print", LETTER, 9.0)
    assert "page 1: TrimBox or BleedBox missing" in problems
    assert "page 1: RGB colour in a print PDF" in problems
    assert "page 1: font Helvetica is not embedded" in problems


def test_screen_checks_the_page_size():
    assert preflight(careless_pdf(), "screen", (595.28, 841.89), 0.0)[0].startswith(
        "page 1: page is 612.00 x 792.00 pt, not the trim size 595.28 x 841.89 pt")


def test_seed_leaflets_pass_in_both_variants(tmp_path):
    for variant in ("print", "screen"):
        result = build(CONTENT, tmp_path / variant, variant=variant)
        assert result.ok, [str(d) for d in result.diagnostics]
        for path in result.written:
            assert preflight(path.read_bytes(), variant, LETTER, 9.0) == []
