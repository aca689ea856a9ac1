"""Press standards read back with pikepdf: PDF/X-4 by default and X-1a on request (OutputIntent
with its CMYK profile, XMP agreeing with the Info dictionary, the version each standard
requires, no transparency in X-1a), subset tags unique per document, /ID per document and variant."""

from __future__ import annotations

import re

import pikepdf
import pytest

from leafwright.build import build
from leafwright.preflight import check
from leafwright.variants import VARIANTS, get_variant
from tests.conftest import write_publication


@pytest.mark.parametrize("variant, version, header", [("print", "PDF/X-4", "1.6"),
                                                       ("print-x1a", "PDF/X-1a:2003", "1.4")])
def test_pdfx_output_intent_xmp_and_version(seed_pdfs, variant, version, header):
    with pikepdf.open(seed_pdfs[variant]["proleukin-mrcc"]) as pdf:
        assert pdf.pdf_version == header
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and str(intent.OutputConditionIdentifier) == "CGATS TR 006"
        assert str(intent.RegistryName) == "http://www.color.org"
        icc = intent.DestOutputProfile.read_bytes()
        assert int(intent.DestOutputProfile.N) == 4
        assert icc[12:20] == b"prtrCMYK" and icc[36:40] == b"acsp"  # an output profile for CMYK
        info = pdf.docinfo
        assert str(info.GTS_PDFXVersion) == version and info.Trapped == "/False"
        meta = pdf.open_metadata()
        assert meta["pdfxid:GTS_PDFXVersion"] == version
        assert meta["pdf:Trapped"] == "False"
        assert meta["dc:title"] == str(info.Title) == "Proleukin (aldesleukin) in metastatic renal cell carcinoma (mRCC)"
        assert str(info.CreationDate) == "D:20261101000000+00'00'" == str(info.ModDate)
        assert meta["xmp:CreateDate"] == meta["xmp:ModifyDate"] == "2026-11-01T00:00:00+00:00"
    assert [f for f in check(seed_pdfs[variant]["proleukin-mrcc"].read_bytes(), get_variant(variant).preflight)] == []


def test_screen_is_not_pdfx(seed_pdfs):
    with pikepdf.open(seed_pdfs["screen"]["proleukin-mrcc"]) as pdf:
        assert "/OutputIntents" not in pdf.Root and "/GTS_PDFXVersion" not in pdf.docinfo


def _transparency(pdf) -> list[str]:
    found = []
    for obj in pdf.objects:
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            if "/SMask" in obj and obj.get("/SMask") != "/None":
                found.append("SMask")
            if float(obj.get("/ca", 1)) < 1 or float(obj.get("/CA", 1)) < 1:
                found.append("opacity")
            if obj.get("/S") == "/Transparency":
                found.append("group")
    return found


def test_x1a_has_no_transparency_even_from_an_image_with_alpha(tmp_path):
    from PIL import Image

    pub = write_publication(tmp_path / "pub", {
        "publication.yaml": "id: p\ntitle: P\ntheme: theme.yaml\ndocuments: [doc.yaml]\n",
        "theme.yaml": "page:\n  size: letter\n",
        "doc.yaml": "id: doc\ntitle: Alpha\ndate: 2026-11\nbody:\n  - image: {file: logo.png, width: 20%}\n"})
    Image.new("RGBA", (480, 480), (200, 30, 30, 128)).save(pub / "logo.png")
    result = build(pub, tmp_path / "out", variant="print-x1a")
    assert result.ok, [str(d) for d in result.diagnostics]
    with pikepdf.open(tmp_path / "out" / "doc.pdf") as pdf:
        assert _transparency(pdf) == []
        assert any(o.get("/Subtype") == "/Image" for o in pdf.objects if isinstance(o, pikepdf.Stream))
    result = build(pub, tmp_path / "screen", variant="screen")  # the screen file keeps the alpha
    with pikepdf.open(tmp_path / "screen" / "doc.pdf") as pdf:
        assert "SMask" in _transparency(pdf)


def _subsets(path) -> set[str]:
    with pikepdf.open(path) as pdf:
        fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"]
        names = {str(f.BaseFont) for f in fonts}
        for f in fonts:  # the descriptor carries the same name
            assert str(f.FontDescriptor.FontName) == str(f.BaseFont)
    assert names and all(re.match(r"^/[A-Z]{6}\+SourceSansPro-", n) for n in names), names
    return names


def test_two_documents_have_different_subset_tags(seed_pdfs):
    mrcc, mm = _subsets(seed_pdfs["print"]["proleukin-mrcc"]), _subsets(seed_pdfs["print"]["proleukin-mm"])
    assert not any(n.startswith("/AAAAA") for n in mrcc | mm)
    tags = lambda names: {n[1:7] for n in names}
    assert not tags(mrcc) & tags(mm)
    assert not tags(mrcc) & tags(_subsets(seed_pdfs["screen"]["proleukin-mrcc"]))


def test_id_differs_per_document_and_variant(seed_pdfs):
    ids = {}
    for variant, files in seed_pdfs.items():
        for stem, path in files.items():
            with pikepdf.open(path) as pdf:
                ids[variant, stem] = bytes(pdf.trailer.ID[0])
    assert len(set(ids.values())) == len(ids) == 6


def test_every_variant_is_one_frozen_value_in_the_table():
    assert set(VARIANTS) == {"print-x4", "print-x1a", "screen", "review"}
    assert get_variant("print") is VARIANTS["print-x4"]
    with pytest.raises(Exception):
        VARIANTS["screen"].links = False  # frozen
    from leafwright.preflight.profiles import get_profile

    x1a, x4 = (get_profile(VARIANTS[name].preflight) for name in ("print-x1a", "print-x4"))
    assert x1a.on("transparency.used") and not x4.on("transparency.used")  # each variant's profile says
