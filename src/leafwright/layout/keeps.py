"""Keep-together rules a designer expects, as flowables the page flow can split honestly.

ReportLab's own keep (`keepWithNext` → KeepTogether) keeps a heading with the whole next
flowable, and with nothing at all when that is itself a KeepTogether (the reference list's
head) or a spacer (before callouts and notes); so a heading could end a page. Here a
heading keeps with the first lines of the content that follows, and a notes block moves
whole or splits only between notes, never leaving one note on its own. Every `split`
returns a first part that fits the room it was given, or nothing, so the page flow never
meets a part it cannot place.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer
from reportlab.platypus.flowables import CondPageBreak


def flat(flowables: list) -> list:
    """Keeps report a huge height to force their own split: measure what they hold."""
    return [g for f in flowables
            for g in (flat(f._content) if isinstance(f, KeepTogether)
                      else flat(f.head + [f.following]) if isinstance(f, KeepWithFirstLines) else [f])]


def stacked_height(flowables: list, canv, aW: float, aH: float) -> float:
    """The height the frame uses for these flowables one after another: space after one and
    space before the next overlap, as Frame does; the first's space before is not counted."""
    total, prev_after = 0.0, None
    for f in flat(flowables):
        if isinstance(f, CondPageBreak):  # measuring it would ask the frame for a page break
            continue
        _, h = f.wrapOn(canv, aW, aH)
        if prev_after is not None:
            total += max(f.getSpaceBefore() - prev_after, 0.0)
        total += h
        prev_after = f.getSpaceAfter()
        total += prev_after
    return total - (prev_after or 0.0)


def _at_top(flowable) -> bool:
    frame = getattr(flowable, "_frame", None)
    return bool(frame is not None and getattr(frame, "_atTop", 0))


def _frame_height(flowable, default: float) -> float:
    frame = getattr(flowable, "_frame", None)
    return getattr(frame, "_height", default) if frame is not None else default


class KeepWithFirstLines(Flowable):
    """Headings (and spacers) that must stay with the first lines of what follows them."""

    def __init__(self, head: list, following: Flowable):
        super().__init__()
        self.head, self.following = head, following

    def getSpaceBefore(self):
        return self.head[0].getSpaceBefore()

    def getSpaceAfter(self):
        return self.following.getSpaceAfter()

    def wrap(self, aW, aH):
        return aW, 0xFFFFFF  # always split, like KeepTogether: each heading is placed (and bookmarked) itself

    def split(self, aW, aH):
        if stacked_height(self.head + [self.following], self.canv, aW, aH) <= aH:
            return self.head + [self.following]
        head_h = stacked_height(self.head, self.canv, aW, aH)
        gap = self.head[-1].getSpaceAfter() + max(self.following.getSpaceBefore() - self.head[-1].getSpaceAfter(), 0)
        room = aH - head_h - gap
        if room > 0:
            parts = self.following.splitOn(self.canv, aW, room)
            if parts:
                return self.head + parts
        if _at_top(self):  # it cannot start on an empty frame either: place it as it is
            return self.head + [self.following]
        return []  # move the headings to the next frame with what they head


def group_keep_with_next(flowables: list) -> None:
    """Replace a run of keep-with-next flowables at the front of `flowables` (headings), the
    spacers after them and the first piece of content by one KeepWithFirstLines."""
    i = 0
    while i < len(flowables) and flowables[i].getKeepWithNext() and _plain(flowables[i]):
        i += 1
    if not i:
        return
    head = flowables[:i]
    j = i
    while j < len(flowables) and type(flowables[j]) is Spacer:
        j += 1
    if j == len(flowables):
        return
    following = flowables[j]
    if isinstance(following, KeepTogether):  # the reference list's head: all of it, then the rest
        content = flat(following._content)
        head, following = head + flowables[i:j] + content[:-1], content[-1]
    else:
        head = head + flowables[i:j]
    if not _plain(following):
        return
    for f in head:
        f.__dict__["keepWithNext"] = 0  # ReportLab would group them again
    flowables[:j + 1] = [KeepWithFirstLines(head, following)]


def _plain(f) -> bool:
    """A flowable that lays out in the frame (not a page break or another action)."""
    return not (hasattr(f, "frameAction") or getattr(f, "locChanger", False) or hasattr(f, "apply"))


class NotesBlock(Flowable):
    """The notes as one block: it moves to the next page whole when it fits there, and splits
    only between notes, with at least two notes on either side."""

    def __init__(self, notes: list):
        super().__init__()
        self.notes = notes

    def getSpaceBefore(self):
        return self.notes[0].getSpaceBefore()

    def getSpaceAfter(self):
        return self.notes[-1].getSpaceAfter()

    def wrap(self, aW, aH):
        self.width = aW
        self.height = stacked_height(self.notes, self.canv, aW, aH)
        return aW, self.height

    def split(self, aW, aH):
        total = stacked_height(self.notes, self.canv, aW, aH)
        if total <= aH:
            return [self]
        at_top = _at_top(self)
        if not at_top and total <= _frame_height(self, aH):
            return []  # it fits whole on the next page: never split it
        n = len(self.notes)
        k = 0
        while k < n and stacked_height(self.notes[:k + 1], self.canv, aW, aH) <= aH:
            k += 1
        if n - k == 1:
            k -= 1  # never leave a single note behind
        if k >= 2 and n - k >= 2:
            return [NotesBlock(self.notes[:k]), NotesBlock(self.notes[k:])]
        if at_top:  # too few notes to split between, or one taller than a page: let them flow
            return list(self.notes)
        return []

    def draw(self):
        y = self.height
        prev_after = None
        for f in self.notes:
            _, h = f.wrapOn(self.canv, self.width, self.height)
            if prev_after is not None:
                y -= max(f.getSpaceBefore() - prev_after, 0.0) + prev_after
            y -= h
            f.drawOn(self.canv, 0, y)
            prev_after = f.getSpaceAfter()


class ToFoot(Flowable):
    """Space that pushes what follows to the foot of the frame, when it all fits there: the
    notes and references that end a leaflet sit at the foot of its last page."""

    def __init__(self, following: list):
        super().__init__()
        self.following = following

    def wrap(self, aW, aH):
        content = flat(self.following)
        need = stacked_height(content, self.canv, aW, aH) + (content[0].getSpaceBefore() if content else 0)
        self.width, self.height = aW, (aH - need - 0.01 if need <= aH else 0.0)
        return aW, max(self.height, 0.0)

    def split(self, aW, aH):
        return []

    def draw(self):
        pass
