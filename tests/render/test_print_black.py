"""Black that prints black: in print, text in a screen of black prints as 100% K, and black
text and rules below 12 pt overprint; white text still knocks out; screen is untouched.

Read from the content streams with pikepdf, tracking q/Q and the ExtGState each `gs` sets,
so what is checked is the state in effect when each string is shown."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from tests.conftest import run_cli, write_publication

DOC = """
id: doc
title: Black test
notes:
  n1: {text: A small note.}
body:
  - paragraph: "Body text.[^n1]"
  - table: {header: [White head, B], rows: [[one, two]]}
  - panel: {title: Panel, body: [{paragraph: "Text on a tint."}]}
"""


def build(tmp_path: Path, variant: str = "print", theme: str = "", doc: str = DOC,
          data: str = "") -> tuple[Path, str]:
    pub = write_publication(tmp_path / "pub", {
        "publication.yaml": "id: p\ntheme: theme.yaml\nnotes: {restart: page}\ndocuments: [doc.yaml]\n"
                            + ("data: data.yaml\n" if data else ""),
        "theme.yaml": theme or "footer: '{page}'\n",
        "doc.yaml": doc,
        **({"data.yaml": data} if data else {}),
    })
    proc = run_cli("build", str(pub), "-o", str(tmp_path / variant), "--variant", variant)
    assert proc.returncode == 0, proc.stderr
    return tmp_path / variant / "doc.pdf", proc.stderr


def shown(path: Path) -> list[dict]:
    """Every string shown and every stroke: its colour, font size and overprint state."""
    out = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            states = page.Resources.get("/ExtGState", {})
            stack = [{"op": False, "OP": False, "OPM": 0, "fill": None, "stroke": None, "size": 0.0}]
            for operands, op in pikepdf.parse_content_stream(page):
                op, st = str(op), stack[-1]
                if op == "q":
                    stack.append(dict(st))
                elif op == "Q":
                    stack.pop()
                elif op == "gs":
                    gs = states[str(operands[0])]
                    for key in ("op", "OP", "OPM"):
                        if "/" + key in gs:
                            st[key] = gs["/" + key] if key != "OPM" else int(gs["/OPM"])
                elif op in ("k", "K"):
                    st["fill" if op == "k" else "stroke"] = tuple(round(float(v), 3) for v in operands)
                elif op in ("cs", "CS"):  # a Separation: its name, then its tint
                    st["fill" if op == "cs" else "stroke"] = (str(operands[0]),)
                elif op in ("scn", "SCN"):
                    key = "fill" if op == "scn" else "stroke"
                    st[key] = st[key][:1] + (round(float(operands[0]), 3),)
                elif op == "Tf":
                    st["size"] = float(operands[1])
                elif op in ("Tj", "TJ", "'", '"', "S"):
                    out.append({"kind": "stroke" if op == "S" else "text", **st})
                elif op in ("f", "F", "f*"):
                    out.append({"kind": "fill", **st})
    return out


def test_text_prints_solid_black_and_overprints(tmp_path):
    pdf, _ = build(tmp_path)
    texts = [t for t in shown(pdf) if t["kind"] == "text"]
    black = [t for t in texts if t["fill"] == (0, 0, 0, 1)]
    assert len(black) >= 4  # body, note, table cell, panel text, footer
    assert not [t for t in texts if t["fill"] and t["fill"][:3] == (0, 0, 0) and 0 < t["fill"][3] < 1]  # no greys
    for t in black:
        assert t["size"] < 12 and t["op"] is True and t["OPM"] == 1, t
    white = [t for t in texts if t["fill"] == (0, 0, 0, 0)]
    assert white and not any(t["op"] for t in white)  # white knocks out, or it would vanish
    rules = [s for s in shown(pdf) if s["kind"] == "stroke" and s["stroke"] == (0, 0, 0, 1)]
    assert rules and all(s["OP"] is True and s["OPM"] == 1 for s in rules)  # the rule above page notes


CHARTS_AND_BULLETS = """
id: doc
title: Overprint test
body:
  - bullets: [A brand bullet before black text]
  - panel:
      title: On a tint
      body:
        - table: {header: [Arm, Rate], rows: [[A, "{a:pct}"], [B, "{b:pct}"]]}
        - bullets: [Text on a tint]
  - chart:
      kind: bar
      title: Rates
      categories: [One, Two]
      series: [{name: Arm, values: [a, b]}]
"""
STATS = "stats:\n  a: {count: 40, of: 100}\n  b: {count: 20, of: 100}\n"


def test_chart_text_rules_and_bullets_overprint_by_colour(tmp_path):
    """Issue 21: chart text (matplotlib via svglib) and 100% K rules overprint (/op, /OP with
    /OPM 1), while a brand bullet drawn with black text, white and coloured fills knock out."""
    pdf, _ = build(tmp_path, theme="colors:\n  rule: cmyk(0, 0, 0, 100)\n", doc=CHARTS_AND_BULLETS,
                   data=STATS)
    marks = shown(pdf)
    black = (0, 0, 0, 1)
    chart_text = [t for t in marks if t["kind"] == "text" and t["fill"] == black and t["size"] in (7.5, 9.75)]
    assert len(chart_text) >= 4 and all(t["op"] and t["OPM"] == 1 for t in chart_text)  # ticks, value labels
    rules = [s for s in marks if s["kind"] == "stroke" and s["stroke"] == black]
    assert len(rules) >= 2 and all(s["OP"] and s["OPM"] == 1 for s in rules)  # table rules, chart axes
    for m in marks:
        colour = m["stroke"] if m["kind"] == "stroke" else m["fill"]
        if colour != black:  # brand bullets, white header, tint and bar fills: knock out
            assert not (m["OP"] if m["kind"] == "stroke" else m["op"]), m
    assert any(m["kind"] == "text" and m["fill"] not in (black, (0, 0, 0, 0)) for m in marks)  # the bullets


def test_a_theme_may_keep_its_grey_and_is_warned(tmp_path):
    pdf, stderr = build(tmp_path, theme="colors:\n  text: cmyk(0, 0, 0, 90)\nprint-black: as-written\n")
    assert "print-black: as-written" in stderr and "'body' (9.5 pt, 90% K)" in stderr
    texts = [t for t in shown(pdf) if t["kind"] == "text"]
    assert any(t["fill"] == (0, 0, 0, 0.9) for t in texts)
    assert not any(t["op"] for t in texts if t["fill"] != (0, 0, 0, 1))


def test_screen_has_no_overprint(tmp_path):
    pdf, _ = build(tmp_path, "screen")
    assert not any(t["op"] or t["OP"] for t in shown(pdf))


def test_crop_marks_print_on_every_plate(tmp_path):
    """Registration, the `/Separation /All` colour, not black only nor 100/100/100/100 (which
    misses a spot plate): the printer aligns and trims every plate by them."""
    pdf, _ = build(tmp_path)
    with pikepdf.open(pdf) as doc:
        page = doc.pages[0]
        space = page.Resources.ColorSpace["/All"]
        assert [str(x) for x in space[:3]] == ["/Separation", "/All", "/DeviceCMYK"]
        ops = list(pikepdf.parse_content_stream(page))
    colour, marks = None, []
    for operands, op in ops:
        if str(op) in ("K", "CS"):
            colour = tuple(str(v) for v in operands)
        elif str(op) == "S":
            marks.append(colour)
    assert ("/All",) in marks, marks
    assert ("1", "1", "1", "1") not in marks
