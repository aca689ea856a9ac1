"""Printed claims in the forms writers use, compared at the precision they are written."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leafwright.resolve.claims import compare_claim
from leafwright.resolve.numformat import NumberFormat, format_stat
from tests.conftest import resolve

UP = NumberFormat()  # 69/154 = 44.805...%; 95% CI 36.8%-53.0%


@pytest.mark.parametrize("printed", [
    "44.8% (69/154)", "45%", "45 %", "44.8%", "44.81%", "69/154", "69 of 154", "69 of 154 (45%)",
    "(69/154) 45%", "44.8% (95% CI, 36.8%-53.0%)", "95% CI: 36.8-53.0", "95% CI, 36.8%–53.0%",
    "95% CI 36.8 to 53.0", "95% CI, 37%-53%", "45% (69/154; 95% CI, 36.8%-53.0%)", "  45%  ",
])
def test_correct_claims_in_every_form_match(printed):
    result = compare_claim(printed, F(69), F(154), UP)
    assert result.understood and result.matches, result


@pytest.mark.parametrize("printed, expected", [
    ("44.9% (69/154)", "44.8% (69/154)"),  # the percentage at one decimal is wrong
    ("46%", "45%"),
    ("45 %", "45 %"),  # right: no mismatch; listed so the shape is kept below
    ("70/154", "69/154"),
    ("69 of 155", "69 of 154"),
    ("69 of 154 (46%)", "69 of 154 (45%)"),
    ("44.8% (95% CI, 36.8%-53.1%)", "44.8% (95% CI, 36.8%-53.0%)"),
    ("95% CI: 35.8-53.0", "95% CI: 36.8-53.0"),
    ("95% CI, 36.8% to 54.0%", "95% CI, 36.8% to 53.0%"),
])
def test_wrong_claims_show_the_computed_value_in_the_same_form(printed, expected):
    result = compare_claim(printed, F(69), F(154), UP)
    assert result.understood
    assert result.matches == (printed == expected)
    assert result.expected == expected


@pytest.mark.parametrize("printed, reason", [
    ("45% of patients", "cannot read 'of patients'"),
    ("about 45%", "cannot read 'about 45%'"),
    ("90% CI, 38.0-52.0", "only 95% confidence intervals can be checked"),
    ("45% (69/154) 46%", "more than one percentage"),
    ("", "no number in it"),
    ("n/a", "cannot read 'n/a'"),
])
def test_forms_the_checker_cannot_read_are_not_understood(printed, reason):
    result = compare_claim(printed, F(69), F(154), UP)
    assert not result.understood and not result.matches
    assert result.reason == reason


def test_precision_follows_the_writing_not_the_document_default():
    one_decimal = NumberFormat(decimals=1)
    assert compare_claim("45%", F(69), F(154), one_decimal).matches
    assert compare_claim("44.8%", F(69), F(154), NumberFormat()).matches
    # rounding is the document's: 9/40 = 22.5% is 23% half-up, 22% half-even
    assert compare_claim("23%", F(9), F(40), UP).matches
    assert not compare_claim("23%", F(9), F(40), NumberFormat(rounding="half-even")).matches
    assert compare_claim("22%", F(9), F(40), NumberFormat(rounding="half-even")).matches


def test_locale_digits():
    de = NumberFormat(locale="de_DE")
    assert compare_claim("44,8 % (69/154)", F(69), F(154), de).matches
    assert compare_claim("1.122/2.000", F(1122), F(2000), de).matches
    assert compare_claim("1,122 of 2,000", F(1122), F(2000), UP).matches


def test_messages_through_the_checks(tmp_path):
    r = resolve(tmp_path, {
        "publication.yaml": "data: data.yaml\ndocuments: [a.yaml]\n",
        "data.yaml": """
            values: {k: 69, n: 154}
            stats: {x: {count: k, of: n}}
            checks:
              - {stat: x, printed: "44.8% (69/154)"}
              - {stat: x, printed: "69 of 154 (45%)"}
              - {stat: x, printed: "95% CI: 36.8-53.0"}
              - {stat: x, printed: "44.2% (68/154)"}
              - {stat: x, printed: "44.9%"}
              - {stat: x, printed: "45% of patients", severity: warning}
        """,
        "a.yaml": "id: a\nbody:\n  - paragraph: \"{x}\"\n",
    })
    assert [str(x.message) for x in r.errors] == [
        "printed claim '44.2% (68/154)' for 'x' does not match the computed 44.8% (69/154)",
        "printed claim '44.9%' for 'x' does not match the computed 44.8% (69/154)",
    ]
    assert r.at(r.errors[0]) == ("data.yaml", 7, 5)
    (w,) = r.warnings
    assert w.message.startswith("claim form not understood: '45% of patients' for 'x': cannot read 'of patients'")
    assert "does not match" not in w.message
    assert r.at(w) == ("data.yaml", 9, 5)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(total=st.integers(1, 5000), data=st.data(), rounding=st.sampled_from(["half-up", "half-even"]),
       spec=st.sampled_from([None, "pct", "pct1", "pct2", "frac"]))
def test_what_leafwright_prints_it_reads_back(total, data, rounding, spec):
    """Every form format_stat prints is understood and matches; one count off never matches."""
    count = data.draw(st.integers(0, total))
    fmt = NumberFormat(rounding=rounding)
    printed = format_stat(F(count), F(total), spec, fmt)
    result = compare_claim(printed, F(count), F(total), fmt)
    assert result.understood and result.matches and result.expected == printed
    if spec in (None, "frac"):
        other = count + 1 if count < total else count - 1
        if other >= 0 and other != count:
            assert not compare_claim(printed, F(other), F(total), fmt).matches
