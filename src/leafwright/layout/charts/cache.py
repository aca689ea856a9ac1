"""Where charts are cached: the SVG matplotlib drew and the Drawing svglib made of it
(the file format, digest check and atomic writes are `leafwright.cache`'s)."""

from __future__ import annotations

from pathlib import Path

from ...cache import read_entry, write_entry
from ...cache import cache_root

__all__ = ["cache_dir", "read_entry", "write_entry"]  # the chart code reads and writes through these


def cache_dir() -> Path:
    """$LEAFWRIGHT_CACHE/charts, else the XDG cache folder."""
    return cache_root() / "charts"
