"""Value labels stay inside the plot and by their bars, or are left out with a warning.

The rules are checked twice: on the pure placement (layout/charts/place.py) and on real
PDFs, read back with pdfplumber: every label's box against the bars and the axis drawn.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leafwright.layout.charts.place import CLEAR, GAP, PAD, Box, Label, headroom, place
from tests.conftest import run_cli, write_publication

AREA = Box(0, 0, 100, 100)


def label(bar: Box, where: str = "segment", w: float = 12, h: float = 9, **kw) -> Label:
    return Label("1%", w, h, bar, where, what="'1%'", **kw)


# ----------------------------------------------------------------------------------------------
# The placement rules, without matplotlib

def test_a_label_that_fits_its_segment_sits_inside():
    (p,) = place([label(Box(10, 20, 40, 40))], AREA, [Box(10, 20, 40, 40)])
    assert p.inside and p.box.within(Box(10, 20, 40, 40))


def test_a_thin_bottom_segment_is_labelled_beside_it_above_the_axis():
    bar = Box(10, 0, 30, 1)
    (p,) = place([label(bar)], AREA, [bar])
    assert not p.inside and p.box.x0 == pytest.approx(30 + PAD)
    assert p.box.y0 >= CLEAR  # never on the axis line


def test_the_last_bar_is_labelled_on_its_left_when_the_right_has_no_room():
    bar = Box(85, 0, 98, 1)
    (p,) = place([label(bar)], AREA, [bar])
    assert p.box.x1 == pytest.approx(85 - PAD) and p.box.within(AREA)


def test_a_label_with_no_room_anywhere_is_left_out():
    bar = Box(2, 0, 38, 1)
    (p,) = place([label(bar)], Box(0, 0, 40, 100), [bar])
    assert p.box is None


def test_labels_beside_thin_segments_never_overlap_and_stay_by_their_segment():
    low, high = Box(30, 0, 50, 1), Box(30, 1, 50, 4)
    a, b = place([label(low), label(high)], AREA, [low, high])
    assert a.box.x0 == pytest.approx(50 + PAD)  # right of the bar
    assert b.box.x1 == pytest.approx(30 - PAD) and b.box.y0 < high.y1  # right is taken: left, not lifted away
    low, mid = Box(30, 0, 40, 1), Box(30, 1, 40, 12)  # too narrow for its label: lifted past the first
    a, b = place([label(low), label(mid)], AREA, [low, mid])
    assert b.box.x0 == pytest.approx(40 + PAD) and a.box.y1 + GAP <= b.box.y0 <= mid.y1 + 0.6 * 9


def test_end_labels_sit_past_the_bar_end():
    column, row = Box(10, 0, 30, 50), Box(0, 10, 60, 20)
    (p,) = place([label(column, "end")], AREA, [column])
    assert p.box.y0 == pytest.approx(50 + PAD) and p.box.cx == pytest.approx(20)
    (q,) = place([label(row, "end", horizontal=True)], AREA, [row])
    assert q.box.x0 == pytest.approx(60 + PAD) and q.box.cy == pytest.approx(15)


def test_colliding_end_labels_leave_the_second_out():
    left, right = Box(10, 0, 16, 50), Box(16, 0, 22, 50)
    a, b = place([label(left, "end", w=20), label(right, "end", w=20)], AREA, [left, right])
    assert a.box is not None and b.box is None


def test_headroom_makes_the_plot_tall_enough_for_the_label_above_the_longest_bar():
    top = headroom([(50.0, 9.0)], 100.0, 55.0)
    bar = Box(10, 0, 30, 50 / top * 100)
    (p,) = place([label(bar, "end")], AREA, [bar])
    assert p.box is not None
    assert headroom([(50.0, 9.0)], 100.0, 80.0) == 80.0  # already room: the minimum stands


@st.composite
def stacked_charts(draw):
    """Stacked columns of random segments and label sizes on a random plot."""
    width, height = draw(st.floats(60, 400)), draw(st.floats(40, 300))
    n = draw(st.integers(1, 6))
    slot = width / n
    thick = draw(st.floats(0.2, 0.8)) * slot
    labels, bars = [], []
    for j in range(n):
        y = 0.0
        for value in draw(st.lists(st.floats(0, 1), min_size=1, max_size=4)):
            seg = Box(slot * j + (slot - thick) / 2, y, slot * j + (slot + thick) / 2, y + value * height / 4)
            y = seg.y1
            bars.append(seg)
            labels.append(Label("9%", draw(st.floats(6, 30)), draw(st.floats(6, 12)), seg, "segment"))
        stack = Box(bars[-1].x0, 0, bars[-1].x1, y)
        labels.append(Label("99%", draw(st.floats(6, 30)), draw(st.floats(6, 12)), stack, "end"))
    return Box(0, 0, width, height), bars, labels


@settings(max_examples=100, deadline=None, derandomize=True)
@given(stacked_charts())
def test_placed_labels_stay_in_the_plot_apart_and_by_their_bars(chart):
    area, bars, labels = chart
    placed = [p for p in place(labels, area, bars) if p.box is not None]
    for p in placed:
        assert p.box.within(area)
        bar = p.label.bar
        if p.inside:
            assert p.box.within(bar)
        else:
            assert not any(p.box.overlaps(b) for b in bars)
            gap_x = max(bar.x0 - p.box.x1, p.box.x0 - bar.x1)
            gap_y = max(bar.y0 - p.box.y1, p.box.y0 - bar.y1)
            assert gap_x <= PAD + 0.01 and gap_y <= max(PAD, 0.6 * p.label.height) + 0.01
        for q in placed:
            assert q is p or not p.box.overlaps(q.box)


# ----------------------------------------------------------------------------------------------
# Real PDFs

DATA = """
    values:
      a: {n: 100, x: 1, y: 60, z: 20}
      b: {n: 400, x: 4, y: 30, z: 300}
      c: {n: 1000, x: 101, y: 5, z: 800}
    stats:
      ax: {count: a.x, of: a.n}
      ay: {count: a.y, of: a.n}
      az: {count: a.z, of: a.n}
      bx: {count: b.x, of: b.n}
      by: {count: b.y, of: b.n}
      bz: {count: b.z, of: b.n}
      cx: {count: c.x, of: c.n}
      cy: {count: c.y, of: c.n}
      cz: {count: c.z, of: c.n}
