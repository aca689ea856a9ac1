"""Drawing with matplotlib: only here, only when the cache has nothing.

The figure is laid out first (constrained layout sizes the plot around the category names
and the legend), then frozen; the value labels are placed on the frozen plot by
`place.place`, measured with the same font files ReportLab embeds.
"""

from __future__ import annotations

import io
import textwrap
from typing import NamedTuple, Optional

from .place import Box, Label, headroom, place
from .spec import ChartSpec

_SALT = "leafwright"
_MIN_TOP = {"bar": 1.18, "stacked-bar": 1.12, "hbar": 1.16}  # room past the longest bar, at least


def _luminance(hex_color: str) -> float:
    r, g, b = (int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _wrap(text: str, width_pt: float, size: float) -> str:
    chars = max(6, int(width_pt / (size * 0.48)))
    return "\n".join(textwrap.wrap(text, chars)) or text


def draw_svg(spec: ChartSpec) -> tuple[bytes, tuple[str, ...]]:
    """The SVG, and the labels left out because they fit nowhere (as '1%' (Series, Category))."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.patches import Patch

    rc = {"svg.fonttype": "none", "svg.hashsalt": _SALT, "font.size": spec.size,
          "axes.unicode_minus": False, "path.simplify": False}
    with matplotlib.rc_context(rc):
        regular = FontProperties(family=spec.font, fname=spec.font_regular, size=spec.size)
        bold = FontProperties(family=spec.font, weight="bold", fname=spec.font_bold, size=spec.label_size)
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
        stack_sums = [sum(vals) for vals in zip(*(s[1] for s in spec.series))]
        top = max(stack_sums if stacked else (v for s in spec.series for v in s[1]), default=0.0)
        top = top if top > 0 else 1.0
        legend_rows = 1 if n_series > 1 else 0
        positions = list(range(n_cat))
        rule = ax.spines["left" if horizontal else "bottom"]
        rule.set_visible(True)
        rule.set_color(spec.rule_color)
        rule.set_linewidth(0.75)

        bars: list[list[_Bar]] = []  # bars[i][j]: series i, category j
        if horizontal:
            slot = max(1.0, (spec.height - legend_rows * spec.size * 2) / n_cat)
            group = min(0.72, 22.0 * n_series / slot)  # bars no thicker than 22 pt
            thick = group / n_series
            for i, (name, values, _) in enumerate(spec.series):
                ys = [p - group / 2 + thick * (i + 0.5) for p in positions]
                ax.barh(ys, values, thick, color=spec.series_colors[i], linewidth=0, label=name)
                bars.append([_Bar(y, thick, 0.0, v) for y, v in zip(ys, values)])
            cats = [_wrap(c, spec.width * 0.3, spec.size) for c in spec.categories]
            ax.set_yticks(positions, cats, fontproperties=regular, color=spec.text_color)
            ax.set_ylim(n_cat - 0.5, -0.5)  # first category on top
            ax.set_xlim(0, top * _MIN_TOP["hbar"])
            ax.set_xticks([])
            ax.tick_params(axis="y", length=0, pad=5)
        else:
            slot = spec.width / n_cat
            bar_pt = 0.62 * slot / (1 if stacked else n_series)
            thick = min(bar_pt, 64.0) / slot  # bars no wider than 64 pt
            group = thick if stacked else thick * n_series
            gap = 0.0 if stacked else min(0.04, thick * 0.08)
            bottoms = [0.0] * n_cat
            for i, (name, values, _) in enumerate(spec.series):
                xs = positions if stacked else [p - group / 2 + thick * (i + 0.5) for p in positions]
                ax.bar(xs, values, thick - gap, bottom=bottoms if stacked else None, color=spec.series_colors[i],
                       linewidth=0, label=name)
                bars.append([_Bar(x, thick - gap, b0 if stacked else 0.0, v)
                             for x, v, b0 in zip(xs, values, bottoms)])
                if stacked:
                    bottoms = [b + v for b, v in zip(bottoms, values)]
            cats = [_wrap(c, slot * 0.9, spec.size) for c in spec.categories]
            ax.set_xticks(positions, cats, fontproperties=regular, color=spec.text_color)
            ax.set_xlim(-0.5, n_cat - 0.5)
            ax.set_ylim(0, top * _MIN_TOP[spec.kind])
            ax.set_yticks([])
            ax.tick_params(axis="x", length=0, pad=4)

        if n_series > 1:
            handles = [Patch(facecolor=spec.series_colors[i], linewidth=0, label=s[0])
                       for i, s in enumerate(spec.series)]
            ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=n_series, frameon=False,
                      prop=regular, labelcolor=spec.text_color, handlelength=0.9, handleheight=0.9,
                      handletextpad=0.45, columnspacing=1.4, borderaxespad=0.25, borderpad=0)
        fig.set_layout_engine("constrained", w_pad=1 / 72, h_pad=1 / 72, wspace=0, hspace=0)
        fig.draw_without_rendering()  # lay out the plot around its category names and legend
        fig.set_layout_engine("none")  # and keep it there: labels are placed inside it
        omitted = _label(ax, spec, bars, stack_sums if stacked and spec.totals else None, bold)
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue(), omitted


class _Bar(NamedTuple):
    """A bar or segment in data units: its centre across, thickness, start and value along."""

    centre: float
    thick: float
    start: float
    value: float


class _Pending(NamedTuple):
    where: str  # "end" | "segment" (see place.Label)
    bar: _Bar
    colour: Optional[str]  # the bar's fill, for the colour of a label printed inside it
    what: str  # how a warning names the label
    artist: object  # the matplotlib Text, measured, then moved into place or removed


def _label(ax, spec: ChartSpec, bars: list[list[_Bar]], sums, prop) -> tuple[str, ...]:
    """Measure every label, make room for those past the bar ends, place them, draw them."""
    extent = ax.get_window_extent()  # points: the figure is at 72 dpi
    width, height = extent.width, extent.height
    horizontal = spec.kind == "hbar"
    stacked = spec.kind == "stacked-bar"
    many = len(spec.series) > 1

    def text(lab: str):
        return ax.text(0, 0, lab, transform=ax.transAxes, ha="center", va="center", fontproperties=prop,
                       color=spec.text_color)

    pending: list[_Pending] = []
    for i, (name, _, labels) in enumerate(spec.series):
        for j, (bar, lab) in enumerate(zip(bars[i], labels)):
            if not lab or (stacked and bar.value <= 0):
                continue
            what = f"'{lab}' ({name}, {spec.categories[j]})" if many else f"'{lab}' ({spec.categories[j]})"
            pending.append(_Pending("segment" if stacked else "end", bar, spec.series_colors[i], what, text(lab)))
    for j, (total, lab) in enumerate(zip(sums or (), spec.totals)):
        if lab:
            stack = bars[0][j]._replace(start=0.0, value=total)
            pending.append(_Pending("end", stack, None, f"total '{lab}' ({spec.categories[j]})", text(lab)))
    sizes = [p.artist.get_window_extent() for p in pending]

    # room past the bar ends, along the bar: above a column, right of a horizontal bar
    ends = [(p.bar.start + p.bar.value, size.width if horizontal else size.height)
            for p, size in zip(pending, sizes) if p.where == "end"]
    if horizontal:
        low, high = ax.get_xlim()
        high = headroom(ends, width, high)
        ax.set_xlim(low, high)
        ylow, yhigh = ax.get_ylim()  # inverted: the first category on top

        def box_of(bar: _Bar) -> Box:
            y0 = (ylow - (bar.centre + bar.thick / 2)) / (ylow - yhigh) * height
            y1 = (ylow - (bar.centre - bar.thick / 2)) / (ylow - yhigh) * height
            return Box(bar.start / high * width, y0, (bar.start + bar.value) / high * width, y1)
    else:
        low, high = ax.get_ylim()
        high = headroom(ends, height, high)
        ax.set_ylim(low, high)
        xlow, xhigh = ax.get_xlim()

        def box_of(bar: _Bar) -> Box:
            x0 = (bar.centre - bar.thick / 2 - xlow) / (xhigh - xlow) * width
            x1 = (bar.centre + bar.thick / 2 - xlow) / (xhigh - xlow) * width
            return Box(x0, bar.start / high * height, x1, (bar.start + bar.value) / high * height)

    obstacles = [box_of(b) for row in bars for b in row if b.value > 0]
    labels = [Label(p.artist.get_text(), size.width, size.height, box_of(p.bar), p.where, horizontal, p.what)
              for p, size in zip(pending, sizes)]
    omitted = []
    for p, placed in zip(pending, place(labels, Box(0, 0, width, height), obstacles)):
        if placed.box is None:
            p.artist.remove()
            omitted.append(p.what)
            continue
        p.artist.set_position((placed.box.cx / width, placed.box.cy / height))
        if placed.inside and p.colour and _luminance(p.colour) < 0.55:
            p.artist.set_color(spec.inverse_color)
    return tuple(omitted)
