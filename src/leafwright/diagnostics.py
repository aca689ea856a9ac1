"""Positions and problems as plain values.

Every content problem is a `Diagnostic` that carries the `Span` of the node it is
about, so the CLI can print all of them as ``FILE:LINE:COL: error: MESSAGE``
instead of stopping at the first (Typst's spans and diagnostics).
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from typing import Iterable


@dataclass(frozen=True, order=True)
class Span:
    """A place in a content file; line and column count from 1."""

    file: str
    line: int = 1
    col: int = 1

    def shifted(self, offset: int) -> "Span":
        """The place `offset` characters further along the same line."""
        return Span(self.file, self.line, self.col + offset)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error" | "warning"
    span: Span
    message: str

    def __str__(self) -> str:
        return f"{one_line(str(self.span))}: {self.severity}: {one_line(self.message)}"


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def one_line(text: str) -> str:
    """Content quoted in a message stays on one printable line: line breaks, control
    characters and lone surrogates are shown as escapes (``a\\nb``, ``\\x01``)."""
    if not _UNPRINTABLE.search(text):
        return text

    def show(m: re.Match) -> str:
        ch = m.group()
        return _ESCAPES.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")

    return _UNPRINTABLE.sub(show, text)


@dataclass
class Diagnostics:
    """A collector that stages append to; never raised, always returned."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, span: Span, message: str) -> None:
        self.items.append(Diagnostic("error", span, message))

    def warning(self, span: Span, message: str) -> None:
        self.items.append(Diagnostic("warning", span, message))


def display_path(path) -> str:
    """Paths in messages are relative to the working directory when they can be."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A suffix ``; did you mean 'x'?`` when a close candidate exists, else ''."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
