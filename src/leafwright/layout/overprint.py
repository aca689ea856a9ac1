"""Black that prints black: small black text and rules overprint the inks below them.

Overprinting (PDF ExtGState /op, /OP with /OPM 1) lets 100% K print on top of a tint instead
of knocking a hole into it, so a slight misregistration on press leaves no white halo around
the letters. ReportLab paragraphs have no style key for it (PRINT-NOTES "Press standards"),
so a paragraph whose style says `overprint` (Styles.get, print only) sets it on the canvas
around its own drawing; Flowable.drawOn's saveState/restoreState keeps it to that paragraph.
"""

from __future__ import annotations

from reportlab.platypus.paragraph import Paragraph


def overprint(canv, fill: bool = False, stroke: bool = False) -> None:
    """Overprint what follows in the current graphics state; /OPM 1 so the zero C, M and Y of
    black leave the plates below untouched (with /OPM 0 they would still knock out)."""
    if fill:
        canv.setFillOverprint(True)
    if stroke:
        canv.setStrokeOverprint(True)
    if fill or stroke:
        canv.setOverprintMask(1)


class Overprinting(Paragraph):
    """A paragraph that overprints when its style asks for it."""

    def draw(self):
        if getattr(self.style, "overprint", False):
            overprint(self.canv, fill=True)
        super().draw()
