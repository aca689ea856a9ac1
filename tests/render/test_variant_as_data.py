"""Adding a variant is one value and one table row: a throwaway `proof` variant (RGB, no
boxes, no links, no bookmarks) and a print variant without crop marks are registered here,
in the test, and built through the real command line; layout asks them, never their name.
Print PDFs carry /Lang too (from format.locale), as the screen file does."""

from __future__ import annotations

import re
from dataclasses import replace

import pikepdf
import pytest

from leafwright import cli
from leafwright.variants import VARIANTS, Variant
from tests.conftest import write_publication

PROOF = Variant(
    name="proof", summary="RGB proof for reviewers: no bleed, no links",
    colour_space="rgb", boxes=False, crop_marks=False, links=False, outlines=False, image_conversion=None,
    solid_black=False, overprint_below=0.0, pdfx=None,
    preflight="review",  # the screen rules without PDF/UA: the proof is not tagged
)
NO_MARKS = replace(VARIANTS["print-x4"], name="print-nomarks", summary="PDF/X-4 without crop marks",
                   crop_marks=False)

DOC = """
id: doc
title: Variant as data
notes:
  n1: {text: A note.}
body:
  - heading: Results
  - paragraph: "Text with a [link](https://example.org/x).[@r1][^n1]"
  - callouts: [{value: "{v}", label: a label}]
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("variants")
    pub = write_publication(root / "pub", {
        "publication.yaml": "id: p\ntheme: theme.yaml\ndata: data.yaml\nreferences: refs.yaml\n"
                            "documents: [doc.yaml]\n",
        "theme.yaml": "colors:\n  brand: '#1f4e9c'\n",
        "data.yaml": "values: {v: 1}\nformat: {locale: en_GB}\n",
        "refs.yaml": "- {id: r1, text: 'Author A. A title. J Test. 2020;1:1-2.'}\n",
        "doc.yaml": DOC,
    })
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        for variant in (PROOF, NO_MARKS):  # the one table row each
            mp.setitem(VARIANTS, variant.name, variant)
        for name in ("proof", "print-nomarks", "print", "print-x1a"):
            assert cli.main(["build", str(pub), "-o", str(root / name), "--variant", name]) == 0
            out[name] = root / name / "doc.pdf"
    assert "proof" not in VARIANTS  # the table is as it was
    return out


def _content(pdf) -> bytes:
    return b"".join(page.Contents.read_bytes() if isinstance(page.Contents, pikepdf.Stream)
                    else b"".join(c.read_bytes() for c in page.Contents) for page in pdf.pages)


def test_a_registered_variant_builds_with_its_own_settings(built):
    with pikepdf.open(built["proof"]) as pdf:
        page = pdf.pages[0]
        assert [float(x) for x in page.MediaBox] == [0, 0, 612, 792]  # the trim is the page
        assert "/TrimBox" not in page and "/BleedBox" not in page
        assert not any("/Annots" in p for p in pdf.pages)  # no links
        assert "/Outlines" not in pdf.Root and "/ViewerPreferences" not in pdf.Root
        assert "/OutputIntents" not in pdf.Root
        content = _content(pdf)
    assert re.search(rb"[\d.]+ [\d.]+ [\d.]+ rg", content)  # RGB colour
    assert not re.search(rb"(^|\s)[\d.]+ [\d.]+ [\d.]+ [\d.]+ [kK]\s", content)  # and no CMYK
    assert not _overprints(built["proof"]) and _overprints(built["print"])  # black overprints in print only


def _overprints(path) -> bool:
    with pikepdf.open(path) as pdf:
        return any(bool(gs.get("/op", False)) or bool(gs.get("/OP", False))
                   for page in pdf.pages for gs in page.Resources.get("/ExtGState", {}).values())


def test_crop_marks_are_the_variants_question(built):
    with pikepdf.open(built["print"]) as marked, pikepdf.open(built["print-nomarks"]) as plain:
        m, p = marked.pages[0], plain.pages[0]
        bleed = [float(x) for x in p.BleedBox]
        assert [float(x) for x in p.MediaBox] == bleed  # no border for marks around the bleed
        assert float(m.MediaBox[2]) - float(m.BleedBox[2]) == 27  # the default print keeps its marks
        trim = [float(x) for x in p.TrimBox]
        assert trim[2] - trim[0] == 612 and trim[0] - bleed[0] == 9
        assert b"/All CS 1 SCN" in _content(marked) and b"/All CS" not in _content(plain)  # registration
        assert str(plain.docinfo.GTS_PDFXVersion) == "PDF/X-4"


@pytest.mark.parametrize("variant", ["print", "print-x1a", "proof"])
def test_every_variant_carries_the_publication_language(built, variant):
    with pikepdf.open(built[variant]) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"


def test_the_command_line_offers_the_table():
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(VARIANTS, PROOF.name, PROOF)
        build = next(a for a in cli._parser()._subparsers._group_actions[0].choices["build"]._actions
                     if a.dest == "variant")
        assert "proof" in build.choices
