"""Numbers typed into the copy: found, grouped and classified so each becomes a matrix row.

A reviewer signs for every number the reader sees, not only those printed from data. Here
the text of one run is cut into tokens: a *claim* (a percentage or fraction, alone or as
`7% (17/225)`), which can be compared with a stat printed beside it, or a *plain* number
(a dose, a duration, a count), which cannot. Each token says why it is not a finding when
it is not one: a CI level (`95% CI`), a grade (`Grade 3/4`), a performance status
(`ECOG PS 0`), a threshold after ≥ ≤ < > (`≥ 50%`) or a range (`10%-20%`, `7 to 131+`);
and what qualifies it (`nearly 60%` is a bound, not a value).

Hand-written regular expressions rather than a parser library: the grammar is a few token
shapes and their immediate neighbours.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_PCT = rf"{_NUM}\s?%"
_FRAC = rf"{_NUM}\s?/\s?{_NUM}(?![\w/])"
_ONE = rf"(?:{_PCT}|{_FRAC})"
_TOKEN = re.compile(
    rf"(?<![\w.,/])(?<![A-Za-z][-−])(?:(?P<claim>{_ONE}(?:\s*\(\s*{_ONE}\s*\))?)|(?P<plain>{_NUM}\+?))(?![\w%/]|\.\d)")
_CI_AFTER = re.compile(r"\s*(?:CI\b|confidence interval)", re.I)
_GRADE = re.compile(r"\bgrades?\s*$", re.I)
_PS = re.compile(r"(?:\bECOG(?:\s+PS)?|\bPS|performance status(?:\s+(?:score|of))?)\s*$", re.I)
_THRESHOLD = re.compile(r"(?:[≥≤<>]|>=|<=)\s*$")
_RANGE_AFTER = re.compile(rf"\s?%?\+?\s*(?:-|–|—|to)\s*{_NUM}")
_RANGE_BEFORE = re.compile(rf"{_NUM}\s?%?\+?\s*(?:-|–|—|to)\s*$")
_QUALIFIER = re.compile(r"\b(nearly|almost|under|less than|fewer than|up to|over|more than|greater than|"
                        r"at least|approximately|about|around|roughly)\s*$|(~)\s*$", re.I)
# what the qualifier says about the true value against the printed one
BOUNDS = {"nearly": "<", "almost": "<", "under": "<", "less than": "<", "fewer than": "<", "up to": "<=",
          "over": ">", "more than": ">", "greater than": ">", "at least": ">=", "approximately": "~",
          "about": "~", "around": "~", "roughly": "~", "~": "~"}


_NEAR = 40  # characters either side a token's context is read from


class Token(NamedTuple):  # a tuple: tens of thousands are made for a long document
    start: int
    end: int
    text: str
    claim: bool  # a percentage or fraction (comparable with a stat); else a plain number
    exempt: str = ""  # why it is not a typed-number finding: "threshold", "CI level", ...
    qualifier: str = ""  # "nearly", "over", ... (lower case): the number is a bound


def tokens(text: str) -> list[Token]:
    """Every number in `text`, in order; see the module docstring."""
    out = []
    for m in _TOKEN.finditer(text):
        # what decides a token is the few words around it: a bounded window keeps a long text linear
        before, after = text[max(0, m.start() - _NEAR):m.start()], text[m.end():m.end() + _NEAR]
        out.append(Token(m.start(), m.end(), m.group(), m.group("claim") is not None,
                         _exempt(m.group(), before, after), _qualifier(before)))
    return out


def _exempt(token: str, before: str, after: str) -> str:
    if token.endswith("%") and _CI_AFTER.match(after):
        return "CI level"
    if _GRADE.search(before):
        return "grade"
    if _PS.search(before):
        return "performance status"
    if _THRESHOLD.search(before):
        return "threshold"
    if _RANGE_AFTER.match(after) or _RANGE_BEFORE.search(before):
        return "range"
    return ""


def _qualifier(before: str) -> str:
    m = _QUALIFIER.search(before)
    return (m.group(1) or m.group(2)).lower() if m else ""
