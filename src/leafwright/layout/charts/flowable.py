"""A resolved chart as one flowable: the spec, the cached or freshly drawn SVG, the Drawing."""

from __future__ import annotations

import json
import warnings
from typing import Optional

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Spacer

from ...diagnostics import Diagnostic
from ...resolve.document import RChart
from ..markup import escape
from ..overprint import Overprinting, overprint_drawing
from ..problems import LayoutProblem
from ..styles import Styles
from ..tagging import Marking
from .cache import cache_dir, read_entry, write_entry
from .convert import cache_drawing, cached_drawing, recolor, register_fonts, svg_to_drawing
from .palette import Palette, series_color_names
from .spec import ChartSpec

DEFAULT_HEIGHT = 144.0  # 2in when the chart gives no height


def chart_flowable(chart: RChart, styles: Styles, width: float, report: Optional[list] = None,
                   element: Optional[int] = None, claim_pages=None) -> Flowable:
    """`report` collects the warnings (a value label left out because it fits nowhere);
    `element`: its structure element, when tagging; `claim_pages` (a ClaimPages) records
    the page and place of the chart's claims when it is drawn. An empty chart draws nothing
    and records nothing: its claims did not print."""
    if not chart.categories or not chart.series:
        return Spacer(1, 0)
    height = chart.height.points(width) if chart.height else DEFAULT_HEIGHT
    height = max(height, 36.0)
    regular, bold = styles.body_font, styles.body_font + "-bold"
    palette = Palette(styles)
    names = series_color_names(styles)
    n = len(chart.categories)
    series = []
    for s in chart.series:
        values = tuple(float(v) for v in s.values[:n]) + (0.0,) * max(0, n - len(s.values))
        labels = tuple(s.labels[:n]) + ("",) * max(0, n - len(s.labels))
        series.append((s.name, values, labels))
    st = styles.theme.styles.get("chart", {})
    size = float(st.get("size", 7.5))
    spec = ChartSpec(
        kind=chart.kind, categories=tuple(chart.categories), series=tuple(series),
        totals=tuple(chart.totals[:n]) if chart.kind == "stacked-bar" else (),
        width=round(float(width), 3), height=round(float(height), 3),
        series_colors=tuple(palette.hex(names[i % len(names)]) for i in range(len(series))),
        text_color=palette.text_hex(st.get("color", "text")),
        rule_color=palette.hex("rule"), inverse_color=palette.hex("white"),
        font=regular, font_regular=_font_file(regular), font_bold=_font_file(bold),
        size=size, label_size=round(size * 1.3, 2),
    )
    drawing, omitted = _drawing(spec, palette, chart.span)
    if omitted and report is not None:
        report.append(Diagnostic("warning", chart.span, f"no room for {_listed(omitted)} in this chart, "
                                 "so left out; make the chart wider or taller, or use fewer categories"))
    recording = dict(element=element, claims=chart.claims if claim_pages is not None else (), claim_pages=claim_pages)
    if not chart.title:
        return ChartFlowable(None, drawing, **recording)
    title_size = round(size + 1.5, 2)
    title = styles.get("chart", fontName=bold, fontSize=title_size, leading=round(title_size * 1.25, 2),
                       spaceBefore=2, spaceAfter=4, keepWithNext=1, textColor=styles.text_color(st.get("color", "text")))
    return ChartFlowable(Overprinting(escape(chart.title), title), drawing, **recording)


def _listed(items) -> str:
    items = list(items)
    label = "the value label" if len(items) == 1 else "the value labels"
    return f"{label} {', '.join(items[:-1]) + ' and ' if len(items) > 1 else ''}{items[-1]}"


