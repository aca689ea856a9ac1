"""The one way layout reports content it cannot place: a span and a message."""

from __future__ import annotations


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
