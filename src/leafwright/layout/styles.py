"""Theme values to ReportLab colours and paragraph styles, for one variant."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from ..colour import Cmyk, Colour, Spot, black_screen, naive_cmyk
from ..load.theme import HEADING_ELEMENTS, Theme, lookup_color
from ..variants import Variant
from .fonts import family_for
from .linebreak import Hyphenator
from .overprint import solid_black

SUP_MIN = 6.0  # pt
SUP_MAX_SHARE = 0.81
_ALIGN = {"left": TA_LEFT, "justify": TA_JUSTIFY, "center": TA_CENTER, "right": TA_RIGHT}


def to_color(colour: Colour, cmyk: bool):
    """Print wants CMYK only; screen wants RGB. Convert naively where the theme gave the other."""
    colour = colour.on(cmyk)  # a Dual: the ink the theme chose for this variant
    if cmyk and isinstance(colour, Spot):  # a Separation colour space with the CMYK alternate
        return CMYKColorSep(*colour.alternate.parts, spotName=colour.name, density=colour.density)
    if cmyk and isinstance(colour, Cmyk):
        return CMYKColor(*colour.parts)
    rgb = colour.rgb()
    return CMYKColor(*naive_cmyk(rgb)) if cmyk else Color(*rgb)


class LeafStyle(ParagraphStyle):
    """ReportLab's paragraph style with the one field leafwright adds, declared: `overprint`,
    whether its text is black that overprints (read by layout/overprint.py)."""

    defaults = dict(ParagraphStyle.defaults, overprint=False)


@dataclass
class Styles:
    """Everything a block builder needs from the theme, ready for ReportLab. Layout asks the
    `variant` its questions (colour space, links, overprint), never compares its name."""

    theme: Theme
    variant: Variant
    warnings: list = field(default_factory=list, compare=False)  # Diagnostics layout adds (a chart label left out)
    hyphenation: str = "en_US"  # pyphen's dictionary for the document's language
    fallback: dict = field(default_factory=dict)  # character -> registered fallback family (glyphs.fallbacks)

    def __post_init__(self):
        self.body_font = family_for(self.theme.fonts.get("body", "Source Sans Pro"), self.theme)
        self.heading_font = family_for(self.theme.fonts.get("heading", "Source Sans Pro"), self.theme)
        self._cache: dict[str, LeafStyle] = {}
        self.hyphenator = Hyphenator(self.hyphenation)

    def link_look(self, element: str = ""):
        """The attributes every `<a href>` carries, or None where the variant has no links
        (print: a press may refuse link annotations). The one place layout asks whether to link.
        On an element's fill (a table header on the brand colour) a link colour that does not
        stand out from the fill (WCAG contrast below 3:1) is left off: the link keeps the
        element's own colour, underlined, rather than vanish into the fill."""
        if not self.variant.links:
            return None
        from ..load.reversed_text import ELEMENT_FILLS

        name, underline = self.theme.links
        fill = ELEMENT_FILLS.get(element)
        if fill is not None and _contrast(self.color(name), self.color(fill)) < 3:
            return ' underline="1"'
        return f' color="#{self.color(name).hexval()[2:]}"' + (' underline="1"' if underline else "")

    def prints_solid(self, spec: Colour) -> bool:
        """Whether text in this colour prints as solid black (100% K): a screen of black in a
        variant that asks for solid black, unless the theme says `print-black: as-written`
        (small screened text prints with soft edges)."""
        return self.variant.solid_black and self.theme.print_black and black_screen(spec) is not None

    def text_color(self, name: str):
        spec = lookup_color(self.theme.colors, name) or self.theme.colors["text"]
        return CMYKColor(0, 0, 0, 1) if self.prints_solid(spec) else to_color(spec, self.variant.cmyk)

    def overprints(self, color, size: float = 0.0) -> bool:
        """Black text and rules below the variant's `overprint_below` overprint: no white halo
        where the plates misregister over a tint. Only pure 100% K: white or coloured text
        must knock out."""
        return size < self.variant.overprint_below and solid_black(color)

    def color(self, name: str):
        spec = lookup_color(self.theme.colors, name) or self.theme.colors["text"]
        return to_color(spec, self.variant.cmyk)

    def get(self, element: str, **overrides) -> LeafStyle:
        key = element + repr(sorted(overrides.items()))
        if key not in self._cache:
            s = self.theme.styles[element]
            family = self.heading_font if element in HEADING_ELEMENTS \
                else self.body_font
            font = f"{family}-bold" if s.get("weight") in ("bold", "semibold") else family
            params = dict(
                fontName=font, bulletFontName=self.body_font, fontSize=s["size"], leading=s["leading"],
                textColor=self.text_color(s["color"]),
                spaceBefore=s.get("space-before", 0), spaceAfter=s.get("space-after", 0),
                alignment=_ALIGN[s.get("align", "left")],
                # breaks that add nothing (compounds, URLs, DOIs) are layout/linebreak.py's; pyphen's
                # points only in justified text; a word is never cut at an arbitrary character
                hyphenationLang=self.hyphenator if s.get("align") == "justify" else "",
                embeddedHyphenation=0, uriWasteReduce=0, splitLongWords=0,
                linkUnderline=False,
            )
            params.update(overrides)
            self._cache[key] = LeafStyle(element + str(len(self._cache)),
                                         overprint=self.overprints(params["textColor"], params["fontSize"]), **params)
        return self._cache[key]

    def sup(self, element: str) -> tuple[float, float]:
        """Superscript rise and size: lighter than ReportLab's default, from the element's size.

        62% of the text, but never under SUP_MIN (a citation number must survive print) and
        never over SUP_MAX_SHARE of the text (still visibly smaller: 5.5 pt in 6.8 pt notes)."""
        size = self.theme.styles[element]["size"]
        return round(size * 0.36, 2), round(min(max(size * 0.62, SUP_MIN), size * SUP_MAX_SHARE), 2)


def _contrast(a, b) -> float:
    """WCAG 2 contrast ratio of two ReportLab colours (1 to 21)."""
    def luminance(c) -> float:
        rgb = [c.red, c.green, c.blue] if hasattr(c, "red") else [0.0, 0.0, 0.0]
        lin = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
