"""layout.problems.Sources: where a flowable came from, without keeping it alive."""

import gc

from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph

from leafwright.layout.problems import Sources


def _para(text: str) -> Paragraph:
    return Paragraph(text, getSampleStyleSheet()["Normal"])


def test_split_parts_are_reported_at_their_block():
    sources, whole = Sources(), _para("a paragraph")
    sources.note([whole], "span-1", "paragraph")
    parts = [_para("a"), _para("paragraph")]
    sources.inherit(parts, whole)
    assert [sources.of(p) for p in parts] == [("span-1", "paragraph")] * 2
    assert sources.of(_para("never noted")) is None


def test_a_flowable_that_is_gone_leaves_the_table():
    # holding every flowable of a pass made each full collection walk them all (layout 30% slower)
    sources = Sources()
    flowables = [_para(f"p{i}") for i in range(50)]
    sources.note(flowables, "span", "paragraph")
    assert len(sources._of) == 50
    del flowables
    gc.collect()
    assert len(sources._of) == 0
