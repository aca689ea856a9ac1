"""Paragraphs that break across frames into the very lines they were measured with.

ReportLab splits a paragraph by counting the lines of its last `wrap` that fit, then
builds the two parts from the words of those lines, and each part breaks its words
into lines again when it is placed. Breaking again is not guaranteed to give the same
lines: with embedded hyphenation a word split at its own hyphen ("high-" / "dose") is
joined back without the hyphen, and a mixed-font word can measure differently, so the
first part can come out a line taller than the room it was cut for — ReportLab's
"Splitting error(n==2)" that stopped long documents — and print "highdose". Here each
part keeps the lines the split measured, so `split` and `wrap` agree by construction
and the text on the page is the text that was measured. For the same reason a paragraph
breaks its lines from the words as parsed each time it is wrapped. Breaking again at the
width of its last wrap gives that wrap's lines, so those are kept instead (`_Wrapped`): a
paragraph after a heading is wrapped twice, once to keep them together and once to place it,
and a paragraph too tall for its frame is wrapped and then split at the same width; half
the lines a long document breaks were broken the same way just before.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Callable

from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import FragLine

_FUZZ = 1e-6


@dataclass(frozen=True)
class _Wrapped:
    """What a wrap from the words as parsed left: breaking again at `width` gives the same.
    Held only while the paragraph still has the very style, words and lines it had then."""

    width: float
    style: object
    frags: list
    lines: object  # the ParaLines
    height: float


@dataclass(frozen=True)
class _Kept:
    """Lines `start:stop` of the whole paragraph's lines, broken at `width`."""

    width: float
    lines: object  # the whole paragraph's ParaLines
    frags_of: Callable  # ReportLab's split function for those lines: (lines, start, stop) -> frags
    start: int
    stop: int


class KeptLinesParagraph(Paragraph):
    """A Paragraph whose split parts draw the lines their split measured (see module doc)."""

    _kept: _Kept | None = None
    _source: list | None = None  # the frags it was made with, before any wrap broke them
    _wrapped: _Wrapped | None = None  # its last wrap from `_source`, until a split or a draw
    carried: tuple[str, ...] = ()  # the fields of a subclass its split parts keep

    def _fixed_leading(self) -> bool:
        return getattr(self, "autoLeading", getattr(self.style, "autoLeading", "")) in ("", "off", None)

    def wrap(self, availWidth, availHeight):
        kept = self._kept
        if kept is None or kept.width != availWidth or not self._fixed_leading():
            # Break from the words as parsed, every time: ReportLab keeps the pieces of its last
            # breaking in `frags`, and joining "high-" + "dose" back drops the hyphen.
            done = self._wrapped
            if (done is not None and done.width == availWidth and done.style is self.style
                    and done.frags is self.frags and done.lines is getattr(self, "blPara", None)):
                self.width, self.height = availWidth, done.height
                return self.width, self.height
            if self._source is None:
                self._source = self.frags
            self.frags = self._source
            self._wrapped = None
            width, height = super().wrap(availWidth, availHeight)
            if self.frags is not self._source:  # broken into words, not refused for want of width
                self._wrapped = _Wrapped(availWidth, self.style, self.frags, self.blPara, height)
            return width, height
        self.width = availWidth
        self.blPara = kept.lines.clone(lines=kept.lines.lines[kept.start:kept.stop])
        self.height = (kept.stop - kept.start) * self.style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        if not self._fixed_leading():
            self._wrapped = None  # ReportLab's split marks words of `frags` and wraps again
            return super().split(availWidth, availHeight)
        if not self.frags or availWidth < _FUZZ or availHeight < _FUZZ:
            return []
        kept = self._kept
        if kept is None or kept.width != availWidth:
            # Always break at this width: a `blPara` left over from a wrap at another width
            # would be split as if it were this one's.
            self.wrap(availWidth, availHeight)
            kept = _Kept(availWidth, self.blPara, self._get_split_blParaFunc(), 0, len(self.blPara.lines))
        style = self.style
        n = kept.stop - kept.start
        fit = int(availHeight / style.leading)
        if n <= fit:
            return [self]
        if fit <= 0 or (fit == 1 and not getattr(style, "allowOrphans", 0)):
            return []  # no room, or a lone first line (an orphan): the whole paragraph moves on
        if not getattr(style, "allowWidows", 1) and n == fit + 1:
            if n <= 3:
                return []
            fit -= 1  # a lone last line (a widow) gets a companion
        cut = kept.start + fit
        self._wrapped = None  # the parts' words are taken from `frags`, and the first part's last one marked
        return [self._part(kept, kept.start, cut, first=True), self._part(kept, cut, kept.stop, first=False)]

    def draw(self):
        self._wrapped = None  # ReportLab may turn a drawn line's words around (right-to-left)
        super().draw()

    def _part(self, kept: _Kept, start: int, stop: int, first: bool) -> "KeptLinesParagraph":
        style = self.style
        if not first and style.firstLineIndent:
            style = copy.copy(style)
            style.firstLineIndent = 0  # a continuation's first line is not the paragraph's first
        part = self.__class__(None, style, bulletText=self.bulletText if first else None,
                              frags=kept.frags_of(kept.lines, start, stop))
        for name in self.carried:
            setattr(part, name, getattr(self, name))
        part._kept = _Kept(kept.width, kept.lines, kept.frags_of, start, stop)
        if stop < len(kept.lines.lines):  # a part that ends mid-paragraph justifies its last line
            last = kept.lines.lines[stop - 1]
            part._JustifyLast = not (isinstance(last, FragLine) and getattr(last, "lineBreak", False))
        else:
            part._JustifyLast = getattr(self, "_JustifyLast", False)
        part.wrap(kept.width, 0)
        return part
