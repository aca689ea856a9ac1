"""One grammar for `{name:spec}`: parse_spec is the only reader, so the text, chart labels
and the claims matrix agree on what is a spec and how many decimals it prints."""

from __future__ import annotations

import pytest

from leafwright.resolve.numformat import (
    STAT_SPECS,
    VALUE_SPECS,
    Spec,
    SpecError,
    parse_spec,
    percent_decimals,
)


@pytest.mark.parametrize("text, kind, decimals", [
    ("pct", "pct", None), ("pct0", "pct", 0), ("pct1", "pct", 1), ("pct6", "pct", 6),
    ("frac", "frac", None), ("count", "count", None), ("of", "of", None), ("ci", "ci", None),
    ("words", "words", None), ("Words", "Words", None),
])
def test_valid_specs(text, kind, decimals):
    spec = parse_spec(text)
    assert spec == Spec(kind, decimals)
    assert str(spec) == text  # printed back as written, for the messages that quote it


def test_every_listed_spec_parses_and_prints_back():
    for text in STAT_SPECS + VALUE_SPECS:
        assert str(parse_spec(text)) == text


@pytest.mark.parametrize("text", ["pct7", "pct-1", "pct07", "pct10", "", " ", " pct1", "pct1 ", "PCT",
                                  "pct1.5", "pct\u0663", "word", "frac,"])
def test_invalid_specs_are_errors(text):
    with pytest.raises(SpecError, match=f"unknown spec '{text}' for a stat"):
        parse_spec(text)


def test_the_error_lists_what_fits_the_target():
    with pytest.raises(SpecError) as stat:
        parse_spec("pct7")
    assert str(stat.value) == ("unknown spec 'pct7' for a stat (valid: pct, pct0-pct6, frac, count, of, ci); "
                               "did you mean 'pct'?")
    with pytest.raises(SpecError) as value:
        parse_spec("wrods", "value")
    assert str(value.value) == "unknown spec 'wrods' for a value (valid: words, Words); did you mean 'words'?"


def test_a_spec_of_the_other_target_parses():
    assert parse_spec("words").for_values and not parse_spec("pct1", "value").for_values


@pytest.mark.parametrize("text, expected", [
    (None, 2), ("pct", 2), ("pct0", 0), ("pct5", 5),  # None: the default form prints a percentage
    ("frac", None), ("count", None), ("of", None), ("ci", None), ("words", None),
    ("pct7", None), ("pct-1", None), ("", None),  # not specs: reported where printed
])
def test_percent_decimals(text, expected):
    assert percent_decimals(text, 2) == expected


@pytest.mark.parametrize("kind, decimals", [("pct", 7), ("pct", -1), ("frac", 1), ("nothing", None)])
def test_a_spec_value_is_always_one_the_grammar_can_write(kind, decimals):
    with pytest.raises(ValueError):
        Spec(kind, decimals)
