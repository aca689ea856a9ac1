"""The one way layout reports content it cannot place: a span and a message."""

from __future__ import annotations

import weakref
from typing import Optional


class LayoutProblem(Exception):
    """Content that cannot be laid out; carries the span of the block at fault.

    Picklable (span and message are its args), so `--jobs` can send it between processes.
    """

    def __init__(self, span, message: str):
        super().__init__(span, message)
        self.span, self.message = span, message

    def __str__(self) -> str:
        return self.message


MIN_COLUMN = 18.0  # pt: narrower than this, cell padding leaves no room for a word


def check_widths(widths: list[float], span, what: str) -> None:
    """Too many or too narrow columns would make ReportLab fail deep inside; say so here."""
    narrow = min(widths, default=MIN_COLUMN)
    if narrow < MIN_COLUMN:
        raise LayoutProblem(span, f"{what}: a column would be {max(narrow, 0):.0f} pt wide; at least "
                                  f"{MIN_COLUMN:.0f} pt is needed (fewer columns or wider widths)")


class Sources:
    """Where each flowable of a story came from: its block's span and kind, so a block that
    cannot be placed is reported at its source line. A side table keyed by the flowable, not
    attributes on it: most flowables are ReportLab's or svglib's (a Drawing refuses
    attributes its shape map does not list).

    Entries hold their flowable weakly and leave with it: holding every flowable and split
    part of a pass alive made each of Python's full garbage collections walk them all, which
    cost a third more layout time on a 200-section document."""

    def __init__(self) -> None:
        # id -> (a weak reference to the flowable, so the id is its own while it lives; span; kind)
        self._of: dict[int, tuple[weakref.ref, object, str]] = {}

    def note(self, flowables, span, kind: str) -> None:
        for f in flowables:
            self._keep(f, span, kind, replace=True)

    def _keep(self, f, span, kind: str, replace: bool) -> None:
        key = id(f)
        if not replace and key in self._of:
            return
        table = self._of
        try:
            ref = weakref.ref(f, lambda _, key=key: table.pop(key, None))
        except TypeError:  # a class with __slots__ and no weak references: held for the pass
            ref = lambda f=f: f  # noqa: E731
        table[key] = (ref, span, kind)

    def of(self, flowable) -> Optional[tuple[object, str]]:
        """(span, kind) of the block `flowable` was built for, or None."""
        entry = self._of.get(id(flowable))
        return entry[1:] if entry is not None and entry[0]() is flowable else None

    def inherit(self, parts, whole) -> None:
        """`parts` came from splitting `whole` (or, for a heading group, what it heads): each
        not yet known is reported at the same block."""
        source = self.of(whole) or self.of(getattr(whole, "following", None))
        if source is None:
            return
        for part in parts:
            self._keep(part, *source, replace=False)
