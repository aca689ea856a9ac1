"""Charts: matplotlib draws an SVG at the final size, svglib turns it into a ReportLab Drawing.

The SVG is cached on disk, keyed by everything that shapes it, so a rebuild with a warm
cache never imports matplotlib. After conversion every colour is put back to the theme's
own spec (CMYK in print, RGB on screen): matplotlib only ever sees RGB stand-ins, each one
unique, so the mapping back is exact.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import textwrap
import warnings
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional
from xml.sax.saxutils import escape

from reportlab.lib.colors import CMYKColor, Color
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Spacer

from ..load.theme import DEFAULT_COLORS, parse_color
from ..resolve.document import RChart
from .problems import LayoutProblem
from .styles import Styles, rgb_of, to_color

DEFAULT_HEIGHT = 144.0  # 2in when the chart gives no height
_SERIES = ("series1", "series2", "series3", "brand", "accent")
_HEADER = b"leafwright-chart "  # first line of a cache file: this, the SVG's sha256, newline
_SALT = "leafwright"


# ----------------------------------------------------------------------------------------------
# What a chart is drawn from: plain, hashable, JSON-able.

@dataclass(frozen=True)
class ChartSpec:
    kind: str
    categories: tuple
    series: tuple  # of (name, values, labels)
    width: float
    height: float
    series_colors: tuple  # "#rrggbb" stand-ins, one per series
    text_color: str
    rule_color: str
    inverse_color: str  # labels printed inside dark bars
    font: str  # the family token written into the SVG (the ReportLab base font name)
    font_regular: str  # file paths: matplotlib measures with the same files ReportLab embeds
    font_bold: str
    size: float  # category and legend text
    label_size: float  # value labels

    def key(self) -> str:
        data = asdict(self)
        for face in ("font_regular", "font_bold"):
            try:
                stat = os.stat(data[face])
                data[face + "_size"] = (stat.st_size, stat.st_mtime_ns)  # a replaced font redraws
            except OSError:
                data[face + "_size"] = None
        data["code"] = _code_version()
        data["matplotlib"] = _matplotlib_version()
        blob = json.dumps(data, sort_keys=True, separators=(",", ":"), default=list)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _code_version() -> str:
    """Changing how charts are drawn must invalidate old SVGs: hash this very file."""
    try:
        return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    except OSError:
        return "unknown"


@lru_cache(maxsize=1)
def _matplotlib_version() -> str:
    """Read from the installed metadata; importing matplotlib for this would defeat the cache."""
    try:
        from importlib.metadata import version

        return version("matplotlib")
    except Exception:
        return "unknown"


# ----------------------------------------------------------------------------------------------
# Colours: theme names -> unique RGB stand-ins -> back to the theme's specs after conversion.

def _spec(styles: Styles, name: str) -> tuple:
    colors = styles.theme.colors
    return colors.get(name) or DEFAULT_COLORS.get(name) or parse_color(name) or colors["text"]


def _hex(rgb) -> str:
    return "#" + "".join(f"{min(255, max(0, round(v * 255))):02x}" for v in rgb)


_FALLBACK = {"series1": "brand", "series2": "accent"}


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
        self.by_hex: dict[str, tuple] = {}
        self.by_name: dict[str, str] = {}

    def hex(self, name: str) -> str:
        if name in self.by_name:
            return self.by_name[name]
        spec = _spec(self.styles, name)
        r, g, b = (round(v * 255) for v in rgb_of(spec))
        h = _hex((r / 255, g / 255, b / 255))
        step = 0
        while h in self.by_hex and self.by_hex[h] != spec:  # two specs, one RGB: nudge one apart
            step += 1
            h = _hex((r / 255, g / 255, ((b + step) % 256) / 255))
        self.by_hex[h] = spec
        self.by_name[name] = h
        return h

    def convert(self, color):
        """A colour from the drawing, as the variant wants it."""
        if color is None or isinstance(color, CMYKColor) or not isinstance(color, Color):
            return color
        rgb = (color.red, color.green, color.blue)
        spec = self.by_hex.get(_hex(rgb))
        if spec is None:
            r, g, b = rgb
            if max(rgb) - min(rgb) < 2.5 / 255:  # a grey: black ink only
                spec = ("cmyk", 0.0, 0.0, 0.0, round(1 - (r + g + b) / 3, 4))
            else:
                spec = ("rgb", r, g, b)
        out = to_color(spec, self.styles.cmyk)
        alpha = getattr(color, "alpha", 1)
        if alpha is not None and alpha != 1:
            out.alpha = alpha
        return out


# ----------------------------------------------------------------------------------------------
# The flowable.

def chart_flowable(chart: RChart, styles: Styles, width: float) -> Flowable:
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
    size = float(styles.theme.styles.get("chart", {}).get("size", 7.5))
    spec = ChartSpec(
        kind=chart.kind, categories=tuple(chart.categories), series=tuple(series),
        width=round(float(width), 3), height=round(float(height), 3),
        series_colors=tuple(palette.hex(names[i % len(names)]) for i in range(len(series))),
        text_color=palette.hex(styles.theme.styles.get("chart", {}).get("color", "text")),
        rule_color=palette.hex("rule"), inverse_color=palette.hex("white"),
        font=regular, font_regular=_font_file(regular), font_bold=_font_file(bold),
        size=size, label_size=round(size * 1.3, 2),
    )
    drawing = _drawing(spec, palette, styles, chart.span)
    if not chart.title:
        return ChartFlowable(None, drawing)
    st = styles.theme.styles.get("chart", {})
    title_size = round(size + 1.5, 2)
    title = styles.get("chart", fontName=bold, fontSize=title_size, leading=round(title_size * 1.25, 2),
                       spaceBefore=2, spaceAfter=4, keepWithNext=1, textColor=styles.color(st.get("color", "text")))
    return ChartFlowable(Paragraph(escape(chart.title), title), drawing)


class ChartFlowable(Flowable):
    """The optional title paragraph and the drawing as one unbreakable plain flowable.
    (KeepTogether does not work inside table cells, where charts in columns sit, and a bare
    Drawing refuses the extra attributes the block builder hangs on flowables.)"""

    def __init__(self, title: Optional[Paragraph], drawing):
        super().__init__()
        self.title, self.drawing = title, drawing
        self.hAlign = "LEFT"
        self._title_h = 0.0

    def wrap(self, avail_width, avail_height):
        self._title_h = self.title.wrap(self.drawing.width, avail_height)[1] if self.title else 0.0
        gap = self.title.style.spaceAfter if self.title else 0.0
        self.width = self.drawing.width
        self.height = self._title_h + gap + self.drawing.height
        return self.width, self.height

    def getSpaceBefore(self):
        return self.title.getSpaceBefore() if self.title else 0

    def draw(self):
        self.drawing.drawOn(self.canv, 0, 0)
        if self.title:
            self.title.drawOn(self.canv, 0, self.height - self._title_h)


def _font_file(name: str) -> str:
    return str(pdfmetrics.getFont(name).face.filename)


def _drawing(spec: ChartSpec, palette: Palette, styles: Styles, span):
    key = spec.key()
    path = _cache_dir() / f"{key}.svg"
    svg = _read_cache(path)
    drawing = _convert(svg, spec) if svg is not None else None
    if drawing is None:
        with warnings.catch_warnings(record=True) as caught:  # matplotlib's words never reach stderr
            warnings.simplefilter("always")
            svg = draw_svg(spec)
        if any("collapsed" in str(w.message) for w in caught):
            raise LayoutProblem(span, "this chart's labels leave no room for its bars; shorten the "
                                      "category or series names, or make the chart larger")
        drawing = _convert(svg, spec)
        if drawing is None:
            raise RuntimeError("svglib could not read the chart matplotlib drew")
        _write_cache(path, svg)
    _recolor(drawing, palette, {spec.font, pdfmetrics.getFont(spec.font).fontName}, spec.font)
    drawing.width, drawing.height = spec.width, spec.height  # svglib's pt→px→pt leaves 199.99999…
    drawing.initialFontName = spec.font
    drawing.initialFontSize = spec.size
    drawing.hAlign = "LEFT"
    return drawing


# ----------------------------------------------------------------------------------------------
# The on-disk cache: text files named by the key, each checked against its own digest.

def _cache_dir() -> Path:
    base = os.environ.get("LEAFWRIGHT_CACHE")
    if base:
        return Path(base) / "charts"
    xdg = os.environ.get("XDG_CACHE_HOME")
    root = Path(xdg) if xdg else Path.home() / ".cache"
    return root / "leafwright" / "charts"


def _read_cache(path: Path) -> Optional[bytes]:
    try:
        data = path.read_bytes()
    except (OSError, ValueError):
        return None
    head, sep, svg = data.partition(b"\n")
    if not sep or not head.startswith(_HEADER):
        return None
    if head[len(_HEADER):].decode("ascii", "replace") != hashlib.sha256(svg).hexdigest():
        return None
    return svg


def _write_cache(path: Path, svg: bytes) -> None:
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem[:16]}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_HEADER + hashlib.sha256(svg).hexdigest().encode("ascii") + b"\n" + svg)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass  # a cache that cannot be written only costs time
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


# ----------------------------------------------------------------------------------------------
# SVG -> Drawing, with the theme font and colours.

_registered: set = set()


def _register_fonts(spec: ChartSpec) -> None:
    """Tell svglib that the family token in the SVG is the body font, in both weights;
    otherwise it asks fc-match and the result depends on the machine."""
    from svglib.fonts import register_font

    from .fonts import map_family

    # matplotlib writes no font-weight for regular text and "700" for bold; nothing else is drawn.
    for weight, path, rl_name in (("normal", spec.font_regular, spec.font),
                                  ("700", spec.font_bold, spec.font + "-bold")):
        marker = (spec.font, weight, path, rl_name)
        if marker in _registered:
            continue
        # svglib registers the file again under the same ReportLab name (same file, same
        # font), which resets ReportLab's bold/italic mapping of the family: restored below.
        register_font(spec.font, path, weight=weight, rlgFontName=rl_name)
        _registered.add(marker)
    map_family(spec.font)


def _convert(svg: bytes, spec: ChartSpec):
    import logging

    try:
        _register_fonts(spec)
        from svglib.svglib import svg2rlg

        log = logging.getLogger("svglib.svglib")
        level = log.level
        log.setLevel(logging.CRITICAL)  # a corrupt cache entry is expected to fail quietly
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


def _recolor(node, palette: Palette, fonts: set, regular: str) -> None:
    for attr in ("fillColor", "strokeColor"):
        value = getattr(node, attr, None)
        if value is not None:
            setattr(node, attr, palette.convert(value))
    name = getattr(node, "fontName", None)
    if name is not None and name not in fonts and name != regular + "-bold":
        node.fontName = regular + "-bold" if "bold" in name.lower() else regular  # never Helvetica
    for child in getattr(node, "contents", ()) or ():
        _recolor(child, palette, fonts, regular)


# ----------------------------------------------------------------------------------------------
# Drawing with matplotlib: only here, only when the cache has nothing.

def adapt_drawing(drawing, styles: Styles) -> None:
    """Any vector drawing (an SVG image) in the variant's colour space and the theme's font."""
    regular = styles.body_font
    _recolor(drawing, Palette(styles), {regular, regular + "-bold"}, regular)
    drawing.initialFontName = regular


def _luminance(hex_color: str) -> float:
    r, g, b = (int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _wrap(text: str, width_pt: float, size: float) -> str:
    chars = max(6, int(width_pt / (size * 0.48)))
    return "\n".join(textwrap.wrap(text, chars)) or text


def draw_svg(spec: ChartSpec) -> bytes:
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.patches import Patch

    rc = {"svg.fonttype": "none", "svg.hashsalt": _SALT, "font.size": spec.size,
          "axes.unicode_minus": False, "path.simplify": False}
    with matplotlib.rc_context(rc):
        regular = FontProperties(family=spec.font, fname=spec.font_regular, size=spec.size)
        label = FontProperties(family=spec.font, weight="bold", fname=spec.font_bold, size=spec.label_size)
        fig = Figure(figsize=(spec.width / 72, spec.height / 72), dpi=72)
        FigureCanvasSVG(fig)
        fig.patch.set_visible(False)
        ax = fig.add_subplot()
        ax.patch.set_visible(False)
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)
        n_series, n_cat = len(spec.series), len(spec.categories)
        horizontal = spec.kind == "hbar"
        stacked = spec.kind == "stacked-bar"
        if stacked:
            top = max((sum(vals) for vals in zip(*(s[1] for s in spec.series))), default=0.0)
        else:
            top = max((v for s in spec.series for v in s[1]), default=0.0)
        top = top if top > 0 else 1.0
        legend_rows = 1 if n_series > 1 else 0
        positions = list(range(n_cat))

        if horizontal:
            slot = max(1.0, (spec.height - legend_rows * spec.size * 2) / n_cat)
            group = min(0.72, 22.0 * n_series / slot)  # bars no thicker than 22 pt
            thick = group / n_series
            for i, (name, values, labels) in enumerate(spec.series):
                ys = [p - group / 2 + thick * (i + 0.5) for p in positions]
                bars = ax.barh(ys, values, thick, color=spec.series_colors[i], linewidth=0, label=name)
                ax.bar_label(bars, labels=list(labels), padding=3, fontproperties=label, color=spec.text_color)
            cats = [_wrap(c, spec.width * 0.3, spec.size) for c in spec.categories]
            ax.set_yticks(positions, cats, fontproperties=regular, color=spec.text_color)
            ax.set_ylim(n_cat - 0.5, -0.5)  # first category on top
            ax.set_xlim(0, top * 1.16)
            ax.set_xticks([])
            ax.tick_params(axis="y", length=0, pad=5)
            ax.spines["left"].set_visible(True)
            ax.spines["left"].set_color(spec.rule_color)
            ax.spines["left"].set_linewidth(0.75)
        else:
            slot = spec.width / n_cat
            bar_pt = 0.62 * slot / (1 if stacked else n_series)
            thick = min(bar_pt, 64.0) / slot  # bars no wider than 64 pt
            group = thick if stacked else thick * n_series
            gap = 0.0 if stacked else min(0.04, thick * 0.08)
            plot_h = spec.height - spec.size * 3 - legend_rows * spec.size * 2
            bottoms = [0.0] * n_cat
            for i, (name, values, labels) in enumerate(spec.series):
                if stacked:
                    xs = positions
                else:
                    xs = [p - group / 2 + thick * (i + 0.5) for p in positions]
                color = spec.series_colors[i]
                bars = ax.bar(xs, values, thick - gap, bottom=bottoms if stacked else None, color=color,
                              linewidth=0, label=name)
                if not stacked:
                    ax.bar_label(bars, labels=list(labels), padding=2.5, fontproperties=label,
                                 color=spec.text_color)
                    continue
                inside = spec.inverse_color if _luminance(color) < 0.55 else spec.text_color
                for x, v, lab, b0 in zip(xs, values, labels, bottoms):
                    if not lab or v <= 0:
                        continue
                    seg_pt = v / (top * 1.12) * plot_h
                    mid = b0 + v / 2
                    if seg_pt >= spec.label_size * 1.35:
                        ax.text(x, mid, lab, ha="center", va="center", fontproperties=label, color=inside)
                    else:  # too thin to hold its label: print it beside the segment
                        ax.annotate(lab, (x + (thick - gap) / 2, mid), xytext=(3, 0), textcoords="offset points",
                                    ha="left", va="center", fontproperties=label, color=spec.text_color)
                bottoms = [b + v for b, v in zip(bottoms, values)]
            cats = [_wrap(c, slot * 0.9, spec.size) for c in spec.categories]
            ax.set_xticks(positions, cats, fontproperties=regular, color=spec.text_color)
            ax.set_xlim(-0.5, n_cat - 0.5)
            ax.set_ylim(0, top * 1.12 + (0 if stacked else top * 0.06))
            ax.set_yticks([])
            ax.tick_params(axis="x", length=0, pad=4)
            ax.spines["bottom"].set_visible(True)
            ax.spines["bottom"].set_color(spec.rule_color)
            ax.spines["bottom"].set_linewidth(0.75)

        if n_series > 1:
            handles = [Patch(facecolor=spec.series_colors[i], linewidth=0, label=s[0])
                       for i, s in enumerate(spec.series)]
            ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=n_series, frameon=False,
                      prop=regular, labelcolor=spec.text_color, handlelength=0.9, handleheight=0.9,
                      handletextpad=0.45, columnspacing=1.4, borderaxespad=0.25, borderpad=0)
        fig.set_layout_engine("constrained", w_pad=1 / 72, h_pad=1 / 72, wspace=0, hspace=0)
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()
