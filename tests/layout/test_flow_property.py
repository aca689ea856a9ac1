"""Every valid document lays out, with all of every page's text inside its frame.

Hypothesis writes documents of paragraphs, bullets, tables, callouts, headings and notes of
random lengths (notes at the end, mid-document or at each page's foot), on random page
sizes, margins and theme spacing (space before/after, justified text), builds them for real
and reads every character's box back (pdfium: tests/readback.py). The long generated
publication is tests/layout/test_long_document.py.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leafwright.build import build
from leafwright.layout.pages import FOOTER_GAP, TITLE_BAND
from tests.longdoc import WORDS
from tests.readback import printed_chars

pytestmark = pytest.mark.start_first  # generated documents laid out and read back

SIZES = {"letter": (612.0, 792.0), "a4": (595.2756, 841.8898), "a5": (419.5276, 595.2756)}
SLACK_X = 3.0  # CheckedParagraph lets a line run up to 3 pt long (ReportLab's own measuring error)
SLACK_Y = 2.5  # a glyph's box (font ascent) may reach a little above its line's top

words = st.lists(st.sampled_from(WORDS), min_size=3, max_size=90).map(" ".join)
short = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)
cited = st.tuples(words, st.sampled_from(["", "[@r0]", "[@r1; @r2]", "[^n0]", "[^n1][@r3]", "[^n2]", "[^n3]",
                                          "[^n4]", "[^n5]"])).map("".join)


def q(text: str) -> str:
    return '"' + text + '"'


blocks = st.one_of(
    short.map(lambda t: f"  - heading: {q(t)}"),
    short.map(lambda t: f"  - subheading: {q(t)}"),
    cited.map(lambda t: f"  - paragraph: {q(t)}"),
    cited.map(lambda t: f"  - paragraph: {q(t)}"),
    st.lists(cited, min_size=1, max_size=6).map(
        lambda items: "  - bullets:\n" + "\n".join(f"      - {q(i)}" for i in items)),
    st.tuples(st.booleans(), st.lists(st.tuples(short, st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join)),
                                      min_size=1, max_size=14)).map(
        lambda t: "  - table:\n" + ("      header: [Response, Patients]\n" if t[0] else "") + "      rows:\n"
        + "\n".join(f"        - [{q(a)}, {q(b or '1')}]" for a, b in t[1])),
    st.lists(short, min_size=1, max_size=3).map(
        lambda labels: "  - callouts:\n" + "\n".join(f"      - {{value: '12%', label: {q(x)}}}" for x in labels)),
)

spacing = st.sampled_from([0, 2, 6, 14])


@st.composite
def publications(draw):
    size = draw(st.sampled_from(sorted(SIZES)))
    margins = draw(st.sampled_from([(36, 36, 36, 36), (54, 40, 30, 44), (24, 24, 24, 24)]))
    styles = {el: {"space-before": draw(spacing), "space-after": draw(spacing)}
              for el in ("body", "bullet", "heading", "subheading", "note", "reference")}
    styles["body"]["align"] = draw(st.sampled_from(["left", "justify"]))
    body = draw(st.lists(blocks, min_size=25, max_size=60))
    if draw(st.booleans()):  # the notes block mid-document instead of at the end
        body.insert(draw(st.integers(0, len(body))), "  - notes: true")
    restart = draw(st.sampled_from(["document", "page"]))
    notes = {f"n{i}": draw(words) for i in range(6)}
    refs = [f"- id: r{i}\n  text: {q(draw(words))}\n" for i in range(4)]
    theme = (f"page: {{size: {size}, margins: [{', '.join(f'{m}pt' for m in margins)}]}}\nstyles:\n"
             + "".join(f"  {el}: {{{', '.join(f'{k}: {v}' + ('pt' if k != 'align' else '') for k, v in s.items())}}}\n"
                       for el, s in styles.items()))
    # every note and reference is cited somewhere, so nothing but layout is at stake
    body.append("  - paragraph: " + q("All of them" + "".join(f"[^n{i}]" for i in range(6)) + "[@r0; @r1; @r2; @r3]"))
    doc = ("id: doc\ntitle: Flow\nnotes:\n" + "".join(f"  {k}: {{series: letter, text: {q(v)}}}\n"
                                                     for k, v in notes.items()) + "body:\n" + "\n".join(body) + "\n")
    return {"theme.yaml": theme, "doc.yaml": doc, "references.yaml": "".join(refs),
            "publication.yaml": "id: p\ntheme: theme.yaml\nreferences: references.yaml\ndocuments: [doc.yaml]\n"
                                f"notes: {{restart: {restart}}}\n"}, \
        SIZES[size], margins


def frame_of(page_no: int, size, margins):
    """(x0, y0, x1, y1) in PDF points, from the top: the text frame of layout/pages.py."""
    w, h = size
    top, right, bottom, left = margins
    frame_top = h - top if page_no > 1 else h - TITLE_BAND - max(top - FOOTER_GAP, FOOTER_GAP)
    return left, h - frame_top, w - right, h - bottom - FOOTER_GAP


def outside(pdf_path, size, margins) -> list[str]:
    """Every character whose box (tests/readback.py) leaves its page's text frame, less the
    footer below it and the title in its band."""
    problems = []
    for i, chars in enumerate(printed_chars(pdf_path), 1):
        x0, y0, x1, y1 = frame_of(i, size, margins)
        for c in chars:
            if c["top"] >= y1 and c["size"] < 7:  # the footer line, below the frame
                continue
            if i == 1 and c["bottom"] <= y0 and c["size"] > 20:  # the title in its band
                continue
            if (c["x0"] < x0 - SLACK_X or c["x1"] > x1 + SLACK_X
                    or c["top"] < y0 - SLACK_Y or c["bottom"] > y1 + SLACK_Y):
                problems.append(f"page {i}: {c['text']!r} at ({c['x0']:.1f}, {c['top']:.1f})-"
                                f"({c['x1']:.1f}, {c['bottom']:.1f}) outside ({x0}, {y0:.1f})-({x1:.1f}, {y1:.1f})")
    return problems


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(publications())
def test_every_document_lays_out_inside_its_frames(tmp_path_factory, case):
    files, size, margins = case
    folder = tmp_path_factory.mktemp("flow")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = build(folder, folder / "out", variant="screen")
    errors = [str(d) for d in result.diagnostics if d.severity == "error"]
    assert not errors, errors
    assert outside(folder / "out" / "doc.pdf", size, margins) == []
