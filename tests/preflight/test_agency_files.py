"""`leafwright preflight` on PDFs from other tools: each fault planted in a file built with
pikepdf is reported by its check, and each conforming file (or house preference) is not an
error."""

from __future__ import annotations

import io

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from leafwright.preflight import check
from tests.pdfkit import both, claim, gracol, page_pdf, type3_font

TEXT = b"BT /F1 10 Tf 72 700 Td (Hello) Tj ET\n"


def found(pdf: bytes, severity: str = "error") -> list[tuple[str, str]]:
    return [(f.rule, str(f)) for f in check(pdf) if f.severity == severity]


def test_a_plain_page_passes():
    pdf = page_pdf(b"0 0 0 1 k " + TEXT + b"0.2 0 0 0 k 72 600 50 50 re f")
    assert check(pdf) == []


@pytest.mark.parametrize("colour, flagged", [(b"0 0 0 0 k", True), (b"1 g", True), (b"0 0 0 1 k", False)])
def test_white_text_set_to_overprint_is_an_error(colour, flagged):
    def resources(pdf):
        return Dictionary(Font=Dictionary(F1=type3_font(pdf)), ExtGState=Dictionary(OP=Dictionary(OP=True)))

    pdf = page_pdf(b"0.5 0 1 0 k 72 600 200 200 re f /OP gs " + colour + b" " + TEXT, resources)
    overprint = [m for c, m in found(pdf) if c == "overprint.white"]
    assert overprint == (["page 1: white text set to overprint: it disappears on press"] if flagged else [])
    # the same white text knocking out (no /OP) is what white is for
    assert not [c for c, _ in found(page_pdf(b"0.5 0 1 0 k 72 600 200 200 re f " + colour + b" " + TEXT))
                if c == "overprint.white"]


def test_an_encrypted_file_is_an_error():
    plain = page_pdf(b"0 0 0 1 k " + TEXT, save={"encryption": pikepdf.Encryption(owner="owner", user="")})
    assert ("file.encrypted", "the file is encrypted; PDF/X forbids encryption (ISO 15930-4 and -7) and a RIP may "
                              "refuse it") in found(plain)
    locked = page_pdf(b"0 0 0 1 k " + TEXT, save={"encryption": pikepdf.Encryption(owner="owner", user="user")})
    assert found(locked) == [("file.readable", "the file is encrypted with a password; a RIP cannot open it either")]


def _srgb() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@pytest.mark.parametrize("profile, message", [
    (b"this is not a profile" * 10, "the OutputIntent's profile is not an ICC profile"),
    (_srgb(), "the OutputIntent's profile is RGB but labelled /N 4"),
    (gracol()[:5000], "the OutputIntent's profile is truncated"),
])
def test_an_output_intent_with_a_bad_profile_is_an_error(profile, message):
    pdf = page_pdf(b"0 0 0 1 k " + TEXT, edit=claim("PDF/X-1a:2003", profile), version="1.4")
    assert any(c == "pdfx.output-profile" and message in m for c, m in found(pdf)), found(pdf)


def test_the_real_profile_passes_and_littlecms_agrees():
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(io.BytesIO(gracol()))  # a second opinion: littleCMS reads it
    assert profile.profile.xcolor_space == "CMYK" and profile.profile.device_class == "prtr"
    pdf = page_pdf(b"0 0 0 1 k " + TEXT, edit=claim("PDF/X-1a:2003"), version="1.4")
    assert found(pdf) == []


def _shading_pattern(space):
    def resources(pdf):
        shading = Dictionary(ShadingType=2, ColorSpace=space(pdf) if callable(space) else space,
                             Coords=[0, 0, 100, 0],
                             Function=Dictionary(FunctionType=2, Domain=[0, 1], N=1,
                                                 C0=[0, 0, 0] if space == Name.DeviceRGB else [0, 0, 0, 0],
                                                 C1=[1, 0, 0] if space == Name.DeviceRGB else [1, 0, 0, 0]))
        return Dictionary(Pattern=Dictionary(P0=pdf.make_indirect(Dictionary(
            Type=Name.Pattern, PatternType=2, Shading=shading))))

    return resources


def test_rgb_inside_a_shading_pattern_is_an_error():
    content = b"/Pattern cs /P0 scn 72 600 100 100 re f"
    assert ("colour.rgb", "page 1: RGB colour (shading pattern (fill)) in a print PDF") in found(
        page_pdf(content, _shading_pattern(Name.DeviceRGB)))
    assert found(page_pdf(content, _shading_pattern(Name.DeviceCMYK))) == []


def _spaces(pdf):
    icc = pdf.make_stream(gracol())
    icc.N = 4
    tint = Dictionary(FunctionType=2, Domain=[0, 1], N=1, C0=[0, 0, 0], C1=[0, 0.4, 0.8])
    return Dictionary(ColorSpace=Dictionary(
        Spot=Array([Name.Separation, Name("/PANTONE 1505 C"), Name.DeviceRGB, tint]),
        Icc=Array([Name.ICCBased, icc])))


