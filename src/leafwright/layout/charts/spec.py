"""What a chart is drawn from: plain, hashable, JSON-able, and the cache key made of it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from ...cache import file_digest

_DRAWS = (__name__, f"{__package__}.draw")  # editing these, or what they import, redraws every chart


@dataclass(frozen=True)
class ChartSpec:
    kind: str
    categories: tuple
    series: tuple  # of (name, values, labels)
    totals: tuple  # a label above each stacked bar, or ()
    width: float
    height: float
    series_colors: tuple  # "#rrggbb" stand-ins, one per series
    text_color: str
    rule_color: str
    inverse_color: str  # labels printed inside dark bars
    font: str  # the family token written into the SVG (the ReportLab base font name)
    font_regular: str  # file paths: matplotlib measures with the same files ReportLab embeds
    font_bold: str
    size: float  # category and legend text
    label_size: float  # value labels

    def key(self) -> str:
        data = asdict(self)
        for face in ("font_regular", "font_bold"):  # the font's content, not where it lies (a worker's copy)
            data[face] = file_digest(data[face])  # a replaced font redraws
        data["code"] = _code_version()
        data["matplotlib"] = _matplotlib_version()
        blob = json.dumps(data, sort_keys=True, separators=(",", ":"), default=list)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _code_version() -> str:
    """Changing how charts are drawn must invalidate old SVGs: hash the code that draws them."""
    from ...cache import code_version

    return code_version(*_DRAWS)[:16]


def _matplotlib_version() -> str:
    """The installed copy, found without importing matplotlib (that would defeat the cache)."""
    from ...cache import installed

    return installed("matplotlib")
