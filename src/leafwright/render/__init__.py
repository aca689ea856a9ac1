"""Render: a laid-out document to the PDF bytes of its variant.

ReportLab has drawn the pages in layout; what is left is the variant's finish (PDF/X
OutputIntent and XMP, unique subset tags, /ID) in `finish.py`, with pikepdf.
"""

from __future__ import annotations

from ..layout import LaidOut
from ..variants import Variant


def render(laid: LaidOut, variant: Variant) -> bytes:
    """The finished PDF of a document that laid out (`laid.ok`)."""
    from .finish import finish

    assert laid.pdf is not None, "render() takes a document that laid out"
    return finish(laid.pdf, laid.id, variant, laid.epoch)