"""

SERIES = """
          series:
            - {name: X, values: [%s]}
            - {name: Y, values: [%s]}
            - {name: Z, values: [%s]}"""


def chart_doc(doc_id: str, kind: str, categories: list[str], height: str, *, text: str = "",
              extra: str = "") -> str:
    reps = len(categories) // 3
    cols = [", ".join([f"{c}{s}" for c in "abc"] * reps) for s in "xyz"]
    para = f"  - paragraph: \"{text}\"\n" if text else ""
    return (f"id: {doc_id}\nbody:\n{para}  - columns:\n    - - chart:\n          kind: {kind}\n"
            f"          title: Chart {doc_id}\n          categories: [{', '.join(categories)}]\n"
            f"          height: {height}{extra}" + SERIES % tuple(cols) + "\n    - - paragraph: Beside.\n")


THREE, SIX = ["Alpha", "Beta", "Gamma"], ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"]
FILES = {
    "publication.yaml": "id: p\ndata: data.yaml\ndocuments: [stacked.yaml, narrow.yaml, grouped.yaml]\n",
    "data.yaml": DATA,
    "stacked.yaml": chart_doc("stacked", "stacked-bar", THREE, "2in", text="The rate was {cx:pct1}.",
                              extra="\n          totals: true"),
    "narrow.yaml": chart_doc("narrow", "stacked-bar", SIX, "1.5in"),
    "grouped.yaml": chart_doc("grouped", "bar", THREE, "2in"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("labels")
    pub = write_publication(root / "pub", FILES)
    proc = run_cli("build", str(pub), "-o", str(root / "out"), env={"LEAFWRIGHT_CACHE": str(root / "cache")})
    assert proc.returncode == 0, proc.stderr
    return {"out": root / "out", "stderr": proc.stderr}


def read_chart(pdf: Path) -> dict:
    """The chart's bars, axis line and bold value labels, in pdfplumber's top-down points."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        words = page.extract_words(extra_attrs=["fontname", "size"])
        title = next(w for w in words if w["text"] == "Chart")
        bars = [Box(r["x0"], r["top"], r["x1"], r["bottom"]) for r in page.rects if r["top"] > title["bottom"]]
        (axis,) = [ln for ln in page.lines if ln["top"] == ln["bottom"] and ln["top"] > title["bottom"]
                   and ln["x0"] <= min(b.x0 for b in bars) and ln["x1"] >= max(b.x1 for b in bars)
                   and abs(ln["top"] - max(b.y1 for b in bars)) < 1]  # the rule the bars stand on
    labels = [w for w in words if "%" in w["text"] and "bold" in w["fontname"].lower() and w["top"] > title["bottom"]]
    others = [w for w in words if w not in labels and w["top"] > title["bottom"]]
    return {"bars": bars, "axis": axis, "labels": labels, "others": others}


