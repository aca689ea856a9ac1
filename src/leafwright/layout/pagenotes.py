"""Footnotes that restart on every page: the one page-dependent part of resolving.

Markers depend on the page a marker lands on, and the notes at a page's foot take room
from that page, which can move markers to other pages. So layout runs in passes: each
pass draws markers chosen from where the previous pass put them, records where they
landed and how tall each page's notes are, and the build stops when a pass confirms the
previous one. From the third pass on, the room kept at a page's foot never shrinks (a page
may keep a little more than its notes need), so a note that moves back and forth between
two pages settles. A bounded number of passes, then a clear error.

The first pass is live (layout/livenotes.py): a top-level paragraph carrying notes takes
its markers from the page it is being placed on and reserves its notes' height at that
page's foot as it is placed, so a typical document settles in that one pass. Only when
something the live pass could not decide (a marker in a table or heading, a paragraph
that split unusually) landed elsewhere than its marker assumed do the passes above follow,
seeded with where the live pass put everything.

Here, each piece of state has one owner: a `NotePlan` is what a pass assumes (immutable,
made by `next_plan` from the pass before), a `NoteRecord` is what the pass printed (filled
while the story is built and drawn), and `settled` compares the two as plain values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from ..markers import marker, print_rank
from ..resolve.document import PageNotes, RText

MAX_PASSES = 6
CALLBACK = "leafnote"  # the <onDraw> name a note group's markers call back with (markup.py)

Marker = tuple[str, int]  # a printed marker and its index in its series on its page


class NoteIndex:
    """The document's page notes, looked up by id; the same for every pass."""

    def __init__(self, notes: PageNotes):
        self.by_id = {n.id: n for n in notes.notes}
        self.series = dict(notes.series)
        self.order = notes.order

    def series_of(self, note_id: str) -> str:
        return self.by_id[note_id].series

    def marker(self, note_id: str, i: int) -> Marker:
        """The `i`-th marker (from 0) of the note's series."""
        return marker(self.series[self.series_of(note_id)], i), i

    def text(self, note_id: str) -> RText:
        return self.by_id[note_id].text


@dataclass
class NoteRecord:
    """What one pass printed: its note groups numbered as the story is built (an
    occurrence), where each was drawn and how tall each page's notes came out."""

    occurrences: list[tuple[str, ...]] = field(default_factory=list)  # occurrence -> note ids
    drawn: dict[int, list[int]] = field(default_factory=dict)  # page -> occurrences, in drawing order
    needed: dict[int, float] = field(default_factory=dict)  # page -> height its notes took at its foot

    def number(self, note_ids: tuple[str, ...]) -> int:
        """The next note group in story order: its occurrence number."""
        self.occurrences.append(note_ids)
        return len(self.occurrences) - 1

    def drawn_on(self, page: int, occ: int) -> None:
        self.drawn.setdefault(page, []).append(occ)

    def took(self, page: int, height: float) -> None:
        self.needed[page] = height

    def landing(self) -> dict[int, int]:
        """Occurrence -> the page it was drawn on."""
        return {occ: page for page, occs in self.drawn.items() for occ in occs}

    def rank(self) -> dict[int, int]:
        """Occurrence -> its place in drawing order, page by page."""
        return {occ: i for i, occ in enumerate(o for p in sorted(self.drawn) for o in self.drawn[p])}


