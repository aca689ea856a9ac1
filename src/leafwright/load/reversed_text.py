"""White text reversed out of a fill of several process inks: which elements sit on which fill,
and the warning when such text is small.

Reversed text is the paper showing through holes in every plate of the fill; when the plates
misregister by a fraction of a millimetre, the holes no longer line up and thin strokes fill
in with colour fringes. One ink cannot misregister against itself, so only fills of two or
more process inks matter, and only small text (issue 12: below 8 pt).
"""

from __future__ import annotations

from typing import Optional

from ..colour import print_inks
from ..diagnostics import Diagnostics, Span
from .yamlnodes import YMap

# The theme elements layout draws on a fill, and the theme colour of that fill: the title band
# (layout/pages.py), table headers, callouts and panels (layout/blocks.py) take their fill from
# here, so this check and the drawing cannot disagree.
ELEMENT_FILLS = {"title": "brand", "table-header": "brand", "callout-value": "tint", "callout-label": "tint",
                 "panel-title": "tint"}
REVERSED_TEXT_BELOW = 8.0  # pt
NEAR_WHITE = 0.10  # no ink above 10%: reads as white on a dark fill


def warn_reversed_text(styles: dict, colors: dict, diags: Diagnostics, theme_span: Span,
                       style_nodes: Optional[YMap] = None) -> None:
    """A warning at the theme line of each element whose (near-)white text under 8 pt sits on a
    fill of more than one process ink (the built-in sizes are all 8 pt or more, so such a style
    is one the theme wrote)."""
    from .theme import lookup_color

    for element, fill_name in ELEMENT_FILLS.items():
        style = styles.get(element)
        if style is None or style["size"] >= REVERSED_TEXT_BELOW:
            continue
        text = print_inks(lookup_color(colors, style["color"]))
        if any(v > NEAR_WHITE for v in text.values()):
            continue
        fill = print_inks(lookup_color(colors, fill_name))
        process = [plate for plate in fill if plate in "CMYK" and len(plate) == 1]
        if len(process) < 2:
            continue
        span = style_nodes.key_span(element) if style_nodes is not None else theme_span
        diags.warning(span, f"'{element}' is {style['size']:g} pt {style['color']} text reversed out of "
                            f"'{fill_name}' ({'+'.join(process)}): below {REVERSED_TEXT_BELOW:g} pt the "
                            f"letters fill in where the plates misregister; make it {REVERSED_TEXT_BELOW:g} pt "
                            f"or more, or fill with one ink")
