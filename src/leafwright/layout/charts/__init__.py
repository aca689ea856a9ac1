"""Charts: matplotlib draws an SVG at the final size, svglib turns it into a ReportLab Drawing.

Where to look:
- `flowable`: a resolved chart to a flowable (the entry point; cache, else draw);
- `spec`: what a chart is drawn from, and the cache key made of it;
- `cache`: the on-disk SVG cache, so a warm rebuild never imports matplotlib;
- `draw`: matplotlib, only when the cache has nothing; `place`: where value labels go;
- `palette`: theme colours to unique RGB stand-ins and back (CMYK in print, RGB on screen);
- `convert`: SVG to Drawing with the theme's font and colours.
"""

from .flowable import DEFAULT_HEIGHT, ChartFlowable, adapt_drawing, chart_flowable
from .palette import Palette, series_color_names

__all__ = ["DEFAULT_HEIGHT", "ChartFlowable", "Palette", "adapt_drawing", "chart_flowable", "series_color_names"]
