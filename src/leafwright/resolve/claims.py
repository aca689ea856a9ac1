"""Printed claims in the forms writers use, compared with a stat at the precision written.

A claim is read as parts, not matched against a list of whole strings: a percentage
(`44.8%`, `45 %`), a fraction (`69/154`, `69 of 154`) and a confidence interval
(`95% CI, 36.8%-53.0%`, `95% CI: 36.8-53.0`, en dash or "to"), joined by spaces,
parentheses, commas or semicolons in any order. Each part is compared at the precision it
is written (`44.8%` to one decimal, `45%` to none), so a claim is never wrong for being
written more or less precisely than the document's default. What cannot be read this way
is reported as not understood, never as a mismatch: the reviewer must not be told a
number is wrong when the checker did not read it.

Hand-written rather than a parsing library: three small regular expressions cover the
grammar, and the locale's digit symbols must be built into them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from .binomial import MAX_N, clopper_pearson
from .numformat import NumberFormat, decimal_and_group, format_stat, round_decimal

FORMS = "45%, 44.8%, 69/154, 69 of 154, 45% (69/154) or 95% CI, 36.8%-53.0% (in the locale's digits)"
_SEPARATORS = re.compile(r"[\s()\[\];,]*")


@dataclass(frozen=True)
class ClaimResult:
    understood: bool
    matches: bool = False
    expected: str = ""  # the claim as the counts would print it, in the printed form
    has_fraction: bool = False  # the claim names its counts (the message need not add them)
    reason: str = ""  # why a claim was not understood


# The words around a CI and a fraction in the supported languages (load/labels.py prints
# them): a claim is read whichever of them it uses, in any locale.
_CI_WORD = r"(?:CI|KI|IC)"
_CI_BEFORE = r"(?:à|al|del|zu|de)?"  # "IC à 95 %", "IC al 95%", "IC del 95 %"
_TO = r"(?:-|–|—|\bto\b|\bbis\b|\bà\b|\ba\b|\bal\b)"
_OF = r"(?:/|\b(?:of|von|sur|de|di|su|su un totale di)\b)"
_SPACES = "\u0020\u00a0\u202f\u2009"


@lru_cache(maxsize=16)
def _patterns(locale: str) -> tuple[re.Pattern, ...]:
    """The claim grammar with the locale's decimal and grouping symbols (a group that is a
    space may be typed as any space)."""
    dec, group = decimal_and_group(locale)
    group = f"[{_SPACES}]" if group in _SPACES else re.escape(group)
    num = rf"(?:\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?:{re.escape(dec)}\d+)?"
    bounds = rf"\s*[,:]?\s*(?P<lo>{num})\s?%?\s*{_TO}\s*(?P<hi>{num})(?:\s?%)?"
    ci = re.compile(rf"(?P<level>{num})\s?%[\s-]*{_CI_WORD}{bounds}")
    ci_after = re.compile(rf"{_CI_WORD}\s*{_CI_BEFORE}\s*(?P<level>{num})\s?%{bounds}")
    pct = re.compile(rf"(?P<pct>{num})\s?%")
    frac = re.compile(rf"(?P<count>{num})\s*{_OF}\s*(?P<total>{num})")
    return ci, ci_after, pct, frac


def _number(text: str, locale: str) -> tuple[Fraction, int]:
    """A printed number as an exact value and its count of decimals."""
    decimal, group = decimal_and_group(locale)
    plain = text.replace(group, "")
    if group in _SPACES:
        plain = re.sub(f"[{_SPACES}]", "", plain)
    plain = plain.replace(decimal, ".")
    return Fraction(plain), len(plain.partition(".")[2])


def _printed(x: Fraction, decimals: int, fmt: NumberFormat) -> str:
    """`x` as the locale prints it, rounded as the document rounds."""
    from .numformat import _localize

    return _localize(round_decimal(x, decimals, fmt.rounding), fmt.locale)


# Read a claim that the locale cannot read in this one too: written with the other decimal
# mark, it is a claim that does not match as printed, not one that was not understood.
_OTHER = {".": "de_DE", ",": "en_US"}


def compare_claim(printed: str, count: Fraction, total: Fraction, fmt: NumberFormat) -> ClaimResult:
    """Read `printed` as parts and compare each with count/total; see the module docstring."""
    result = _compare(printed, count, total, fmt)
    if result.understood:
        return result
    other = _OTHER.get(decimal_and_group(fmt.locale)[0])
    if other is None:
        return result
    from dataclasses import replace

    again = _compare(printed, count, total, replace(fmt, locale=other))
    if not again.understood:
        return result
    mine = _compare_expected(printed, count, total, fmt, other)
    return ClaimResult(True, False, mine, again.has_fraction,
                       reason=f"it is written with '{decimal_and_group(other)[0]}' as the decimal mark; "
                              f"{fmt.locale} writes '{decimal_and_group(fmt.locale)[0]}'")


def _compare_expected(printed: str, count: Fraction, total: Fraction, fmt: NumberFormat, other: str) -> str:
    """What a claim read in `other` would say in the locale of `fmt`: its computed values at
    the precision written, printed as `fmt` prints them."""
    from dataclasses import replace

    expected = _compare(printed, count, total, replace(fmt, locale=other)).expected
    dec, group = decimal_and_group(other)
    mine_dec, mine_group = decimal_and_group(fmt.locale)
    swap = {dec: mine_dec, group: mine_group}
    return re.sub(r"\d[\d.,]*\d|\d", lambda m: "".join(swap.get(c, c) for c in m.group()), expected)


def _compare(printed: str, count: Fraction, total: Fraction, fmt: NumberFormat) -> ClaimResult:
    text = printed.strip()
    ci, ci_after, pct, frac = _patterns(fmt.locale)
    pos, parts = 0, []
    while True:
        pos = _SEPARATORS.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= len(text):
            break
        for kind, pattern in (("ci", ci), ("ci", ci_after), ("pct", pct), ("frac", frac)):
            m = pattern.match(text, pos)
            if m:
                parts.append((kind, m))
                pos = m.end()
                break
        else:
            shown = text[pos:pos + 20]
            return ClaimResult(False, reason=f"cannot read '{shown}'")
    kinds = [k for k, _ in parts]
    if not parts:
        return ClaimResult(False, reason="no number in it")
    for kind in set(kinds):
        if kinds.count(kind) > 1:
            return ClaimResult(False, reason=f"more than one {dict(ci='CI', pct='percentage', frac='fraction')[kind]}")
    out, ok, cursor = [], True, 0
    for kind, m in parts:
        for group in sorted(m.re.groupindex, key=lambda g: m.start(g)):  # left to right, as written
            if group == "level":
                continue
            value, decimals = _number(m.group(group), fmt.locale)
            if kind == "pct":
                want = _printed(count / total * 100, decimals, fmt)
            elif kind == "frac":
                want = _printed(count if group == "count" else total, decimals, fmt)
            else:
                if _number(m.group("level"), fmt.locale)[0] != 95:
                    return ClaimResult(False, reason="only 95% confidence intervals can be checked")
                if count.denominator != 1 or total.denominator != 1:
                    return ClaimResult(False, reason="a CI needs a whole-number count and total")
                if total > MAX_N:
                    return ClaimResult(False, reason=f"a CI can be checked for a total of at most {MAX_N:,}")
                # decided exactly at the precision the claim is written in (a float quantile
                # rounded afterwards can land on the wrong side of a rounding boundary)
                bounds = _interval(int(count), int(total), min(decimals + 2, 12), fmt.rounding)
                want = _printed(bounds[group == "hi"] * 100, decimals, fmt)
            ok = ok and _number(want, fmt.locale)[0] == value
            out.append(text[cursor:m.start(group)] + want)
            cursor = m.end(group)
    out.append(text[cursor:])
    return ClaimResult(True, ok, "".join(out), "frac" in kinds)


@lru_cache(maxsize=256)
def _interval(k: int, n: int, decimals: int, rounding: str) -> tuple[Fraction, Fraction]:
    return clopper_pearson(k, n, decimals, rounding=rounding)


def mismatch_text(result: ClaimResult, count: Fraction, total: Fraction, fmt: NumberFormat) -> str:
    """'the computed 44.2% (68/154)': the expected claim, with its counts when it has none
    (and why, when it was read in another locale's digits)."""
    why = f" ({result.reason})" if result.reason else ""
    if result.has_fraction:
        return f"the computed {result.expected}{why}"
    return f"the computed {result.expected} ({format_stat(count, total, 'frac', fmt)}){why}"


def understood_hint(reason: str) -> str:
    return f"{reason}; write it as {FORMS}"

