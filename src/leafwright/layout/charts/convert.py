"""SVG -> ReportLab Drawing with svglib, in the theme's font and the variant's colours."""

from __future__ import annotations

import io
import logging

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
