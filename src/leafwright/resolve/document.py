"""The resolved document: plain data that layout turns into pages.

Text is a tuple of `Run`s: every number, marker and citation is already final, so
layout only chooses fonts and positions.
"""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Callable, ClassVar, Iterator, Optional, Union

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
    # numbers typed inside `text`: (offset in text, claim index), so the claims matrix can
    # record where each lands without cutting the run (an ordinary build draws it unchanged)
    inner: tuple[tuple[int, int], ...] = ()


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
    structure: ClassVar[Optional[str]] = "H"  # its element in a tagged PDF (None: layout only)
    text: RText
    level: int
    span: Span

    def texts(self) -> Iterator[tuple[str, RText]]:
        yield ("heading" if self.level == 1 else "subheading"), self.text


@dataclass(frozen=True)
class RParagraph:
    structure: ClassVar[Optional[str]] = "P"  # its element in a tagged PDF (None: layout only)
    text: RText
    span: Span

    def texts(self) -> Iterator[tuple[str, RText]]:
        yield "body", self.text


@dataclass(frozen=True)
class RBullets:
    structure: ClassVar[Optional[str]] = "L"  # its element in a tagged PDF (None: layout only)
    items: tuple[RText, ...]
    span: Span

    def texts(self) -> Iterator[tuple[str, RText]]:
        yield from (("bullet", item) for item in self.items)


@dataclass(frozen=True)
class RTable:
    structure: ClassVar[Optional[str]] = "Table"  # its element in a tagged PDF (None: layout only)
    header: Optional[tuple[RText, ...]]
    rows: tuple[tuple[RText, ...], ...]
    widths: Optional[tuple[Length, ...]]
    span: Span

    def texts(self) -> Iterator[tuple[str, RText]]:
        yield from (("table-header", cell) for cell in (self.header or ()))
        yield from (("table", cell) for row in self.rows for cell in row)


@dataclass(frozen=True)
class RCallouts:
    structure: ClassVar[Optional[str]] = "Div"  # its element in a tagged PDF (None: layout only)
    items: tuple[tuple[RText, RText], ...]  # (value, label)
    span: Span

    def texts(self) -> Iterator[tuple[str, RText]]:
        for value, label in self.items:
            yield "callout-value", value
            yield "callout-label", label


@dataclass(frozen=True)
class RSeries:
    name: str
    values: tuple[float, ...]  # percentages, exact value rounded only for drawing
    labels: tuple[str, ...]  # each bar's label, printed as the document's text prints that stat


@dataclass(frozen=True)
class RChart:
    structure: ClassVar[Optional[str]] = "Figure"  # its element in a tagged PDF (None: layout only)
    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[RSeries, ...]
    height: Optional[Length]
    span: Span
    totals: tuple[str, ...] = ()  # stacked bars with `totals: true`: the label above each bar
    claims: tuple[int, ...] = ()  # each bar's stat, as ResolvedDocument.claims indices
    alt: Optional[str] = None  # `alt:` as written; the tagged variant describes the data without it

    def texts(self) -> Iterator[tuple[str, RText]]:
        """matplotlib draws the title and value labels bold, the rest regular: every word in both."""
        words = [self.title, *self.categories, *(s.name for s in self.series),
                 *(x for s in self.series for x in s.labels), *self.totals]
        for styles in (frozenset(), frozenset({"bold"})):
            yield "chart", tuple(Run(w, styles) for w in words)


@dataclass(frozen=True)
class RImage:
    structure: ClassVar[Optional[str]] = "Figure"  # its element in a tagged PDF (None: layout only)
    path: Path
    width: Optional[Length]
    span: Span
    alt: Optional[str] = None  # what it shows, for the tagged screen PDF

    def texts(self) -> Iterator[tuple[str, RText]]:
        return iter(())


@dataclass(frozen=True)
class RPanel:
    structure: ClassVar[Optional[str]] = "Sect"  # its element in a tagged PDF (None: layout only)
    title: Optional[RText]
    body: tuple["RBlock", ...]
    span: Span

    def texts(self) -> Iterator[tuple[str, RText]]:
        if self.title:
            yield "panel-title", self.title

    def children(self) -> tuple[tuple["RBlock", ...], ...]:
        return (self.body,)

    def with_children(self, children) -> "RPanel":
        return RPanel(self.title, children[0], self.span)


@dataclass(frozen=True)
class RColumns:
    structure: ClassVar[Optional[str]] = None  # its element in a tagged PDF (None: layout only)
    columns: tuple[tuple["RBlock", ...], ...]
    span: Span

    def texts(self) -> Iterator[tuple[str, RText]]:
        return iter(())

    def children(self) -> tuple[tuple["RBlock", ...], ...]:
        return self.columns

    def with_children(self, children) -> "RColumns":
        return RColumns(tuple(children), self.span)


@dataclass(frozen=True)
class RSpacer:
    structure: ClassVar[Optional[str]] = None  # its element in a tagged PDF (None: layout only)
    length: Length
    span: Span

    def texts(self) -> Iterator[tuple[str, RText]]:
        return iter(())


