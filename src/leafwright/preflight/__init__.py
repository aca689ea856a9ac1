"""Preflight: a PDF read back and checked as a print house checks it.

The last stage of the pipeline, and `leafwright preflight` for any PDF (ours or an agency's
export). It trusts nothing upstream: it parses the bytes with pikepdf (qpdf's parser, fast
and exact about operators, unlike text extraction) and checks page boxes, embedded fonts,
ink (CMYK or spot only, total coverage), effective text size, rule width, image resolution,
transparency and PDF/X structure. Each topic is its own module; this one runs them.
"""

from __future__ import annotations

import io
import os
from dataclasses import asdict, dataclass, replace
from typing import Optional, Union

from ..variants import VARIANTS, Expect, Variant, get_variant


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" | "warning"
    check: str  # boxes, fonts, colour, text-size, rule, image, ink, transparency, pdfx
    message: str
    page: Optional[int] = None  # 1-based; None for the whole file

    def __str__(self) -> str:
        return f"page {self.page}: {self.message}" if self.page else self.message

    def as_dict(self) -> dict:
        return asdict(self)


def check(pdf: Union[bytes, str, "os.PathLike"], expect: Expect, trim: Optional[tuple[float, float]] = None,
          bleed: Optional[float] = None) -> list[Finding]:
    """Every finding in `pdf`, in page order; `trim`/`bleed` (pt) when the intended size is
    known (our own builds), else only the boxes' consistency is checked."""
    import pikepdf

    from .content import scan_page
    from .structure import boxes, pdfx, unembedded_fonts

    source = io.BytesIO(pdf) if isinstance(pdf, (bytes, bytearray)) else pdf
    try:
        doc = pikepdf.open(source)
    except pikepdf.PdfError as exc:
        return [Finding("error", "file", f"not a readable PDF: {str(exc).split(': ', 1)[-1]}")]
    with doc:
        if not doc.pages:
            return [Finding("error", "file", "the PDF has no pages")]
        claimed = str(doc.docinfo.get("/GTS_PDFXVersion", "")) if "/Info" in doc.trailer else ""
        known = {v.pdfx.version: v.pdfx for v in VARIANTS.values() if v.pdfx}
        if expect.pdfx is None and claimed in known:  # an agency's PDF/X: held to what it claims
            expect = replace(expect, pdfx=known[claimed])
        found: list[Finding] = []
        for number, page in enumerate(doc.pages, 1):
            found += boxes(page, number, expect, trim, bleed)
            found += unembedded_fonts(page, number)
            found += scan_page(page, number, expect)
        found += pdfx(doc, expect)
        if expect.tagged:
            from .pdfua import pdfua

            found += pdfua(doc)
    return list(dict.fromkeys(found))


def any_print_pdf() -> Expect:
    """What `leafwright preflight` expects of a file without --variant: a print PDF, PDF/X
    only if it says so."""
    return replace(get_variant("print").expect, pdfx=None)


def preflight(pdf: bytes, variant: Union[str, Variant], trim: tuple[float, float], bleed: float) -> list[str]:
    """The errors in one of our own builds (empty when it passes)."""
    return [str(f) for f in check(pdf, get_variant(variant).expect, trim, bleed) if f.severity == "error"]
