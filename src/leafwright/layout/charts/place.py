"""Where each value label goes: inside its bar, just outside it, or nowhere (and said so).

Pure geometry in points on the plot area (x to the right, y up, the origin at the axis),
so the rules are tested without matplotlib:
- a bar's value and a stacked bar's total sit past the bar's end (above a column, right
  of a horizontal bar);
- a stacked segment's label sits inside the segment when it fits, else beside it (right,
  then left), moved up past labels already there but never far from its segment;
- a label that would leave the plot area, cover a bar or another label is left out, and
  `place` says which, so the writer gets a warning instead of a label on the axis line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

PAD = 2.5  # pt between a bar and a label outside it
CLEAR = 1.0  # pt a label keeps above the axis line and below the plot's top
GAP = 2.5  # pt between two labels, so '1%' and '8%' never read as '1%8%'


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: "Box") -> bool:
        eps = 0.01  # touching is not overlapping
        return (self.x0 < other.x1 - eps and other.x0 < self.x1 - eps
                and self.y0 < other.y1 - eps and other.y0 < self.y1 - eps)

    def within(self, other: "Box") -> bool:
        eps = 0.01
        return (self.x0 >= other.x0 - eps and self.x1 <= other.x1 + eps
                and self.y0 >= other.y0 - eps and self.y1 <= other.y1 + eps)

    def grown(self, by: float) -> "Box":
        return Box(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class Label:
    text: str
    width: float
    height: float
    bar: Box  # the bar, segment or whole stack the label belongs to
    where: str  # "end": past the bar's end | "segment": inside the segment, else beside it
    horizontal: bool = False  # bars grow to the right (hbar)
    what: str = ""  # how a warning names it: "'1%' (Complete, Gamma)"


@dataclass(frozen=True)
class Placed:
    label: Label
    box: Optional[Box]  # None: left out
    inside: bool = False  # drawn on the bar's own colour


def headroom(ends: list[tuple[float, float]], length: float, minimum: float) -> float:
    """The axis maximum that leaves room past every bar end for its label: `ends` holds
    (value, the label's extent along the bar) and `length` is the plot's length in points.
    A label longer than the plot itself cannot be helped here (it is left out later)."""
    top = minimum
    for value, extent in ends:
        room = length - PAD - extent - CLEAR
        if room > 1.0 and value > 0:
            top = max(top, value * length / room)
    return top


def place(labels: list[Label], area: Box, bars: list[Box]) -> list[Placed]:
    """Each label's box in the plot area (same order as `labels`), or None where it cannot go."""
    free = Box(area.x0, area.y0 + CLEAR, area.x1, area.y1 - CLEAR)
    taken: list[Box] = []
    out: dict[int, Placed] = {}

    def clear(box: Box) -> bool:
        return box.within(free) and not any(box.grown(GAP).overlaps(b) for b in taken) \
            and not any(box.overlaps(b) for b in bars)

    for i, lab in enumerate(labels):  # inside segments first: they never collide with each other
        if lab.where == "segment" and lab.width + 2 * CLEAR <= lab.bar.x1 - lab.bar.x0 \
                and lab.height <= lab.bar.y1 - lab.bar.y0:
            box = _centred(lab, lab.bar.cx, lab.bar.cy)
            taken.append(box)
            out[i] = Placed(lab, box, inside=True)
    for i, lab in enumerate(labels):  # then past the bar ends: values and totals
        if lab.where == "end":
            box = _past_end(lab)
            if clear(box):
                taken.append(box)
                out[i] = Placed(lab, box)
    order = sorted((i for i, lab in enumerate(labels) if lab.where == "segment" and i not in out),
                   key=lambda i: (labels[i].bar.x0, labels[i].bar.y0))
    for i in order:  # then beside their segments, bottom up
        lab = labels[i]
        box = _beside(lab, free, clear, taken)
        if box is not None:
            taken.append(box)
        out[i] = Placed(lab, box)
    return [out.get(i, Placed(lab, None)) for i, lab in enumerate(labels)]


def _centred(lab: Label, cx: float, cy: float) -> Box:
    return Box(cx - lab.width / 2, cy - lab.height / 2, cx + lab.width / 2, cy + lab.height / 2)


def _past_end(lab: Label) -> Box:
    bar = lab.bar
    if lab.horizontal:
        return Box(bar.x1 + PAD, bar.cy - lab.height / 2, bar.x1 + PAD + lab.width, bar.cy + lab.height / 2)
    return Box(bar.cx - lab.width / 2, bar.y1 + PAD, bar.cx + lab.width / 2, bar.y1 + PAD + lab.height)


def _beside(lab: Label, free: Box, clear, taken: list[Box]) -> Optional[Box]:
    """Right of the segment, else left; at the segment's middle, lifted off the axis line and
    past labels already placed, as long as the label still faces its segment."""
    bar, w, h = lab.bar, lab.width, lab.height
    for x0 in (bar.x1 + PAD, bar.x0 - PAD - w):
        y0 = min(max(bar.cy - h / 2, free.y0), free.y1 - h)
        for _ in range(len(taken) + 1):
            box = Box(x0, y0, x0 + w, y0 + h)
            if box.y0 > bar.y1 + h * 0.6 or box.y1 < bar.y0 - h * 0.6:
                break  # too far from its segment to be read as its label
            if clear(box):
                return box
            blocking = [b for b in taken if box.grown(GAP).overlaps(b)]
            if not blocking:
                break  # outside the plot or over a bar: lifting will not help
            y0 = max(b.y1 for b in blocking) + GAP
    return None
