"""Where each stat and citation group printed: the page column of the claims matrix.

Runs that print a claim carry its index (`Run.claim`); with a recorder, layout tags them
with a zero-width `<onDraw>` callback and charts with a zero-size anchor, so the page is
read from the canvas as the page is drawn, not guessed from the story. Without a recorder
nothing is added, so an ordinary build is unchanged.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

CALLBACK = "leafclaim"


class ClaimPages:
    """Page of each claim index, first drawing wins, and the order they were drawn in."""

    def __init__(self) -> None:
        self.pages: dict[int, int] = {}
        self.order: list[int] = []

    def clear(self) -> None:
        """A new layout pass (notes that restart per page take several)."""
        self.pages, self.order = {}, []

    def drawn(self, claim: int, page: int) -> None:
        if claim not in self.pages:
            self.pages[claim] = page
            self.order.append(claim)

    def callback(self, canv, kind, label) -> None:
        self.drawn(int(label), canv.getPageNumber())


class ClaimAnchor(Flowable):
    """Zero size: records the claims of a block that is not text (a chart's bars)."""

    def __init__(self, claims: tuple[int, ...], recorder: ClaimPages):
        super().__init__()
        self.claims, self.recorder = claims, recorder
        self.width = self.height = 0

    def wrap(self, aW, aH):
        return 0, 0

    def draw(self):
        for claim in self.claims:
            self.recorder.drawn(claim, self.canv.getPageNumber())
