"""Charts resolved: bar lengths as exact percentages, labels printed as the text prints them.

A chart label that says 10% beside a paragraph that says 10.1% reads as a contradiction.
So a value's label uses, in order: the spec written in the chart (`x_cr:pct1`), else the
most precise percentage the document's text prints that stat with (`{x_cr:pct1}`; `{x_cr}`
and `{x_cr:pct}` print `format.percent.decimals`), else `pct`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Callable, Optional

from ..diagnostics import Diagnostics, did_you_mean
from ..load import model as m
from . import document as d
from .data import DataEnv
from .numformat import Spec, SpecError, format_stat, percent_decimals


def label_spec(name: str, written: Optional[str], printed: dict, default: int) -> str:
    """The spec of a chart label: as written in the chart, else as the text prints the stat
    (a spec the text got wrong is reported there and decides nothing here)."""
    if written:
        return written
    shown = [p for p in (percent_decimals(s, default) for s in printed.get(name, ())) if p is not None]
    return f"pct{max(shown)}" if shown else "pct"


def resolve_chart(b: m.Chart, env: DataEnv, diags: Diagnostics, printed: dict,
                  plain: Callable[[Optional[m.Markup]], str], data_lost: bool = False) -> d.RChart:
    """`printed` maps each stat name to the specs the document's text printed it with;
    `data_lost`: a data file failed to load, so an unknown name is a follow-on, not reported."""
    series = []
    shares: list[list] = [[] for _ in b.categories]  # exact shares per category, for totals
    for s in b.series:
        values, labels = [], []
        for j, (text, span) in enumerate(s.values):
            name, _, written = text.partition(":")
            name, written = name.strip(), written.strip() or None
            if name not in env.stats:
                if name not in env.defined and not data_lost:
                    diags.error(span, f"unknown stat '{name}'{did_you_mean(name, env.stats)}")
                values.append(0.0)
                labels.append("")
                continue
            count, total = env.stats[name]
            spec = label_spec(name, written, printed, env.fmt.decimals)
            try:
                labels.append(format_stat(count, total, spec, env.fmt))
            except SpecError as err:
                diags.error(span, str(err))
                labels.append("")
            values.append(float(Fraction(100) * count / total))
            if j < len(shares):
                shares[j].append((Fraction(count) / Fraction(total), percent_decimals(spec, env.fmt.decimals)))
        series.append(d.RSeries(plain(s.name), tuple(values), tuple(labels)))
    totals = _totals(b, shares, env, diags, plain) if b.totals else ()
    return d.RChart(b.kind, plain(b.title), tuple(plain(c) for c in b.categories), tuple(series),
                    b.height, b.span, totals)


def _totals(b: m.Chart, shares: list[list], env: DataEnv, diags: Diagnostics, plain) -> tuple[str, ...]:
    """Each stacked bar's exact sum, rounded once, as precisely as its most precise label."""
    out = []
    for category, parts in zip(b.categories, shares):
        share = sum((s for s, _ in parts), Fraction(0))
        if share > 1:
            diags.warning(category.span, f"the bar '{plain(category)}' adds up to more than 100%, so its total is "
                                  f"left out: a stacked bar's parts should share one whole")
            out.append("")
            continue
        digits = max((p for _, p in parts if p is not None), default=env.fmt.decimals)
        out.append(format_stat(share, Fraction(1), Spec("pct", digits), env.fmt) if parts else "")
    return tuple(out)
