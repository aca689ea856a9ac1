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

from ..variants import VARIANTS, Expect, PdfX, Variant, get_variant


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


# PDF/X claims other tools write that no variant of ours produces, held to their own rules:
# PDF/X-3 (ISO 15930-3:2002, -6:2003) allows ICC-based colour but, like X-1a, no transparency.
X3 = {version: PdfX(version=version, pdf_version=pdf, transparency=False, xmp=False)
      for version, pdf in (("PDF/X-3:2002", "1.3"), ("PDF/X-3:2003", "1.4"))}


def known_claims() -> dict[str, PdfX]:
    """Every GTS_PDFXVersion preflight knows the rules of: our variants' and X-3."""
    return {**X3, **{v.pdfx.version: v.pdfx for v in VARIANTS.values() if v.pdfx}}


def check(pdf: Union[bytes, str, "os.PathLike"], expect: Expect, trim: Optional[tuple[float, float]] = None,
          bleed: Optional[float] = None, drawn: Optional[tuple] = None) -> list[Finding]:
    """Every finding in `pdf`, in page order; `trim`/`bleed` (pt) when the intended size is
    known (our own builds), else only the boxes' consistency is checked. `drawn` (a
    marks.PageMarks per page, noted by layout while drawing our own build) stands in for
    reading the pages' content streams back.

    Never raises for what is in the file: a malformed object is a finding for its page (or
    the file), and the pages after it are still checked, so one broken agency file cannot
    hide the report of the others on the command line."""
    import pikepdf

    source = io.BytesIO(pdf) if isinstance(pdf, (bytes, bytearray)) else pdf
    try:
        doc = pikepdf.open(source)
    except pikepdf.PasswordError:
        return [Finding("error", "file", "the file is encrypted with a password; a RIP cannot open it either")]
    except Exception as exc:  # qpdf's parser, or the file system: a report line, not a traceback
        return [Finding("error", "file", f"not a readable PDF: {_reason(exc)}")]
    with doc:
        try:
            return list(dict.fromkeys(_check(doc, expect, trim, bleed, drawn)))
        except Exception as exc:  # a malformed object the checks below did not foresee
            return [Finding("error", "file", f"malformed PDF, cannot be checked: {_reason(exc)}")]


def _check(doc, expect: Expect, trim, bleed, drawn=None) -> list[Finding]:
    from .actions import annotations, javascript
    from .drawn import page_content
    from .structure import boxes, fonts, pdfx

    if not doc.pages:
        return [Finding("error", "file", "the PDF has no pages")]
    info = doc.docinfo if "/Info" in doc.trailer else {}
    claimed = str(info.get("/GTS_PDFXVersion", ""))
    known = known_claims()
    if expect.pdfx is None and claimed in known:  # an agency's PDF/X: held to what it claims
        expect = replace(expect, pdfx=known[claimed])
    found: list[Finding] = []
    if doc.is_encrypted and expect.print_colour:
        found.append(Finding("error", "file", "the file is encrypted; PDF/X forbids encryption (ISO 15930-4 and -7) "
                                              "and a RIP may refuse it"))
    cache: dict = {}  # per document: images measured once however many pages place them
    drawn = drawn if drawn is not None and len(drawn) == len(doc.pages) else None
    for number, page in enumerate(doc.pages, 1):  # each step on its own: a malformed box keeps the ink report
        scans: list = []
        found += _step("boxes", "boxes", number, lambda: boxes(page, number, expect, trim, bleed))
        found += _step("content", "content", number,
                       lambda: scans.append(page_content(page, number, expect, cache, drawn)) or scans[0].findings)
        found += _step("fonts", "fonts", number, lambda: fonts(page, number, scans[0].fonts if scans else {}))
        found += _step("annotations", "annotations", number, lambda: annotations(page, number, expect))
    for whole_file in (javascript, pdfx):
        try:
            found += whole_file(doc, expect)
        except Exception as exc:  # e.g. OutputIntents that is not an array: the page findings stand
            found.append(Finding("error", "pdfx" if whole_file is pdfx else "javascript",
                                 f"malformed document structure: {_reason(exc)}"))
    if expect.tagged:
        from .pdfua import pdfua

        try:
            found += pdfua(doc)
        except Exception as exc:  # a structure tree of the wrong shape: a finding, not a traceback
            found.append(Finding("error", "pdfua", f"malformed structure tree: {_reason(exc)}"))
    return found


def _step(check_name: str, what: str, number: int, step) -> list[Finding]:
    """One check of one page; a malformed object it meets is a finding naming what it was
    checking."""
    try:
        return list(step())
    except Exception as exc:
        return [Finding("error", check_name, f"the page's {what} cannot be checked (malformed: {_reason(exc)})",
                        number)]


def _reason(exc: BaseException) -> str:
    """What was malformed, in one line: qpdf's message without its file-name prefix."""
    text = str(exc).split(": ", 1)[-1] if isinstance(exc, Exception) and ": " in str(exc) else str(exc)
    return f"{type(exc).__name__}: {text}" if not text or isinstance(exc, (KeyError, AttributeError)) else text


def any_print_pdf() -> Expect:
    """What `leafwright preflight` expects of a file without --variant: a print PDF, PDF/X
    only if it says so."""
    return replace(get_variant("print").expect, pdfx=None)


def preflight(pdf: bytes, variant: Union[str, Variant], trim: tuple[float, float], bleed: float) -> list[str]:
    """The errors in one of our own builds (empty when it passes)."""
    return [str(f) for f in check(pdf, get_variant(variant).expect, trim, bleed) if f.severity == "error"]
