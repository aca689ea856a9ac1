"""Exact formatting of stats and values: every rounding trap, every spec, locale details."""

import subprocess
import sys
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leafwright.resolve.numformat import (
    NumberFormat,
    SpecError,
    format_stat,
    format_value,
    round_decimal,
)

UP = NumberFormat()
EVEN = NumberFormat(rounding="half-even")

# (count, total, half-up, half-even) at 0 decimals
TRAPS = [
    (9, 40, "23%", "22%"),
    (29, 200, "15%", "14%"),
    (37, 255, "15%", "15%"),
    (38, 46, "83%", "83%"),
    (43, 54, "80%", "80%"),
    (17, 255, "7%", "7%"),
    (20, 255, "8%", "8%"),
    (43, 270, "16%", "16%"),
    (17, 270, "6%", "6%"),
    (26, 270, "10%", "10%"),
    (4, 17, "24%", "24%"),
    (8, 17, "47%", "47%"),
    (15, 40, "38%", "38%"),
    (10, 17, "59%", "59%"),
    (1, 8, "13%", "12%"),
]


@pytest.mark.parametrize("count, total, up, even", TRAPS)
def test_traps_pct(count, total, up, even):
    assert format_stat(F(count), F(total), "pct", UP) == up
    assert format_stat(F(count), F(total), "pct0", UP) == up
    assert format_stat(F(count), F(total), "pct", EVEN) == even
    assert format_stat(F(count), F(total), "pct0", EVEN) == even


@pytest.mark.parametrize("count, total, up, even", TRAPS)
def test_traps_default_form(count, total, up, even):
    assert format_stat(F(count), F(total), None, UP) == f"{up} ({count}/{total})"
    assert format_stat(F(count), F(total), None, EVEN) == f"{even} ({count}/{total})"


@pytest.mark.parametrize("fmt", [UP, EVEN])
def test_decimal_specs(fmt):
    assert format_stat(F(1), F(8), "pct1", fmt) == "12.5%"
    assert format_stat(F(37), F(255), "pct1", fmt) == "14.5%"
    assert format_stat(F(37), F(255), "pct2", fmt) == "14.51%"
    assert format_stat(F(9), F(40), "pct1", fmt) == "22.5%"
    assert format_stat(F(9), F(40), "pct2", fmt) == "22.50%"
    assert format_stat(F(1), F(3), "pct6", fmt) == "33.333333%"
    assert format_stat(F(0), F(5), "pct2", fmt) == "0.00%"
    assert format_stat(F(5), F(5), "pct", fmt) == "100%"


def test_half_tie_at_one_decimal():
    assert format_stat(F(1), F(16), "pct1", UP) == "6.3%"  # 6.25
    assert format_stat(F(1), F(16), "pct1", EVEN) == "6.2%"
    assert format_stat(F(3), F(16), "pct1", EVEN) == "18.8%"  # 18.75


def test_fmt_decimals_drive_pct_and_default():
    one = NumberFormat(decimals=1)
    assert format_stat(F(37), F(255), "pct", one) == "14.5%"
    assert format_stat(F(37), F(255), None, one) == "14.5% (37/255)"
    assert format_stat(F(37), F(255), "pct0", one) == "15%"


def test_frac_count_of_with_grouping():
    assert format_stat(F(37), F(255), "frac", UP) == "37/255"
    assert format_stat(F(37), F(255), "count", UP) == "37"
    assert format_stat(F(37), F(255), "of", UP) == "255"
    assert format_stat(F(1122), F(12345), "frac", UP) == "1,122/12,345"
    assert format_stat(F(1122), F(12345), None, UP) == "9% (1,122/12,345)"
    assert format_stat(F(1122), F(2000), "count", NumberFormat(locale="de_DE")) == "1.122"


def test_ci():
    assert format_stat(F(37), F(255), "ci", UP) == "95% CI, 10.4%-19.4%"
    assert format_stat(F(37), F(255), "ci", EVEN) == "95% CI, 10.4%-19.4%"
    assert format_stat(F(0), F(10), "ci", UP) == "95% CI, 0.0%-30.8%"
    assert format_stat(F(10), F(10), "ci", UP) == "95% CI, 69.2%-100.0%"
    assert format_stat(F(9), F(40), "ci", UP) == "95% CI, 10.8%-38.5%"


