"""Printing stats and values exactly: one rounding, on a Fraction, never through a float.

Printed percentages must match the source tables digit for digit (9/40 is 23% with
half-up, as SAS and Excel print it; 22% with half-even, the AMA rule), so rounding works
on the exact rational. babel and num2words are imported inside the functions that need
them, so importing this module stays cheap.

Decisions:
- The locale supplies grouping, decimal symbol and minus sign (via babel); the percent
  sign is always a plain ``%`` with no space, as the contract prints ``15%``.
- A value that is not a whole number prints exactly when its decimal expansion ends
  (10.5, 0.125); otherwise it is rounded to ``fmt.decimals`` places with ``fmt.rounding``.
- A CI bound is decided exactly at the printed precision (`binomial.clopper_pearson`), so
  it never lands on the wrong side of a rounding boundary.
- Counts above the total, negative counts and totals of zero raise ValueError: the
  resolver reports them with a file and line before formatting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import lru_cache
from typing import Optional

from leafwright.cache import code_version, installed, remembered
from leafwright.diagnostics import did_you_mean

ROUNDINGS = ("half-up", "half-even")
MAX_DECIMALS = 6  # pct0-pct6 and format.percent.decimals
STAT_SPECS = ("pct", *(f"pct{n}" for n in range(MAX_DECIMALS + 1)), "frac", "count", "of", "ci")
VALUE_SPECS = ("words", "Words")
_LISTED = {"stat": (STAT_SPECS, f"pct, pct0-pct{MAX_DECIMALS}, frac, count, of, ci"),
           "value": (VALUE_SPECS, "words, Words")}
_PCT = re.compile(rf"pct([0-{MAX_DECIMALS}])?")


@dataclass(frozen=True)
class NumberFormat:
    decimals: int = 0  # default decimals for pct and the no-spec stat form
    rounding: str = "half-up"  # "half-up" | "half-even"
    locale: str = "en_US"
    ci: str = "95% CI"  # the locale's label (load/labels.py; a theme's `labels:` overrides it)
    range: str = "-"  # what joins a CI's bounds

    def __post_init__(self) -> None:
        if self.rounding not in ROUNDINGS:
            raise ValueError(f"unknown rounding '{self.rounding}' (use half-up or half-even)"
                             f"{did_you_mean(self.rounding, ROUNDINGS)}")
        if isinstance(self.decimals, bool) or not isinstance(self.decimals, int) \
                or not 0 <= self.decimals <= MAX_DECIMALS:
            raise ValueError(f"decimals must be a whole number from 0 to {MAX_DECIMALS}, not {self.decimals!r}")


class SpecError(Exception):
    """A format spec that does not exist or does not fit the thing being printed."""


@dataclass(frozen=True)
class Spec:
    """A parsed `{name:spec}`: the one reading of the grammar, so the text, the chart labels
    and the claims matrix cannot disagree on what `pct7` or `pct` means.

    kind: pct, frac, count, of, ci (stats) or words, Words (values); decimals: a pct's
    places, None for `pct` (the format's `percent.decimals`) and for every other kind.
    """

    kind: str
    decimals: Optional[int] = None

    def __post_init__(self) -> None:
        if self.kind not in STAT_SPECS + VALUE_SPECS or (self.decimals is not None and (
                self.kind != "pct" or not 0 <= self.decimals <= MAX_DECIMALS)):
            raise ValueError(f"no spec {self.kind!r} with {self.decimals!r} decimals")

    def __str__(self) -> str:
        return f"pct{self.decimals}" if self.decimals is not None else self.kind

    @property
    def for_values(self) -> bool:
        return self.kind in VALUE_SPECS

    def percent_decimals(self, default: int) -> Optional[int]:
        """The decimals of the stat's percentage it prints (None: it prints none)."""
        if self.kind != "pct":
            return None
        return default if self.decimals is None else self.decimals


def parse_spec(text: str, target: str = "stat") -> Spec:
    """`text` (as written after the colon, already stripped) as a Spec; a SpecError for
    anything else, listing the specs valid for `target` ("stat" or "value"). A spec of the
    other target parses: whether it fits is the formatter's question."""
    if m := _PCT.fullmatch(text):
        return Spec("pct", None if m.group(1) is None else int(m.group(1)))
    if text in STAT_SPECS or text in VALUE_SPECS:
        return Spec(text)
    valid, listed = _LISTED[target]
    raise SpecError(f"unknown spec '{text}' for a {target} (valid: {listed}){did_you_mean(text, valid)}")


def percent_decimals(spec: Optional[str], default: int) -> Optional[int]:
    """How many decimals a stat printed by `spec` shows in its percentage: `default` for no
    spec, None for a spec that prints no percentage or is not a spec (reported where printed)."""
    if spec is None:
        return default
    try:
        return parse_spec(spec).percent_decimals(default)
    except SpecError:
        return None


def round_decimal(x: Fraction, decimals: int, rounding: str) -> str:
    """`x` rounded to `decimals` places as a plain string ("12.5", "23", "-0.25").

    half-up rounds a tie away from zero; half-even rounds a tie to the even digit.
    """
    if rounding not in ROUNDINGS:
        raise ValueError(f"unknown rounding '{rounding}' (use half-up or half-even)")
    if decimals < 0:
        raise ValueError("decimals must not be negative")
    scaled = abs(Fraction(x)) * 10**decimals
    q, r = divmod(scaled.numerator, scaled.denominator)
    twice = 2 * r
    if twice > scaled.denominator or (twice == scaled.denominator
                                      and (rounding == "half-up" or q % 2 == 1)):
        q += 1
    digits = _digits(q).rjust(decimals + 1, "0")
    text = f"{digits[:-decimals]}.{digits[-decimals:]}" if decimals else digits
    return f"-{text}" if x < 0 and q else text


def _digits(n: int) -> str:
    """str(n) for a non-negative int of any length (Python refuses str() past 4300 digits,
    and an exact 1/2**5000 has that many decimal places)."""
    try:
        return str(n)
    except ValueError:
        chunk = 10**1000
        parts = []
        while n >= chunk:
            n, r = divmod(n, chunk)
            parts.append(str(r).rjust(1000, "0"))
        return str(n) + "".join(reversed(parts))


def _localize(plain: str, locale: str) -> str:
    """Apply the locale's grouping, decimal symbol and minus sign to a plain decimal string
    (babel's answer, remembered across builds: see `leafwright.cache.remembered`)."""
    return remembered("localized", _versions("babel"), _babel_localize, plain, locale)


@lru_cache(maxsize=4)
def _versions(package: str) -> tuple[str, ...]:
    """What an answer of `package` depends on: its installed copy and this module's code
    (with the leafwright code it imports)."""
    return package, installed(package), code_version(__name__)


def decimal_and_group(locale: str) -> tuple[str, str]:
    """The locale's decimal and grouping symbols (babel's, remembered across builds)."""
    return (remembered("symbols", _versions("babel"), _babel_symbol, "decimal", locale),
            remembered("symbols", _versions("babel"), _babel_symbol, "group", locale))


def _babel_symbol(which: str, locale: str) -> str:
    from babel import numbers

    return getattr(numbers, f"get_{which}_symbol")(locale)


def _babel_localize(plain: str, locale: str) -> str:
    from babel.numbers import format_decimal, get_decimal_symbol, get_minus_sign_symbol

    negative = plain.startswith("-")
    whole, _, frac = plain.lstrip("-").partition(".")
    with localcontext() as ctx:  # babel quantizes in the current context; keep big ints exact
        ctx.prec = len(whole) + 10
        text = format_decimal(Decimal(whole), locale=locale)
    if frac:
        text += get_decimal_symbol(locale) + frac
    return get_minus_sign_symbol(locale) + text if negative else text


def _terminates(x: Fraction) -> int | None:
    """Number of decimal places in x's exact expansion, or None if it never ends."""
    d, twos, fives = x.denominator, 0, 0
    while d % 2 == 0:
        d, twos = d // 2, twos + 1
    while d % 5 == 0:
        d, fives = d // 5, fives + 1
    return max(twos, fives) if d == 1 else None


def _number(x: Fraction, fmt: NumberFormat) -> str:
    places = _terminates(x)
    if places is None:
        places = fmt.decimals
    return _localize(round_decimal(x, places, fmt.rounding), fmt.locale)


def _pct(x: Fraction, decimals: int, fmt: NumberFormat) -> str:
    return percent_text(_localize(round_decimal(x * 100, decimals, fmt.rounding), fmt.locale), fmt.locale)


def plain_percent(plain: str, locale: str) -> str:
    """A plain decimal string ("82.6") as the locale prints a percentage ("82,6 %")."""
    return percent_text(_localize(plain, locale), locale)


def percent_text(number: str, locale: str) -> str:
    """A localized number as a percentage by the locale's CLDR pattern: `15%` in English,
    `41,6 %` (no-break space) in German, French and Spanish, `41,6%` in Italian."""
    prefix, _, suffix = remembered("percent", _versions("babel"), _babel_percent, locale).partition("#")
    return f"{prefix}{number}{suffix}"


def _babel_percent(locale: str) -> str:
    """The locale's percent affixes around a '#': '#%', '#\u00a0%', '%#' (babel's CLDR pattern)."""
    from babel import Locale

    loc = Locale.parse(locale)
    pattern = loc.percent_formats[None]
    sign = loc.number_symbols.get(loc.default_numbering_system, loc.number_symbols.get("latn", {})).get(
        "percentSign", "%")
    return f"{pattern.prefix[0].replace('%', sign)}#{pattern.suffix[0].replace('%', sign)}"


def format_stat(count: Fraction, total: Fraction, spec: str | Spec | None, fmt: NumberFormat) -> str:
    """A stat (count of total) printed by `spec`; None gives ``15% (37/255)``."""
    count, total = Fraction(count), Fraction(total)
    if total <= 0:
        raise ValueError(f"the total must be above zero, not {total}")
    if not 0 <= count <= total:
        raise ValueError(f"the count {count} must be between 0 and the total {total}")
    share = count / total
    if spec is None:
        return f"{_pct(share, fmt.decimals, fmt)} ({_number(count, fmt)}/{_number(total, fmt)})"
    if not isinstance(spec, Spec):
        spec = parse_spec(spec, "stat")
    if spec.for_values:
        raise SpecError(f"'{spec}' applies to values, not stats")
    if spec.kind == "pct":
        return _pct(share, spec.percent_decimals(fmt.decimals), fmt)
    if spec.kind == "frac":
        return f"{_number(count, fmt)}/{_number(total, fmt)}"
    if spec.kind == "count":
        return _number(count, fmt)
    if spec.kind == "of":
        return _number(total, fmt)
    if count.denominator != 1 or total.denominator != 1:  # ci
        raise SpecError("'ci' needs a whole-number count and total")
    from .binomial import MAX_N, clopper_pearson

    if total > MAX_N:  # the exact tail costs O(n) steps on numbers of O(n) digits
        raise SpecError(f"'ci' needs a total of at most {MAX_N:,}")
    low, high = clopper_pearson(int(count), int(total), 3, rounding=fmt.rounding)
    return f"{fmt.ci}, {_pct(low, 1, fmt)}{fmt.range}{_pct(high, 1, fmt)}"


def format_value(value: Fraction | int | str, spec: str | Spec | None, fmt: NumberFormat) -> str:
    """A value printed by `spec`: None gives the grouped number or the string as is."""
    if isinstance(spec, str):
        spec = parse_spec(spec, "value")
    if spec is not None and not spec.for_values:
        raise SpecError(f"'{spec}' applies to stats, not values")
    if isinstance(value, str):
        if spec is None:
            return value
        raise SpecError(f"'{spec}' needs a whole number, not the text '{value}'")
    if isinstance(value, bool) or not isinstance(value, (int, Fraction)):
        raise TypeError(f"cannot format {type(value).__name__} {value!r}")
    number = Fraction(value)
    if spec is None:
        return _number(number, fmt)
    if number.denominator != 1:
        raise SpecError(f"'{spec}' needs a whole number, not {_number(number, fmt)}")
    words = _words(int(number), fmt.locale)
    return words[:1].upper() + words[1:] if spec.kind == "Words" else words


def _words(n: int, locale: str) -> str:
    return remembered("words", _versions("num2words"), _num2words, str(n), locale)


def _num2words(number: str, locale: str) -> str:
    """num2words in the locale's language: the full locale (pt_BR) if known, else its language."""
    n = int(number)
    from num2words import CONVERTER_CLASSES, num2words

    for lang in (locale, locale.split("_")[0]):
        if lang in CONVERTER_CLASSES:
            try:
                words = num2words(n, lang=lang)
            except (OverflowError, NotImplementedError, ValueError, TypeError, IndexError, KeyError):
                raise SpecError(f"'words' cannot spell {'this number' if abs(n) > 10**30 else n} "
                                f"in '{lang}'") from None
            return _american(words) if lang == "en" and _is_american(locale) else words
    raise SpecError(f"'words' is not available for the locale '{locale}'")


# CLDR's plain `en` is American English; these regions write numbers the American way.
_AMERICAN_REGIONS = ("US", "AS", "GU", "MP", "PR", "UM", "VI")


def _is_american(locale: str) -> bool:
    parts = locale.split("_")
    return len(parts) == 1 or parts[1] in _AMERICAN_REGIONS


def _american(words: str) -> str:
    """num2words has one English, the British: "one thousand, one hundred and twenty-two".
    American usage (Chicago Manual of Style 9.4, AP) writes no "and" and no commas:
    "one thousand one hundred twenty-two". No English number word contains "and" otherwise."""
    return " ".join(w for w in words.replace(",", "").split(" ") if w != "and")
