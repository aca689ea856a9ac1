"""White text reversed out of a fill of several process inks: which elements sit on which fill,
and the warning when such text is too thin for the press to hold.

Reversed text is the paper showing through holes in every plate of the fill; when the plates
misregister by a fraction of a millimetre, the holes no longer line up and the white that is
left is only what all of them share, edged with colour fringes. What survives is a matter of
stroke weight, not of point size alone: a stem is `stem (em) × size (pt)` wide, so a bold
letter holds at a size where a regular one fills in.

The rule (a house rule, said here and in README "Press standards"): a stem under 2.0 pt
(0.7 mm) warns on a fill of three or more process inks, under 1.0 pt on two. Each plate may
be off register by about 0.1 mm; the worst two plates of a rich fill then narrow a stem by
0.2 mm, and a 0.7 mm stem keeps about 70% of its width as paper white. Two inks are one
pair of plates, and light fills of two inks (tints) hide a fringe better: half the stem.
Stems are Source Sans Pro's `l`, measured at 134 (regular) and 209 (bold) units per 1000 em;
`semibold` prints with the bold face (layout/styles.py). So on three inks bold warns below
9.6 pt and regular below 14.9 pt (the 9 pt bold header of issue 21 warns, 10 pt bold does
not); on two inks regular warns below 7.5 pt. Another body font is judged by these stems
too, an estimate: its own stems are not measured. One ink cannot misregister against
itself, so one-ink fills (black, a spot) never warn.
"""

from __future__ import annotations

import math
from typing import Optional

from ..colour import print_inks
from ..diagnostics import Diagnostics, Span
from .yamlnodes import YMap

# The theme elements layout draws on a fill, and the theme colour of that fill: the title band
# (layout/pages.py), table headers, callouts and panels (layout/blocks.py) take their fill from
# here, so this check and the drawing cannot disagree.
ELEMENT_FILLS = {"title": "brand", "table-header": "brand", "callout-value": "tint", "callout-label": "tint",
                 "panel-title": "tint"}
STEM_EM = {"regular": 0.134, "semibold": 0.209, "bold": 0.209}  # Source Sans Pro `l`; semibold prints bold
MIN_STEM = {2: 1.0, 3: 2.0}  # pt, by process inks in the fill (3 = three or more)
NEAR_WHITE = 0.10  # no ink above 10%: reads as white on a dark fill


def stem(size: float, weight: str) -> float:
    """The stem width in pt of text at `size` pt in `weight`."""
    return STEM_EM.get(weight, STEM_EM["regular"]) * size


def warn_reversed_text(styles: dict, colors: dict, diags: Diagnostics, theme_span: Span,
                       style_nodes: Optional[YMap] = None) -> None:
    """A warning at the theme line of each element whose (near-)white text sits on a fill of
    more than one process ink with stems thinner than MIN_STEM for that many inks."""
    from .theme import lookup_color

    for element, fill_name in ELEMENT_FILLS.items():
        style = styles.get(element)
        if style is None:
            continue
        text = print_inks(lookup_color(colors, style["color"]))
        if any(v > NEAR_WHITE for v in text.values()):
            continue
        fill = print_inks(lookup_color(colors, fill_name))
        process = [plate for plate in fill if plate in "CMYK" and len(plate) == 1]
        if len(process) < 2:
            continue
        weight = style.get("weight", "regular")
        width, least = stem(style["size"], weight), MIN_STEM[min(len(process), 3)]
        if width >= least:
            continue
        size = math.ceil(least / STEM_EM.get(weight, STEM_EM["regular"]) * 2) / 2  # the next half point
        bolder = "" if weight != "regular" else f" ({math.ceil(least / STEM_EM['bold'] * 2) / 2:g} pt bold)"
        span = style_nodes.key_span(element) if style_nodes is not None else theme_span
        diags.warning(span, f"'{element}' is {style['size']:g} pt {weight} {style['color']} text reversed out of "
                            f"'{fill_name}' ({'+'.join(process)}): its stems are about {width:.1f} pt wide, and "
                            f"under {least:g} pt on {len(process)} inks the letters fill in where the plates "
                            f"misregister; make it {size:g} pt {weight} or more{bolder}, or fill with one ink")
