"""Our own builds are preflighted from what layout noted while drawing (layout/drawn.py), not
by reading the content streams back. The self-check: on the same PDF, the drawing-time marks
and the full content scan agree page by page (each tally, the fonts text uses and every
finding) for the seed, the fixtures and a generated long document in each variant, and
planted faults are found both ways. Recording never changes a byte of the PDF."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from reportlab.lib.colors import CMYKColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from leafwright import pipeline
from leafwright.layout import lay_out
from leafwright.layout.drawn import Drawn, recording
from leafwright.preflight import check
from leafwright.preflight.content import scan_page
from leafwright.preflight.drawn import _names_hold, judge_marks
from leafwright.preflight.profiles import get_profile
from leafwright.render import render
from leafwright.variants import get_variant
from tests.conftest import CONTENT
from tests.longdoc import long_publication

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _documents(publication: Path) -> list:
    loaded = pipeline.load(publication)
    return pipeline.printable(list(pipeline.resolve(loaded.publication).documents))


def _tallies(scan) -> dict:
    near = lambda x: None if x is None else round(x, 2)  # noqa: E731
    return {"min_text": near(scan.min_text), "min_rule": near(scan.min_rule), "max_ink": near(scan.max_ink),
            "near_trim": scan.near_trim, "fonts": scan.fonts, "findings": sorted(map(str, scan.findings))}


def _both_ways(doc, variant, profile=None) -> list[tuple[dict, dict]]:
    """(marks' tallies, scan's tallies) of each page of `doc` laid out for `variant`, held to
    its profile (or `profile`)."""
    drawn = Drawn()
    laid = lay_out(doc, variant, (drawn,))
    pdf = render(laid, variant)
    marks = drawn.result()
    expect = profile or get_profile(variant.preflight)
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        assert len(marks) == len(opened.pages)
        assert not any(m.unmodelled for m in marks)  # every page judged from its marks
        return [(_tallies(judge_marks(page, n, expect, marks[n - 1])), _tallies(scan_page(page, n, expect)))
                for n, page in enumerate(opened.pages, 1)]


@pytest.fixture(scope="module")
def long_document(tmp_path_factory):
    return _documents(long_publication(tmp_path_factory.mktemp("long"), 30, 2))


@pytest.mark.parametrize("variant", ["print", "print-x1a", "screen"])
@pytest.mark.parametrize("where", ["seed", "full", "mlr", "long"])
def test_the_marks_and_the_full_scan_agree_page_by_page(where, variant, long_document):
    docs = long_document if where == "long" else _documents(CONTENT if where == "seed" else FIXTURES / where)
    for doc in docs:
        for page, (marks, scan) in enumerate(_both_ways(doc, get_variant(variant)), 1):
            assert marks == scan, f"{where} {doc.id} page {page}"
            assert scan["min_text"] is not None and scan["fonts"]  # (it compared something)


def test_recording_does_not_change_a_byte():
    for doc in _documents(FIXTURES / "full") + _documents(CONTENT):
        for name in ("print", "screen"):
            variant = get_variant(name)
            assert lay_out(doc, variant, (), 0).pdf == lay_out(doc, variant, (Drawn(),), 0).pdf


@pytest.mark.parametrize("fault, message", [
    ({"min_text": 40.0}, "pt, below the 40 pt minimum"),  # every line is now tiny
    ({"safe_margin": 60.0}, "line(s) of text within 60 mm of the trim edge"),  # and too near the trim
])
def test_faults_in_a_laid_out_leaflet_are_found_both_ways(fault, message):
    doc = _documents(CONTENT)[0]
    variant = get_variant("print")
    pages = _both_ways(doc, variant, replace(get_profile(variant.preflight), **fault))
    for marks, scan in pages:
        assert marks == scan
    assert all(any(message in f for f in marks["findings"]) for marks, _ in pages)


def test_rgb_colour_in_a_leaflet_is_found_both_ways():
    """The screen layout (RGB theme colours) judged as print."""
    doc = _documents(CONTENT)[0]
    pages = _both_ways(doc, get_variant("screen"), get_profile("print"))
    for marks, scan in pages:
        assert marks == scan
    assert any("RGB colour (text) in a print PDF" in f for marks, _ in pages for f in marks["findings"])


def _planted(drawn: Drawn) -> bytes:
    """A page drawn on a recording canvas with tiny RGB text at the trim's edge, a hairline, a
    white fill set to overprint and a 72 ppi image."""
    from PIL import Image

    buffer = io.BytesIO()
    canvas = recording(Canvas, drawn)(buffer, pagesize=(630, 810), invariant=1)
    canvas.setTrimBox((9, 9, 621, 801))
    canvas.setBleedBox((0, 0, 630, 810))
    canvas.setFont("Helvetica", 3)
    canvas.setFillColorRGB(0.9, 0.1, 0.1)
    canvas.drawString(12, 400, "at the edge")
    canvas.setFillColor(CMYKColor(0, 0, 0, 1))
    canvas.setFont("Helvetica", 9)
    tx = canvas.beginText(72, 720)
    tx.textLine("safe")
    tx.textOut("and ")
    tx.setFillColor(CMYKColor(1, 1, 1, 0.5))
    tx.textOut("rich")
    canvas.drawText(tx)
    canvas.setStrokeColor(CMYKColor(0, 0, 0, 1))
    canvas.setLineWidth(0.1)
    canvas.line(72, 700, 300, 700)
    canvas.saveState()
    canvas.setFillOverprint(True)
    canvas.setFillColor(CMYKColor(0, 0, 0, 0))
    canvas.rect(72, 600, 50, 50, stroke=0, fill=1)
    canvas.restoreState()
    canvas.drawImage(ImageReader(Image.new("CMYK", (72, 72), (0, 80, 160, 0))), 72, 400, 72, 72)
    canvas.saveState()
    canvas.setFillAlpha(0.5)  # transparency: PDF/X-1a allows none
    canvas.setBlendMode("Multiply")
    canvas.rect(200, 600, 50, 50, stroke=0, fill=1)
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_planted_faults_on_a_recording_canvas_are_found_both_ways():
    drawn = Drawn()
    pdf = _planted(drawn)
    expect = get_profile("print")
    marks = drawn.result()
    assert len(marks) == 1 and not marks[0].unmodelled
    with pikepdf.open(io.BytesIO(pdf)) as opened:  # judged from the marks, not scanned after all
        assert _names_hold(opened.pages[0], marks[0])
    from_marks, from_scan = check(pdf, expect, drawn=marks), check(pdf, expect)
    assert set(from_marks) == set(from_scan)
    found = {f.rule: str(f) for f in from_scan}
    assert "text at 3.00 pt, below the 5 pt minimum" in found["text.min-size"]
    assert found["text.safe-area"] == "page 1: 1 line(s) of text within 3 mm of the trim edge"
    assert "RGB colour (text) in a print PDF" in {str(f).split(": ", 1)[1] for f in from_scan if f.rule == "colour.rgb"}
    assert "a rule 0.10 pt wide" in found["lines.min-width"]
    assert "350% total ink" in found["ink.total"]
    assert "white fill set to overprint" in found["overprint.white"]
    assert "72 ppi effective" in found["image.resolution-unusable"]
    assert "font Helvetica is not embedded" in found["fonts.embedded"]
    x1a = "pdfx1a"
    from_marks, from_scan = check(pdf, x1a, drawn=marks), check(pdf, x1a)
    assert set(from_marks) == set(from_scan)
    assert {str(f) for f in from_scan if f.rule == "transparency.used"} == {
        "page 1: a graphics state with opacity below 100%; PDF/X-1a:2003 allows no transparency",
        "page 1: the blend mode Multiply; PDF/X-1a:2003 allows no transparency"}


def test_marks_naming_an_image_the_page_does_not_hold_are_not_trusted():
    """A stage after layout that renamed an image would hide it from the marks: the page is
    scanned instead, and the image's resolution is still reported."""
    drawn = Drawn()
    pdf = _planted(drawn)
    marks = drawn.result()
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        xobjects = opened.pages[0].Resources.XObject
        (name,) = list(xobjects.keys())
        xobjects["/Renamed"] = xobjects[name]
        del xobjects[name]
        opened.pages[0].Contents = opened.make_stream(opened.pages[0].Contents.read_bytes().replace(
            name.encode() + b" Do", b"/Renamed Do"))
        assert not _names_hold(opened.pages[0], marks[0])
        out = io.BytesIO()
        opened.save(out)
    found = {f.rule: str(f) for f in check(out.getvalue(), "print", drawn=marks)}
    assert "image Renamed at 72 ppi effective" in found["image.resolution-unusable"]


