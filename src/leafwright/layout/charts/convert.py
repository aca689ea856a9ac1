"""SVG -> ReportLab Drawing with svglib, in the theme's font and the variant's colours."""

from __future__ import annotations

import copyreg
import hashlib
import io
import logging
import pickle
from functools import lru_cache
from pathlib import Path

from .palette import Palette

_registered: set = set()


def register_fonts(font: str, regular_file: str, bold_file: str) -> None:
    """Tell svglib that the family token in the SVG is the body font, in both weights;
    otherwise it asks fc-match and the result depends on the machine."""
    from svglib.fonts import register_font

    from ..fonts import map_family

    # matplotlib writes no font-weight for regular text and "700" for bold; nothing else is drawn.
    for weight, path, rl_name in (("normal", regular_file, font), ("700", bold_file, font + "-bold")):
        marker = (font, weight, path, rl_name)
        if marker in _registered:
            continue
        # svglib registers the file again under the same ReportLab name (same file, same
        # font), which resets ReportLab's bold/italic mapping of the family: restored below.
        register_font(font, path, weight=weight, rlgFontName=rl_name)
        _registered.add(marker)
    map_family(font)


def svg_to_drawing(svg: bytes):
    """The Drawing, or None when svglib cannot read the SVG or it draws nothing (a corrupt
    cache entry is expected to fail quietly and be drawn again)."""
    try:
        from svglib.svglib import svg2rlg

        log = logging.getLogger("svglib.svglib")
        level = log.level
        log.setLevel(logging.CRITICAL)
        try:
            drawing = svg2rlg(io.BytesIO(svg))
        finally:
            log.setLevel(level)
    except Exception:
        return None
    if drawing is None or not _has_content(drawing):
        return None
    return drawing


def cached_drawing(svg: bytes):
    """The Drawing svglib made of `svg` in an earlier build, or None (so a warm build does
    not import svglib). Unpickled from the user's own cache folder, which is as trusted as
    the installed packages; an entry that does not load is simply made again."""
    from ...cache import read_entry

    body = read_entry(_drawing_path(svg), "drawing")
    if body is None:
        return None
    try:
        drawing = pickle.loads(body)
    except Exception:
        return None
    return drawing if type(drawing).__name__ == "Drawing" and _has_content(drawing) else None


def cache_drawing(svg: bytes, drawing) -> None:
    """Before `recolor`: the cached Drawing is the variant-neutral one svglib made."""
    from ...cache import write_entry

    out = io.BytesIO()
    try:
        _PlainPickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(drawing)
    except Exception:
        return
    body = out.getvalue()
    write_entry(_drawing_path(svg), body, "drawing")


class _PlainPickler(pickle.Pickler):
    """Pickles svglib's Path subclasses (a path without stroke, a clipping path) as plain
    ReportLab Paths carrying the properties they report, so unpickling needs no svglib."""

    def reducer_override(self, obj):
        cls = type(obj)
        if not cls.__module__.startswith("svglib"):
            return NotImplemented
        from reportlab.graphics.shapes import Path as RLPath

        if not isinstance(obj, RLPath):
            raise pickle.PicklingError(f"cannot cache svglib's {cls.__name__}")
        plain = RLPath.__new__(RLPath)
        plain.__dict__.update(obj.__dict__)
        reported = obj.getProperties(recur=0)
        for name, value in RLPath.getProperties(obj, recur=0).items():
            if reported.get(name, value) is not value:
                setattr(plain, name, reported[name])
        return copyreg._reconstructor, (RLPath, object, None), plain.__dict__


def _drawing_path(svg: bytes) -> Path:
    from ...cache import digest
    from .cache import cache_dir

    return cache_dir() / f"{digest(hashlib.sha256(svg).digest(), *_converter_version())}.drawing"


@lru_cache(maxsize=1)
def _converter_version() -> tuple[str, ...]:
    """What a Drawing depends on besides the SVG: ReportLab, svglib, this code."""
    from reportlab import Version

    from ...cache import code_version, installed

    return Version, installed("svglib"), code_version(__name__)


def _has_content(node) -> bool:
    for child in getattr(node, "contents", ()) or ():
        if not hasattr(child, "contents") or _has_content(child):
            return True
    return False


def recolor(node, palette: Palette, fonts: set, regular: str) -> None:
    """Every colour back to the theme's spec; every font one of the theme's (never Helvetica)."""
    for attr in ("fillColor", "strokeColor"):
        value = getattr(node, attr, None)
        if value is not None:
            setattr(node, attr, palette.convert(value))
    name = getattr(node, "fontName", None)
    if name is not None and name not in fonts and name != regular + "-bold":
        node.fontName = regular + "-bold" if "bold" in name.lower() else regular
    for child in getattr(node, "contents", ()) or ():
        recolor(child, palette, fonts, regular)
