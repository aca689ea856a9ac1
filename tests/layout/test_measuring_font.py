"""Layout's fonts remember the widths they measured (layout/fonts.py): the widths must be
ReportLab's own to the last bit, or a line would break elsewhere and a byte would move."""

from __future__ import annotations

from reportlab.pdfbase.ttfonts import TTFont

from leafwright.layout.fonts import MeasuringTTFont
from leafwright.load.fonts import packaged_source_sans

TEXTS = [" ", "the", "high-dose", "≥ 50% (CR)", "interleukin-2", "", "Ünïcødé ﬁ ∑ 漢", "x" * 300, b"bytes"]


def test_a_measured_width_is_reportlabs_and_is_measured_once():
    path = str(packaged_source_sans()["italic"])
    plain, measuring = TTFont("plain", path), MeasuringTTFont("measuring", path)
    for size in (7, 9.5, 10, 11.3, 24):
        for text in TEXTS:
            assert measuring.stringWidth(text, size) == plain.stringWidth(text, size), (text, size)
    assert len(measuring._sums) == len(TEXTS)  # each text summed once, whatever the size
