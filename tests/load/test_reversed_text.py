"""White text reversed out of a fill of several process inks is a warning at the theme line of
that style when its stems are thinner than a press holds (stem width = weight's stem x size:
under 2 pt on three or more inks, 1 pt on two); one ink (black, a spot), stems wide enough,
or dark text are not."""

from __future__ import annotations

import pytest

from leafwright.load.reversed_text import ELEMENT_FILLS
from tests.load.test_load import load


def _warnings(tmp_path, theme: str) -> list:
    r = load(tmp_path, {"publication.yaml": "theme: t.yaml\ndocuments: [a.yaml]\n", "t.yaml": theme})
    assert r.pub is not None and not [d for d in r.diags if d.severity == "error"], [str(d) for d in r.diags]
    return [(r.at(d), d.message) for d in r.diags if "reversed out" in d.message]


def test_9pt_bold_white_table_header_on_a_three_ink_brand_warns_at_its_style(tmp_path):
    """Issue 21's header: 9 pt bold has 1.9 pt stems; 10 pt bold (2.1 pt) is the next size that holds."""
    (where, message), = _warnings(tmp_path, "colors:\n  brand: cmyk(100, 70, 0, 20)\n"
                                            "styles:\n  body: {size: 9pt}\n  table-header: {size: 9pt}\n")
    assert where == ("t.yaml", 5, 3)
    assert "'table-header' is 9 pt bold white text reversed out of 'brand' (C+M+K)" in message
    assert "stems are about 1.9 pt wide" in message and "make it 10 pt bold or more, or fill" in message


def test_regular_needs_a_larger_size_than_bold_on_three_inks(tmp_path):
    (_, message), = _warnings(tmp_path, "styles:\n  table-header: {size: 12pt, weight: regular}\n")
    assert "12 pt regular white text" in message and "make it 15 pt regular or more (10 pt bold)" in message


def test_near_white_callout_label_on_the_two_ink_tint_warns(tmp_path):
    found = _warnings(tmp_path, "colors:\n  paper: cmyk(0, 0, 0, 5)\n"
                                "styles:\n  callout-label: {size: 7pt, color: paper}\n")
    assert [(w, m.split(" reversed")[0]) for w, m in found] == [
        (("t.yaml", 4, 3), "'callout-label' is 7 pt regular paper text")]
    assert "'tint' (C+M)" in found[0][1]


@pytest.mark.parametrize("theme", [
    "styles:\n  table-header: {size: 10pt}\n",  # 10 pt bold: 2.09 pt stems, at the 2 pt limit
    "styles:\n  table-header: {size: 15pt, weight: regular}\n",  # 2.01 pt
    "colors:\n  paper: cmyk(0, 0, 0, 5)\nstyles:\n  callout-label: {size: 7.5pt, color: paper}\n",  # 2 inks: 1 pt
    "colors:\n  brand: cmyk(0, 0, 0, 100)\nstyles:\n  table-header: {size: 6pt}\n",  # one ink
    "colors:\n  brand: spot('PANTONE 2945 C', cmyk(100, 45, 0, 14))\nstyles:\n  table-header: {size: 6pt}\n",
    "styles:\n  table-header: {size: 6pt, color: text}\n",  # dark text is not reversed
    "styles:\n  note: {size: 6pt, color: white}\n",  # on paper, not on a fill
])
def test_one_ink_large_enough_or_dark_text_is_quiet(tmp_path, theme):
    assert _warnings(tmp_path, theme) == []


def test_the_default_theme_is_quiet_and_every_fill_is_a_theme_colour(tmp_path):
    from leafwright.load.theme import DEFAULT_COLORS, ELEMENTS

    assert _warnings(tmp_path, "footer: '{code}'\n") == []
    assert set(ELEMENT_FILLS) <= set(ELEMENTS) and set(ELEMENT_FILLS.values()) <= set(DEFAULT_COLORS)
