"""Preflight: a PDF read back and checked as a print house checks it.

The last stage of the pipeline, and `leafwright preflight` for any PDF (ours or an agency's
export). It trusts nothing upstream: it parses the bytes with pikepdf (qpdf's parser, fast
and exact about operators, unlike text extraction) and checks page boxes, embedded fonts,
ink (CMYK or spot only, total coverage), effective text size, rule width, image resolution,
transparency and PDF/X structure. Each topic is its own module; this one runs them.

Each check names the rule it found broken (rules.py); the profile the file is held to
(profiles.py: pdfx4, pdfx1a, pdfx3, print, screen) says whether that is an error, a warning or
not reported, as in Acrobat Preflight or veraPDF.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Optional, Union

from ..variants import Variant, get_variant

if TYPE_CHECKING:
    from .profiles import Profile


@dataclass(frozen=True)
class Finding:
    """A rule (rules.py) the file breaks, what was seen, and where. The checks make it with
    the rule alone; the profile gives it its severity (`graded`)."""

    rule: str  # a rule id in rules.RULES, e.g. "fonts.embedded"
    message: str
    page: Optional[int] = None  # 1-based; None for the whole file
    severity: str = "error"  # "error" | "warning": the profile's, for this rule

    @property
    def check(self) -> str:
        """The rule's topic (boxes, fonts, colour, ...): the part of its id before the dot."""
        return self.rule.split(".", 1)[0]

    def __str__(self) -> str:
        return f"page {self.page}: {self.message}" if self.page else self.message

    def as_dict(self) -> dict:
        return {"severity": self.severity, "rule": self.rule, "check": self.check, "message": self.message,
                "page": self.page}


def check(pdf: Union[bytes, str, "os.PathLike"], profile: Union[str, "Profile", None] = None,
          trim: Optional[tuple[float, float]] = None, bleed: Optional[float] = None,
          drawn: Optional[tuple] = None) -> list[Finding]:
    """Every finding in `pdf` under `profile` (a name or a Profile; None: chosen by the file's
    PDF/X claim), in page order; `trim`/`bleed` (pt) when the intended size is known (our own
    builds), else only the boxes' consistency is checked. `drawn` (a marks.PageMarks per
    page, noted by layout while drawing our own build) stands in for reading the pages'
    content streams back."""
    return checked(pdf, profile, trim, bleed, drawn=drawn)[1]


def checked(pdf: Union[bytes, str, "os.PathLike"], profile: Union[str, "Profile", None] = None,
            trim: Optional[tuple[float, float]] = None, bleed: Optional[float] = None,
            changes: Optional[dict] = None, drawn: Optional[tuple] = None) -> tuple[str, list[Finding]]:
    """The name of the profile the file was held to, and the findings (see `check`);
    `changes` (rule id -> severity) adjust whichever profile that is.

    Never raises for what is in the file: a malformed object is a finding for its page (or
    the file), and the pages after it are still checked, so one broken agency file cannot
    hide the report of the others on the command line. An unknown profile name raises
    UnknownProfile: that is the caller's mistake, not the file's."""
    import pikepdf

    from .profiles import PROFILES, get_profile

    named = get_profile(profile) if profile is not None else None
    fallback = (named or PROFILES["print"]).with_rules(changes or {})
    source = io.BytesIO(pdf) if isinstance(pdf, (bytes, bytearray)) else pdf
    try:
        doc = pikepdf.open(source)
    except pikepdf.PasswordError:
        return fallback.name, graded([Finding("file.readable", "the file is encrypted with a password; a RIP "
                                                                "cannot open it either")], fallback)
    except Exception as exc:  # qpdf's parser, or the file system: a report line, not a traceback
        return fallback.name, graded([Finding("file.readable", f"not a readable PDF: {_reason(exc)}")], fallback)
    with doc:
        chosen = _profile_for(doc, named).with_rules(changes or {})
        try:
            found = _check(doc, chosen, trim, bleed, drawn)
        except Exception as exc:  # a malformed object the checks below did not foresee
            found = [Finding("file.malformed", f"malformed PDF, cannot be checked: {_reason(exc)}")]
        return chosen.name, graded(found, chosen)