@dataclass(frozen=True)
class RPageBreak:
    structure: ClassVar[Optional[str]] = None  # its element in a tagged PDF (None: layout only)
    span: Span

    def texts(self) -> Iterator[tuple[str, RText]]:
        return iter(())


@dataclass(frozen=True)
class RNotes:
    structure: ClassVar[Optional[str]] = "Div"  # its element in a tagged PDF (None: layout only)
    notes: tuple["RNote", ...]
    span: Span

    def texts(self) -> Iterator[tuple[str, RText]]:
        yield from (("note", (Run(n.marker),) + n.text) for n in self.notes)


@dataclass(frozen=True)
class RReferences:
    structure: ClassVar[Optional[str]] = "Div"  # its element in a tagged PDF (None: layout only)
    title: RText
    references: tuple["RReference", ...]
    span: Span

    def texts(self) -> Iterator[tuple[str, RText]]:
        yield "reference", tuple(replace(r, styles=r.styles | {"bold"}) for r in self.title)  # the title is bold
        yield from (("reference", ref.text) for ref in self.references)


RBlock = Union[RHeading, RParagraph, RBullets, RTable, RCallouts, RChart, RImage, RPanel, RColumns,
               RSpacer, RPageBreak, RNotes, RReferences]
# Every resolved block kind: each declares the text it prints, per theme element (`texts`), and
# a container its blocks (`children`, `with_children`); the walks below and layout read those.
BLOCK_KINDS: tuple[type, ...] = RBlock.__args__  # type: ignore[attr-defined]


def walk(blocks) -> Iterator[RBlock]:
    """Every block, containers before what they hold, in reading order."""
    for b in blocks:
        yield b
        for inner in (b.children() if hasattr(b, "children") else ()):
            yield from walk(inner)


def map_blocks(fn: Callable[[RBlock], RBlock], blocks) -> tuple[RBlock, ...]:
    """`fn` applied to every block, inside containers first."""
    out = []
    for b in blocks:
        if hasattr(b, "children"):
            b = b.with_children(tuple(map_blocks(fn, inner) for inner in b.children()))
        out.append(fn(b))
    return tuple(out)


def translated(doc: "ResolvedDocument", table: dict[str, str]) -> "ResolvedDocument":
    """`doc` with every printed character in `table` replaced (one character by one, so every
    `Where` still points at what was written): the glyph check's typographic equivalents."""
    if not table:
        return doc
    trans = str.maketrans(table)

    def fix(value):
        if isinstance(value, (Where, Span, Markup, Length)):
            return value
        if isinstance(value, Run):
            return replace(value, text=value.text.translate(trans))
        if isinstance(value, tuple):
            return tuple(fix(v) for v in value)
        if isinstance(value, (RChart, RSeries)):  # matplotlib's text is plain strings
            return replace(value, **{f.name: _translate_strings(getattr(value, f.name), trans, fix)
                                     for f in fields(value) if f.name in _CHART_TEXT})
        if is_dataclass(value) and not isinstance(value, type):
            return replace(value, **{f.name: fix(getattr(value, f.name)) for f in fields(value)
                                     if isinstance(getattr(value, f.name), (Run, tuple)) or is_dataclass(getattr(value, f.name))})
        return value

    return replace(doc, blocks=fix(doc.blocks), page_notes=fix(doc.page_notes), title=doc.title.translate(trans),
                   footer=doc.footer.translate(trans))


_CHART_TEXT = ("title", "categories", "series", "name", "labels", "totals")


def _translate_strings(value, trans, fix):
    if isinstance(value, str):
        return value.translate(trans)
    if isinstance(value, tuple):
        return tuple(_translate_strings(v, trans, fix) for v in value)
    return fix(value)


def printed_texts(doc: "ResolvedDocument") -> Iterator[tuple[Span, str, RText]]:
    """(block span, theme element, text) for everything the document prints: its blocks, its
    title and its per-page notes. The glyph check reads this; layout sets each in that element."""
    for b in walk(doc.blocks):
        for element, text in b.texts():
            yield b.span, element, text
    yield doc.span, "title", (Run(doc.title),)
    if doc.page_notes:
        yield from ((doc.span, "note", n.text) for n in doc.page_notes.notes)


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
    theme: object = None  # the load.theme.Theme this document is set in, its own `page:` applied
    claims: tuple["Claim", ...] = ()  # every stat and citation group, in the order resolved
    lang: str = ""  # BCP 47 language tag of the text (en-US), from the publication's locale
    hyphenation: str = "en_US"  # pyphen's dictionary for the language
    prepared: Optional[datetime.date] = None  # the date of preparation, read at load (dates.py)
    footer: str = ""  # the footer line, every field but {page} and {pages} filled in


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
    status: str = ""  # a number's: computed | checked | mismatch | unverified | sourced
    via: tuple[str, ...] = ()  # support that arrives through a note: "b: 3. Fisher, …"
    silenced: str = ""  # the reason given where a finding about it was silenced
    exempt: str = ""  # why a typed number is not a finding: "threshold", "CI level", …
    id: str = ""  # stable across builds: what `claims --since` matches rows by
