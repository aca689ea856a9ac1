"""The screen variant links: every citation number lands on its reference, every note marker
on its note, bookmarks open at their heading; print carries no link annotation at all.

Destinations are read back from the PDF (pikepdf) and compared with where pdfplumber finds
the target's text, so a link that lands on the wrong entry, page or line fails."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from tests.conftest import built_pdf

REFS = "\n".join(f"- {{id: r{i}, text: 'Author{i} A. Title number {i}. J Test. 2020;{i}:1-2.'}}" for i in range(1, 7))
DOC = """
id: doc
title: Links test
notes:
  n1: {text: A symbol note.}
  n2: {series: letter, text: "A letter note citing its own source.[@r5]"}
body:
  - heading: Results
  - paragraph: "Four sources agree.[@r1; @r2; @r3; @r4] Content with a < b & c stays text.[@r2][^n1][^n2]"
  - page-break: true
  - heading: Later
  - paragraph: "Later text.[@r6]"
"""
THEME = "colors:\n  brand: '#1f4e9c'\n"


def build(tmp_path: Path, variant: str, notes: str = "", theme: str = THEME) -> Path:
    return built_pdf(tmp_path / variant, {
        "publication.yaml": f"id: p\ntheme: theme.yaml\ndata: data.yaml\nreferences: refs.yaml\n{notes}"
                            "documents: [doc.yaml]\n",
        "theme.yaml": theme,
        "data.yaml": "values: {v: 1}\nformat: {locale: en_GB}\n",
        "refs.yaml": REFS,
        "doc.yaml": DOC,
    }, "--variant", variant)


@pytest.fixture(scope="module")
def screen(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("screen"), "screen")


def links(path: Path) -> list[dict]:
    """Every link annotation: its page, the text under it, and where its /Dest points."""
    out = []
    with pikepdf.open(path) as pdf, pdfplumber.open(path) as plumb:
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        for i, page in enumerate(pdf.pages):
            for annot in page.get("/Annots", []):
                if annot.get("/Subtype") != "/Link" or "/Dest" not in annot:
                    continue
                x0, y0, x1, y1 = (float(v) for v in annot.Rect)
                height = plumb.pages[i].height
                text = "".join(c["text"] for c in plumb.pages[i].chars
                               if x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                               and y0 <= height - (c["top"] + c["bottom"]) / 2 <= y1)
                dest = annot.Dest
                out.append({"page": i, "text": text, "dest_page": pages[dest[0].objgen], "fit": str(dest[1]),
                            "left": float(dest[2]), "top": float(dest[3])})
    return out


def line_at(path: Path, page: int, left: float, top: float) -> str:
    """The text line whose top is just below a destination's top (within a leading): what a
    viewer shows first when it jumps there; from the destination's x on, plus what hangs left."""
    with pdfplumber.open(path) as pdf:
        p = pdf.pages[page]
        words = p.extract_words(keep_blank_chars=False, y_tolerance=3)
        below = [w for w in words if 0 <= top - (p.height - w["top"]) <= 6 and w["x1"] > left - 30]
        assert below, f"no text just below y={top} on page {page + 1}"
        first = min(round(w["top"]) for w in below)
        return " ".join(w["text"] for w in sorted(below, key=lambda w: w["x0"]) if round(w["top"]) - first <= 2)


def test_each_citation_number_lands_on_its_reference(screen):
    cites = [link for link in links(screen) if link["text"].isdigit()]
    # 1-4 links its first and last number; 2, 5 (in note a), 6 link once each
    assert sorted(link["text"] for link in cites) == ["1", "2", "4", "5", "6"]
    with pdfplumber.open(screen) as pdf:
        last = len(pdf.pages) - 1
    for link in cites:
        assert link["fit"] == "/XYZ"
        assert link["dest_page"] == last  # the reference list ends the document
        line = line_at(screen, link["dest_page"], link["left"], link["top"])
        n = link["text"]
        assert line.startswith(f"{n}. Author{n} A. Title number {n}"), (n, line)


def test_each_note_marker_lands_on_its_note(screen):
    notes = {link["text"]: link for link in links(screen) if not link["text"].isdigit()}
    assert set(notes) == {"*", "a"}
    for marker, text in (("*", "A symbol note."), ("a", "A letter note citing")):
        link = notes[marker]
        line = line_at(screen, link["dest_page"], link["left"], link["top"])
        assert line.replace(" ", "").startswith((marker + text).replace(" ", "")), line


def test_bookmarks_open_at_their_heading(screen):
    with pikepdf.open(screen) as pdf:
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        with pdf.open_outline() as outline:
            items = [(item.title, item.destination) for item in outline.root]
    assert [title for title, _ in items] == ["Results", "Later"]
    for (title, dest), page in zip(items, (0, 1)):
        assert str(dest[1]) == "/XYZ"
        assert pages[dest[0].objgen] == page
        assert line_at(screen, page, float(dest[2]), float(dest[3])) == title


def test_language_title_and_escaping(screen):
    with pikepdf.open(screen) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title) == "Links test"
    with pdfplumber.open(screen) as pdf:
        assert "a < b & c stays text." in pdf.pages[0].extract_text()


def test_links_take_the_brand_colour_by_default(screen):
    with pdfplumber.open(screen) as pdf:
        digits = [c for c in pdf.pages[0].chars if c["text"] == "4" and c["size"] < 7]
    assert digits and all(tuple(round(v, 2) for v in c["non_stroking_color"]) == (0.12, 0.31, 0.61)
                          for c in digits)


def test_page_notes_link_to_the_foot_of_their_page_and_links_can_be_underlined(tmp_path):
    pdf = build(tmp_path, "screen", notes="notes:\n  restart: page\n",
                theme=THEME + "links: {color: '#ff0000', underline: true}\n")
    notes = [link for link in links(pdf) if not link["text"].isdigit()]
    assert sorted(link["text"] for link in notes) == ["*", "a"]
    for link in notes:
        assert link["dest_page"] == link["page"] == 0
        line = line_at(pdf, 0, link["left"], link["top"])
        assert line.startswith(link["text"]) and "note" in line, line
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        red = [c for c in page.chars if tuple(c["non_stroking_color"] or ()) == (1, 0, 0)]
        assert {c["text"] for c in red} >= {"1", "4", "*", "a"}
        assert any(tuple(line.get("stroking_color") or ()) == (1, 0, 0) for line in page.lines)  # underlines


def test_print_has_no_links_outline_or_destinations(tmp_path):
    pdf = build(tmp_path, "print")
    with pikepdf.open(pdf) as doc:
        assert all("/Annots" not in page for page in doc.pages)
        assert "/Outlines" not in doc.Root and "/Dests" not in doc.Root and "/ViewerPreferences" not in doc.Root
