"""Render: a laid-out document to the PDF bytes of its variant.

ReportLab has drawn the pages in layout; what is left is the variant's finish (PDF/X
OutputIntent and XMP, unique subset tags, /ID) in `finish.py`, with pikepdf.
"""

from __future__ import annotations

from typing import Optional

from ..layout import LaidOut
from ..variants import Variant


def render(laid: LaidOut, variant: Variant, structure: Optional[object] = None) -> bytes:
    """The finished PDF of a document that laid out (`laid.ok`); `structure` (what a
    layout.tagging.Tags recorded) makes it a tagged PDF (PDF/UA-1)."""
    from .finish import finish

    assert laid.pdf is not None, "render() takes a document that laid out"
    pdf = laid.pdf
    if structure is not None:
        from .tagging import tag

        pdf = tag(pdf, structure)
    return finish(pdf, laid.id, variant, laid.epoch)
