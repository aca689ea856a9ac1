"""Where charts are cached: the SVG matplotlib drew and the Drawing svglib made of it
(the file format, digest check and atomic writes are `leafwright.cache`'s)."""

from __future__ import annotations

from pathlib import Path

from ...cache import read_entry, write_entry  # noqa: F401  (the chart code reads and writes through these)
from ...cache import cache_root


def cache_dir() -> Path:
    """$LEAFWRIGHT_CACHE/charts, else the XDG cache folder."""
    return cache_root() / "charts"