class ChartFlowable(Marking):
    """The optional title paragraph and the drawing as one unbreakable plain flowable
    (KeepTogether does not work inside table cells, where charts in columns sit), drawn as
    content of `element` when tagged, recording where `claims` printed with `claim_pages`."""

    def __init__(self, title: Optional[Paragraph], drawing, element: Optional[int] = None,
                 claims: tuple[int, ...] = (), claim_pages=None):
        super().__init__()
        self.title, self.drawing, self.element = title, drawing, element
        self.claims, self.claim_pages = claims, claim_pages
        self.hAlign = "LEFT"
        self._title_h = 0.0

    def drawOn(self, canvas, x, y, _sW=0):
        if self.claim_pages is not None and self.claims:
            self.claim_pages.drawn_in_box(self.claims, canvas, x, y, self.width, self.height)
        return super().drawOn(canvas, x, y, _sW)

    def wrap(self, avail_width, avail_height):
        self._title_h = self.title.wrap(self.drawing.width, avail_height)[1] if self.title else 0.0
        gap = self.title.style.spaceAfter if self.title else 0.0
        self.width = self.drawing.width
        self.height = self._title_h + gap + self.drawing.height
        return self.width, self.height

    def getSpaceBefore(self):
        return self.title.getSpaceBefore() if self.title else 0

    def draw(self):
        self.record_box()  # a Figure's box, when tagged
        self.drawing.drawOn(self.canv, 0, 0)
        if self.title:
            self.title.drawOn(self.canv, 0, self.height - self._title_h)


def _font_file(name: str) -> str:
    return str(pdfmetrics.getFont(name).face.filename)


def _drawing(spec: ChartSpec, palette: Palette, span):
    """The Drawing and the labels left out: from the cache, else drawn (and cached)."""
    path = cache_dir() / f"{spec.key()}.svg"
    entry = _unpack(read_entry(path))
    drawing = cached_drawing(entry[0]) if entry is not None else None
    if drawing is None:
        register_fonts(spec.font, spec.font_regular, spec.font_bold)
        drawing = svg_to_drawing(entry[0]) if entry is not None else None
        if drawing is not None:
            cache_drawing(entry[0], drawing)
    omitted = entry[1] if entry is not None else ()
    if drawing is None:
        from .draw import draw_svg

        with warnings.catch_warnings(record=True) as caught:  # matplotlib's words never reach stderr
            warnings.simplefilter("always")
            svg, omitted = draw_svg(spec)
        if any("collapsed" in str(w.message) for w in caught):
            raise LayoutProblem(span, "this chart's labels leave no room for its bars; shorten the "
                                      "category or series names, or make the chart larger")
        drawing = svg_to_drawing(svg)
        if drawing is None:
            raise RuntimeError("svglib could not read the chart matplotlib drew")
        cache_drawing(svg, drawing)
        write_entry(path, json.dumps(list(omitted)).encode("utf-8") + b"\n" + svg)
    recolor(drawing, palette, {spec.font, pdfmetrics.getFont(spec.font).fontName}, spec.font)
    overprint_drawing(drawing, palette.styles.overprints)  # chart text and axes in black
    drawing.width, drawing.height = spec.width, spec.height  # svglib's pt→px→pt leaves 199.99999…
    drawing.initialFontName = spec.font
    drawing.initialFontSize = spec.size
    drawing.hAlign = "LEFT"
    return drawing, omitted


def _unpack(entry: Optional[bytes]) -> Optional[tuple[bytes, tuple[str, ...]]]:
    """A cache entry is a JSON list of the labels left out, a newline, then the SVG."""
    if entry is None:
        return None
    head, _, svg = entry.partition(b"\n")
    try:
        omitted = json.loads(head.decode("utf-8"))
    except ValueError:
        return None
    if not isinstance(omitted, list) or not all(isinstance(x, str) for x in omitted):
        return None
    return svg, tuple(omitted)


def adapt_drawing(drawing, styles: Styles) -> None:
    """Any vector drawing (an SVG image) in the variant's colour space and the theme's font."""
    regular = styles.body_font
    recolor(drawing, Palette(styles), {regular, regular + "-bold"}, regular)
    overprint_drawing(drawing, styles.overprints)
    drawing.initialFontName = regular
