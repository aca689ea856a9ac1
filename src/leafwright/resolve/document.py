"""The resolved document: plain data that layout turns into pages.

Text is a tuple of `Run`s: every number, marker and citation is already final, so
layout only chooses fonts and positions.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from ..diagnostics import Span
from ..load.model import Length, Markup


@dataclass(frozen=True)
class Where:
    """Where a run's characters were written, so a problem found in layout (a missing glyph, a
    word too wide) points at its character. `offsets` are (run offset, source offset) starts of
    stretches copied one to one from `markup.source` (an escape such as `\\*` starts a new
    stretch); with `point`, every character is at the one place (a computed value, a group of
    citation numbers)."""

    markup: Markup
    offsets: tuple[tuple[int, int], ...]
    point: bool = False

    def span_at(self, i: int) -> Span:
        if self.point or not self.offsets:
            return self.markup.span_at(self.offsets[0][1] if self.offsets else 0)
        k = max(bisect.bisect_right(self.offsets, (i, float("inf"))) - 1, 0)
        run_at, source_at = self.offsets[k]
        return self.markup.span_at(source_at + max(i - run_at, 0))

    def without_first(self) -> "Where":
        """Where the same run's characters were written once its first one is gone (the
        reviewer moved a punctuation mark across a citation)."""
        if self.point:
            return self
        out = []
        for k, (run_at, source_at) in enumerate(self.offsets):
            if run_at == 0:
                following = self.offsets[k + 1][0] if k + 1 < len(self.offsets) else None
                if following != 1:
                    out.append((0, source_at + 1))
            else:
                out.append((run_at - 1, source_at))
        return Where(self.markup, tuple(out) or self.offsets)

    @classmethod
    def of(cls, markup: Markup, start: int, text: str) -> "Where":
        """`text` as the inline parser produced it from `markup.source[start:]`: escapes
        (`\\*`, `{{`) are one character in `text` and two in the source."""
        src = markup.source
        if src.startswith(text, start):  # the common case: written as printed
            return cls(markup, ((0, start),))
        offsets: list[tuple[int, int]] = []
        j = start
        for i, ch in enumerate(text):
            step = 1
            if src[j:j + 1] == "\\" and src[j + 1:j + 2] == ch:
                j += 1
            elif ch in "{}" and src[j:j + 2] == ch * 2:
                step = 2
            if src[j:j + 1] != ch:  # not where the parser took it from: keep what is known
                break
            if not offsets or j - i != offsets[-1][1] - offsets[-1][0]:
                offsets.append((i, j))
            j += step
        return cls(markup, tuple(offsets) or ((0, start),))


@dataclass(frozen=True)
class Run:
    text: str
    styles: frozenset = frozenset()  # of "bold", "italic", "sup", "sub"
    href: Optional[str] = None
    marks: bool = False  # a superscript group of citation numbers and note markers
    notes: tuple = ()  # with `restart: page`: note ids whose markers layout appends per page
    where: Optional[Where] = field(default=None, compare=False, repr=False)  # None: not from content text
    claim: Optional[int] = None  # index into ResolvedDocument.claims: a stat or citation group
    # A group (`marks`): what each comma-separated part of `text` points to, "ref" (a number or a
    # range a-b) or "note" (a marker), so the screen variant links each part without guessing
    # (a note series may print digits too).
    parts: tuple[str, ...] = ()


RText = tuple[Run, ...]


def plain_text(text: RText) -> str:
    return "".join(r.text for r in text)


def span_in(text: RText, offset: int = 0) -> Optional[Span]:
    """Where the character at `offset` of the plain text was written, if it came from content."""
    for run in text:
        if offset < len(run.text):
            return run.where.span_at(offset) if run.where else None
        offset -= len(run.text)
    return None


@dataclass(frozen=True)
class RHeading:
    text: RText
    level: int
    span: Span


@dataclass(frozen=True)
class RParagraph:
    text: RText
    span: Span


@dataclass(frozen=True)
class RBullets:
    items: tuple[RText, ...]
    span: Span


@dataclass(frozen=True)
class RTable:
    header: Optional[tuple[RText, ...]]
    rows: tuple[tuple[RText, ...], ...]
    widths: Optional[tuple[Length, ...]]
    span: Span


@dataclass(frozen=True)
class RCallouts:
    items: tuple[tuple[RText, RText], ...]  # (value, label)
    span: Span


@dataclass(frozen=True)
class RSeries:
    name: str
    values: tuple[float, ...]  # percentages, exact value rounded only for drawing
    labels: tuple[str, ...]  # each bar's label, printed as the document's text prints that stat


@dataclass(frozen=True)
class RChart:
    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[RSeries, ...]
    height: Optional[Length]
    span: Span
    totals: tuple[str, ...] = ()  # stacked bars with `totals: true`: the label above each bar
    claims: tuple[int, ...] = ()  # each bar's stat, as ResolvedDocument.claims indices


@dataclass(frozen=True)
class RImage:
    path: Path
    width: Optional[Length]
    span: Span


@dataclass(frozen=True)
class RPanel:
    title: Optional[RText]
    body: tuple["RBlock", ...]
    span: Span


@dataclass(frozen=True)
class RColumns:
    columns: tuple[tuple["RBlock", ...], ...]
    span: Span


@dataclass(frozen=True)
class RSpacer:
    length: Length
    span: Span


@dataclass(frozen=True)
class RPageBreak:
    span: Span


@dataclass(frozen=True)
class RNotes:
    notes: tuple["RNote", ...]
    span: Span


@dataclass(frozen=True)
class RReferences:
    title: RText
    references: tuple["RReference", ...]
    span: Span


RBlock = Union[RHeading, RParagraph, RBullets, RTable, RCallouts, RChart, RImage, RPanel, RColumns,
               RSpacer, RPageBreak, RNotes, RReferences]


@dataclass(frozen=True)
class RNote:
    marker: str
    text: RText


@dataclass(frozen=True)
class RReference:
    number: int
    text: RText


@dataclass(frozen=True)
class PageNote:
    """A note whose marker depends on the page it lands on (`restart: page`)."""

    id: str
    series: str
    text: RText


@dataclass(frozen=True)
class PageNotes:
    notes: tuple[PageNote, ...]
    series: tuple[tuple[str, tuple[str, ...]], ...]
    order: tuple[str, ...]


@dataclass(frozen=True)
class ResolvedDocument:
    id: str
    title: str
    author: str
    code: str
    date: str
    blocks: tuple[RBlock, ...]
    span: Span
    page_notes: Optional[PageNotes] = None  # set when markers restart on every page
    page: tuple = ()  # the document's own page settings (load.theme.with_page)
    claims: tuple["Claim", ...] = ()  # every stat and citation group, in the order resolved
    lang: str = ""  # BCP 47 language tag of the text (en-US), from the publication's locale


@dataclass(frozen=True)
class Claim:
    """A statistic or citation group as printed: one row of the claims matrix (MLR review)."""

    kind: str  # "stat" | "citation"
    value: str  # as printed
    span: Span
    sentence: str = ""  # the sentence (table row, callout) it sits in, citations as [1-4]
    name: str = ""  # the stat's name, or the cited keys
    formula: str = ""  # "38/46 = 82.6% → 83%, half-up"
    check: str = ""  # the checks that verified it, or "unchecked"
    references: tuple[str, ...] = ()  # "1. Clark, J Investig Med, 2021"
    warnings: tuple[str, ...] = ()  # lint messages about it
