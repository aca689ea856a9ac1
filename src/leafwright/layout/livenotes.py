"""Per-page notes decided while the page is laid out (`restart: page`, the live pass).

A paragraph carrying note references is built again for the page the frame is filling:
its markers continue that page's sequence (markers restart per page and are given in
placement order, so the sequence is known here). Its height as the frame sees it includes
the room its new notes take at the foot, so a paragraph that no longer fits with its notes
moves on like any other; once placed, that room is taken from the bottom of the frame
(LeafletTemplate.afterFlowable) and the paragraph itself draws at its true height.
ReportLab's Frame has no hook between the fit test and the move to the next flowable, so
the reservation is handed over through PageNoteState.shrink.
"""

from __future__ import annotations

from typing import Callable

from reportlab.platypus import Flowable

from .pagenotes import CALLBACK as NOTE_CALLBACK


class LivePage:
    """What para_markup asks for markers while a carrier is rebuilt for one page."""

    def __init__(self, state, page: int, occs: list[int]):
        self.plan = state.plan(page, occs)
        self.order = iter(occs)
        self.landing = {occ: page for occ in occs}

    def markers_for(self, note_ids):
        occ = next(self.order)
        return [mk for mk, _ in self.plan[occ]], occ


def occurrences_in(paragraph) -> list[int]:
    """The note groups whose marker sits in this paragraph (or part of one): their onDraw tags.
    A paragraph's text never changes, so the answer is kept with it."""
    known = paragraph.__dict__.get("_lw_occs")
    if known is not None:
        return known
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
    paragraph._lw_occs = list(dict.fromkeys(found))
    return paragraph._lw_occs


class NoteCarrier(Flowable):
    """A paragraph whose note markers are chosen on the page it lands on. `skip`: the
    height of lines an earlier part already placed (this is the rest of a split)."""

    def __init__(self, state, build: Callable, occs: list[int], skip: float = 0.0, width: float = 0.0,
                 stale=None):
        super().__init__()
        self.state, self.build, self.occs, self.skip, self.skip_width = state, build, occs, skip, width
        self.stale = stale  # the rest as first split, should this page's lines not split the same way
        self._made: dict = {}
        self.reserve = 0.0

    def _paragraph(self):
        page = self.state.page
        plan = self.state.plan(page, self.occs)
        key = (page, tuple(tuple(m for m, _ in plan[o]) for o in self.occs))
        if key not in self._made:
            p = self.build(LivePage(self.state, page, self.occs))
            if self.skip:
                parts = p.split(self.skip_width, self.skip + 1e-3)
                same = len(parts) == 2 and abs(parts[0].wrap(self.skip_width, 1e9)[1] - self.skip) < 1e-3
                if not same:  # its markers are the previous page's: the passes after this one fix them
                    self.state.broken = True
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
        self.reserve = self.state.room(self.state.page, occurrences_in(p))
        self.width, self.height = w, h + self.reserve
        return w, self.height

    def split(self, aW, aH):
        p = self._paragraph()
        occs = occurrences_in(p)
        reserve = self.state.room(self.state.page, occs)
        parts = p.split(aW, aH - reserve)
        if len(parts) != 2:
            return []
        first_occs = occurrences_in(parts[0])
        if first_occs != occs:  # some markers go on: keep room only for those that stay
            less = self.state.room(self.state.page, first_occs)
            fewer = p.split(aW, aH - less)
            if len(fewer) == 2 and occurrences_in(fewer[0]) == first_occs:
                parts, reserve = fewer, less
        first = Placed(self.state, parts[0], occurrences_in(parts[0]), reserve)
        _, done = parts[0].wrap(aW, aH)
        rest_occs = [o for o in self.occs if o not in first.occs]
        rest = NoteCarrier(self.state, self.build, self.occs, self.skip + done, aW, parts[1]) if rest_occs else parts[1]
        return [first, rest]

    def draw(self):
        p = self._paragraph()
        p.drawOn(self.canv, 0, self.reserve)
        self.state.place(self.state.page, occurrences_in(p), self.reserve)


class Placed(Flowable):
    """The first part of a split carrier: its markers are fixed for this page."""

    def __init__(self, state, paragraph, occs: list[int], reserve: float):
        super().__init__()
        self.state, self.paragraph, self.occs, self.reserve = state, paragraph, occs, reserve

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
        self.state.place(self.state.page, self.occs, self.reserve)
