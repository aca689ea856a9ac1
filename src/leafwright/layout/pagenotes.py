"""Footnotes that restart on every page: the one page-dependent part of resolving.

Markers depend on the page a marker lands on, and the notes at a page's foot take room
from that page, which can move markers to other pages. So layout runs in passes: each
pass draws markers chosen from where the previous pass put them, records where they
landed and how tall each page's notes are, and the build stops when a pass confirms the
previous one. From the third pass on, the room kept at a page's foot never shrinks (a page
may keep a little more than its notes need), so a note that moves back and forth between
two pages settles. A bounded number of passes, then a clear error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..markers import marker, print_rank
from ..resolve.document import PageNotes

MAX_PASSES = 6


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
