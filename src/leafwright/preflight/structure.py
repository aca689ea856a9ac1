"""Page boxes, embedded fonts and PDF/X structure: what a file declares, not what it draws."""

from __future__ import annotations

from typing import Optional

from . import Finding
from ..variants import Expect

_TOLERANCE = 0.02  # pt


def _box(page, key: str) -> Optional[tuple[float, float, float, float]]:
    box = page.obj.get(key)
    if box is None and key == "/MediaBox":
        box = page.mediabox
    if box is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _size(box) -> tuple[float, float]:
    return box[2] - box[0], box[3] - box[1]


def _near(a, b) -> bool:
    return all(abs(x - y) <= _TOLERANCE for x, y in zip(a, b))


def _fmt(size) -> str:
    return f"{size[0]:.2f} x {size[1]:.2f} pt"


def _inside(inner, outer) -> bool:
    return (inner[0] >= outer[0] - _TOLERANCE and inner[1] >= outer[1] - _TOLERANCE
            and inner[2] <= outer[2] + _TOLERANCE and inner[3] <= outer[3] + _TOLERANCE)


def boxes(page, number: int, expect: Expect, trim, bleed) -> list[Finding]:
    media = _box(page, "/MediaBox")
    if not expect.boxes:
        if trim is not None and not _near(_size(media), trim):
            return [Finding("error", "boxes", f"page is {_fmt(_size(media))}, not the trim size {_fmt(trim)}", number)]
        return []
    t, b = _box(page, "/TrimBox"), _box(page, "/BleedBox")
    if t is None or b is None:
        return [Finding("error", "boxes", "TrimBox or BleedBox missing", number)]
    out = []
    if trim is not None and not _near(_size(t), trim):
        out.append(Finding("error", "boxes", f"TrimBox is {_fmt(_size(t))}, not {_fmt(trim)}", number))
    if bleed is not None:
        grown = (t[0] - bleed, t[1] - bleed, t[2] + bleed, t[3] + bleed)
        if not _near(b, grown):
            out.append(Finding("error", "boxes", f"BleedBox is not the TrimBox plus {bleed:.2f} pt", number))
    elif not _inside(t, b):
        out.append(Finding("error", "boxes", "TrimBox is not inside the BleedBox", number))
    if not _inside(b, media):
        out.append(Finding("error", "boxes", "MediaBox does not contain the BleedBox", number))
    return out


def _fonts(resources, seen: set):
    """Every font in these resources and in the forms they use (and theirs)."""
    if resources is None or id(resources) in seen:
        return
    seen.add(id(resources))
    for font in (resources.get("/Font") or {}).values():
        yield font
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/Subtype") == "/Form":
            yield from _fonts(xobject.get("/Resources"), seen)


def unembedded_fonts(page, number: int) -> list[Finding]:
    out = []
    for font in _fonts(page.obj.get("/Resources"), set()):
        if font.get("/Subtype") == "/Type3":  # glyphs are content streams
            continue
        if font.get("/Subtype") == "/Type0":
            font = font["/DescendantFonts"][0]
        descriptor = font.get("/FontDescriptor") or {}
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            out.append(Finding("error", "fonts", f"font {name} is not embedded", number))
    return out


def pdfx(doc, expect: Expect) -> list[Finding]:
    """PDF/X structure when the file claims it (its Info says GTS_PDFXVersion) or the variant does."""
    claimed = str(doc.docinfo.get("/GTS_PDFXVersion", "")) if "/Info" in doc.trailer else ""
    wanted = expect.pdfx.version if expect.pdfx else ""
    if not claimed and not wanted:
        return []
    out = []
    if wanted and claimed != wanted:  # (a file claiming a known standard is already held to it)
        out.append(Finding("error", "pdfx", f"GTS_PDFXVersion is {claimed or 'missing'}, not {wanted}"))
    intents = [i for i in (doc.Root.get("/OutputIntents") or []) if i.get("/S") == "/GTS_PDFX"]
    if not intents:
        out.append(Finding("error", "pdfx", "PDF/X without a GTS_PDFX OutputIntent"))
    elif "/OutputConditionIdentifier" not in intents[0]:
        out.append(Finding("error", "pdfx", "the OutputIntent has no OutputConditionIdentifier"))
    elif "/DestOutputProfile" in intents[0] and int(intents[0].DestOutputProfile.get("/N", 0)) != 4:
        out.append(Finding("error", "pdfx", "the OutputIntent's profile is not CMYK"))
    trapped = doc.docinfo.get("/Trapped") if "/Info" in doc.trailer else None
    if str(trapped) not in ("/True", "/False"):
        out.append(Finding("error", "pdfx", "Trapped is neither True nor False"))
    if "/Metadata" not in doc.Root:
        out.append(Finding("error", "pdfx", "PDF/X without XMP metadata"))
    else:
        meta = doc.open_metadata()
        if meta.get("pdfxid:GTS_PDFXVersion", "") != (claimed or wanted):
            out.append(Finding("error", "pdfx", "XMP pdfxid:GTS_PDFXVersion does not match the Info dictionary"))
    version = expect.pdfx.pdf_version if expect.pdfx else None
    if version and doc.pdf_version > version:
        out.append(Finding("error", "pdfx", f"PDF {doc.pdf_version}, newer than {wanted} allows ({version})"))
    for page in doc.pages:
        if "/TrimBox" not in page.obj and "/ArtBox" not in page.obj:
            out.append(Finding("error", "pdfx", "a page has neither TrimBox nor ArtBox"))
            break
    return out
