"""Preflight reads any PDF back: each planted fault is reported by its own check, a clean page
passes, our own leaflets pass, and the command line reports per file and as JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from reportlab.lib.colors import CMYKColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from leafwright.preflight import check, preflight
from leafwright.variants import get_variant
from tests.conftest import run_cli

LETTER = (612.0, 792.0)
PRINT = get_variant("print").preflight  # the profile our print builds are held to: pdfx4


def _font() -> str:
    import font_source_sans_pro

    path = Path(font_source_sans_pro.__file__).parent / "files" / "SourceSansPro-Regular.ttf"
    pdfmetrics.registerFont(TTFont("PreflightSans", str(path)))
    return "PreflightSans"


def planted(fault: str = "") -> bytes:
    """A letter page with boxes, CMYK text in an embedded font, a 0.5 pt rule and a 300 ppi
    CMYK image; `fault` swaps one of them for a mistake."""
    from PIL import Image

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(630, 810), invariant=1, initialFontName=_font())
    canvas.setTrimBox((9, 9, 621, 801))
    canvas.setBleedBox((0, 0, 630, 810))
    font = "Helvetica" if fault == "font" else "PreflightSans"
    canvas.setFont(font, 4 if fault == "small" else 9)
    if fault == "rgb":
        canvas.setFillColorRGB(0.9, 0.1, 0.1)
    else:
        canvas.setFillColor(CMYKColor(0, 0, 0, 1))
    canvas.drawString(72, 720, "Hello")
    canvas.setStrokeColor(CMYKColor(0, 0, 0, 1))
    canvas.setLineWidth(0.1 if fault == "rule" else 0.5)
    canvas.line(72, 700, 300, 700)
    canvas.setFillColor(CMYKColor(1, 1, 1, 0.5) if fault == "ink" else CMYKColor(0.2, 0.2, 0.2, 0.2))
    canvas.rect(72, 600, 50, 50, stroke=0, fill=1)
    pixels = 72 if fault == "image" else 300  # the image is drawn one inch wide
    canvas.drawInlineImage(Image.new("CMYK", (pixels, pixels), (0, 80, 160, 0)), 72, 400, 72, 72)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _checks(pdf: bytes, profile=PRINT, severity: str = "error") -> dict:
    return {f.rule: str(f) for f in check(pdf, profile) if f.severity == severity and f.check != "pdfx"}


def test_a_clean_page_passes_everything_but_pdfx():
    assert _checks(planted()) == {}
    assert _checks(planted(), severity="warning") == {}


@pytest.mark.parametrize("fault, name, message", [
    ("rgb", "colour.rgb", "page 1: RGB colour (text) in a print PDF"),
    ("small", "text.min-size", "page 1: text at 4.00 pt, below the 5 pt minimum"),
    ("font", "fonts.embedded", "page 1: font Helvetica is not embedded"),
    ("image", "image.resolution-unusable", "at 72 ppi effective, under 300 ppi"),
    ("rule", "lines.min-width", "page 1: a rule 0.10 pt wide, under the 0.25 pt minimum"),
    ("ink", "ink.total", "page 1: a fill with 350% total ink, over 300%"),
])
def test_each_planted_fault_is_reported_by_its_check(fault, name, message):
    found = _checks(planted(fault))
    assert list(found) == [name]
    assert message in found[name]


def test_text_size_is_the_size_on_the_page_not_the_number_after_tf():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1, initialFontName=_font())
    canvas.setFillColor(CMYKColor(0, 0, 0, 1))
    canvas.scale(0.5, 0.5)  # 9 pt type drawn at half size is 4.5 pt on paper
    canvas.setFont("PreflightSans", 9)
    canvas.drawString(72, 720, "small")
    canvas.showPage()
    canvas.save()
    assert "text at 4.50 pt" in _checks(buffer.getvalue(), "review")["text.min-size"]


def test_an_image_between_150_and_300_ppi_is_a_warning():
    from PIL import Image

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1)
    canvas.drawInlineImage(Image.new("CMYK", (200, 200)), 72, 400, 72, 72)
    canvas.showPage()
    canvas.save()
    assert "at 200 ppi effective" in _checks(buffer.getvalue(), severity="warning")["image.resolution"]
    assert not [rule for rule in _checks(buffer.getvalue()) if rule.startswith("image")]


def test_transparency_is_an_error_in_x1a_only():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1)
    canvas.setFillColor(CMYKColor(0, 1, 0, 0))
    canvas.setFillAlpha(0.5)
    canvas.rect(72, 600, 50, 50, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    assert "PDF/X-1a:2003 allows no transparency" in _checks(buffer.getvalue(), "pdfx1a")["transparency.used"]
    assert "transparency.used" not in _checks(buffer.getvalue())


def test_our_own_builds_checked_with_their_size():
    problems = preflight(planted("rgb"), "print", (600, 800), 9.0)
    assert "page 1: TrimBox is 612.00 x 792.00 pt, not 600.00 x 800.00 pt" in problems
    assert "page 1: RGB colour (text) in a print PDF" in problems
    assert preflight(planted(), "screen", (595.28, 841.89), 0.0)[0].startswith(
        "page 1: page is 630.00 x 810.00 pt, not the trim size 595.28 x 841.89 pt")


def test_seed_leaflets_pass_in_every_variant(seed_pdfs):
    """The seed built (without an error: its own preflight passed) in each variant, checked again."""
    assert sorted(seed_pdfs) == ["print", "print-x1a", "screen"]
    for variant, pdfs in seed_pdfs.items():
        assert sorted(pdfs) == ["proleukin-mm", "proleukin-mrcc"]
        for path in pdfs.values():
            assert check(path.read_bytes(), get_variant(variant).preflight, LETTER,
                         9.0 if variant != "screen" else None) == []


def test_command_reports_each_file_and_exits_1_on_errors(tmp_path):
    (tmp_path / "bad.pdf").write_bytes(planted("small"))
    (tmp_path / "ok.pdf").write_bytes(planted())
    proc = run_cli("preflight", str(tmp_path / "ok.pdf"), str(tmp_path / "bad.pdf"))
    assert proc.returncode == 1
    assert f"{tmp_path / 'ok.pdf'}: pass (0 errors, 0 warnings; profile print)" in proc.stdout
    assert "error: page 1: text at 4.00 pt, below the 5 pt minimum [text.min-size]" in proc.stdout
    proc = run_cli("preflight", "--json", str(tmp_path / "bad.pdf"))
    report = json.loads(proc.stdout)
    assert proc.returncode == 1 and report["ok"] is False and report["variant"] is None
    assert {(f["check"], f["rule"]) for f in report["files"][0]["findings"]} == {("text", "text.min-size")}
    assert report["files"][0]["profile"] == "print"  # not PDF/X, and claims not to be
    proc = run_cli("preflight", "--json", "--variant", "print", str(tmp_path / "ok.pdf"))
    assert {f["check"] for f in json.loads(proc.stdout)["files"][0]["findings"]} == {"pdfx"}
    proc = run_cli("preflight", "--json", "--variant", "screen", str(tmp_path / "ok.pdf"))
    assert {f["check"] for f in json.loads(proc.stdout)["files"][0]["findings"]} == {"pdfua"}  # screen is tagged


def test_spot_colour_passes_and_an_unreadable_file_is_an_error_not_a_traceback(tmp_path):
    from reportlab.lib.colors import CMYKColorSep

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1, initialFontName=_font())
    canvas.setFillColor(CMYKColorSep(1, 0.45, 0, 0.14, spotName="PANTONE 2945 C"))
    canvas.rect(72, 600, 50, 50, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    assert b"/Separation" in buffer.getvalue()
    assert _checks(buffer.getvalue(), "print") == {"boxes.trim-present": "page 1: TrimBox missing"}
    assert _checks(buffer.getvalue()) == {}  # PDF/X accepts an ArtBox: pdfx.trim-or-art (not counted here)
    (tmp_path / "bad.pdf").write_bytes(b"not a pdf")
    proc = run_cli("preflight", str(tmp_path / "bad.pdf"))
    assert proc.returncode == 1 and "error: not a readable PDF" in proc.stdout and "Traceback" not in proc.stderr


@pytest.mark.parametrize("place, flagged", [
    (lambda c: c.drawString(72, 400, "Hello"), False),
    (lambda c: c.drawString(14, 400, "Hello"), True),  # 5 pt from the left trim edge
    (lambda c: c.drawRightString(615, 400, "Hello"), True),  # ends 6 pt before the right edge: widths count
    (lambda c: c.drawRightString(600, 400, "Hello"), False),
    (lambda c: c.drawString(300, 796, "Hello"), True),  # the top of the letters near the top edge
    (lambda c: c.drawString(300, 1, "slug line outside the trim"), False),
])
def test_text_keeps_3_mm_inside_the_trim(place, flagged):
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(630, 810), invariant=1, initialFontName=_font())
    canvas.setTrimBox((9, 9, 621, 801))
    canvas.setBleedBox((0, 0, 630, 810))
    canvas.setFont("PreflightSans", 9)
    canvas.setFillColor(CMYKColor(0, 0, 0, 1))
    place(canvas)
    canvas.showPage()
    canvas.save()
    found = _checks(buffer.getvalue())
    assert ("text.safe-area" in found) == flagged, found
    assert set(found) <= {"text.safe-area"}


def test_a_file_claiming_x1a_is_held_to_x1a(tmp_path):
    import pikepdf

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(630, 810), invariant=1, initialFontName=_font())
    canvas.setTrimBox((9, 9, 621, 801))
    canvas.setBleedBox((0, 0, 630, 810))
    canvas.setFillColor(CMYKColor(0, 1, 0, 0))
    canvas.setFillAlpha(0.5)
    canvas.rect(72, 600, 50, 50, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        pdf.docinfo["/GTS_PDFXVersion"] = "PDF/X-1a:2003"
        out = io.BytesIO()
        pdf.save(out)
    found = [(f.rule, str(f)) for f in check(out.getvalue())]
    assert ("transparency.used", "page 1: a graphics state with opacity below 100%; PDF/X-1a:2003 allows no "
                            "transparency") in found
    assert ("pdfx.output-intent", "PDF/X without a GTS_PDFX OutputIntent") in found
    assert ("pdfx.xmp", "PDF/X without XMP metadata") not in found  # X-1a:2003 needs only the Info claim
    assert check(buffer.getvalue()) == []  # the same page, claiming nothing
