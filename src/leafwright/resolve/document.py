"""The resolved document: plain data that layout turns into pages.

Text is a tuple of `Run`s: every number, marker and citation is already final, so
layout only chooses fonts and positions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

from ..diagnostics import Span
from ..load.model import Length


@dataclass(frozen=True)
class Run:
    text: str
    styles: frozenset = frozenset()  # of "bold", "italic", "sup", "sub"
    href: Optional[str] = None
    marks: bool = False  # a superscript group of citation numbers and note markers
    notes: tuple = ()  # with `restart: page`: note ids whose markers layout appends per page
    claim: Optional[int] = None  # index into ResolvedDocument.claims: a stat or citation group


RText = tuple[Run, ...]


def plain_text(text: RText) -> str:
    return "".join(r.text for r in text)


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
    labels: tuple[str, ...]  # the printed percentage of each bar


@dataclass(frozen=True)
class RChart:
    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[RSeries, ...]
    height: Optional[Length]
    span: Span
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
    claims: tuple["Claim", ...] = ()  # every stat and citation group, in the order resolved


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
