"""Per-page notes decided while the page is laid out (`restart: page`, the live pass).

A paragraph carrying note references is built again for the page the frame is filling:
its markers continue that page's sequence (markers restart per page and are given in
placement order, so the sequence is known here). Its height as the frame sees it includes
the room its new notes take at the foot, so a paragraph that no longer fits with its notes
moves on like any other; once placed, that room is taken from the bottom of the frame
(LeafletTemplate.afterFlowable) and the paragraph itself draws at its true height.
ReportLab's Frame has no hook between the fit test and the move to the next flowable, so
the reservation is handed over through `LiveNotes.take_room`.

`LiveNotes` is the live pass's own state; what it printed goes into the pass's
`NoteRecord` like any pass's, and `settled` says whether its choices stand.
"""

from __future__ import annotations

from typing import Callable

from reportlab.platypus import Flowable

from ..resolve.document import RText
from .pagenotes import CALLBACK as NOTE_CALLBACK
from .pagenotes import Marker, NoteIndex, NoteRecord


class LiveNotes:
    """The first pass's decisions, made as paragraphs are placed. `measure(marker, text,
    page)`: a note's height at the foot, as the page template draws it."""

    def __init__(self, index: NoteIndex, record: NoteRecord, measure: Callable[[str, RText, int], float]):
        self.index, self.record, self.measure = index, record, measure
        self.page = 1  # the page being laid out (the template says when a page begins)
        self.markers: dict[tuple[int, str], Marker] = {}  # (page, note id) -> marker, as placed
        self.used: dict[int, list[Marker]] = {}  # occurrence -> markers it printed
        self.built: dict[int, int] = {}  # occurrence -> page its markers were chosen for
        self.kept: dict[int, float] = {}  # page -> height reserved at its foot so far
        self.placed: dict[tuple[int, str], int] = {}  # (page, series) -> markers given on that page
        self.broken = False  # a choice could not be kept: the bounded passes decide
        self.shrink = 0.0  # reserved by the flowable just placed, for the template to take from the frame
        self._occurrences: dict[int, tuple[object, list[int]]] = {}  # id(paragraph) -> (it, its occurrences)

    def take_room(self) -> float:
        """The room the flowable just placed reserved at the foot (once)."""
        shrink, self.shrink = self.shrink, 0.0
        return shrink

    def plan(self, page: int, occs) -> dict[int, list[Marker]]:
        """The markers each occurrence in `occs` prints if placed on `page` now; one
        already placed keeps its markers."""
        out, taken = {}, {}
        counters: dict[str, int] = {}
        for occ in occs:
            if occ in self.used:
                out[occ] = self.used[occ]
                continue
            mks = []
            for nid in self.record.occurrences[occ]:
                mk = self.markers.get((page, nid)) or taken.get(nid)
                if mk is None:
                    s = self.index.series_of(nid)
                    i = counters.get(s, self.placed.get((page, s), 0))
                    counters[s] = i + 1
                    mk = taken[nid] = self.index.marker(nid, i)
                mks.append(mk)
            out[occ] = mks
        return out

    def room(self, page: int, occs) -> float:
        """The height the notes of `occs` add at `page`'s foot (the rule with the first)."""
        plan = self.plan(page, occs)
        new = {nid: mk for occ in occs if occ not in self.used
               for nid, mk in zip(self.record.occurrences[occ], plan[occ]) if (page, nid) not in self.markers}
        if not new:
            return 0.0
        return (sum(self.measure(mk[0], self.index.text(nid), page) for nid, mk in new.items())
                + (0 if self.kept.get(page) else 8))

    def place(self, page: int, occs, reserved: float) -> None:
        """`occs` were drawn on `page` with the markers planned for it."""
        plan = self.plan(page, occs)
        for occ in occs:
            if occ in self.used:
                continue
            for nid, mk in zip(self.record.occurrences[occ], plan[occ]):
                if (page, nid) not in self.markers:
                    self.markers[(page, nid)] = mk
                    series = (page, self.index.series_of(nid))
                    self.placed[series] = self.placed.get(series, 0) + 1
            self.used[occ], self.built[occ] = plan[occ], page
        self.kept[page] = self.kept.get(page, 0) + reserved
        self.shrink += reserved

    def settled(self) -> bool:
        """The live pass stands when every marker landed on the page it was chosen for and
        every page kept at least the room its notes took."""
        return (not self.broken
                and all(self.built.get(occ) == page for occ, page in self.record.landing().items())
                and all(h <= self.kept.get(page, 0) + 1e-6 for page, h in self.record.needed.items()))

    def occurrences_in(self, paragraph) -> list[int]:
        """The note groups whose marker sits in this paragraph (or part of one): their onDraw
        tags. A paragraph's text never changes, so the answer is kept for the pass.

        This reads ReportLab's internals (`frags`, and the lines of `blPara` once broken):
        only ReportLab knows which words a split part holds, and the onDraw tags markup.py
        put after each group travel with its words. Nothing else in layout walks them."""
        known = self._occurrences.get(id(paragraph))
        if known is not None:
            return known[1]
        found: list[int] = []

        def walk(x):
            if isinstance(x, (list, tuple)):
                for y in x:
                    walk(y)
                return
            cb = getattr(x, "cbDefn", None)
            if cb is not None and getattr(cb, "name", None) == NOTE_CALLBACK:
                found.append(int(cb.label))
            if hasattr(x, "words"):  # a line of a broken paragraph
                walk(x.words)

        walk(paragraph.frags)
        blpara = getattr(paragraph, "blPara", None)
        for line in getattr(blpara, "lines", ()) or ():
            walk(getattr(line, "words", line if isinstance(line, (list, tuple)) else ()))
        occs = list(dict.fromkeys(found))
        self._occurrences[id(paragraph)] = (paragraph, occs)  # the paragraph held: its id stays its own
        return occs


