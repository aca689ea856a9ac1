"""The immutable content model: what the load stage hands to resolve.

Text is kept as source (`Markup`) with its span; resolve parses inline markup and
expressions, so every later error can still point at file:line:col.
"""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Optional, Union

from ..diagnostics import Span


@dataclass(frozen=True)
class Markup:
    source: str
    span: Span
    quoted: bool = False
    # (offset, line, col) starts of the runs of `source` that sit side by side in the
    # file (see yamlnodes.positions); empty: count from `span` on one line.
    segments: tuple = field(default=(), compare=False, repr=False)

    def span_at(self, offset: int) -> Span:
        """Position of a character: exact when the segments are known or the text is one
        line, else the scalar's start."""
        if self.segments:
            k = bisect.bisect_right(self.segments, (offset, float("inf"), 0)) - 1
            start, line, col = self.segments[max(k, 0)]
            return Span(self.span.file, line, col + max(offset - start, 0))
        if "\n" in self.source:
            return self.span
        return self.span.shifted(offset + (1 if self.quoted else 0))


@dataclass(frozen=True)
class Length:
    value: float
    unit: str  # "pt" | "%"

    def points(self, available: float) -> float:
        return available * self.value / 100 if self.unit == "%" else self.value


@dataclass(frozen=True)
class Heading:
    text: Markup
    level: int
    span: Span


@dataclass(frozen=True)
class Paragraph:
    text: Markup
    span: Span


@dataclass(frozen=True)
class Bullets:
    items: tuple[Markup, ...]
    span: Span


@dataclass(frozen=True)
class Table:
    header: Optional[tuple[Markup, ...]]
    rows: tuple[tuple[Markup, ...], ...]
    widths: Optional[tuple[Length, ...]]
    span: Span


@dataclass(frozen=True)
class Callout:
    value: Markup
    label: Markup


@dataclass(frozen=True)
class Callouts:
    items: tuple[Callout, ...]
    span: Span


@dataclass(frozen=True)
class Series:
    name: Markup
    values: tuple[tuple[str, Span], ...]  # stat names, each with an optional spec: "x_cr:pct1"


@dataclass(frozen=True)
class Chart:
    kind: str
    title: Optional[Markup]
    categories: tuple[Markup, ...]
    series: tuple[Series, ...]
    height: Optional[Length]
    span: Span
    totals: bool = False  # stacked bars: each bar's total above it
    alt: Optional[str] = None  # what it shows, for the tagged screen PDF (else made from its data)


@dataclass(frozen=True)
class Image:
    file: Path
    width: Optional[Length]
    span: Span
    alt: Optional[str] = None  # what it shows, for the tagged screen PDF


@dataclass(frozen=True)
class Panel:
    title: Optional[Markup]
    body: tuple["Block", ...]
    span: Span

    def children(self) -> tuple[tuple["Block", ...], ...]:
        return (self.body,)


@dataclass(frozen=True)
class Columns:
    columns: tuple[tuple["Block", ...], ...]
    span: Span

    def children(self) -> tuple[tuple["Block", ...], ...]:
        return self.columns


@dataclass(frozen=True)
class Spacer:
    length: Length
    span: Span


@dataclass(frozen=True)
class PageBreak:
    span: Span


@dataclass(frozen=True)
class NotesHere:
    span: Span


@dataclass(frozen=True)
class ReferencesHere:
    title: Optional[Markup]
    span: Span


Block = Union[Heading, Paragraph, Bullets, Table, Callouts, Chart, Image, Panel, Columns,
              Spacer, PageBreak, NotesHere, ReferencesHere]
BLOCK_KINDS: tuple[type, ...] = Block.__args__  # type: ignore[attr-defined]


def walk(blocks):
    """Every block, containers (`children`) before what they hold, in reading order."""
    for b in blocks:
        yield b
        for inner in (b.children() if hasattr(b, "children") else ()):
            yield from walk(inner)


@dataclass(frozen=True)
class Scope:
    """`editions: [uk, de]` (only those) or `except: [us]` on a block, list item, table row,
    callout or note."""
    only: tuple[str, ...]
    never: tuple[str, ...]
    span: Span

    def keeps(self, edition: Optional[str]) -> bool:
        if self.only:
            return edition in self.only
        return edition not in self.never


@dataclass(frozen=True)
class Scoped:
    """An item printed only in some editions; `load.editions.apply_edition` unwraps or drops it,
    so resolve never sees one. `roles`: the `role:` marks inside it (they go with it)."""
    item: object  # a Block, a Markup (list item), a row (tuple of Markup), a Callout or a Note
    scope: Scope
    roles: tuple = ()


@dataclass(frozen=True)
class Note:
    id: str
    series: str
    text: Markup
    span: Span


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    code: str
    date: str
    notes: tuple[Note, ...]
    body: tuple[Block, ...]
    span: Span
    page: tuple = ()  # (Theme field, value) pairs from the document's own `page:`; they win over the theme
    roles: tuple[tuple[str, Span], ...] = ()  # `role:` marks on blocks (isi, pi-statement, ...)
    prepared: Optional[datetime.date] = None  # `date:` as read at load (dates.preparation_date)
    # `lints: {typed-number: "reason"}` on a block: (block span, ((lint, reason), ...))
    silenced: tuple = ()
    format: tuple = ()  # (key, value) pairs of its own `format:` (decimals, rounding, locale); they win
    footer: Optional[str] = None  # its own `footer:`, over the edition's and the theme's
    block_ids: tuple[tuple[str, Span], ...] = ()  # blocks' own `id:` (a stable translation unit id)


