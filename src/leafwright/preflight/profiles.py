"""Preflight profiles: which rules (rules.py) a file is held to, how hard, and the numbers
they measure against.

Plain data, like veraPDF's validation profiles and callas pdfToolbox's: a profile maps rule
ids to "error" or "warning" (a rule it does not list is off) and carries the thresholds. The
three PDF/X profiles hold a file to what its standard requires and report house preferences
(a BleedBox, no unused fonts) as warnings; `print` is the same house rules without a PDF/X
claim; `screen` is the RGB reading copy, tagged (PDF/UA-1). A profile can raise a house rule
to an error (`with_rules`, or `leafwright preflight --rule boxes.bleed-present=error`), and a
print house's own profile is a YAML file naming one of these as its base (`load_profile`).

Which profile: `leafwright preflight` takes `--profile NAME`; without it, the file's
GTS_PDFXVersion picks the PDF/X profile that knows that version, and a file claiming none (or
a version no profile knows) gets `print`. Our own builds are checked with the profile their
variant names (`Variant.preflight`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Mapping, Optional, Union

from ..variants import PdfX
from ..variants.print_x1a import PDFX as X1A_2003
from ..variants.print_x4 import PDFX as X4
from .rules import RULES, SEVERITIES

# PDF/X-3 (ISO 15930-3:2002, -6:2003): no variant of ours writes it; other tools (Ghostscript) do
X3_2002 = PdfX(version="PDF/X-3:2002", pdf_version="1.3", xmp=False)
X3_2003 = PdfX(version="PDF/X-3:2003", pdf_version="1.4", xmp=False)


class UnknownProfile(ValueError):
    """A profile or rule name preflight does not know; the message lists the ones it does."""


@dataclass(frozen=True)
class Profile:
    name: str
    summary: str
    rules: Mapping[str, str]  # rule id -> "error" | "warning"; a rule not listed is off
    claims: tuple[PdfX, ...] = ()  # the PDF/X versions the profile checks; the first unless the file claims another
    pdfx: Optional[PdfX] = None  # the one the file is checked against (set by `for_claim`)
    min_text: float = 5.0  # pt, the effective size on the page
    min_rule: float = 0.25  # pt, a stroked line
    min_ppi: float = 300.0  # image.resolution (a warning by default) below this
    error_ppi: float = 150.0  # image.resolution-unusable below this
    ink_limit: float = 300.0  # % total area coverage of a fill
    safe_margin: float = 3.0  # mm inside the trim that text keeps clear of

    def severity(self, rule: str) -> str:
        """"error", "warning" or "off" for a rule id."""
        return self.rules.get(rule, "off")

    def on(self, rule: str) -> bool:
        return rule in self.rules

    @property
    def print_colour(self) -> bool:
        """A profile for the press: ink is checked (colour spaces, coverage, overprint)."""
        return self.on("colour.rgb")

    @property
    def standard(self) -> str:
        """What the file is held to, for messages: the PDF/X version, or the profile."""
        return self.pdfx.version if self.pdfx is not None else f"the {self.name} profile"

    def for_claim(self, claimed: str) -> "Profile":
        """This profile checking the PDF/X version the file claims, when it is one of its own
        (X-3:2002 and X-3:2003 differ in their PDF version); else its first."""
        own = next((x for x in self.claims if x.version == claimed), self.claims[0] if self.claims else None)
        return self if own == self.pdfx else replace(self, pdfx=own)

    def with_rules(self, changes: Mapping[str, str]) -> "Profile":
        """The profile with some rules' severities changed ("error", "warning" or "off"):
        how a print house raises a house rule to an error."""
        if not changes:
            return self
        for rule, severity in changes.items():
            if rule not in RULES:
                raise UnknownProfile(f"unknown preflight rule '{rule}'; the rules are listed by "
                                     f"'leafwright preflight --list-rules'")
            if severity not in SEVERITIES:
                raise UnknownProfile(f"rule {rule}: severity '{severity}' is not one of {', '.join(SEVERITIES)}")
        rules = {r: s for r, s in {**self.rules, **changes}.items() if s != "off"}
        return replace(self, rules=MappingProxyType(rules))


E, W = "error", "warning"
_PDFUA = {"pdfua.identification": E, "pdfua.marked": E, "pdfua.display-title": E, "pdfua.title": E,
          "pdfua.lang": E, "pdfua.tagged": E, "pdfua.structure": E, "pdfua.alt": E, "pdfua.headings": E,
          "pdfua.table-headers": W, "pdfua.annotations": E, "pdfua.link-contents": E}

# every profile: a file that cannot be read, or that would hang or confuse any reader
_ALWAYS = {"file.readable": E, "file.malformed": E, "content.forms": E, "fonts.in-resources": E,
           "fonts.malformed": E, "fonts.embedded": E, "fonts.invisible-unembedded": W, "fonts.unused": W,
           "boxes.trim-size": E, "text.min-size": E, "text.safe-area": E, "lines.min-width": E,
           "image.resolution": W, "metadata.xmp-readable": W}

# any print file: the press's inks, the trim and bleed, nothing a viewer would act on. The
# PDF/X structure rules apply only when the file claims a PDF/X (then to a version no
# profile knows, by what every PDF/X shares)
_PRINT = {**_ALWAYS, "file.encrypted": E,
          "boxes.trim-present": E, "boxes.bleed-present": W, "boxes.bleed-size": E, "boxes.nesting": E,
          "pdfx.output-intent": E, "pdfx.output-profile": E, "pdfx.trapped": E, "pdfx.xmp": E, "pdfx.trim-or-art": E,
          "colour.rgb": E, "colour.icc-rgb": E, "colour.spot-alternate": W,
          "ink.total": E, "ink.no-black": E, "overprint.white": E, "image.resolution-unusable": E,
          "annotations.in-trim": W, "actions.javascript": W}

# a file claiming PDF/X: what the standard forbids is an error, and its own version is checked;
# a TrimBox is only preferred (the standard accepts an ArtBox: pdfx.trim-or-art)
_PDFX = {**_PRINT, "pdfx.version": E, "pdfx.pdf-version": E, "boxes.trim-present": W,
         "annotations.in-trim": E, "actions.javascript": E}


def _profile(name: str, summary: str, rules: dict, claims: tuple = (), **thresholds) -> Profile:
    return Profile(name, summary, MappingProxyType(rules), claims, claims[0] if claims else None, **thresholds)


PROFILES: dict[str, Profile] = {p.name: p for p in (
    _profile("pdfx4", "PDF/X-4 (ISO 15930-7): CMYK, spot and ICC colour, live transparency, XMP required",
             {**_PDFX, "colour.icc-rgb": W, "metadata.xmp-readable": E}, (X4,)),
    _profile("pdfx1a", "PDF/X-1a:2003 (ISO 15930-4): CMYK and spot only, no transparency",
             {**_PDFX, "colour.device-independent": E, "colour.spot-alternate": E, "transparency.used": E},
             (X1A_2003,)),
    _profile("pdfx3", "PDF/X-3 (ISO 15930-3, -6): ICC colour allowed, no transparency",
             {**_PDFX, "colour.icc-rgb": W, "transparency.used": E}, (X3_2002, X3_2003)),
    _profile("print", "a print file with no PDF/X claim: the press's inks, trim and bleed, house rules", _PRINT),
    _profile("screen", "an RGB file for reading on screen, tagged for accessibility (PDF/UA-1)",
             {**_ALWAYS, **_PDFUA}, min_ppi=96.0, error_ppi=0.0),
    _profile("review", "the screen rules without PDF/UA: an untagged working copy (our review variant)",
             dict(_ALWAYS), min_ppi=96.0, error_ppi=0.0),
)}


def get_profile(profile: Union[str, Profile]) -> Profile:
    """The profile of this name, or from this YAML file (a house profile), or the Profile
    itself."""
    if isinstance(profile, Profile):
        return profile
    if profile in PROFILES:
        return PROFILES[profile]
    if profile.lower().endswith((".yaml", ".yml")):
        return load_profile(profile)
    raise UnknownProfile(f"unknown preflight profile '{profile}'; the profiles are {', '.join(PROFILES)}, "
                         f"or a house profile's FILE.yaml")


_THRESHOLDS = {"min-text": "min_text", "min-rule": "min_rule", "min-ppi": "min_ppi", "error-ppi": "error_ppi",
               "ink-limit": "ink_limit", "safe-margin": "safe_margin"}


def load_profile(path: str) -> Profile:
    """A print house's own profile: one of ours (`base`) with its rules' severities and its
    thresholds changed, as a print house hands out its preflight settings:

        base: pdfx4
        rules: {boxes.bleed-present: error, image.resolution: error}
        ink-limit: 320      # %; also min-text, min-rule (pt), min-ppi, error-ppi, safe-margin (mm)

    Anything wrong with the file raises UnknownProfile saying what."""
    from pathlib import Path

    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UnknownProfile(f"profile {path}: cannot be read ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        raise UnknownProfile(f"profile {path}: not YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise UnknownProfile(f"profile {path}: write a mapping with base, rules and thresholds")
    unknown = set(data) - {"base", "rules", *_THRESHOLDS}
    if unknown:
        raise UnknownProfile(f"profile {path}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; the keys are "
                             f"base, rules, {', '.join(_THRESHOLDS)}")
    base = data.get("base", "print")
    if base not in PROFILES:
        raise UnknownProfile(f"profile {path}: base '{base}' is not one of {', '.join(PROFILES)}")
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        raise UnknownProfile(f"profile {path}: rules is a mapping of rule id to error, warning or off")
    numbers = {}
    for key, field_name in _THRESHOLDS.items():
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise UnknownProfile(f"profile {path}: {key} must be a number, not {value!r}")
            numbers[field_name] = float(value)
    try:
        profile = PROFILES[base].with_rules({str(k): "off" if v is False else str(v)  # YAML 1.1 reads `off` as false
                                             for k, v in rules.items()})
    except UnknownProfile as exc:
        raise UnknownProfile(f"profile {path}: {exc}") from None
    return replace(profile, name=Path(path).stem, summary=f"{base}, as {path} changes it", **numbers)


def for_file(claimed: str) -> Profile:
    """The profile for a file nobody named one for: the PDF/X profile that knows the version
    it claims, else `print`."""
    for profile in PROFILES.values():
        if any(x.version == claimed for x in profile.claims):
            return profile.for_claim(claimed)
    return PROFILES["print"]
