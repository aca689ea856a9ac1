"""Every check preflight makes, as a named rule: the registry profiles (profiles.py) give a
severity to, and every Finding carries the id of.

Built like the professional preflights (Acrobat Preflight's checks, callas pdfToolbox's rules,
veraPDF's validation profiles): the code that finds a fault names the rule it breaks and says
what it saw; whether that is an error, a warning or nothing at all is the profile's decision,
so one check serves PDF/X-1a, X-4, a plain print file and a screen file. An id is stable once
published (JSON reports and users' `--rule` overrides name it); its topic is the part before
the dot.

Each rule's `basis` says why it exists: the standard and the requirement it enforces, or
"house rule" and the press problem it prevents. The PDF/X parts are cited by part, year and
requirement: ISO 15930-1:2001 (PDF/X-1a:2001), -3:2002 and -6:2003 (PDF/X-3), -4:2003
(PDF/X-1a:2003), -7:2010 (PDF/X-4). Their clause numbers are not given because they were not
checked against the text of the standards (sold by ISO; not at hand), and a wrong clause
number is worse than none. PDF/UA rules cite ISO 14289-1:2014 by clause, as the Matterhorn
Protocol (PDF Association) maps its failure conditions to them.
"""

from __future__ import annotations

from dataclasses import dataclass

