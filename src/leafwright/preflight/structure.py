"""Page boxes, embedded fonts and PDF/X structure: what a file declares, not what it draws."""

from __future__ import annotations

from typing import Optional

from . import Finding

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


def boxes(page, number: int, profile, trim, bleed) -> list[Finding]:
    """The page boxes: a TrimBox (a profile that asks for none takes the page as the trim), its
    size and the bleed around it when the build's are known, and the boxes nested."""
    media = _box(page, "/MediaBox")
    if not profile.on("boxes.trim-present"):  # a screen file: the trim is the page
        if trim is not None and not _near(_size(media), trim):
            return [Finding("boxes.trim-size", f"page is {_fmt(_size(media))}, not the trim size {_fmt(trim)}", number)]
        return []
    t, b = _box(page, "/TrimBox"), _box(page, "/BleedBox")
    if t is None:
        return [Finding("boxes.trim-present", "TrimBox missing", number)]
    out = []
    if b is None:  # PDF/X needs only the TrimBox (the BleedBox defaults to the CropBox)
        out.append(Finding("boxes.bleed-present", "TrimBox without BleedBox: no bleed is declared (house rule)",
                           number))
        if bleed is not None:  # our own build: it has a bleed, so the box must say so
            out.append(Finding("boxes.bleed-size", f"BleedBox missing; the document has a {bleed:.2f} pt bleed",
                               number))
        b = _box(page, "/CropBox") or media
    if trim is not None and not _near(_size(t), trim):
        out.append(Finding("boxes.trim-size", f"TrimBox is {_fmt(_size(t))}, not {_fmt(trim)}", number))
    if bleed is not None and "/BleedBox" in page.obj:
        grown = (t[0] - bleed, t[1] - bleed, t[2] + bleed, t[3] + bleed)
        if not _near(b, grown):
            out.append(Finding("boxes.bleed-size", f"BleedBox is not the TrimBox plus {bleed:.2f} pt", number))
    if not _inside(t, b):
        out.append(Finding("boxes.nesting", "TrimBox is not inside the BleedBox", number))
    if not _inside(b, media):
        out.append(Finding("boxes.nesting", "MediaBox does not contain the BleedBox", number))
    return out


def _fonts(resources, seen: set, depth: int = 0):
    """Every font in these resources and in the forms they use (and theirs), each form once."""
    if resources is None or depth > 12:
        return
    for font in (resources.get("/Font") or {}).values():
        yield font
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
            if xobject.is_indirect:
                seen.add(xobject.objgen)
            yield from _fonts(xobject.get("/Resources"), seen, depth + 1)


def fonts(page, number: int, used: dict) -> list[Finding]:
    """Fonts a RIP cannot render as designed. `used` (from the content scan) says which fonts
    text uses, and whether visibly: an unembedded font that only sets invisible text (render
    mode 3: the OCR layer of a scan) or sets nothing is a house warning, not an error (ISO
    15930-4 and -7 require embedding for fonts used for rendering)."""
    import pikepdf

    from .content import font_key

    out = []
    for font in _fonts(page.obj.get("/Resources"), set()):
        if not isinstance(font, pikepdf.Dictionary) or font.get("/Subtype") == "/Type3":  # glyphs are streams
            continue
        name = str(font.get("/BaseFont", "?")).lstrip("/")
        key = font_key(font)
        if font.get("/Subtype") == "/Type0":
            descendants = font.get("/DescendantFonts")
            if not isinstance(descendants, pikepdf.Array) or not len(descendants) \
                    or not isinstance(descendants[0], pikepdf.Dictionary):
                out.append(Finding("fonts.malformed", f"font {name} is a Type0 font without DescendantFonts "
                                                      f"(malformed: no glyphs to print)", number))
                continue
            font = descendants[0]
        descriptor = font.get("/FontDescriptor")
        if isinstance(descriptor, pikepdf.Dictionary) and any(k in descriptor for k in ("/FontFile", "/FontFile2",
                                                                                          "/FontFile3")):
            continue
        if used.get(key):
            out.append(Finding("fonts.embedded", f"font {name} is not embedded", number))
        elif key in used:
            out.append(Finding("fonts.invisible-unembedded", f"font {name} is not embedded; it sets only invisible "
                                                             f"text (render mode 3), which does not print", number))
        else:
            out.append(Finding("fonts.unused", f"font {name} is not embedded, and no text uses it (an unused font "
                                               f"in the resources)", number))
    return out


