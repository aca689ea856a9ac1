"""Typed reading of located YAML nodes: wrong shapes become diagnostics, not exceptions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from ..diagnostics import Diagnostics, did_you_mean
from .model import Length, Markup
from .yamlerrors import quote
from .yamlnodes import YList, YMap, YNode, YScalar, positions, type_name

_UNITS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "px": 0.75}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in|px|%)\s*$")


_KEY_NO_SPACE = re.compile(r"^([A-Za-z][\w-]*):(?!//)(\S.*)", re.S)  # not a URL


def colon_hint(node: YNode) -> str:
    """`paragraph:Text` is one word to YAML, not a key and its value: say where the space goes."""
    m = _KEY_NO_SPACE.match(node.raw) if isinstance(node, YScalar) and isinstance(node.value, str) else None
    if not m:
        return ""
    rest = " ".join(m.group(2).split())
    return f"; YAML needs a space after the colon: '{m.group(1)}: {rest if len(rest) <= 30 else rest[:29] + '…'}'"


@dataclass
class Reader:
    diags: Diagnostics

    def fields(self, node: Optional[YNode], what: str, allowed: Iterable[str],
               required: Iterable[str] = ()) -> Optional[YMap]:
        """Check a mapping's keys; unknown keys get a did-you-mean, missing ones an error."""
        if node is None:
            return None
        if not isinstance(node, YMap):
            self.diags.error(node.span, f"{what} must be a mapping, not {type_name(node)}{colon_hint(node)}")
            return None
        allowed = list(allowed)
        for key, kspan, _ in node.entries:
            if key not in allowed:
                self.diags.error(kspan, f"unknown key '{key}' in {what}{did_you_mean(key, allowed)}")
        for key in required:
            if node.get(key) is None:
                self.diags.error(node.span, f"{what} needs '{key}'")
        return node

    def text(self, node: Optional[YNode], what: str) -> Optional[str]:
        if node is None:
            return None
        if isinstance(node, YScalar) and node.value is not None:
            # Where text is expected, text is what was written: `Yes` stays "Yes" (not True),
            # `010` stays "010", a date stays as typed.
            return node.raw
        hint = f"; if it is text, quote this text: {quote(node.flow)}" if getattr(node, "flow", "") else ""
        self.diags.error(node.span, f"{what} must be text, not {type_name(node)}{hint}")
        return None

    def markup(self, node: Optional[YNode], what: str) -> Optional[Markup]:
        value = self.text(node, what)
        if value is None:
            return None
        return Markup(value, node.span, node.quoted, positions(node, value))  # type: ignore[arg-type]

    def items(self, node: Optional[YNode], what: str) -> tuple[YNode, ...]:
        if node is None:
            return ()
        if isinstance(node, YList):
            return node.items
        self.diags.error(node.span, f"{what} must be a list, not {type_name(node)}")
        return ()

    def markups(self, node: Optional[YNode], what: str, each: str = "") -> tuple[Markup, ...]:
        """A list of texts; `each` names one item in messages ("a table cell" in "a table row")."""
        out = (self.markup(n, each or what) for n in self.items(node, what))
        return tuple(m for m in out if m is not None)

    def choice(self, node: Optional[YNode], what: str, options: Iterable[str], default: str) -> str:
        if node is None:
            return default
        value = self.text(node, what)
        options = list(options)
        if value is None:
            return default
        if value not in options:
            self.diags.error(node.span, f"{what} must be one of {', '.join(options)}, not '{value}'"
                             f"{did_you_mean(value, options)}")
            return default
        return value

    def boolean(self, node: Optional[YNode], what: str, default: bool) -> bool:
        if node is None:
            return default
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            return node.value
        self.diags.error(node.span, f"{what} must be true or false")
        return default

    def integer(self, node: Optional[YNode], what: str, default: int, lo: int = 0, hi: int = 10) -> int:
        if node is None:
            return default
        if isinstance(node, YScalar) and isinstance(node.value, int) and not isinstance(node.value, bool) \
                and lo <= node.value <= hi:
            return node.value
        self.diags.error(node.span, f"{what} must be a whole number from {lo} to {hi}")
        return default

    def length(self, node: Optional[YNode], what: str, percent: bool = True) -> Optional[Length]:
        if node is None:
            return None
        value = self.text(node, what)
        if value is None:
            return None
        m = _LENGTH.match(value)
        if not m or (m.group(2) == "%" and not percent):
            units = "pt, mm, cm, in" + (" or %" if percent else "")
            self.diags.error(node.span, f"{what} '{value}' is not a length; write a number with {units}, e.g. 12pt")
            return None
        number, unit = float(m.group(1)), m.group(2)
        if number < 0:
            self.diags.error(node.span, f"{what} '{value}' is negative; a length is zero or more")
            return None
        if unit == "%":
            return Length(number, "%")
        return Length(number * _UNITS[unit], "pt")
