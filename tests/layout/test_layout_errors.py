"""A LayoutError blames a block only when the block cannot fit an empty page.

ReportLab raises the same LayoutError for a block taller than a page and for a flowable
whose split hands back a first part that does not fit the room it was cut for (its split
and wrap disagree: our fault, never the writer's). The second must not tell the writer to
shorten a block that fits. A flowable that disagrees with itself stands in for such a fault.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.platypus import Flowable

from leafwright.diagnostics import Span
from leafwright.layout.pages import make_template, story
from leafwright.layout.problems import LayoutProblem, Sources
from leafwright.layout.styles import Styles
from leafwright.load.theme import Theme, with_font_files
from leafwright.resolve.document import RParagraph, ResolvedDocument, Run
from leafwright.variants import get_variant


class Disagrees(Flowable):
    """`height` tall (a page holds 708 pt); split, its first part is a point taller than the room."""

    def __init__(self, height=700.0, splits=True):
        super().__init__()
        self.h, self.splits = height, splits

    def wrap(self, aW, aH):
        return aW, self.h

    def split(self, aW, aH):
        return [Disagrees(aH + 1, False), Disagrees(self.h - aH, False)] if self.splits else []

    def draw(self):
        pass


def _build(extra: Flowable) -> None:
    theme = with_font_files(Theme(), Path("."))
    styles = Styles(theme, get_variant("screen"))
    span = Span("doc.yaml", 3, 5)
    doc = ResolvedDocument("doc", "Title", "", "", "", (RParagraph((Run("Filler. " * 700),), span),), span)
    sources = Sources()
    flowables = story(doc, styles, sources=sources)
    sources.note([extra], Span("doc.yaml", 9, 5), "chart")
    template, canvasmaker = make_template(io.BytesIO(), doc, styles, sources=sources)
    template.build(flowables + [extra], canvasmaker=canvasmaker)


def test_a_split_that_disagrees_is_not_blamed_on_the_block():
    with pytest.raises(LayoutProblem) as caught:
        _build(Disagrees())
    message = caught.value.message
    assert str(caught.value.span).startswith("doc.yaml:9:5")
    assert "does not fit on a page" not in message and "shorten" not in message
    assert "leafwright bug" in message and "Splitting error" in message


def test_a_block_taller_than_a_page_is_blamed():
    with pytest.raises(LayoutProblem) as caught:
        _build(Disagrees(2000.0, splits=False))
    assert "this chart block is 2000 pt tall and does not fit on a page" in caught.value.message


class SplitsIntoTall(Flowable):
    """Splits into a part that fits and a rest taller than any page, which cannot split."""

    def wrap(self, aW, aH):
        return aW, 3000.0

    def split(self, aW, aH):
        return [Disagrees(aH - 1, False), Disagrees(2000.0, False)]

    def draw(self):
        pass


def test_a_part_of_a_split_block_is_blamed_on_that_block():
    """The rest of a split is a new flowable ReportLab places later: it is reported at the
    block it was split from (Sources.inherit), not at the document."""
    with pytest.raises(LayoutProblem) as caught:
        _build(SplitsIntoTall())
    assert str(caught.value.span).startswith("doc.yaml:9:5")
    assert "this chart block is 2000 pt tall and does not fit on a page" in caught.value.message
