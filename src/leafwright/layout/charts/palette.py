"""Theme colour names -> unique RGB stand-ins for matplotlib -> back to the theme's specs.

matplotlib only ever sees RGB, one distinct '#rrggbb' per theme colour, so after svglib
has read the SVG every colour maps back exactly to its CMYK (print) or RGB (screen) spec.
"""

from __future__ import annotations

from reportlab.lib.colors import CMYKColor, Color

from ...colour import BLACK, Cmyk, Colour, Rgb, grey_k
from ...load.theme import DEFAULT_COLORS, parse_color
from ..styles import Styles, to_color

_SERIES = ("series1", "series2", "series3", "brand", "accent")
_FALLBACK = {"series1": "brand", "series2": "accent"}


def _spec(styles: Styles, name: str) -> Colour:
    colors = styles.theme.colors
    return colors.get(name) or DEFAULT_COLORS.get(name) or parse_color(name) or colors["text"]


def _hex(rgb) -> str:
    return "#" + "".join(f"{min(255, max(0, round(v * 255))):02x}" for v in rgb)


def series_color_names(styles: Styles) -> list[str]:
    """series1..3, then brand and accent, without repeats. A theme that restyles `brand` (or
    `accent`) but leaves `series1` (`series2`) at its built-in value gets bars in its own brand
    colours, not in the built-in blues."""
    colors = styles.theme.colors
    names = list(_SERIES)
    for i, name in enumerate(names):
        other = _FALLBACK.get(name)
        if other and colors.get(name) == DEFAULT_COLORS[name] and colors.get(other, DEFAULT_COLORS[other]) \
                != DEFAULT_COLORS[other]:
            names[i] = other
    out, seen = [], []
    for name in names + ["series1", "series2"]:  # the built-ins stay available for many series
        spec = _spec(styles, name)
        if spec not in seen:
            seen.append(spec)
            out.append(name)
    return out


class Palette:
    """Theme colour names with a distinct '#rrggbb' each, and the way back."""

    def __init__(self, styles: Styles):
        self.styles = styles
        self.by_hex: dict[str, Colour] = {}
        self.by_name: dict[str, str] = {}

    def hex(self, name: str) -> str:
        if name in self.by_name:
            return self.by_name[name]
        spec = _spec(self.styles, name)
        r, g, b = (round(v * 255) for v in spec.rgb())
        h = _hex((r / 255, g / 255, b / 255))
        step = 0
        while h in self.by_hex and self.by_hex[h] != spec:  # two specs, one RGB: nudge one apart
            step += 1
            h = _hex((r / 255, g / 255, ((b + step) % 256) / 255))
        self.by_hex[h] = spec
        self.by_name[name] = h
        return h

    def text_hex(self, name: str) -> str:
        """A text colour: solid black in print where the theme's is a screen of black
        (Styles.text_color). The stand-in stays the theme colour's, so print and screen still
        share one cached drawing; only the way back differs."""
        h = self.hex(name)
        if self.styles.prints_solid(self.by_hex[h]):
            self.by_hex[h] = BLACK
        return h

    def convert(self, color):
        """A colour from the drawing, as the variant wants it."""
        if color is None or isinstance(color, CMYKColor) or not isinstance(color, Color):
            return color
        rgb = (color.red, color.green, color.blue)
        spec = self.by_hex.get(_hex(rgb))
        if spec is None:  # matplotlib's own: a grey (within its rounding) is black ink only
            k = grey_k(rgb, tolerance=2.5 / 255)
            spec = Rgb(*rgb) if k is None else Cmyk(0.0, 0.0, 0.0, round(k, 4))
        out = to_color(spec, self.styles.variant.cmyk)
        alpha = getattr(color, "alpha", 1)
        if alpha is not None and alpha != 1:
            out.alpha = alpha
        return out
