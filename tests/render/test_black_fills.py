"""Small black fills overprint, wide ones knock out (issue 21), read on Ghostscript's tiffsep
plates of a spot-colour leaflet: a rule drawn as a rectangle, a square marker and a bar drawn
as a path (as matplotlib draws chart bars), all 100% K and narrower than the variant's 12 pt,
keep the tint's ink under them; a 60 pt black square knocks it out (K alone over a tint would
show the tint through it). The same drawing placed at twice its size: what is narrow is
measured on the page. Where each shape sits comes from the PDF (pdfplumber)."""

from __future__ import annotations

import shutil

import pdfplumber
import pytest

from tests.conftest import built_pdf

pytestmark = pytest.mark.skipif(shutil.which("gs") is None,
                                reason="Ghostscript (gs) is not installed: the plates are its tiffsep device's")

SPOT = "PANTONE 2945 C"
DPI = 144
SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="200pt" height="100pt" viewBox="0 0 200 100">
  <rect x="10" y="10" width="150" height="1.5" fill="#000000"/>
  <rect x="10" y="30" width="7" height="7" fill="#000000"/>
  <path d="M 30 95 L 38 95 L 38 25 L 30 25 Z" fill="#000000"/>
  <rect x="100" y="30" width="60" height="60" fill="#000000"/>
</svg>
"""
FILES = {
    "publication.yaml": "id: p\ntitle: Fills\ntheme: theme.yaml\ndocuments: [doc.yaml, big.yaml]\n",
    "theme.yaml": f"""
        page: {{size: letter, bleed: 0.125in}}
        colors:
          brand: spot("{SPOT}", cmyk(100, 45, 0, 14))
          tint: brand 15%
    """,
    "doc.yaml": """
        id: doc
        title: Fills
        body:
          - panel:
              title: On a tint
              body:
                - image: {file: shapes.svg, width: 200pt}
    """,
    "big.yaml": """
        id: big
        title: Fills at twice the size
        body:
          - panel:
              title: On a tint
              body:
                - image: {file: shapes.svg, width: 400pt}
    """,
    "shapes.svg": SVG,
}
SIZES = {"doc": [(7, 7), (8, 70), (60, 60), (150, 2)],  # the SVG at 100%
         "big": [(14, 14), (16, 140), (120, 120), (300, 3)]}  # at 200%: only the rule is still narrow


@pytest.fixture(scope="module")
def leaflet(tmp_path_factory):
    from tools.plates import page_plates

    out_dir = built_pdf(tmp_path_factory.mktemp("fills"), FILES).parent
    out = {}
    for doc_id in SIZES:
        pdf = out_dir / f"{doc_id}.pdf"
        plates = page_plates(pdf, resolution=DPI)
        with pdfplumber.open(pdf) as doc:
            shapes = [r for r in doc.pages[0].rects + doc.pages[0].curves
                      if r.get("fill") and r.get("non_stroking_color") in ((0, 0, 0, 1), [0, 0, 0, 1])]
        out[doc_id] = plates, shapes
    return out


def _centre(image, shape, half: float = 0.5) -> list[int]:
    """The pixels of the middle of a shape (pdfplumber's box, points from the top left)."""
    x, y = (shape["x0"] + shape["x1"]) / 2, (shape["top"] + shape["bottom"]) / 2
    box = [round(v * DPI / 72) for v in (x - half, y - half, x + half, y + half)]
    return list(image.crop(box).tobytes())


@pytest.mark.parametrize("doc", list(SIZES))
def test_narrow_black_fills_overprint_and_wide_ones_knock_out(leaflet, doc):
    plates, shapes = leaflet[doc]
    sizes = sorted((round(s["x1"] - s["x0"]), round(s["bottom"] - s["top"])) for s in shapes)
    assert sizes == SIZES[doc], sizes
    for shape in shapes:
        narrow = min(shape["x1"] - shape["x0"], shape["bottom"] - shape["top"]) < 12
        assert max(_centre(plates["Black"], shape)) < 30, shape  # 100% K
        for name in ("Cyan", "Magenta", "Yellow"):
            assert min(_centre(plates[name], shape)) == 255, (name, shape)
        tint = _centre(plates[SPOT], shape)
        if narrow:
            assert max(tint) < 250, f"the tint is knocked out under a {shape['x1'] - shape['x0']:.0f} pt shape"
        else:
            assert min(tint) == 255, "a wide black square overprints: the tint would show through it"
