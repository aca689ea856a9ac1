"""PDFs as other tools write them, built object by object with pikepdf, for the preflight tests.

`page_pdf` makes a one-page print file (TrimBox inside a 9 pt bleed, a Type 3 font so text
needs no font program) whose content and resources a test chooses; `edit` lets it plant
anything else (a claim, an OutputIntent, an annotation) before the bytes are written.
"""

from __future__ import annotations

import io
from importlib.resources import files
from typing import Callable, Optional

import pikepdf
from pikepdf import Array, Dictionary, Name

SIZE = (630, 810)
TRIM = [9, 9, 621, 801]


def type3_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """A Type 3 font whose every glyph is a square: its glyphs are content streams, so there
    is nothing to embed and any text set in it passes the font checks."""
    square = pdf.make_stream(b"500 0 0 0 500 500 d1 0 0 500 500 re f")
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type3, FontBBox=[0, 0, 500, 500], FontMatrix=[0.001, 0, 0, 0.001, 0, 0],
        CharProcs=Dictionary(sq=square), Encoding=Dictionary(Type=Name.Encoding, Differences=[32] + [Name.sq] * 95),
        FirstChar=32, LastChar=126, Widths=[500] * 95, Resources=Dictionary()))


def page_pdf(content: bytes, resources: Optional[Callable] = None, edit: Optional[Callable] = None,
             bleed: bool = True, version: Optional[str] = None, save: Optional[dict] = None) -> bytes:
    """One page drawing `content`; `resources(pdf)` returns the page's resource dictionary
    (default: the Type 3 font as /F1); `edit(pdf, page)` changes anything before saving."""
    pdf = pikepdf.new()
    res = resources(pdf) if resources else Dictionary(Font=Dictionary(F1=type3_font(pdf)))
    page = pdf.add_blank_page(page_size=SIZE)
    page.obj.Resources = res
    page.obj.Contents = pdf.make_stream(content)
    page.obj.TrimBox = Array(TRIM)
    if bleed:
        page.obj.BleedBox = Array([0, 0, *SIZE])
    if edit:
        edit(pdf, page)
    out = io.BytesIO()
    pdf.save(out, force_version=version, **(save or {}))
    return out.getvalue()


def gracol() -> bytes:
    """Our CMYK output profile: a real one for OutputIntents."""
    return (files("leafwright.render") / "profiles" / "GRACoL_TR006_coated.icc").read_bytes()


def claim(version: str, profile: Optional[bytes] = None, n: int = 4, xmp: Optional[str] = None) -> Callable:
    """An edit that makes the file a PDF/X of `version`: the Info claim, Trapped, a GTS_PDFX
    OutputIntent with `profile` (ours unless given), and XMP only when `xmp` is the name of
    the namespace prefix to state the version in (pdfxid or Adobe's pdfx)."""

    def edit(pdf: pikepdf.Pdf, page) -> None:
        stream = pdf.make_stream(profile if profile is not None else gracol())
        stream.N = n
        pdf.Root.OutputIntents = Array([pdf.make_indirect(Dictionary(
            Type=Name.OutputIntent, S=Name.GTS_PDFX, OutputConditionIdentifier=pikepdf.String("CGATS TR 006"),
            RegistryName=pikepdf.String("http://www.color.org"), DestOutputProfile=stream))])
        pdf.docinfo["/GTS_PDFXVersion"] = pikepdf.String(version)
        pdf.docinfo["/Trapped"] = Name("/False")
        if xmp:
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
                meta[f"{xmp}:GTS_PDFXVersion"] = version

    return edit


def both(*edits: Callable) -> Callable:
    def edit(pdf, page):
        for e in edits:
            e(pdf, page)

    return edit
