"""What a page draws, as layout noted it while drawing: the facts preflight judges instead of
reading the content stream back.

Plain data, so layout (which notes them, `layout/drawn.py`) and preflight (which judges them
with the same rules as the full scan, `preflight/drawn.py`) share no code but this shape and
the one product of matrices both follow the page's transformations with.
Coordinates are the page's default user space (the PDF's, after ReportLab's crop-mark offset).
"""

from __future__ import annotations

from dataclasses import dataclass

Matrix = tuple[float, float, float, float, float, float]


def mul(m: Matrix, n: Matrix) -> Matrix:
    """`m` then `n` (PDF's row-vector convention: `mul(Tm, CTM)` places text on the page)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


@dataclass(frozen=True)
class PageMarks:
    # each visible text run: its text matrix on the page (Tm x CTM), advance (text space) and font size
    runs: tuple[tuple[Matrix, float, float], ...] = ()
    fonts: tuple[tuple[str, bool], ...] = ()  # font resource name, and whether it set visible text
    paints: frozenset[tuple[str, str]] = frozenset()  # (colour kind as the scan names it, what was painted)
    max_ink: float = 0.0  # the most CMYK ink of a fill or text, %
    white_overprint: frozenset[str] = frozenset()  # what was painted white with overprint on
    min_rule: float | None = None  # the thinnest stroke on the page, pt
    images: tuple[tuple[str, Matrix], ...] = ()  # image XObject resource name and its placement (CTM)
    transparency: tuple[str, ...] = ()  # graphics states that set transparency, in the scan's words
    unmodelled: tuple[str, ...] = ()  # what the recorder cannot follow (a form, a shading): scan this page