class LivePage:
    """What para_markup asks for markers while a carrier is rebuilt for one page."""

    def __init__(self, live: LiveNotes, page: int, occs: list[int]):
        self.plan = live.plan(page, occs)
        self.order = iter(occs)
        self.page = page

    def markers_for(self, note_ids: tuple[str, ...]) -> tuple[list[str], int, int]:
        """The group's markers, its occurrence and the page it is expected on."""
        occ = next(self.order)
        return [mk for mk, _ in self.plan[occ]], occ, self.page


class NoteCarrier(Flowable):
    """A paragraph whose note markers are chosen on the page it lands on. `skip`: the
    height of lines an earlier part already placed (this is the rest of a split)."""

    def __init__(self, live: LiveNotes, build: Callable, occs: list[int], skip: float = 0.0, width: float = 0.0,
                 stale=None):
        super().__init__()
        self.live, self.build, self.occs, self.skip, self.skip_width = live, build, occs, skip, width
        self.stale = stale  # the rest as first split, should this page's lines not split the same way
        self._made: dict = {}
        self.reserve = 0.0

    def _paragraph(self):
        page = self.live.page
        plan = self.live.plan(page, self.occs)
        key = (page, tuple(tuple(m for m, _ in plan[o]) for o in self.occs))
        if key not in self._made:
            p = self.build(LivePage(self.live, page, self.occs))
            if self.skip:
                parts = p.split(self.skip_width, self.skip + 1e-3)
                same = len(parts) == 2 and abs(parts[0].wrap(self.skip_width, 1e9)[1] - self.skip) < 1e-3
                if not same:  # its markers are the previous page's: the passes after this one fix them
                    self.live.broken = True
                p = parts[1] if same else self.stale
            self._made = {key: p}
        return self._made[key]

    def getSpaceBefore(self):
        return self._paragraph().getSpaceBefore()

    def getSpaceAfter(self):
        return self._paragraph().getSpaceAfter()

    def wrap(self, aW, aH):
        p = self._paragraph()
        w, h = p.wrap(aW, aH)
        self.reserve = self.live.room(self.live.page, self.live.occurrences_in(p))
        self.width, self.height = w, h + self.reserve
        return w, self.height

    def split(self, aW, aH):
        p = self._paragraph()
        occs = self.live.occurrences_in(p)
        reserve = self.live.room(self.live.page, occs)
        parts = p.split(aW, aH - reserve)
        if len(parts) != 2:
            return []
        first_occs = self.live.occurrences_in(parts[0])
        if first_occs != occs:  # some markers go on: keep room only for those that stay
            less = self.live.room(self.live.page, first_occs)
            fewer = p.split(aW, aH - less)
            if len(fewer) == 2 and self.live.occurrences_in(fewer[0]) == first_occs:
                parts, reserve = fewer, less
        first = Placed(self.live, parts[0], self.live.occurrences_in(parts[0]), reserve)
        _, done = parts[0].wrap(aW, aH)
        rest_occs = [o for o in self.occs if o not in first.occs]
        rest = NoteCarrier(self.live, self.build, self.occs, self.skip + done, aW, parts[1]) if rest_occs else parts[1]
        return [first, rest]

    def draw(self):
        p = self._paragraph()
        p.drawOn(self.canv, 0, self.reserve)
        self.live.place(self.live.page, self.live.occurrences_in(p), self.reserve)


class Placed(Flowable):
    """The first part of a split carrier: its markers are fixed for this page."""

    def __init__(self, live: LiveNotes, paragraph, occs: list[int], reserve: float):
        super().__init__()
        self.live, self.paragraph, self.occs, self.reserve = live, paragraph, occs, reserve

    def getSpaceBefore(self):
        return self.paragraph.getSpaceBefore()

    def getSpaceAfter(self):
        return self.paragraph.getSpaceAfter()

    def wrap(self, aW, aH):
        w, h = self.paragraph.wrap(aW, aH)
        self.width, self.height = w, h + self.reserve
        return w, self.height

    def split(self, aW, aH):
        return []

    def draw(self):
        self.paragraph.drawOn(self.canv, 0, self.reserve)
        self.live.place(self.live.page, self.occs, self.reserve)
