"""A second opinion on the plates: Ghostscript's tiffsep separates a spot-colour leaflet the way
a RIP would (overprint simulated), and the plates are read pixel by pixel (issue 21):
crop marks on every plate, the spot one included; chart text on K only, and like a 100% K rule
printed on top of the tint below it instead of knocking a hole into it.

Where each thing sits comes from the PDF itself (pdfplumber), not from the pixels."""

from __future__ import annotations

import shutil

import pdfplumber
import pikepdf
import pytest

from tests.conftest import built_pdf

pytestmark = pytest.mark.skipif(shutil.which("gs") is None,
                                reason="Ghostscript (gs) is not installed: the plates are its tiffsep device's")

SPOT = "PANTONE 2945 C"
DPI = 144
FILES = {
    "publication.yaml": "id: p\ntitle: Plates\ntheme: theme.yaml\ndata: data.yaml\ndocuments: [doc.yaml]\n",
    "theme.yaml": f"""
        page: {{size: letter, bleed: 0.125in, crop-marks: true}}
        colors:
          brand: spot("{SPOT}", cmyk(100, 45, 0, 14))
          tint: brand 15%
          rule: cmyk(0, 0, 0, 100)
    """,
    "data.yaml": "stats:\n  a: {count: 40, of: 100}\n  b: {count: 20, of: 100}\n",
    "doc.yaml": """
        id: doc
        title: Plates
        body:
          - paragraph: Black body text.
          - panel:
              title: On a tint
              body:
                - table: {header: [Arm, Rate], rows: [[A, "{a:pct}"], [B, "{b:pct}"]]}
                - chart:
                    kind: bar
                    categories: [One, Two]
                    series: [{name: Arm, values: [a, b]}]
    """,
}


@pytest.fixture(scope="module")
def leaflet(tmp_path_factory):
    from tools.plates import page_plates

    pdf = built_pdf(tmp_path_factory.mktemp("plates"), FILES)
    plates = page_plates(pdf, resolution=DPI)
    with pikepdf.open(pdf) as doc:
        trim = [float(v) for v in doc.pages[0].TrimBox]
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        found = {"size": (float(page.width), float(page.height)), "trim": trim,
                 "chars": page.chars, "lines": page.lines + page.rects}
    return plates, found


def _px(v: float) -> int:
    return round(v * DPI / 72)


def _region(image, x0: float, top: float, x1: float, bottom: float) -> list[int]:
    """The pixels of a box given in PDF points from the page's top left (pdfplumber's)."""
    return list(image.crop((_px(x0), _px(top), max(_px(x1), _px(x0) + 1), max(_px(bottom), _px(top) + 1))).tobytes())


def test_the_leaflet_separates_into_process_and_spot_plates(leaflet):
    plates, _ = leaflet
    assert set(plates) == {"Cyan", "Magenta", "Yellow", "Black", SPOT}


def test_crop_marks_are_on_every_plate(leaflet):
    """Each of the eight marks, 6 pt in from the sheet's edge, has ink on every plate."""
    plates, found = leaflet
    (w, h), (left, bottom, right, top) = found["size"], found["trim"]
    # (x, y) from the top left: two marks per corner, one along each trim edge's line
    ends = [(left, 6), (right, 6), (left, h - 6), (right, h - 6),
            (6, h - bottom), (w - 6, h - bottom), (6, h - top), (w - 6, h - top)]
    for name, image in plates.items():
        for x, y in ends:
            assert min(_region(image, x - 2, y - 2, x + 2, y + 2)) < 128, (name, x, y)
        assert min(_region(image, 0, 0, 4, 4)) == 255  # the sheet's corner, between marks: no ink


def test_chart_text_is_on_the_black_plate_only(leaflet):
    """The chart sits on the panel's tint: its text is ink on K, none on C, M or Y, and the
    tint's plate keeps its ink under the letters (overprinted, not knocked out)."""
    plates, found = leaflet
    chart = [c for c in found["chars"] if c["text"] in "OneTwo40%20%" and c["text"].strip()
             and round(c["size"], 2) in (7.5, 9.75)]  # the theme's chart sizes: ticks and value labels
    assert len(chart) >= 12, [c["text"] for c in chart]
    inked = 0
    for c in chart:
        box = (c["x0"] + 0.5, c["top"] + 0.5, c["x1"] - 0.5, c["bottom"] - 0.5)
        for name in ("Cyan", "Magenta", "Yellow"):
            assert min(_region(plates[name], *box)) == 255, (name, c["text"])
        for k, s in zip(_region(plates["Black"], *box), _region(plates[SPOT], *box)):
            if k < 128:
                assert s < 250, f"the tint is knocked out under {c['text']!r}"
                inked += 1
    assert inked >= 5 * len(chart)


def test_a_black_rule_over_a_tint_is_not_knocked_out(leaflet):
    """Under every pixel of the table's 100% K rules the tint's plate still has ink; knocked
    out, it would be a white line there that any misregistration shows."""
    plates, found = leaflet
    tints = [r for r in found["lines"] if r["object_type"] == "rect" and r["fill"]
             and r["non_stroking_color"] in (0.15, (0.15,), [0.15])]  # the panel: `tint` is the spot at 15%
    assert len(tints) == 1, tints
    (tint,) = tints
    lines = [r for r in found["lines"] if r["object_type"] == "line"]
    rules = [r for r in lines if abs(r["top"] - r["bottom"]) < 1
             and r.get("stroking_color") in ((0, 0, 0, 1), [0, 0, 0, 1])
             and tint["x0"] <= r["x0"] and r["x1"] <= tint["x1"] and tint["top"] < r["top"] < tint["bottom"]]
    assert len(rules) == 4, rules  # below the table's header and each row, the chart's axis
    black, spot = plates["Black"], plates[SPOT]
    checked = 0
    for r in rules:
        mid = (r["x0"] + r["x1"]) / 2
        box = (mid - 20, r["top"] - 1.5, mid + 20, r["bottom"] + 1.5)
        for k, s in zip(_region(black, *box), _region(spot, *box)):
            if k < 128:  # the rule
                assert s < 250, "the tint is knocked out under the black rule"
                checked += 1
    assert checked >= 40 * len(rules)
