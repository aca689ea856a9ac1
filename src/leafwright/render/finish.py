"""Post-processing ReportLab cannot do: unique font subset tags, a per-document /ID, and the
PDF/X structure (OutputIntent with its profile, XMP, Info keys, version), with pikepdf.

Everything is derived from the document id, the variant and the bytes, never the clock or
chance, so a rebuild stays byte-identical. What names the document (/ID[0], xmpMM:DocumentID)
comes from its id and variant and stays across edits; what names this revision (/ID[1],
xmpMM:InstanceID and VersionID) comes from the content, so two builds of an edited leaflet
are told apart by a print house's tools ("which file is the latest?") and a rebuild is not.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
import warnings
from importlib.resources import files

from ..variants import OutputCondition, PdfX, Variant

_SUBSET = re.compile(r"^/?[A-Z]{6}\+")


def finish(pdf: bytes, doc_id: str, variant: Variant, epoch: int) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as out:
        rename_subsets(out, doc_id, variant.name)
        ident = hashlib.md5(f"leafwright\0{doc_id}\0{variant.name}".encode()).digest()
        out.trailer.ID = pikepdf.Array([pikepdf.String(ident), pikepdf.String(ident)])
        if variant.pdfx is not None:
            revision = hashlib.sha256(b"leafwright\0" + pdf).digest()[:16]  # ReportLab's bytes: the content
            _pdfx(out, variant.pdfx, epoch, ident, revision)
        buffer = io.BytesIO()
        # deterministic_id keeps /ID's first element (ours) and derives the second from the content
        out.save(buffer, deterministic_id=True, force_version=variant.pdfx.pdf_version if variant.pdfx else None,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return buffer.getvalue()


def _tag(*parts: bytes) -> str:
    digest = hashlib.sha256(b"\0".join(parts)).digest()
    return "".join(chr(65 + b % 26) for b in digest[:6])


def rename_subsets(pdf, doc_id: str, variant: str) -> None:
    """ReportLab tags subsets by their index (AAAAAA+, AAAAAB+) in every file; an imposition
    program that gangs two leaflets takes two different subsets for one font. The new tag is a
    hash of the document, the variant and the embedded subset's bytes; /BaseFont and the
    descriptor's /FontName (and a CIDFont's) change together."""
    import pikepdf

    used: set[str] = set()
    renamed: dict[str, str] = {}
    fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"]
    for font in fonts:  # simple fonts and CIDFonts: the ones with a descriptor and the font program
        old = str(font.get("/BaseFont", ""))
        descriptor = font.get("/FontDescriptor")
        if font.get("/Subtype") == "/Type0" or descriptor is None or not _SUBSET.match(old):
            continue
        stream = next((descriptor[k] for k in ("/FontFile2", "/FontFile3", "/FontFile") if k in descriptor), None)
        name = old[8:]
        parts = [doc_id.encode(), variant.encode(), name.encode(), stream.read_bytes() if stream is not None else b""]
        tag = _tag(*parts)
        while tag in used:  # two subsets with one hash: impossible in practice, harmless to handle
            parts.append(b"again")
            tag = _tag(*parts)
        used.add(tag)
        font.BaseFont = descriptor.FontName = pikepdf.Name(f"/{tag}+{name}")
        renamed[old] = str(font.BaseFont)
    for font in fonts:  # a Type0 font is named for its CIDFont, often with "-Identity-H" added
        old = str(font.get("/BaseFont", ""))
        if font.get("/Subtype") == "/Type0" and _SUBSET.match(old):
            was = str(font.DescendantFonts[0].get("/BaseFont", ""))
            if was not in renamed.values():
                continue
            before = next(k for k, v in renamed.items() if v == was)
            font.BaseFont = pikepdf.Name(was + old[len(before):] if old.startswith(before) else was)


def press_profile(condition: OutputCondition) -> bytes:
    """The ICC profile an OutputIntent embeds for `condition`, as render/profiles/ ships it."""
    return (files("leafwright.render") / "profiles" / condition.profile).read_bytes()


def _pdfx(pdf, x: PdfX, epoch: int, ident: bytes, revision: bytes) -> None:
    import pikepdf

    condition = x.condition
    profile = pikepdf.Stream(pdf, press_profile(condition))
    profile.N = 4
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(condition.identifier),
        OutputCondition=pikepdf.String(condition.info), Info=pikepdf.String(condition.info),
        RegistryName=pikepdf.String(condition.registry), DestOutputProfile=profile)
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])
    pdf.docinfo["/GTS_PDFXVersion"] = pikepdf.String(x.version)
    pdf.docinfo["/Trapped"] = pikepdf.Name("/False")
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(epoch))
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        with warnings.catch_warnings():  # /Trapped and /GTS_PDFXVersion have no direct XMP twin: set below
            warnings.simplefilter("ignore", UserWarning)
            meta.load_from_docinfo(pdf.docinfo)  # title, author, producer and both dates as the Info has them
        meta["pdfxid:GTS_PDFXVersion"] = x.version
        meta["pdf:Trapped"] = "False"
        meta["xmp:MetadataDate"] = stamp
        meta["xmpMM:DocumentID"] = f"uuid:{_uuid(ident)}"
        meta["xmpMM:InstanceID"] = f"uuid:{_uuid(revision)}"
        meta["xmpMM:VersionID"] = revision.hex()[:16]
        meta["xmpMM:RenditionClass"] = "default"
        if "/Lang" in pdf.Root:  # the document's language (its locale), where XMP readers look for it
            meta["dc:language"] = {str(pdf.Root.Lang)}


def _uuid(ident: bytes) -> str:
    import uuid

    return str(uuid.UUID(bytes=ident))