def test_ci_needs_whole_numbers():
    with pytest.raises(SpecError, match="whole-number"):
        format_stat(F(5, 2), F(10), "ci", UP)


def test_bad_stats_raise_value_error():
    for count, total in [(1, 0), (-1, 5), (6, 5)]:
        with pytest.raises(ValueError):
            format_stat(F(count), F(total), None, UP)


def test_stat_spec_errors():
    with pytest.raises(SpecError, match=r"unknown spec 'pct7' for a stat \(valid: pct, pct0-pct6"):
        format_stat(F(1), F(2), "pct7", UP)
    with pytest.raises(SpecError, match="did you mean 'frac'"):
        format_stat(F(1), F(2), "fracc", UP)
    with pytest.raises(SpecError, match="'words' applies to values, not stats"):
        format_stat(F(1), F(2), "words", UP)
    with pytest.raises(SpecError, match="unknown spec ''"):
        format_stat(F(1), F(2), "", UP)


@pytest.mark.parametrize(
    "value, expected",
    [
        (1122, "1,122"),
        (F(1122), "1,122"),
        (7, "7"),
        (0, "0"),
        (-1234567, "-1,234,567"),
        (F(21, 2), "10.5"),
        (F(1, 8), "0.125"),
        (F(12345, 100), "123.45"),
        (F(1, 3), "0"),  # never ends: rounded to fmt.decimals
        (F(2, 3), "1"),
        ("N/A", "N/A"),
        ("", ""),
        (10**30, "1" + ",000" * 10),
    ],
)
def test_value_default(value, expected):
    assert format_value(value, None, UP) == expected


def test_value_non_terminating_uses_fmt_decimals():
    assert format_value(F(1, 3), None, NumberFormat(decimals=2)) == "0.33"
    assert format_value(F(5, 6), None, NumberFormat(decimals=1)) == "0.8"


def test_value_locales():
    assert format_value(1122, None, NumberFormat(locale="de_DE")) == "1.122"
    assert format_value(F(21, 2), None, NumberFormat(locale="de_DE")) == "10,5"
    assert format_value(1234567, None, NumberFormat(locale="en_IN")) == "12,34,567"
    assert format_stat(F(1), F(8), "pct1", NumberFormat(locale="de_DE")) == "12,5\u00a0%"  # CLDR: a no-break space


@pytest.mark.parametrize(
    "value, spec, expected",
    [
        (14, "words", "fourteen"),
        (14, "Words", "Fourteen"),
        (F(14), "words", "fourteen"),
        (21, "words", "twenty-one"),
        (0, "Words", "Zero"),
        (100, "words", "one hundred"),
    ],
)
def test_words(value, spec, expected):
    assert format_value(value, spec, UP) == expected


def test_words_follow_locale_language():
    assert format_value(3, "words", NumberFormat(locale="fr_FR")) == "trois"
    assert format_value(21, "Words", NumberFormat(locale="de_DE")) == "Einundzwanzig"
    assert format_value(3, "words", NumberFormat(locale="pt_BR")) == "três"


@pytest.mark.parametrize(
    "value, spec, pattern",
    [
        (F(1, 2), "words", "'words' needs a whole number, not 0.5"),
        ("abc", "Words", "'Words' needs a whole number, not the text 'abc'"),
        (14, "pct", "'pct' applies to stats, not values"),
        (14, "pct1", "'pct1' applies to stats, not values"),
        (14, "frac", "'frac' applies to stats, not values"),
        (14, "ci", "'ci' applies to stats, not values"),
        (14, "count", "'count' applies to stats, not values"),
        (14, "of", "'of' applies to stats, not values"),
        (14, "wrods", "unknown spec 'wrods' for a value (valid: words, Words); did you mean 'words'?"),
        (14, "xyz", "unknown spec 'xyz' for a value (valid: words, Words)"),
    ],
)
def test_value_spec_errors(value, spec, pattern):
    with pytest.raises(SpecError) as info:
        format_value(value, spec, UP)
    assert str(info.value) == pattern


