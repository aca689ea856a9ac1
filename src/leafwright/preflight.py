"""Preflight: the produced PDF read back and checked before it may be written.

The last stage of the pipeline. It does not trust the layout code: it parses the bytes
(pypdf) and checks what a print house checks — page boxes, CMYK-only colour, embedded
fonts — so a regression in any earlier stage becomes an error instead of a bad PDF.
"""

from __future__ import annotations

import io
import re

_RGB_OP = re.compile(rb"(?<![\w/])(rg|RG)(?=\s)")
_TOLERANCE = 0.02  # pt


def preflight(pdf: bytes, variant: str, trim: tuple[float, float], bleed: float) -> list[str]:
    """Problems found in `pdf` (empty when it passes)."""
    from pypdf import PdfReader

    problems: list[str] = []
    reader = PdfReader(io.BytesIO(pdf))
    if not reader.pages:
        return ["the PDF has no pages"]
    for number, page in enumerate(reader.pages, 1):
        where = f"page {number}"
        if variant == "print":
            problems += _boxes(page, trim, bleed, where)
            problems += [f"{where}: RGB colour in a print PDF" for _ in _rgb_streams(page)][:1]
        elif not _near(_size(page.mediabox), trim):
            problems.append(f"{where}: page is {_fmt(_size(page.mediabox))}, not the trim size {_fmt(trim)}")
        problems += [f"{where}: font {name} is not embedded" for name in _unembedded_fonts(page)]
    if variant == "print" and b"/DeviceRGB" in pdf:
        problems.append("an RGB colour space (DeviceRGB) in a print PDF")
    return list(dict.fromkeys(problems))


def _size(box) -> tuple[float, float]:
    return float(box.width), float(box.height)


def _near(a, b) -> bool:
    return all(abs(x - y) <= _TOLERANCE for x, y in zip(a, b))


def _fmt(size) -> str:
    return f"{size[0]:.2f} x {size[1]:.2f} pt"


def _boxes(page, trim, bleed, where) -> list[str]:
    if "/TrimBox" not in page or "/BleedBox" not in page:
        return [f"{where}: TrimBox or BleedBox missing"]
    t, b, m = page.trimbox, page.bleedbox, page.mediabox
    out = []
    if not _near(_size(t), trim):
        out.append(f"{where}: TrimBox is {_fmt(_size(t))}, not {_fmt(trim)}")
    grown = (float(t.left) - bleed, float(t.bottom) - bleed, float(t.right) + bleed, float(t.top) + bleed)
    if not _near((float(b.left), float(b.bottom), float(b.right), float(b.top)), grown):
        out.append(f"{where}: BleedBox is not the TrimBox plus {bleed:.2f} pt")
    if float(m.left) > float(b.left) or float(m.bottom) > float(b.bottom) \
            or float(m.right) < float(b.right) or float(m.top) < float(b.top):
        out.append(f"{where}: MediaBox does not contain the BleedBox")
    return out


def _rgb_streams(page):
    """Content streams of the page and its form XObjects that set RGB colour."""
    streams = [page.get_contents()]
    xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
    streams += [x.get_object() for x in xobjects.values() if x.get_object().get("/Subtype") == "/Form"]
    return [s for s in streams if s is not None and _RGB_OP.search(s.get_data())]


def _unembedded_fonts(page):
    fonts = ((page.get("/Resources") or {}).get("/Font") or {}).values()
    for ref in fonts:
        font = ref.get_object()
        if font.get("/Subtype") == "/Type0":
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            yield str(font.get("/BaseFont", "?")).lstrip("/")