X1A = "ISO 15930-4:2003 (PDF/X-1a:2003)"
X3 = "ISO 15930-3:2002 and -6:2003 (PDF/X-3)"
X4 = "ISO 15930-7:2010 (PDF/X-4)"
ALL_X = "ISO 15930-4:2003, -6:2003 and -7:2010 (PDF/X-1a, -3, -4)"
UA = "ISO 14289-1:2014 (PDF/UA-1)"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str  # what a conforming file does, in a line
    basis: str  # the standard and requirement, or "house rule: " and why

    @property
    def topic(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def house(self) -> bool:
        return self.basis.startswith("house rule")


_RULES = (
    # --- the file itself --------------------------------------------------------------------
    Rule("file.readable", "the file is a PDF that opens without a password",
         "house rule: a file the checker (or a RIP) cannot open cannot be checked or printed"),
    Rule("file.malformed", "every object a check reads is well-formed",
         "ISO 32000-1 (the PDF syntax): a malformed object is reported with what was malformed, and the "
         "rest of the file is still checked"),
    Rule("file.encrypted", "the file is not encrypted",
         f"{ALL_X}: encryption is not allowed; a RIP may refuse the file"),
    Rule("content.forms", "forms and patterns do not draw themselves or nest past 12 levels",
         "house rule: a form that draws itself makes a RIP loop; deep nesting is how such files hang it"),
    # --- page boxes ---------------------------------------------------------------------------
    Rule("boxes.trim-present", "every page has a TrimBox",
         "house rule: the trim is where the sheet is cut; PDF/X accepts an ArtBox instead "
         "(pdfx.trim-or-art), a print house asks for the TrimBox"),
    Rule("boxes.trim-size", "the trim is the size the document was designed for",
         "house rule: checked when the intended size is known (our own builds)"),
    Rule("boxes.bleed-present", "pages with a TrimBox also declare a BleedBox",
         "house rule: without it no bleed is declared, and colour printed to the trim edge shows white "
         "slivers after cutting (PDF/X itself lets the BleedBox default to the CropBox)"),
    Rule("boxes.bleed-size", "the BleedBox is the TrimBox plus the document's bleed",
         "house rule: checked when the intended bleed is known (our own builds)"),
    Rule("boxes.nesting", "TrimBox inside BleedBox inside MediaBox",
         f"{ALL_X}, page boxes; ISO 32000-1 14.11.2: a box reaching past the one holding it is clipped"),
    # --- PDF/X identification and output intent ----------------------------------------------
    Rule("pdfx.version", "GTS_PDFXVersion names the standard the profile checks",
         f"{ALL_X}, identification: the Info dictionary's GTS_PDFXVersion states the conformance"),
    Rule("pdfx.output-intent", "a GTS_PDFX OutputIntent with an OutputConditionIdentifier",
         f"{ALL_X}, output intent: a GTS_PDFX output intent names the printing condition"),
    Rule("pdfx.output-profile", "the output intent's ICC profile is a CMYK output profile that opens",
         f"{ALL_X}, output intent: the DestOutputProfile characterises the printing condition; ICC.1 7.2 "
         "(the profile header) says what it is, and littleCMS must open it"),
    Rule("pdfx.trapped", "Trapped is True or False",
         f"{ALL_X}, trapping: the Info dictionary's Trapped key is True or False, never Unknown"),
    Rule("pdfx.xmp", "XMP metadata where the standard requires it, stating the same version",
         f"{X4}: XMP with pdfxid:GTS_PDFXVersion is required; {X1A} and X-3 define the claim in the Info "
         "dictionary, and XMP, when present, must not contradict it"),
    Rule("pdfx.pdf-version", "the PDF header is no newer than the standard allows",
         f"{X1A}: PDF 1.4; ISO 15930-3:2002: PDF 1.3; -6:2003: PDF 1.4; {X4}: PDF 1.6"),
    Rule("pdfx.trim-or-art", "every page has a TrimBox or an ArtBox",
         f"{ALL_X}, page boxes"),
    Rule("metadata.xmp-readable", "XMP metadata, when present, parses",
         "house rule: unreadable XMP hides the title and claims from asset managers; where XMP is required "
         f"({X4}) a profile raises it to an error"),
    # --- colour -------------------------------------------------------------------------------
    Rule("colour.rgb", "nothing is painted in DeviceRGB or an unknown colour space",
         f"{X1A}: device colour is CMYK or grey, or spot; {X3} and {X4}: device colour must match the "
         "output intent's colour space, which for a press is CMYK; a print file's colour is the press's inks"),
    Rule("colour.icc-rgb", "nothing is painted in ICC-based RGB or Lab",
         f"{X3} and {X4} allow device-independent colour converted through the output intent (a warning: "
         f"the RIP's conversion decides the colour); {X1A} and a file claiming no PDF/X do not"),
    Rule("colour.device-independent", "no ICCBased, CalRGB, CalGray or Lab colour space",
         f"{X1A}: device colour (DeviceCMYK, DeviceGray) and spot colour (Separation, DeviceN) only"),
    Rule("colour.spot-alternate", "a spot colour's alternate space is not RGB",
         f"{X1A}: the alternate is a device or spot space too; elsewhere (house rule) an RGB alternate "
         "spoils proofs and any CMYK fallback of the spot colour"),
    Rule("ink.total", "no fill exceeds the profile's total ink limit",
         "house rule: the printing condition's total area coverage (300% for GRACoL coated sheetfed): "
         "more ink does not dry and sets off onto the next sheet"),
    Rule("ink.no-black", "no CMYK image is dark with no black at all",
         "house rule: C+M+Y with 0% K is what RGB becomes without a colour profile: a muddy 300% black "
         "that blurs when the plates misregister"),
    Rule("overprint.white", "no white (zero-ink) object is set to overprint",
         "house rule: white overprinted prints nothing; the object vanishes on press (ISO 32000-1 8.6.7)"),
    Rule("transparency.used", "no transparency: soft masks, opacity below 1, blend modes, groups",
         f"{X1A} and {X3}: the PDF 1.3/1.4 imaging model without transparency; {X4} allows it"),
    # --- type, lines, images -----------------------------------------------------------------
    Rule("fonts.embedded", "every font that paints text is embedded",
         f"{ALL_X}, fonts: fonts used for rendering are embedded, so the RIP sets the designed glyphs"),
    Rule("fonts.invisible-unembedded", "fonts that set only invisible text are embedded too",
         "house rule: invisible text (render mode 3, a scan's OCR layer) does not print, so PDF/X does not "
         "require its font; a warning, since a later edit may make it visible"),
    Rule("fonts.unused", "no unembedded font is left unused in the resources",
         "house rule: an unused font does not print, but a RIP or an editor may still look for it"),
    Rule("fonts.in-resources", "every font the text names is in the page's resources",
         "ISO 32000-1 9.2.2 (Tf names a font in the resource dictionary); without it a RIP substitutes "
         "a font or stops"),
    Rule("fonts.malformed", "composite (Type0) fonts have their DescendantFonts",
         "ISO 32000-1 9.7.1: a Type0 font without a CIDFont has no glyphs to print"),
    Rule("text.min-size", "text is at least the profile's minimum size, as set on the page",
         "house rule: below about 5 pt on the page type breaks up in offset printing"),
    Rule("text.safe-area", "text keeps the profile's margin inside the trim",
         "house rule: the cut wanders up to about 1 mm from the trim, so text nearer the edge than the margin "
         "may be cut or look cut"),
    Rule("lines.min-width", "stroked lines are at least the profile's minimum width",
         "house rule: hairlines under 0.25 pt break up or vanish on plate and press"),
    Rule("image.resolution", "images have at least the profile's resolution where placed",
         "house rule: under 300 ppi at the placed size a photo prints soft (a warning)"),
    Rule("image.resolution-unusable", "no image is under the profile's lowest usable resolution",
         "house rule: under 150 ppi pixels show in print"),
    # --- what a print file must not carry ------------------------------------------------------
    Rule("annotations.in-trim", "no annotation inside the trim but printer's marks and trap networks",
         f"{ALL_X}, annotations: none inside the BleedBox except PrinterMark and TrapNet; a viewer shows "
         "a link's frame"),
    Rule("actions.javascript", "no JavaScript anywhere a viewer runs it",
         f"{ALL_X}, actions: JavaScript and actions are not allowed; a print buyer's viewer may run it"),
    # --- PDF/UA-1 (tagged screen files) -------------------------------------------------------
    Rule("pdfua.identification", "XMP states pdfuaid:part 1", f"{UA}, 5 (identification)"),
    Rule("pdfua.marked", "the catalog's MarkInfo says /Marked true", f"{UA}, 7.1"),
    Rule("pdfua.display-title", "ViewerPreferences /DisplayDocTitle true", f"{UA}, 7.1"),
    Rule("pdfua.title", "XMP has a dc:title", f"{UA}, 7.1"),
    Rule("pdfua.lang", "the catalog names the document's language (/Lang)", f"{UA}, 7.2"),
    Rule("pdfua.tagged", "every painted item is tagged content or an artifact, never both, properly nested",
         f"{UA}, 7.1"),
    Rule("pdfua.structure", "every MCID in the structure tree once, and the ParentTree pointing back at it",
         f"{UA}, 7.1; ISO 32000-1 14.7.4.4"),
    Rule("pdfua.alt", "every Figure has alternative text", f"{UA}, 7.3"),
    Rule("pdfua.headings", "headings start at H1 and skip no level", f"{UA}, 7.4.2"),
    Rule("pdfua.table-headers", "tables have header cells (TH)",
         f"{UA}, 7.5: a warning, since a grid of facts without headers is legal"),
    Rule("pdfua.annotations", "annotations are in the structure tree, and pages with them have Tabs /S",
         f"{UA}, 7.18.1 and 7.18.3"),
    Rule("pdfua.link-contents", "link annotations describe where they lead (/Contents)", f"{UA}, 7.18.5"),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
SEVERITIES = ("error", "warning", "off")