def test_a_page_the_recorder_cannot_follow_is_scanned():
    """An inline image is written as literal operators: that page's content stream is read."""
    from PIL import Image

    drawn = Drawn()
    buffer = io.BytesIO()
    canvas = recording(Canvas, drawn)(buffer, pagesize=(630, 810), invariant=1)
    canvas.drawInlineImage(Image.new("RGB", (10, 10)), 72, 400, 72, 72)
    canvas.showPage()
    canvas.save()
    marks = drawn.result()
    assert marks[0].unmodelled == ("an inline image",)
    found = {f.check for f in check(buffer.getvalue(), "print", drawn=marks)}
    assert {"colour", "image"} <= found


def test_render_document_preflights_from_the_marks_without_reading_pages_back(monkeypatch):
    """Our own build: no page's content stream is interpreted, and a fault is still reported."""
    from leafwright.preflight import content

    scanned: list = []
    monkeypatch.setattr(content, "scan_page", lambda *args, **kwargs: scanned.append(args) or None)
    variant = get_variant("print")
    strict = replace(variant, preflight=replace(get_profile(variant.preflight), min_text=40.0))
    rendered = pipeline.render_document(_documents(CONTENT)[0], strict)
    assert rendered.pdf is not None and scanned == []
    assert any("below the 40 pt minimum" in x.message for x in rendered.diagnostics)