def box(w: dict) -> Box:
    return Box(w["x0"], w["top"], w["x1"], w["bottom"])


def by_its_bar(lab: Box, bar: Box) -> bool:
    """Inside the bar, just above its end, or just beside it (top-down coordinates)."""
    tol, h = 0.6, lab.y1 - lab.y0
    if lab.x0 >= bar.x0 - tol and lab.x1 <= bar.x1 + tol and lab.y0 >= bar.y0 - tol and lab.y1 <= bar.y1 + tol:
        return True
    above = 0 <= bar.y0 - lab.y1 <= PAD + 3 and bar.x0 - tol <= (lab.x0 + lab.x1) / 2 <= bar.x1 + tol
    gap = max(bar.x0 - lab.x1, lab.x0 - bar.x1)
    beside = 0 <= gap <= PAD + 3 and lab.y1 >= bar.y0 - 0.6 * h - 1 and lab.y0 <= bar.y1 + 0.6 * h + 1
    return above or beside


@pytest.mark.parametrize("doc", ["stacked", "narrow", "grouped"])
def test_every_label_is_inside_the_plot_and_by_its_bar(built, doc):
    chart = read_chart(built["out"] / f"{doc}.pdf")
    axis, labels = chart["axis"], chart["labels"]
    assert labels
    for w in labels:
        lab = box(w)
        assert lab.y1 <= axis["top"] + 0.5, f"{w['text']} runs below the axis line"
        assert axis["x0"] - 0.5 <= lab.x0 and lab.x1 <= axis["x1"] + 0.5, f"{w['text']} leaves the plot"
        assert any(by_its_bar(lab, bar) for bar in chart["bars"]), f"{w['text']} is by no bar"
        for bar in chart["bars"]:  # a label covers no bar, unless it sits inside it
            assert not lab.overlaps(bar) or by_its_bar(lab, bar), f"{w['text']} covers a bar"
        for other in chart["others"]:
            assert not lab.overlaps(box(other)), f"{w['text']} covers {other['text']}"
        for other in labels:  # apart, so '1%' and '8%' never read as '1%8%'
            assert other is w or not lab.grown(1.5).overlaps(box(other)), f"{w['text']} touches {other['text']}"


def test_labels_left_out_are_reported_at_the_chart(built):
    lines = [ln for ln in built["stderr"].splitlines() if "no room for" in ln]
    assert len(lines) == 1 and "narrow.yaml:4:9: warning: no room for the value label" in lines[0]
    assert "make the chart wider or taller" in lines[0]
    left_out = lines[0].count("' (")
    printed = len(read_chart(built["out"] / "narrow.pdf")["labels"])
    assert left_out >= 1 and printed + left_out == 6 * 3  # every label is printed or named


def test_totals_print_above_each_stack(built):
    chart = read_chart(built["out"] / "stacked.pdf")
    texts = [w["text"] for w in chart["labels"]]
    for total in ("81%", "84%", "90.6%"):  # exact sums, rounded once, as precise as their labels
        (w,) = [w for w in chart["labels"] if w["text"] == total]
        stack_top = min(b.y0 for b in chart["bars"] if b.x0 <= (w["x0"] + w["x1"]) / 2 <= b.x1)
        assert 0 <= stack_top - w["bottom"] <= PAD + 3
    assert texts.count("10.1%") == 1


def test_labels_print_as_the_text_prints_the_stat(built):
    import pdfplumber

    with pdfplumber.open(built["out"] / "stacked.pdf") as doc:
        words = doc.pages[0].extract_words(extra_attrs=["fontname"])
    assert any(w["text"] == "10.1%." and "bold" not in w["fontname"].lower() for w in words)  # the text
    assert "10.1%" in [w["text"] for w in read_chart(built["out"] / "stacked.pdf")["labels"]]  # the chart