def graded(findings: list[Finding], profile: "Profile") -> list[Finding]:
    """The findings with the profile's severity for their rule, those it turns off dropped,
    each once."""
    out = (replace(f, severity=profile.severity(f.rule)) for f in dict.fromkeys(findings))  # (a page repeats one)
    return [f for f in out if f.severity != "off"]


def claim(doc) -> str:
    """The file's GTS_PDFXVersion (empty when it claims no PDF/X)."""
    info = doc.docinfo if "/Info" in doc.trailer else {}
    try:
        return str(info.get("/GTS_PDFXVersion", ""))
    except Exception:  # an Info dictionary of the wrong shape: no claim to go by
        return ""


def _profile_for(doc, named):
    """The named profile, checking the version the file claims where it knows several; with
    no name, the profile the claim picks."""
    from .profiles import for_file

    claimed = claim(doc)
    return named.for_claim(claimed) if named is not None else for_file(claimed)


def _check(doc, profile, trim, bleed, drawn=None) -> list[Finding]:
    from .actions import annotations, javascript
    from .drawn import page_content
    from .structure import boxes, fonts, pdfx

    if not doc.pages:
        return [Finding("file.malformed", "the PDF has no pages")]
    found: list[Finding] = []
    if doc.is_encrypted:
        found.append(Finding("file.encrypted", "the file is encrypted; PDF/X forbids encryption (ISO 15930-4 and "
                                               "-7) and a RIP may refuse it"))
    cache: dict = {}  # per document: images measured once however many pages place them
    drawn = drawn if drawn is not None and len(drawn) == len(doc.pages) else None
    for number, page in enumerate(doc.pages, 1):  # each step on its own: a malformed box keeps the ink report
        scans: list = []
        found += _step("boxes", number, lambda: boxes(page, number, profile, trim, bleed))
        found += _step("content", number,
                       lambda: scans.append(page_content(page, number, profile, cache, drawn)) or scans[0].findings)
        found += _step("fonts", number, lambda: fonts(page, number, scans[0].fonts if scans else {}))
        found += _step("annotations", number, lambda: annotations(page, number))
    for whole_file in (javascript, pdfx):
        try:
            found += whole_file(doc, profile)
        except Exception as exc:  # e.g. OutputIntents that is not an array: the page findings stand
            found.append(Finding("file.malformed", f"malformed document structure: {_reason(exc)}"))
    if any(rule.startswith("pdfua.") for rule in profile.rules):
        from .pdfua import pdfua

        try:
            found += pdfua(doc)
        except Exception as exc:  # a structure tree of the wrong shape: a finding, not a traceback
            found.append(Finding("file.malformed", f"malformed structure tree: {_reason(exc)}"))
    return found


def _step(what: str, number: int, step) -> list[Finding]:
    """One check of one page; a malformed object it meets is a finding naming what it was
    checking."""
    try:
        return list(step())
    except Exception as exc:
        return [Finding("file.malformed", f"the page's {what} cannot be checked (malformed: {_reason(exc)})", number)]


def _reason(exc: BaseException) -> str:
    """What was malformed, in one line: qpdf's message without its file-name prefix."""
    text = str(exc).split(": ", 1)[-1] if isinstance(exc, Exception) and ": " in str(exc) else str(exc)
    return f"{type(exc).__name__}: {text}" if not text or isinstance(exc, (KeyError, AttributeError)) else text


def preflight(pdf: bytes, variant: Union[str, Variant], trim: tuple[float, float], bleed: Optional[float]) -> list[str]:
    """The errors in one of our own builds (empty when it passes), under its variant's profile."""
    return [str(f) for f in check(pdf, get_variant(variant).preflight, trim, bleed) if f.severity == "error"]