def test_rgb_spot_alternates_and_icc_colour_are_errors_in_x1a_only():
    content = b"/Spot cs 1 sc 72 600 50 50 re f /Icc cs 0 0 0 1 sc 72 500 50 50 re f"
    x1a = found(page_pdf(content, _spaces, claim("PDF/X-1a:2003"), version="1.4"))
    assert ("colour.spot-alternate", "page 1: spot colour PANTONE 1505 C (colour space Spot) has an RGB "
                                     "alternate") in x1a
    assert ("colour.device-independent", "page 1: ICCBased colour (colour space Icc); PDF/X-1a:2003 allows only "
                                         "DeviceCMYK, DeviceGray and spot colour") in x1a
    x4 = page_pdf(content, _spaces, claim("PDF/X-4", xmp="pdfxid"), version="1.6")
    assert found(x4) == []  # ICC colour is X-4's own; an RGB alternate only spoils the proof:
    alternate = "page 1: spot colour PANTONE 1505 C (colour space Spot) has an RGB alternate"
    assert ("colour.spot-alternate", alternate) in found(x4, "warning")


def _link(rect):
    def edit(pdf, page):
        page.obj.Annots = Array([pdf.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=rect, Border=[0, 0, 0],
            A=Dictionary(S=Name.URI, URI=pikepdf.String("https://example.org"))))])

    return edit


def test_a_link_inside_the_trim_is_an_error_in_pdfx_and_a_warning_elsewhere():
    inside = _link([72, 690, 200, 712])
    assert ("annotations.in-trim", "page 1: a Link annotation inside the trim") in found(
        page_pdf(TEXT, edit=both(claim("PDF/X-1a:2003"), inside), version="1.4"))
    plain = page_pdf(TEXT, edit=inside)
    assert found(plain) == [] and ("annotations.in-trim", "page 1: a Link annotation inside the trim") in found(
        plain, "warning")
    assert check(page_pdf(TEXT, edit=_link([0, 0, 8, 8]))) == []  # in the slug: not printed


def test_a_javascript_action_is_reported():
    def script(pdf, page):
        pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert('hi')"))

    assert ("actions.javascript", "JavaScript in the document's open action") in found(
        page_pdf(TEXT, edit=both(claim("PDF/X-1a:2003"), script), version="1.4"))
    assert ("actions.javascript", "JavaScript in the document's open action") in found(page_pdf(TEXT, edit=script),
                                                                               "warning")


def test_transparency_in_a_file_claiming_x3_is_an_error():
    def resources(pdf):
        return Dictionary(Font=Dictionary(F1=type3_font(pdf)), ExtGState=Dictionary(A=Dictionary(ca=0.5)))

    pdf = page_pdf(b"/A gs 0 1 0 0 k 72 600 50 50 re f", resources, claim("PDF/X-3:2002"), version="1.3")
    assert found(pdf) == [("transparency.used", "page 1: a graphics state with opacity below 100%; PDF/X-3:2002 "
                                           "allows no transparency")]


def test_a_font_missing_from_the_resources_is_an_error():
    pdf = page_pdf(b"BT /F9 10 Tf 72 700 Td (Hello) Tj ET")
    assert found(pdf) == [("fonts.in-resources", "page 1: text set in font F9, which is not in the resources (a RIP "
                                    "substitutes a font or stops)")]


def test_icc_based_rgb_is_a_warning_where_the_claimed_pdfx_allows_it():
    from PIL import ImageCms

    def resources(pdf):
        icc = pdf.make_stream(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
        icc.N = 3
        return Dictionary(ColorSpace=Dictionary(Rgb=Array([Name.ICCBased, icc])))

    content = b"/Rgb cs 0.9 0.1 0.1 sc 72 600 50 50 re f"
    x4 = page_pdf(content, resources, claim("PDF/X-4", xmp="pdfxid"), version="1.6")
    icc_rgb = ("colour.icc-rgb", "page 1: ICC-based RGB colour (fill), which the RIP converts to the press's inks")
    assert found(x4) == [] and found(x4, "warning") == [icc_rgb]  # X-4 allows it: the profile makes it a warning
    assert icc_rgb in found(page_pdf(content, resources))  # a print file claiming no PDF/X: an error
    assert icc_rgb in found(page_pdf(content, resources, claim("PDF/X-1a:2003"), version="1.4"))


def _tiling(cell: bytes, self_reference: bool = False):
    def resources(pdf):
        pattern = pdf.make_stream(cell, Type=Name.Pattern, PatternType=1, PaintType=1, TilingType=1,
                                  BBox=[0, 0, 10, 10], XStep=10, YStep=10)
        pattern.Resources = Dictionary(Pattern=Dictionary(P0=pattern)) if self_reference else Dictionary()
        return Dictionary(Pattern=Dictionary(P0=pattern))

    return resources


def test_a_tiling_pattern_cell_is_checked_like_a_form():
    content = b"/Pattern cs /P0 scn 72 600 100 100 re f"
    assert ("colour.rgb", "page 1: RGB colour (fill) in a print PDF") in found(
        page_pdf(content, _tiling(b"1 0 0 rg 0 0 5 5 re f")))
    assert found(page_pdf(content, _tiling(b"0 1 0 0 k 0 0 5 5 re f"))) == []
    assert found(page_pdf(content, _tiling(b"/Pattern cs /P0 scn 0 0 5 5 re f", self_reference=True))) == [
        ("content.forms", "page 1: a tiling pattern draws itself (a cycle a RIP may loop on); not followed")]
