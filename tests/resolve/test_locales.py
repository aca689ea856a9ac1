"""Every locale-dependent spec in the six locales of the first markets, and claims written in
each: what docs/NUMBERS.md lists (the table there is checked against these)."""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import pytest

from leafwright.load.labels import labels_for
from leafwright.resolve.claims import compare_claim
from leafwright.resolve.numformat import NumberFormat, format_stat, format_value

NB, NNB = "\u00a0", "\u202f"  # no-break space; narrow no-break space (French grouping)
STAT_SPECS = (None, "pct", "pct1", "pct2", "frac", "ci")
VALUES = ((1122, None), (F(21, 2), None), (14, "words"), (1122, "Words"))
EXPECTED = {  # 37 of 255; then 1122, 10.5, 14:words, 1122:Words
    "en_US": ["15% (37/255)", "15%", "14.5%", "14.51%", "37/255", "95% CI, 10.4%-19.4%",
              "1,122", "10.5", "fourteen", "One thousand one hundred twenty-two"],
    "en_GB": ["15% (37/255)", "15%", "14.5%", "14.51%", "37/255", "95% CI, 10.4%-19.4%",
              "1,122", "10.5", "fourteen", "One thousand, one hundred and twenty-two"],
    "de_DE": [f"15{NB}% (37/255)", f"15{NB}%", f"14,5{NB}%", f"14,51{NB}%", "37/255", f"95%-KI, 10,4{NB}%–19,4{NB}%",
              "1.122", "10,5", "vierzehn", "Eintausendeinhundertzweiundzwanzig"],
    "fr_FR": [f"15{NB}% (37/255)", f"15{NB}%", f"14,5{NB}%", f"14,51{NB}%", "37/255",
              f"IC à 95{NB}%, 10,4{NB}%–19,4{NB}%", f"1{NNB}122", "10,5", "quatorze", "Mille cent vingt-deux"],
    "es_ES": [f"15{NB}% (37/255)", f"15{NB}%", f"14,5{NB}%", f"14,51{NB}%", "37/255",
              f"IC del 95{NB}%, 10,4{NB}%–19,4{NB}%", "1.122", "10,5", "catorce", "Mil ciento veintidós"],
    "it_IT": ["15% (37/255)", "15%", "14,5%", "14,51%", "37/255", "IC al 95%, 10,4%–19,4%",
              "1.122", "10,5", "quattordici", "Millecentoventidue"],
}


def fmt(locale: str) -> NumberFormat:
    labels = labels_for(locale)
    return NumberFormat(locale=locale, ci=labels["ci"], range=labels["range"])


@pytest.mark.parametrize("locale", EXPECTED)
def test_every_locale_dependent_spec(locale):
    printed = [format_stat(F(37), F(255), spec, fmt(locale)) for spec in STAT_SPECS]
    printed += [format_value(value, spec, fmt(locale)) for value, spec in VALUES]
    assert printed == EXPECTED[locale]


@pytest.mark.parametrize("locale", EXPECTED)
def test_the_numbers_page_lists_each_locale(locale):
    page = (Path(__file__).parents[2] / "docs" / "NUMBERS.md").read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if line.startswith(f"| `{locale}` |"))
    shown = [cell.strip().strip("`") for cell in row.split("|")[2:-1]]
    assert shown == [x.replace(NB, " ").replace(NNB, " ") for x in EXPECTED[locale]]


WRITTEN = {  # claims as a writer in each market types them (plain spaces, dashes, words)
    "en_US": ["14.5% (37/255)", "15%", "37 of 255", "95% CI, 10.4%-19.4%", "95% CI: 10.4 to 19.4"],
    "en_GB": ["14.5% (37 of 255)", "95% CI 10.4–19.4"],
    "de_DE": ["14,5 % (37/255)", "14,5\u00a0%", "37 von 255", "95%-KI: 10,4–19,4", "95%-KI, 10,4 %–19,4 %"],
    "fr_FR": ["14,5 % (37 sur 255)", "IC à 95 % : 10,4–19,4", "IC à 95 %, 10,4 % à 19,4 %"],
    "es_ES": ["14,5 % (37 de 255)", "IC del 95 %: 10,4-19,4"],
    "it_IT": ["14,5% (37 su 255)", "37 di 255", "IC al 95%: 10,4–19,4"],
}


@pytest.mark.parametrize("locale", WRITTEN)
def test_claims_in_each_locale(locale):
    for claim in WRITTEN[locale] + [x for x in EXPECTED[locale][:6]]:
        result = compare_claim(claim, F(37), F(255), fmt(locale))
        assert result.understood and result.matches, (claim, result)
        wrong = compare_claim(claim, F(40), F(255), fmt(locale))  # 15.7%: readable and wrong
        assert wrong.understood and not wrong.matches, (claim, wrong)


def test_a_claim_in_the_other_decimal_mark_does_not_match_and_says_why():
    result = compare_claim("14.5% (37/255)", F(37), F(255), fmt("de_DE"))
    assert result.understood and not result.matches
    assert result.expected == "14,5% (37/255)"
    assert result.reason == "it is written with '.' as the decimal mark; de_DE writes ','"
    assert compare_claim("14,5%", F(37), F(255), fmt("en_US")).understood
    unreadable = compare_claim("about a seventh", F(37), F(255), fmt("de_DE"))
    assert not unreadable.understood
