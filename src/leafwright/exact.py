"""The bound on exact numbers, shared by the loader (values) and the evaluator (results)."""

from __future__ import annotations

from fractions import Fraction

MAX_DIGITS_EXACT = 2000  # a value or result whose numerator or denominator is longer is refused
_TOO_LARGE = 10**MAX_DIGITS_EXACT


def too_large(x: Fraction) -> bool:
    """Beyond exact arithmetic that stays fast and printable (Python refuses to print ints
    over 4300 digits; a product of many large values would grow without bound)."""
    return abs(x.numerator) >= _TOO_LARGE or x.denominator >= _TOO_LARGE