@dataclass(frozen=True)
class Reference:
    id: str
    csl: tuple[tuple[str, object], ...]  # CSL-JSON fields as plain data (frozen)
    text: Optional[Markup]
    span: Span
    # Where each CSL field was written, so a warning about it points at its own line:
    # (CSL variable, span, the field's name there: a BibTeX field can differ, `institution`).
    sources: tuple[tuple[str, Span, str], ...] = ()


@dataclass(frozen=True)
class Expr:
    source: str
    span: Span
    quoted: bool = False
    segments: tuple = field(default=(), compare=False, repr=False)

    def span_at(self, offset: int) -> Span:
        return Markup(self.source, self.span, self.quoted, self.segments).span_at(offset)


@dataclass(frozen=True)
class Stat:
    name: str
    count: Expr
    of: Expr
    span: Span
    source: tuple[str, ...] = ()  # reference keys the stat is taken from (`source:`)


@dataclass(frozen=True)
class Check:
    """`expr` must hold; or the printed claim must equal the computed stat."""

    span: Span
    severity: str = "error"
    expr: Optional[Expr] = None
    stat: Optional[str] = None
    printed: Optional[str] = None
    message: Optional[str] = None
    locale: str = ""  # the locale `printed` is written in: its file's (the publication's or an edition's)


@dataclass(frozen=True)
class Data:
    values: tuple[tuple[str, Union[Fraction, str], Span], ...] = ()
    stats: tuple[Stat, ...] = ()
    checks: tuple[Check, ...] = ()
    # values declared `{value: 37, unit: "%", source: [key]}`: (name, unit, source keys)
    declared: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    decimals: int = 0
    rounding: str = "half-up"
    locale: str = "en_US"
    given: tuple = ()  # the format keys a data file set (an edition's data replaces only those)


@dataclass(frozen=True)
class Citations:
    numbering: str = "first-cited"
    scope: str = "document"
    list: str = "cited"
    punctuation: str = "as-written"  # as-written | ama (superscripts moved to AMA's side of punctuation)


DEFAULT_SERIES = (
    ("symbol", ("*", "†", "‡", "§", "‖", "¶", "#")),
    ("letter", tuple("abcdefghijklmnopqrstuvwxyz")),
)


@dataclass(frozen=True)
class NoteSettings:
    series: tuple[tuple[str, tuple[str, ...]], ...] = DEFAULT_SERIES
    order: tuple[str, ...] = ("symbol", "letter")
    restart: str = "document"


# Warnings a publication may turn off with `lints: {name: false}` in publication.yaml:
# the reference lints and the reviewer's lints.
LINTS = {
    "doi": "a journal article without a DOI (AMA 11 asks for one)",
    "journal-abbreviation": "a journal title with no known NLM abbreviation",
    "unprinted-field": "a reference field the AMA style does not print",
    "typed-number": "a percentage or fraction typed into the copy instead of printed from a stat",
    "stat-precision": "decimals on a percentage of fewer than 100 (AMA 11 §19)",
    "uncited-stat": "a sentence that prints a computed statistic but cites nothing",
    "superscript-collision": "a citation right after a superscript (cm² then 5 reads cm²⁵)",
    "citation-punctuation": "a citation on the wrong side of punctuation (AMA)",
    "typed-mismatch": "a typed percentage or fraction that contradicts the stat beside it (an error)",
    "value-percent": "a '%' typed after a value: a percentage nothing computed",
    "stat-source": "a stat or sourced value printed in a sentence that cites none of its `source:` keys",
    "uncited-reference": "a reference listed (list: all) but cited nowhere in a document",
}
# What `requires:` may name besides a block role.
REQUIRABLE = ("job-code", "date-of-preparation")


@dataclass(frozen=True)
class Edition:
    """One market's version of the publication (`editions:` in publication.yaml)."""
    id: str
    span: Span
    locale: str = ""  # "" keeps the publication's
    code: Optional[str] = None  # replaces every document's code
    page: tuple = ()  # (Theme field, value) pairs, as a document's `page:`
    data: Optional[Data] = None  # merged over the publication's
    references: tuple[Reference, ...] = ()  # added to the publication's
    requires: Optional[tuple[tuple[str, Span], ...]] = None  # replaces the publication's
    format: tuple = ()  # (key, value) pairs of its `format:`
    footer: Optional[str] = None
    translation: Optional[tuple[str, Optional[str]]] = None  # (XLIFF file as shown, its text or None if absent)
    files: tuple[str, ...] = ()  # its own data and references files (as spans show them)


@dataclass(frozen=True)
class Publication:
    root: Path
    id: str
    title: str
    citations: Citations
    notes: NoteSettings
    documents: tuple[Document, ...]
    data: Data
    references: tuple[Reference, ...]
    theme: object = None  # a load.theme.Theme (plain data)
    span: Span = field(default_factory=lambda: Span("publication.yaml"))
    # What did not load whole, so resolve does not report what follows from it (no cascades):
    # ids of documents read with errors ("" for one that could not be read at all), and
    # "data" / "references" when those files had errors.
    partial_documents: frozenset = frozenset()
    lost: frozenset = frozenset()
    document_files: tuple[str, ...] = ()  # every document file named, as spans show it, in order
    lints_off: frozenset = frozenset()  # names from LINTS turned off in publication.yaml
    requires: tuple[tuple[str, Span], ...] = ()
    files: tuple[Path, ...] = ()  # every file read or named (absolute, also missing ones): what `watch` watches
    editions: tuple[Edition, ...] = ()  # none: one unnamed edition, output/<document>.pdf
    edition: Optional[str] = None  # the edition this publication was applied for (load.editions)

    def lint(self, name: str) -> bool:
        """Whether a lint is on (every lint is, unless publication.yaml turns it off)."""
        return name not in self.lints_off
