"""Keep-together rules a designer expects: documents laid out (`lay_out`) and read back page by page.

The default theme on US Letter leaves 656 pt for text on page one, so a spacer of 656 - R
puts the next block R pt above the foot of page one.
"""

from __future__ import annotations

import io

import pdfplumber
import pytest

from leafwright.layout import lay_out
from leafwright.variants import get_variant
from tests.conftest import load_and_resolve, write_publication

PAGE_ONE = 656.0
PRINT = get_variant("print")
FILLER = "Filler text that takes up room on the page and says nothing at all. " * 6


def pages(tmp_path, body: str, notes: str = "", refs: int = 0) -> list[list[str]]:
    """The text lines of each page, the footer left out."""
    files = {
        "publication.yaml": "id: p\ndocuments: [doc.yaml]\n" + ("references: refs.yaml\n" if refs else ""),
        "doc.yaml": "id: doc\ntitle: Keeps\n" + (f"notes:\n{notes}" if notes else "") + f"body:\n{body}",
    }
    if refs:
        files["refs.yaml"] = "".join(f"- id: r{i}\n  text: Author {i}. A reference that is long enough to wrap "
                                     f"onto a second line of the list, number {i}. J Things. 2020;{i}:1-9.\n"
                                     for i in range(refs))
    _, (doc,) = load_and_resolve(write_publication(tmp_path / "pub", files))
    laid = lay_out(doc, PRINT)  # layout's own pages: nothing after layout moves a line
    assert laid.ok, [str(d) for d in laid.diagnostics]
    with pdfplumber.open(io.BytesIO(laid.pdf)) as pdf:
        return [[ln for ln in (p.extract_text(y_tolerance=4) or "").splitlines() if not ln.startswith("Page ")]
                for p in pdf.pages]


def spacer(room: float) -> str:
    return f"  - spacer: {PAGE_ONE - room}pt\n"


@pytest.mark.parametrize("heading, following", [
    ("heading", "  - callouts: [{value: '42%', label: a callout that needs its room}, {value: '7%', label: b}]\n"),
    ("subheading", "  - callouts: [{value: '42%', label: a callout that needs its room}]\n"),
    ("subheading", f"  - paragraph: {FILLER}\n"),
    ("subheading", "  - table: {header: [Response, Patients], rows: [[one, '1'], [two, '2']]}\n"),
    ("subheading", "  - bullets: [" + ", ".join([FILLER[:150]] * 3) + "]\n"),
])
@pytest.mark.parametrize("room", [38, 62, 75])
def test_a_heading_never_ends_a_page(tmp_path, heading, following, room):
    result = pages(tmp_path, spacer(room) + f"  - {heading}: The Kept Heading\n" + following)
    for lines in result:
        if "The Kept Heading" in lines:
            assert lines[-1] != "The Kept Heading", result  # something of what it heads follows it


@pytest.mark.parametrize("room", [31, 34, 37, 40])
def test_the_references_head_keeps_with_the_list(tmp_path, room):
    # The reference list ends the document and does not fit under the filler: its title went
    # to the foot of page one, alone, and the list to page two.
    body = spacer(room) + "  - paragraph: Cited.[@r0; @r1; @r2; @r3; @r4; @r5; @r6; @r7; @r8; @r9]\n"
    result = pages(tmp_path, body, refs=10)
    for lines in result:
        if "References" in lines:
            at = lines.index("References")
            assert at + 1 < len(lines) and lines[at + 1].startswith("1."), result


def test_a_heading_over_the_notes_goes_with_them(tmp_path):
    notes = "".join(f"  n{i}: Note {i} explains something about the trial at some length.\n" for i in range(4))
    body = (spacer(40) + "  - paragraph: Marked." + "".join(f"[^n{i}]" for i in range(4)) + "\n"
            + "  - subheading: About the notes\n  - notes: true\n")
    result = pages(tmp_path, body, notes)
    heading_page = next(i for i, lines in enumerate(result) if "About the notes" in lines)
    assert any("Note 0 explains" in ln for ln in result[heading_page])
    assert result[heading_page][-1] != "About the notes"


def _notes(n: int, words: int) -> str:
    return "".join(f"  n{i}: Begin{i} {'said ' * words}End{i}\n" for i in range(n))


def test_notes_block_moves_whole_when_it_fits_the_next_page(tmp_path):
    body = spacer(60) + "  - paragraph: Marked." + "".join(f"[^n{i}]" for i in range(8)) + "\n"
    result = pages(tmp_path, body, _notes(8, 12))
    with_notes = [i for i, lines in enumerate(result) if any("Begin" in ln for ln in lines)]
    assert len(with_notes) == 1, result  # the block fits a page: it is never split
    text = "\n".join(result[with_notes[0]])
    assert all(f"Begin{i}" in text and f"End{i}" in text for i in range(8))


def test_notes_block_taller_than_a_page_splits_only_between_notes(tmp_path):
    n = 60
    body = spacer(300) + "  - paragraph: Marked." + "".join(f"[^n{i}]" for i in range(n)) + "\n"
    result = pages(tmp_path, body, _notes(n, 90))
    placed = {}
    for page, lines in enumerate(result):
        text = " ".join(lines)
        here = [i for i in range(n) if f"Begin{i} " in text]
        for i in here:
            assert f"End{i}" in text, f"note {i} split across pages"  # only between notes
            placed[i] = page
        if here:
            assert len(here) >= 2, f"a single note left alone on page {page + 1}"
    assert sorted(placed) == list(range(n))
    assert len(set(placed.values())) >= 2  # it did have to split


def test_a_continued_table_repeats_its_header_row(tmp_path):
    rows = ", ".join(f"[row {i}, '{i}']" for i in range(120))
    result = pages(tmp_path, f"  - table: {{header: [Response, Patients], rows: [{rows}]}}\n")
    assert len(result) >= 3
    for lines in result:
        assert lines[0 if lines[0] != "Keeps" else 1] == "Response Patients", lines[:3]


def test_a_callout_row_stays_together(tmp_path):
    body = spacer(50) + ("  - callouts: [{value: '42%', label: first label that is long enough to wrap over lines},"
                         " {value: '7%', label: second}]\n")
    result = pages(tmp_path, body)
    assert len(result) == 2
    assert not any("42%" in ln or "second" in ln for ln in result[0])
    assert any("42%" in ln for ln in result[1]) and any("second" in ln for ln in result[1])
