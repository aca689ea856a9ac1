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
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..markers import marker, print_rank
from ..resolve.document import PageNotes

MAX_PASSES = 6
CALLBACK = "leafnote"  # the <onDraw> name a note group's markers call back with (markup.py)


@dataclass
class PageNoteState:
    notes: PageNotes
    landing: dict = field(default_factory=dict)  # occurrence -> page, from the previous pass
    reserve: dict = field(default_factory=dict)  # page -> height kept free for its notes
    occurrences: list = field(default_factory=list)  # occurrence -> note ids (this pass)
    drawn: dict = field(default_factory=dict)  # page -> [occurrence] in drawing order (this pass)
    needed: dict = field(default_factory=dict)  # page -> height its notes took (this pass)
    previous: list = field(default_factory=list)  # occurrence -> note ids (previous pass)
    rank: dict = field(default_factory=dict)  # occurrence -> drawing order (previous pass)
    passes: int = 0  # layout passes done
    live: bool = True  # this pass decides markers as paragraphs are placed (livenotes.py)
    page: int = 1  # the page being laid out (live pass)
    note_height: object = None  # (marker, note id) -> height of its line(s) at the foot; set by the template
    carried: set = field(default_factory=set)  # occurrences whose paragraph decides markers live
    built: dict = field(default_factory=dict)  # occurrence -> page its markers were chosen for (live)
    used: dict = field(default_factory=dict)  # occurrence -> markers it printed (live)
    kept: dict = field(default_factory=dict)  # page -> height reserved at its foot so far (live)
    placed: dict = field(default_factory=dict)  # (page, series) -> markers given on that page (live)
    broken: bool = False  # a live choice could not be kept: the passes decide
    shrink: float = 0.0  # reserved by the flowable just placed, for the template to take from the frame

    def __post_init__(self):
        self.by_id = {n.id: n for n in self.notes.notes}
        self.series = dict(self.notes.series)
        self._assign()

    def _assign(self) -> None:
        """Markers per (page, note) from the previous pass's landing places."""
        self.markers: dict[tuple[int, str], tuple[str, int]] = {}
        counters: dict[tuple[int, str], int] = {}
        order = sorted(self.landing.items(), key=lambda kv: (kv[1], self.rank.get(kv[0], kv[0]))) \
            if self.landing else []
        for occ, page in order:
            for nid in self.previous[occ]:
                if (page, nid) in self.markers:
                    continue
                s = self.by_id[nid].series
                i = counters.get((page, s), 0)
                counters[(page, s)] = i + 1
                self.markers[(page, nid)] = (marker(self.series[s], i), i)

    def markers_for(self, note_ids: tuple[str, ...]) -> tuple[list[str], int]:
        """Called while the story is built: markers for one group, and its occurrence number."""
        occ = len(self.occurrences)
        self.occurrences.append(note_ids)
        page = self.landing.get(occ, 1)
        out = []
        for nid in note_ids:
            mk = self.markers.get((page, nid))
            out.append(mk[0] if mk else marker(self.series[self.by_id[nid].series], 0))
        return out, occ

    def plan(self, page: int, occs, count: bool = True) -> dict:
        """Live: the markers each occurrence in `occs` prints if placed on `page` now; one
        already placed keeps its markers."""
        out, taken = {}, {}
        counters: dict[str, int] = {}
        for occ in occs:
            if occ in self.used:
                out[occ] = self.used[occ]
                continue
            mks = []
            for nid in self.occurrences[occ]:
                mk = self.markers.get((page, nid)) or taken.get(nid)
                if mk is None:
                    s = self.by_id[nid].series
                    i = counters.get(s, self.placed.get((page, s), 0))
                    counters[s] = i + 1
                    mk = taken[nid] = (marker(self.series[s], i), i)
                mks.append(mk)
            out[occ] = mks
        return out

    def room(self, page: int, occs) -> float:
        """Live: the height the notes of `occs` add at `page`'s foot (the rule with the first)."""
        plan = self.plan(page, occs)
        new = {nid: mk for occ in occs if occ not in self.used
               for nid, mk in zip(self.occurrences[occ], plan[occ]) if (page, nid) not in self.markers}
        if not new:
            return 0.0
        return sum(self.note_height(mk[0], nid) for nid, mk in new.items()) + (0 if self.kept.get(page) else 8)

    def place(self, page: int, occs, reserved: float) -> None:
        """Live: `occs` were drawn on `page` with the markers planned for it."""
        plan = self.plan(page, occs)
        for occ in occs:
            if occ in self.used:
                continue
            for nid, mk in zip(self.occurrences[occ], plan[occ]):
                if (page, nid) not in self.markers:
                    self.markers[(page, nid)] = mk
                    series = (page, self.by_id[nid].series)
                    self.placed[series] = self.placed.get(series, 0) + 1
            self.used[occ], self.built[occ] = plan[occ], page
        self.kept[page] = self.kept.get(page, 0) + reserved
        self.shrink += reserved

    def live_settled(self) -> bool:
        """The live pass stands when every marker landed on the page it was chosen for and
        every page kept at least the room its notes took."""
        landing = {occ: page for page, occs in self.drawn.items() for occ in occs}
        return (not self.broken and all(self.built.get(occ) == page for occ, page in landing.items())
                and all(h <= self.kept.get(page, 0) + 1e-6 for page, h in self.needed.items()))

    def drawn_on(self, page: int, occ: int) -> None:
        self.drawn.setdefault(page, []).append(occ)

    def page_notes(self, page: int) -> list:
        """The notes to print at the foot of `page`: series in order, then by marker."""
        seen: dict[str, tuple[str, int]] = {}
        for occ in self.drawn.get(page, []):
            for nid in self.occurrences[occ]:
                if nid not in seen:
                    seen[nid] = self.markers.get((page, nid)) or ("?", 0)
        key = print_rank(self.notes.order)
        ordered = sorted(seen.items(), key=lambda kv: key(self.by_id[kv[0]].series, kv[1][1]))
        return [(mk, self.by_id[nid].text) for nid, (mk, _) in ordered]

    def next_pass(self) -> bool:
        """True when this pass confirmed the previous one; else prepare the next pass."""
        if self.live:
            self.live = False
            if self.live_settled():
                self.passes += 1
                return True
            self.markers = {}
        landing = {occ: page for page, occs in self.drawn.items() for occ in occs}
        room = all(h <= self.reserve.get(page, 0) + 1e-6 for page, h in self.needed.items())
        settled = landing == self.landing and (self.needed == self.reserve or (self.passes > 2 and room))
        self.passes += 1
        rank = {occ: i for i, occ in enumerate(o for p in sorted(self.drawn) for o in self.drawn[p])}
        self.previous, self.rank = self.occurrences, rank
        if self.passes > 2:  # a note moving back and forth between pages: room at a foot only grows now
            needed = {p: max(self.needed.get(p, 0), self.reserve.get(p, 0)) for p in {*self.needed, *self.reserve}}
        else:
            needed = dict(self.needed)
        self.landing, self.reserve = landing, needed
        self.occurrences, self.drawn, self.needed = [], {}, {}
        self._assign()
        return settled
