"""A paragraph split across pages prints the lines it was measured with (see layout/splitting.py)."""

from __future__ import annotations

import pdfplumber

from tests.conftest import built_pdf

# Three lines at the default theme's width; the first ends at the hyphen of a bold "high-dose"
# that runs into the next word. ReportLab re-broke the first part of its split without that
# hyphen, one line taller than the room it was cut for: "Splitting error(n==2)".
TEXT = ("a IU/kg trial high-dose progression-free and in progression-free aldesleukin progression-free x "
        "treatment 15-minute trial^1^ with. **a high-dose**treatment months in of of treatment with treatment "
        "**50% with**months trial x trial 50% progression-free trial IU/kg were response the 600,000 of,^b^ "
        "600,000 aldesleukin high-dose follow-up with months 600,000 and patients")


def _pages(tmp_path, before: str) -> list[str]:
    path = built_pdf(tmp_path, {
        "publication.yaml": "id: p\ndocuments: [doc.yaml]\n",
        "doc.yaml": f'id: doc\ntitle: Split\nbody:\n{before}  - paragraph: "{TEXT}"\n',
    })
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() for page in pdf.pages]


def test_split_paragraph_keeps_its_lines_and_its_hyphen(tmp_path):
    pages = _pages(tmp_path, "  - spacer: 626pt\n")  # leaves 30 pt: room for two of its three lines
    assert len(pages) == 2
    first, second = (p.splitlines() for p in pages)
    assert first[-3].endswith("with. a high-") and first[-2].startswith("dosetreatment months")
    assert first[-2].endswith("were response the")
    assert second[0].startswith("600,000 of,b 600,000 aldesleukin")
    assert "highdose" not in "".join(pages)


def test_paragraph_wrapped_twice_keeps_its_hyphen(tmp_path):
    # After a heading the paragraph is wrapped to keep it with the heading, then again to place it.
    pages = _pages(tmp_path, "  - heading: Kept with what follows\n")
    assert len(pages) == 1
    assert "with. a high-\ndosetreatment" in pages[0]


def _counting_paragraph(text: str):
    """A paragraph of layout's own kind that counts how often it breaks its words into lines."""
    from reportlab.lib.styles import ParagraphStyle

    from leafwright.layout.linebreak import WordParagraph
    from leafwright.layout.splitting import KeptLinesParagraph

    class Counting(KeptLinesParagraph, WordParagraph):
        breaks = 0

        def breakLines(self, width):
            type(self).breaks += 1
            return super().breakLines(width)

    style = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12)
    return Counting, Counting(text.replace("**", ""), style)


def _lines(paragraph) -> list[str]:
    return [" ".join(w.text if hasattr(w, "text") else str(w) for w in (line.words if hasattr(line, "words") else line[1]))
            for line in paragraph.blPara.lines]


def test_a_second_wrap_at_the_same_width_keeps_the_lines_of_the_first():
    """A paragraph after a heading is wrapped to keep them together and again to place it; a
    paragraph too tall for its frame is wrapped and then split: at the same width the lines
    are those of the last wrap, broken once. Another width, a split, or a draw breaks again."""
    counting, p = _counting_paragraph(TEXT)
    first = p.wrap(200, 1000), _lines(p)
    assert (p.wrap(200, 50), _lines(p)) == first and counting.breaks == 1
    p.wrap(300, 1000)
    assert counting.breaks == 2
    assert (p.wrap(200, 1000), _lines(p)) == first and counting.breaks == 3
    top, rest = p.split(200, 30)  # at the width of the last wrap: nothing to break again
    assert counting.breaks == 3
    assert _lines(top) + _lines(rest) == first[1]
    assert (p.wrap(200, 1000), _lines(p)) == first and counting.breaks == 4  # the split took words from it
