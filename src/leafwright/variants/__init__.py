"""Output variants as data: one frozen `Variant` per module, listed in VARIANTS.

Layout, render, preflight and the CLI ask the variant instead of comparing its name, so a
new output (a proof, a tagged screen file) is one module and one row here (WeasyPrint keeps
its PDF variants the same way). Nothing here imports ReportLab or pikepdf.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union


@dataclass(frozen=True)
class OutputCondition:
    """The printing condition the CMYK values are meant for, as the ICC registry names it."""

    identifier: str  # OutputConditionIdentifier, registered at `registry`
    info: str  # a readable description
    profile: str  # file name under render/profiles/ (the characterization as an ICC profile)
    registry: str = "http://www.color.org"


# GRACoL 2006 coated #1 (commercial sheetfed offset, ISO 12647-2 paper type 1): the US
# equivalent of FOGRA39; its data (CGATS TR 006) may be shipped as a profile, see profiles/README.md
CGATS_TR006 = OutputCondition(
    identifier="CGATS TR 006", info="GRACoL 2006 Coated #1 (ANSI CGATS TR 006-2007), ISO 12647-2 paper type 1",
    profile="GRACoL_TR006_coated.icc")


@dataclass(frozen=True)
class PdfX:
    """A PDF/X standard the file claims: what post-processing writes, and what the preflight
    profile for that standard checks the claim against (what the standard allows in colour and
    transparency is the profile's: preflight/profiles.py)."""

    version: str  # GTS_PDFXVersion in the Info dictionary and XMP (pdfxid:)
    pdf_version: str  # the header the standard requires
    condition: OutputCondition = CGATS_TR006
    xmp: bool = True  # XMP metadata required; X-1a:2003 and X-3 need only the Info dictionary


@dataclass(frozen=True)
class Variant:
    name: str
    summary: str
    colour_space: str  # "cmyk" (theme colours as process ink) or "rgb"
    boxes: bool  # bleed and TrimBox/BleedBox; without them the trim is the page
    crop_marks: bool  # crop marks outside the bleed, where the theme asks for them (needs boxes)
    links: bool  # live links (DOIs, URLs, citations, note markers)
    outlines: bool  # bookmarks for headings, and the viewer shows the title (DisplayDocTitle)
    image_conversion: Optional[str]  # raster images converted to this colour space ("cmyk"), or kept
    solid_black: bool  # text in a screen of black prints as 100% K (unless the theme says as-written)
    overprint_below: float  # pt: 100% K text and rules smaller than this overprint; 0 for none
    pdfx: Optional[PdfX]  # post-processing: OutputIntent, XMP and version for this standard
    preflight: str  # the preflight profile its builds are held to (a name in preflight/profiles.py)
    tagged: bool = False  # a structure tree (PDF/UA-1): every drawn item tagged or an artifact
    # a review copy: layout records where each number and citation group is drawn and the
    # finished file carries a highlight annotation on each, holding its claims-matrix row
    annotate: bool = False

    @property
    def cmyk(self) -> bool:
        return self.colour_space == "cmyk"


def choices() -> tuple[str, ...]:
    """The names `--variant` accepts, read from the table when the parser is built."""
    return tuple(VARIANTS) + tuple(ALIASES)


def _table() -> dict[str, Variant]:
    from .print_x1a import VARIANT as X1A
    from .print_x4 import VARIANT as X4
    from .review import VARIANT as REVIEW
    from .screen import VARIANT as SCREEN

    return {v.name: v for v in (X4, X1A, SCREEN, REVIEW)}


VARIANTS: dict[str, Variant] = _table()
ALIASES = {"print": "print-x4"}  # the default print output
DEFAULT = "print"  # what a build makes when no variant is named: the one place that says so


def default_variant() -> Variant:
    return get_variant(DEFAULT)


def get_variant(variant: Union[str, Variant]) -> Variant:
    """The Variant for a name (or alias) from the command line, or the Variant itself."""
    if isinstance(variant, Variant):
        return variant
    return VARIANTS[ALIASES.get(variant, variant)]
