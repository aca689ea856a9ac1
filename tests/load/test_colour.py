"""Colour values: each kind answers for itself (RGB view, plates, screen of black, tint), and
one rule decides which RGB is a grey for the theme, the press and the charts alike."""

from __future__ import annotations

import pytest
from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color

from leafwright.colour import BLACK, Cmyk, Dual, Rgb, Spot, black_screen, grey_k, print_inks
from leafwright.load.theme import lookup_color, parse_color

PANTONE = Spot("PANTONE 2945 C", Cmyk(1.0, 0.45, 0.0, 0.14))


def test_the_theme_reads_each_kind():
    assert parse_color("cmyk(0, 0, 0, 90)") == Cmyk(0.0, 0.0, 0.0, 0.9)
    assert parse_color("#336699") == Rgb(0x33 / 255, 0x66 / 255, 0x99 / 255)
    assert parse_color('spot("PANTONE 2945 C", cmyk(100, 45, 0, 14))') == PANTONE
    assert lookup_color({"brand": Dual(BLACK, Rgb(0.0, 0.0, 1.0))}, "brand 50%") == \
        Dual(Cmyk(0.0, 0.0, 0.0, 0.5), Rgb(0.5, 0.5, 1.0))


def test_rgb_views():
    assert Cmyk(0.0, 0.0, 0.0, 0.25).rgb() == (0.75, 0.75, 0.75)
    assert Spot("X", Cmyk(1.0, 0.0, 0.0, 0.0), 0.5).rgb() == (0.5, 1.0, 1.0)  # the alternate at the tint
    assert Dual(BLACK, Rgb(0.1, 0.2, 0.3)).rgb() == (0.1, 0.2, 0.3)  # the screen's ink


def test_plates():
    assert print_inks(Cmyk(1.0, 0.0, 0.5, 0.0)) == {"C": 1.0, "Y": 0.5}
    assert print_inks(PANTONE.tint(0.4)) == {"PANTONE 2945 C": 0.4}
    assert print_inks(Spot("X", BLACK, 0.0)) == {}
    assert print_inks(Rgb(1.0, 0.0, 0.0)) == {"M": 1.0, "Y": 1.0}  # naively, as print converts it
    assert print_inks(Dual(PANTONE, Rgb(1.0, 1.0, 1.0))) == {"PANTONE 2945 C": 1.0}  # the print ink
    assert print_inks(None) == {}


@pytest.mark.parametrize("colour, k", [
    (Cmyk(0.0, 0.0, 0.0, 0.65), 0.65), (Cmyk(0.0, 0.0, 0.0, 1.0), None), (Cmyk(0.0, 0.0, 0.0, 0.0), None),
    (Cmyk(0.1, 0.0, 0.0, 0.65), None), (Rgb(0.25, 0.25, 0.25), 0.75), (Rgb(0.0, 0.0, 0.0), None),
    (Rgb(0.25, 0.25, 0.26), None), (PANTONE.tint(0.5), None), (Dual(Cmyk(0.0, 0.0, 0.0, 0.5), BLACK), 0.5),
    (Dual(BLACK, Rgb(0.5, 0.5, 0.5)), None), (None, None),
])
def test_a_screen_of_black(colour, k):
    assert black_screen(colour) == k


def test_grey_rule_with_and_without_tolerance():
    assert grey_k((0.1, 0.1, 0.1)) == 0.9  # an exact grey keeps its level exactly
    assert grey_k((0.5, 0.5, 0.51)) is None
    assert grey_k((0.5, 0.5, 0.51), tolerance=0.02) == pytest.approx(1 - 1.51 / 3)
    assert grey_k((1.0, 0.0, 0.0), tolerance=0.02) is None


def test_the_press_the_charts_and_the_theme_agree_on_a_grey():
    from leafwright.layout.charts import Palette
    from leafwright.layout.pages import press_color
    from tests.layout.test_charts import _styles

    for level in (0.2, 0.6, 0.1):
        press = press_color(Color(level, level, level))
        chart = Palette(_styles()).convert(Color(level, level, level))
        for c in (press, chart):
            assert (c.cyan, c.magenta, c.yellow) == (0, 0, 0) and c.black == pytest.approx(1 - level)
        assert black_screen(Rgb(level, level, level)) == pytest.approx(1 - level)
    with pytest.raises(ValueError, match="Non CMYK"):
        press_color(Color(0.2, 0.3, 0.4))


def test_reportlab_colours_per_variant():
    from leafwright.layout.styles import to_color

    sep = to_color(PANTONE.tint(0.4), cmyk=True)
    assert isinstance(sep, CMYKColorSep) and sep.spotName == "PANTONE 2945 C" and sep.density == 0.4
    assert not isinstance(to_color(PANTONE, cmyk=False), CMYKColor)
    dual = Dual(Cmyk(0.0, 1.0, 0.0, 0.0), Rgb(0.0, 0.0, 1.0))
    printed, shown = to_color(dual, cmyk=True), to_color(dual, cmyk=False)
    assert (printed.cyan, printed.magenta, printed.yellow, printed.black) == (0.0, 1.0, 0.0, 0.0)
    assert (shown.red, shown.green, shown.blue) == (0.0, 0.0, 1.0) and not isinstance(shown, CMYKColor)
    naive = to_color(Rgb(1.0, 0.0, 0.0), cmyk=True)
    assert (naive.cyan, naive.magenta, naive.yellow, naive.black) == (0.0, 1.0, 1.0, 0.0)
