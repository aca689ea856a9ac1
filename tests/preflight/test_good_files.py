"""Good files pass: PDF/X-1a:2003 with or without XMP (Adobe's pdfx: namespace too), PDF/X-3
as Ghostscript writes it, and house preferences are warnings, not errors."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from pikepdf import Dictionary, Name

from leafwright.preflight import check
from tests.pdfkit import claim, gracol, page_pdf, type3_font

TEXT = b"BT /F1 10 Tf 72 700 Td (Hello) Tj ET\n"


def found(pdf: bytes, severity: str = "error") -> list[tuple[str, str]]:
    return [(f.rule, str(f)) for f in check(pdf) if f.severity == severity]


@pytest.mark.parametrize("xmp", [None, "pdfx", "pdfxid"])
def test_x1a_2003_passes_without_xmp_or_with_either_namespace(xmp):
    assert check(page_pdf(TEXT, edit=claim("PDF/X-1a:2003", xmp=xmp), version="1.4")) == []


def test_xmp_that_contradicts_the_info_claim_is_an_error():
    def contradict(pdf, page):
        claim("PDF/X-1a:2003")(pdf, page)
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["pdfx:GTS_PDFXVersion"] = "PDF/X-1a:2001"

    assert found(page_pdf(TEXT, edit=contradict, version="1.4")) == [
        ("pdfx.xmp", "XMP GTS_PDFXVersion does not match the Info dictionary")]


def test_x4_still_requires_xmp():
    assert ("pdfx.xmp", "PDF/X without XMP metadata") in found(page_pdf(TEXT, edit=claim("PDF/X-4"), version="1.6"))


def test_x3_as_ghostscript_writes_it_passes():
    """Ghostscript's -dPDFX output: PDF 1.3, Info claim PDF/X-3:2002, Trapped False, an
    OutputIntent with the profile, TrimBox and BleedBox, and no XMP."""
    assert check(page_pdf(b"0 0 0 1 k " + TEXT, edit=claim("PDF/X-3:2002"), version="1.3")) == []


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript (gs) is not installed")
def test_a_real_ghostscript_x3_file_passes(tmp_path):
    """A second opinion on what "good" is: Ghostscript's own PDF/X-3 output of a clean page."""
    from reportlab.lib.colors import CMYKColor
    from reportlab.pdfgen.canvas import Canvas

    source = tmp_path / "in.pdf"
    canvas = Canvas(str(source), pagesize=(630, 810), invariant=1)
    canvas.setTrimBox((9, 9, 621, 801))
    canvas.setBleedBox((0, 0, 630, 810))
    canvas.setFillColor(CMYKColor(0.2, 0.6, 0, 0))
    canvas.rect(72, 600, 200, 100, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    profile = tmp_path / "press.icc"
    profile.write_bytes(gracol())
    definition = tmp_path / "PDFX_def.ps"
    definition.write_text(f"""%!
[ /GTS_PDFXVersion (PDF/X-3:2002) /Title (Test) /Trapped /False /DOCINFO pdfmark
[/_objdef {{icc_PDFX}} /type /stream /OBJ pdfmark
[{{icc_PDFX}} << /N 4 >> /PUT pdfmark
[{{icc_PDFX}} ({profile}) (r) file /PUT pdfmark
[/_objdef {{OutputIntent_PDFX}} /type /dict /OBJ pdfmark
[{{OutputIntent_PDFX}} << /Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier (CGATS TR 006)
  /RegistryName (http://www.color.org) /DestOutputProfile {{icc_PDFX}} >> /PUT pdfmark
[{{Catalog}} << /OutputIntents [ {{OutputIntent_PDFX}} ] >> /PUT pdfmark
""")
    out = tmp_path / "x3.pdf"
    subprocess.run(["gs", "-q", "-dPDFX", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite", "-sColorConversionStrategy=CMYK",
                    f"--permit-file-read={profile}", f"-sOutputFile={out}", str(definition), str(source)],
                   check=True, capture_output=True, timeout=120)
    import pikepdf

    with pikepdf.open(out) as pdf:
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-3:2002" and pdf.pdf_version == "1.3"
    assert found(out.read_bytes()) == []


def test_a_trimbox_without_a_bleedbox_is_a_house_warning():
    pdf = page_pdf(TEXT, bleed=False)
    assert found(pdf) == []
    assert found(pdf, "warning") == [("boxes.bleed-present",
                                      "page 1: TrimBox without BleedBox: no bleed is declared (house rule)")]


def _helvetica(pdf):
    helvetica = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    return Dictionary(Font=Dictionary(F1=type3_font(pdf), F2=helvetica))


@pytest.mark.parametrize("content, severity, rule, message", [
    (b"BT /F2 10 Tf 3 Tr 72 700 Td (ocr text) Tj ET", "warning", "fonts.invisible-unembedded",
     "page 1: font Helvetica is not embedded; it sets only invisible text (render mode 3), which does not print"),
    (TEXT, "warning", "fonts.unused",
     "page 1: font Helvetica is not embedded, and no text uses it (an unused font in the resources)"),
    (b"BT /F2 10 Tf 72 700 Td (seen) Tj ET", "error", "fonts.embedded", "page 1: font Helvetica is not embedded"),
])
def test_an_unembedded_font_is_an_error_only_where_it_prints(content, severity, rule, message):
    pdf = page_pdf(content, _helvetica)
    assert found(pdf, severity) == [(rule, message)]
    if severity == "warning":
        assert found(pdf) == []
