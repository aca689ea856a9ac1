"""Black that prints black: small black text and rules overprint the inks below them, and
nothing else does.

Overprinting (PDF ExtGState /op for fills, /OP for strokes, with /OPM 1) lets 100% K print on
top of a tint instead of knocking a hole into it, so a slight misregistration on press leaves
no white halo around the letters or along a rule. Anything coloured or white must knock out:
overprinted, a brand bullet mixes with the tint below it and white vanishes. Which colour and
size overprints is Styles.overprints (the variant's threshold); this module applies it to the
three ways leafwright draws:

- paragraphs: ReportLab has no style key for it (PRINT-NOTES "Press standards"), so a paragraph
  whose style says `overprint` draws through a text object whose fill overprint follows each
  fill colour it sets (a brand bullet or a white run inside black text knocks out);
- table rules: ReportLab's Table sets each rule's colour in `_prepLine`, where the stroke
  overprint is set to match;
- drawings (charts, SVG images): ReportLab shapes carry `fillOverprint`, `strokeOverprint`
  and `overprintMask`, which renderPDF turns into ExtGStates per node; black text, strokes
  and fills narrower than the threshold overprint.
"""

from __future__ import annotations

import math
from typing import Callable

from reportlab.lib.colors import CMYKColor
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus.paragraph import Paragraph
from reportlab.platypus.tables import Table

Overprints = Callable[[object, float], bool]  # Styles.overprints(color, size)


def solid_black(color) -> bool:
    """100% K process black, no other ink and no tint: the only colour that overprints (a
    spot colour that happens to be named black is its own plate, not K)."""
    return isinstance(color, CMYKColor) and not getattr(color, "spotName", None) and \
        (color.cyan, color.magenta, color.yellow, color.black, color.density) == (0, 0, 0, 1, 1)


def overprint(canv, fill: bool = False, stroke: bool = False) -> None:
    """Overprint what follows in the current graphics state; /OPM 1 so the zero C, M and Y of
    black leave the plates below untouched (with /OPM 0 they would still knock out)."""
    if fill:
        canv.setFillOverprint(True)
    if stroke:
        canv.setStrokeOverprint(True)
    if fill or stroke:
        canv.setOverprintMask(1)


class _BlackOverprints(PDFTextObject):
    """A text object whose fill overprints exactly while its fill colour is solid black."""

    def __init__(self, canvas, x=0, y=0, direction=None):
        super().__init__(canvas, x, y, direction)
        self._follow(canvas._fillColorObj)  # ReportLab sets a one-colour paragraph's on the canvas
        getattr(canvas, "lw_watch", id)(self)  # a recording canvas (layout/drawn.py) follows its text

    def setFillColor(self, aColor, alpha=None):
        super().setFillColor(aColor, alpha)
        self._follow(self._fillColorObj)  # as enforced (press_color), not as asked

    def _follow(self, color) -> None:
        black = solid_black(color)
        self.setFillOverprint(black)
        if black:
            self.setOverprintMask(1)


class Overprinting(Paragraph):
    """A paragraph that overprints its black text when its style asks for it."""

    def draw(self):
        style = self.style
        if getattr(style, "overprint", False) and self.bulletText:
            # the bullet comes first, in ReportLab's own text object: overprinted only if black
            overprint(self.canv, fill=solid_black(getattr(style, "bulletColor", None) or style.textColor))
        super().draw()

    def beginText(self, x, y):
        if getattr(self.style, "overprint", False):
            return _BlackOverprints(self.canv, x, y)
        return super().beginText(x, y)


class RuledTable(Table):
    """A table whose black rules overprint: `overprints` is Styles.overprints, set by the block
    builder (None: no rule overprints)."""

    overprints: Overprints | None = None

    def _prepLine(self, weight, color):
        super()._prepLine(weight, color)
        if self.overprints is not None:  # _drawLines brackets the rules in q/Q: no reset needed
            black = self.overprints(color or self._curcolor, 0.0)
            self.canv.setStrokeOverprint(black)
            if black:
                self.canv.setOverprintMask(1)


def overprint_drawing(node, overprints: Overprints, scale: float = 1.0) -> None:
    """Mark a drawing's black strings below the threshold, its black strokes, and its black
    fills whose narrower side is below the threshold (a rule drawn as a rectangle, a thin bar,
    a marker) to overprint, once its colours are final (charts/convert.recolor) and its size
    is set (sizes are measured on the page: `scale` is what the groups above it scale by).
    A wide black fill knocks out: K alone over several tints shows them through it, which is
    what a rich black is for. renderPDF scopes each node's state to that node. A String
    carries no overprint attributes, so it goes into a Group that does."""
    from reportlab.graphics.shapes import Group, LineShape, SolidShape, String

    transform = getattr(node, "transform", None)
    if transform:
        a, b, c, d = transform[:4]
        scale *= math.sqrt(abs(a * d - b * c))
    contents = getattr(node, "contents", None) or []
    for i, child in enumerate(contents):
        if isinstance(child, String):
            if overprints(child.fillColor, float(child.fontSize) * scale):
                contents[i] = Group(child, fillOverprint=True, overprintMask=1)
            continue
        if isinstance(child, LineShape) and child.strokeWidth and overprints(child.strokeColor, 0.0):
            child.strokeOverprint, child.overprintMask = True, 1
        if isinstance(child, SolidShape) and child.fillColor is not None \
                and overprints(child.fillColor, _narrower_side(child) * scale):
            child.fillOverprint, child.overprintMask = True, 1
        overprint_drawing(child, overprints, scale)


def _narrower_side(shape) -> float:
    """The smaller of a shape's width and height (its bounding box, in its own units)."""
    x0, y0, x1, y1 = shape.getBounds()
    return min(abs(x1 - x0), abs(y1 - y0))
