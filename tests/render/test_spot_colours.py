"""Spot colours: `spot("NAME", cmyk(..))` prints as a Separation with its CMYK alternate, and
tints (`brand 40%`) reach text, rules, fills and charts; the screen file gets RGB."""

from __future__ import annotations

import re
import shutil

import pikepdf

from leafwright.colour import Cmyk, Rgb, Spot
from leafwright.load.theme import lookup_color, parse_color
from tests.conftest import CONTENT, run_cli

THEME = """page:
  size: letter
  bleed: 0.125in
  crop-marks: true
colors:
  brand: spot("PANTONE 2945 C", cmyk(100, 45, 0, 14))
  rule: brand 40%
  tint: brand 15%
  series1: brand 60%
"""
NAME = "/PANTONE#202945#20C"


def test_spot_and_tint_values():
    spot = parse_color('spot("PANTONE 2945 C", cmyk(100, 45, 0, 14))')
    assert spot == Spot("PANTONE 2945 C", Cmyk(1.0, 0.45, 0.0, 0.14), 1.0)
    assert lookup_color({"brand": spot}, "brand 40%") == Spot("PANTONE 2945 C", Cmyk(1.0, 0.45, 0.0, 0.14), 0.4)
    assert lookup_color({}, "cmyk(0, 0, 0, 100) 50%") == Cmyk(0.0, 0.0, 0.0, 0.5)
    assert lookup_color({}, "#000000 25%") == Rgb(0.75, 0.75, 0.75)
    assert parse_color('spot("", cmyk(1, 2, 3, 4))') is None and lookup_color({}, "nothing 40%") is None


def _streams(pdf) -> str:
    out = []
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") in (None, "/Form") and "/Length" in obj:
            try:
                out.append(obj.read_bytes().decode("latin-1"))
            except pikepdf.PdfError:
                pass
    return "\n".join(out)


def test_spot_colour_in_text_rules_fills_and_charts(tmp_path):
    pub = tmp_path / "pub"
    shutil.copytree(CONTENT, pub)
    (pub / "theme.yaml").write_text(THEME, encoding="utf-8")
    for variant in ("print", "screen"):
        proc = run_cli("build", str(pub), "-o", str(tmp_path / variant), "--variant", variant)
        assert proc.returncode == 0, proc.stderr
    with pikepdf.open(tmp_path / "print" / "proleukin-mrcc.pdf") as pdf:
        space = pdf.pages[0].Resources.ColorSpace["/PANTONE 2945 C"]
        assert [str(x) for x in space[:3]] == ["/Separation", "/PANTONE 2945 C", "/DeviceCMYK"]
        assert space[3].read_bytes() == b"{dup 1.0 mul exch dup 0.45 mul exch 0.0 exch 0.14 mul}"
        ops = _streams(pdf)
    assert f"{NAME} cs 1 scn" in ops  # headings, the title band
    assert f"{NAME} CS .4 SCN" in ops  # table rules
    assert f"{NAME} cs .15 scn" in ops  # callout and panel fills
    assert f"{NAME} cs .6 scn" in ops  # chart bars
    proc = run_cli("preflight", str(tmp_path / "print" / "proleukin-mrcc.pdf"))
    assert proc.returncode == 0, proc.stdout
    with pikepdf.open(tmp_path / "screen" / "proleukin-mrcc.pdf") as pdf:
        assert "Separation" not in _streams(pdf) and "/ColorSpace" not in pdf.pages[0].Resources
        assert re.search(r"\srg\s", _streams(pdf))
