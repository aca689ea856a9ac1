"""Where each stat and citation group printed: the page column of the claims matrix.

Runs that print a claim carry its index (`Run.claim`); with a recorder, layout tags them
with a zero-width `<onDraw>` callback, so the page is read from the canvas as the page is
drawn, not guessed from the story; a chart records its bars when it is itself drawn
(charts/flowable.py calls `drawn_in_box`). Without a recorder
nothing is added, so an ordinary build is unchanged.
"""

from __future__ import annotations

CALLBACK = "leafclaim"


class ClaimPages:
    """Page of each claim index, first drawing wins, and the order they were drawn in."""

    def __init__(self) -> None:
        self.pages: dict[int, int] = {}
        self.order: list[int] = []
        self.markers: dict[int, dict[str, str]] = {}  # claim -> {note id: marker} (restart: page)
        # claim -> (page, x, y, font, size, one character in) of a text claim, or (page, x, y, w, h) of a chart
        self.boxes: dict[int, tuple] = {}

    def clear(self) -> None:
        """A new layout pass (notes that restart per page take several)."""
        self.pages, self.order, self.markers, self.boxes = {}, [], {}, {}

    def marked(self, claim: int, markers: dict[str, str]) -> None:
        """The markers a group with per-page notes printed (the last markup built for it)."""
        self.markers[claim] = markers

    def drawn(self, claim: int, page: int) -> None:
        if claim not in self.pages:
            self.pages[claim] = page
            self.order.append(claim)

    def drawn_in_box(self, claims: tuple[int, ...], canvas, x: float, y: float, width: float, height: float) -> None:
        """`claims` printed by a flowable drawn at (x, y) in the current drawing state (a
        chart's bars): recorded on the page the flowable itself is drawn on, as a marker placed
        after it could fall on the next page when the chart ends at the frame's foot."""
        for claim in claims:
            self.drawn(claim, canvas.getPageNumber())
            x0, y0 = _on_page(canvas, x, y)
            self.boxes.setdefault(claim, (canvas.getPageNumber(), x0, y0, width, height))

    def callback(self, canv, kind, label) -> None:
        """`label`: the claim's index; "N+" when the callback sits after its first character."""
        claim = int(label.rstrip("+"))
        self.drawn(claim, canv.getPageNumber())
        info = getattr(canv, "_curr_tx_info", None)
        if info is not None and claim not in self.boxes:  # where on the page: for the review copy
            tx = info["tx"]
            size = tx._fontsize or info["xs"].style.fontSize
            font = tx._fontname or info["xs"].style.fontName
            x, y = _on_page(canv, info["cur_x"], info["cur_y"] + (getattr(tx, "_rise", 0) or 0))  # a superscript's rise
            self.boxes[claim] = (canv.getPageNumber(), x, y, font, size, label.endswith("+"))


def _on_page(canvas, x: float, y: float) -> tuple[float, float]:
    """A point of the current drawing state in page coordinates (the canvas's matrix)."""
    a, b, c, d, e, f = canvas._currentMatrix
    return a * x + c * y + e, b * x + d * y + f