def test_words_unknown_locale_language():
    with pytest.raises(SpecError, match="not available"):
        format_value(3, "words", NumberFormat(locale="zu_ZA"))


def test_value_rejects_odd_types():
    with pytest.raises(TypeError):
        format_value(True, None, UP)
    with pytest.raises(TypeError):
        format_value([1], None, UP)


@pytest.mark.parametrize(
    "x, decimals, up, even",
    [
        (F(45, 2), 0, "23", "22"),
        (F(29, 2), 0, "15", "14"),
        (F(25, 2), 1, "12.5", "12.5"),
        (F(3700, 255), 2, "14.51", "14.51"),
        (F(-5, 2), 0, "-3", "-2"),
        (F(-1, 10), 0, "0", "0"),  # no negative zero
        (F(1, 200), 2, "0.01", "0.00"),
        (F(0), 3, "0.000", "0.000"),
        (F(999, 10), 0, "100", "100"),
        (F(7), 0, "7", "7"),
    ],
)
def test_round_decimal(x, decimals, up, even):
    assert round_decimal(x, decimals, "half-up") == up
    assert round_decimal(x, decimals, "half-even") == even


def test_round_decimal_bad_args():
    with pytest.raises(ValueError):
        round_decimal(F(1), 0, "half-down")
    with pytest.raises(ValueError):
        round_decimal(F(1), -1, "half-up")


@given(
    st.fractions(min_value=-10**6, max_value=10**6, max_denominator=10**4),
    st.integers(0, 6),
    st.sampled_from(["half-up", "half-even"]),
)
def test_round_decimal_matches_decimal_module(x, decimals, rounding):
    mode = ROUND_HALF_UP if rounding == "half-up" else ROUND_HALF_EVEN
    with localcontext() as ctx:
        ctx.prec = 80  # ties are terminating decimals, exact at this precision
        exact = Decimal(x.numerator) / Decimal(x.denominator)
        expected = exact.quantize(Decimal(1).scaleb(-decimals), rounding=mode)
    got = round_decimal(x, decimals, rounding)
    assert Decimal(got) == expected
    assert not got.startswith("-") or Decimal(got) != 0


def test_number_format_validates():
    with pytest.raises(ValueError, match="half-even"):
        NumberFormat(rounding="half_even")
    with pytest.raises(ValueError):
        NumberFormat(decimals=-1)
    with pytest.raises(ValueError):
        NumberFormat(decimals=7)


def test_import_is_lazy():
    code = ("import sys, leafwright.resolve.numformat; "
            "print(any(m.split('.')[0] in ('scipy', 'babel', 'num2words') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("locale, expected", [
    ("en_US", "one thousand one hundred twenty-two"),  # American: no "and", no commas
    ("en", "one thousand one hundred twenty-two"),     # CLDR's plain English is American
    ("en_GB", "one thousand, one hundred and twenty-two"),
    ("en_AU", "one thousand, one hundred and twenty-two"),
])
def test_words_follow_the_locale_not_only_its_language(locale, expected):
    assert format_value(1122, "words", NumberFormat(locale=locale)) == expected
    assert format_value(101, "Words", NumberFormat(locale=locale)) == \
        ("One hundred one" if " and " not in expected else "One hundred and one")


def test_every_spec_is_documented_with_what_it_prints():
    import re
    from pathlib import Path

    from leafwright.resolve.numformat import STAT_SPECS, VALUE_SPECS

    doc = (Path(__file__).resolve().parents[2] / "docs" / "NUMBERS.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| `([^`]+)`", doc, re.M))
    assert set(STAT_SPECS) | set(VALUE_SPECS) <= set(rows)
    for spec in STAT_SPECS:  # the stat examples are 37 of 255 at the default format
        assert format_stat(F(37), F(255), spec, NumberFormat()) == rows[spec], spec
    assert format_value(14, "words", NumberFormat()) == rows["words"]
    assert format_value(14, "Words", NumberFormat()) == rows["Words"]