def _frozen(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class NotePlan:
    """What one pass assumes, from the record of the pass before (empty for the first)."""

    landing: Mapping[int, int] = field(default_factory=lambda: _frozen({}))  # occurrence -> page
    reserve: Mapping[int, float] = field(default_factory=lambda: _frozen({}))  # page -> room kept at its foot
    markers: Mapping[tuple[int, str], Marker] = field(default_factory=lambda: _frozen({}))  # (page, note id)

    def markers_for(self, index: NoteIndex, occ: int, note_ids: tuple[str, ...]) -> tuple[list[str], int]:
        """The markers a group prints this pass, and the page it is expected on. A note the
        plan has no marker for (a new group, or the first pass) prints its series' first."""
        page = self.landing.get(occ, 1)
        return [(self.markers.get((page, nid)) or index.marker(nid, 0))[0] for nid in note_ids], page


def settled(plan: NotePlan, record: NoteRecord, done: int) -> bool:
    """Pass number `done` confirmed its plan: every marker landed where it was planned and
    every page's notes took the room kept for them (after three passes: no more than it)."""
    room = all(h <= plan.reserve.get(page, 0) + 1e-6 for page, h in record.needed.items())
    return record.landing() == plan.landing and (record.needed == plan.reserve or (done > 3 and room))


def next_plan(index: NoteIndex, plan: NotePlan, record: NoteRecord, done: int) -> NotePlan:
    """The plan for the pass after pass number `done`: markers where its record put them,
    pages numbering their notes in the order they were drawn, the room each page's notes
    took (after two passes, never less than the room kept before: a note moving back and
    forth between pages settles)."""
    landing = record.landing()
    if done > 2:
        reserve = {p: max(record.needed.get(p, 0), plan.reserve.get(p, 0)) for p in {*record.needed, *plan.reserve}}
    else:
        reserve = dict(record.needed)
    rank = record.rank()
    markers: dict[tuple[int, str], Marker] = {}
    counters: dict[tuple[int, str], int] = {}
    for occ, page in sorted(landing.items(), key=lambda kv: (kv[1], rank.get(kv[0], kv[0]))):
        for nid in record.occurrences[occ]:
            if (page, nid) in markers:
                continue
            s = index.series_of(nid)
            i = counters.get((page, s), 0)
            counters[(page, s)] = i + 1
            markers[(page, nid)] = index.marker(nid, i)
    return NotePlan(_frozen(landing), _frozen(reserve), _frozen(markers))


def foot(index: NoteIndex, record: NoteRecord, markers: Mapping[tuple[int, str], Marker],
         page: int) -> list[tuple[str, RText]]:
    """The notes to print at the foot of `page`, as (marker, text): series in order, then by marker."""
    seen: dict[str, Marker] = {}
    for occ in record.drawn.get(page, []):
        for nid in record.occurrences[occ]:
            if nid not in seen:
                seen[nid] = markers.get((page, nid)) or ("?", 0)
    key = print_rank(index.order)
    ordered = sorted(seen.items(), key=lambda kv: key(index.series_of(kv[0]), kv[1][1]))
    return [(mk, index.text(nid)) for nid, (mk, _) in ordered]


class NotePass:
    """One layout pass's page notes as the story and the page template see them: the plan
    it follows, the record it fills and, on the first pass, the live decisions
    (livenotes.LiveNotes). It routes; the state is theirs."""

    def __init__(self, index: NoteIndex, plan: NotePlan, record: NoteRecord, live=None):
        self.index, self.plan, self.record, self.live = index, plan, record, live

    def markers_for(self, note_ids: tuple[str, ...]) -> tuple[list[str], int, int]:
        """While the story is built: a group's markers, its occurrence and the page it is
        expected on."""
        occ = self.record.number(note_ids)
        markers, page = self.plan.markers_for(self.index, occ, note_ids)
        return markers, occ, page

    def begin_page(self, page: int) -> float:
        """A page begins: the room to keep at its foot."""
        if self.live is not None:
            self.live.page = page
        return self.plan.reserve.get(page, 0)

    def take_room(self) -> float:
        """Room the flowable just placed reserved at the foot, to take from the frame (live)."""
        return self.live.take_room() if self.live is not None else 0.0

    def foot(self, page: int) -> list[tuple[str, RText]]:
        return foot(self.index, self.record, self.live.markers if self.live is not None else self.plan.markers, page)

    def stands(self, done: int) -> bool:
        """This pass (number `done`) is the last: the live pass's choices held, or the
        record confirms the plan."""
        return (self.live is not None and self.live.settled()) or settled(self.plan, self.record, done)