def pdfx(doc, profile) -> list[Finding]:
    """PDF/X structure when the file claims it (its Info says GTS_PDFXVersion) or the profile
    is a PDF/X one: the claim is the profile's version, the OutputIntent with a real output
    profile, Trapped True or False, XMP only where the standard requires it (X-4; X-1a:2003
    and X-3 define the claim in the Info dictionary), the PDF version, a TrimBox or ArtBox. A
    claim no profile knows is held to what every PDF/X shares."""
    from . import claim

    info = doc.docinfo if "/Info" in doc.trailer else {}
    claimed = claim(doc)
    standard = profile.pdfx
    wanted = standard.version if standard else ""
    if not claimed and not wanted:
        return []
    out = []
    if wanted and claimed != wanted:
        out.append(Finding("pdfx.version", f"GTS_PDFXVersion is {claimed or 'missing'}, not {wanted}"))
    intents = [i for i in (doc.Root.get("/OutputIntents") or []) if i.get("/S") == "/GTS_PDFX"]
    if not intents:
        out.append(Finding("pdfx.output-intent", "PDF/X without a GTS_PDFX OutputIntent"))
    elif "/OutputConditionIdentifier" not in intents[0]:
        out.append(Finding("pdfx.output-intent", "the OutputIntent has no OutputConditionIdentifier"))
    elif "/DestOutputProfile" in intents[0]:
        from .profile import output_profile

        out += [Finding("pdfx.output-profile", problem) for problem in output_profile(intents[0].DestOutputProfile)]
    if str(info.get("/Trapped")) not in ("/True", "/False"):
        out.append(Finding("pdfx.trapped", "Trapped is neither True nor False"))
    out += _xmp(doc, claimed or wanted, standard is not None and standard.xmp)  # an unknown claim: not required
    version = standard.pdf_version if standard else None
    if version and doc.pdf_version > version:
        out.append(Finding("pdfx.pdf-version", f"PDF {doc.pdf_version}, newer than {claimed or wanted} allows "
                                               f"({version})"))
    for page in doc.pages:
        if "/TrimBox" not in page.obj and "/ArtBox" not in page.obj:
            out.append(Finding("pdfx.trim-or-art", "a page has neither TrimBox nor ArtBox"))
            break
    return out


def _xmp(doc, version: str, required: bool) -> list[Finding]:
    """The XMP claim must match the Info one when there is XMP. The version may be in the
    PDF/X namespace (pdfxid:, ISO 15930-7) or in Adobe's older pdfx: one, which Acrobat and
    InDesign write for X-1a and X-3."""
    if "/Metadata" not in doc.Root:
        return [Finding("pdfx.xmp", "PDF/X without XMP metadata")] if required else []
    try:
        meta = doc.open_metadata()
        said = {meta.get(k, "") for k in ("pdfxid:GTS_PDFXVersion", "pdfx:GTS_PDFXVersion")} - {""}
    except Exception as exc:  # unparsable XML: the profile says how bad (an error where XMP is required)
        return [Finding("metadata.xmp-readable", f"the XMP metadata cannot be read ({exc})")]
    if said and version not in said:
        return [Finding("pdfx.xmp", "XMP GTS_PDFXVersion does not match the Info dictionary")]
    if not said and required:
        return [Finding("pdfx.xmp", "XMP pdfxid:GTS_PDFXVersion does not match the Info dictionary")]
    return []
