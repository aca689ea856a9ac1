"""`restart: page`: markers restart on every page and each page's notes print at its foot."""

from __future__ import annotations

import pdfplumber

from tests.conftest import built_pdf

LONG = "Filler text that takes up room on the page. " * 12


def build(tmp_path, body: str, extra_notes: str = ""):
    path = built_pdf(tmp_path, {
        "publication.yaml": "id: p\nnotes:\n  restart: page\ndocuments: [doc.yaml]\n",
        "doc.yaml": f"""
id: doc
notes:
  one: {{series: letter, text: First note.}}
  two: {{series: letter, text: Second note.}}
  three: {{series: letter, text: Third note.}}
  star: {{series: symbol, text: Star note.}}
{extra_notes}
body:
{body}
""",
    })
    with pdfplumber.open(path) as pdf:
        return [page.extract_text(y_tolerance=4) for page in pdf.pages]


def test_markers_restart_on_each_page_with_notes_at_foot(tmp_path):
    pages = build(tmp_path, """
  - paragraph: "Alpha[^one] and beta[^two] and star[^star]."
  - page-break: true
  - paragraph: "Gamma[^three] and alpha again[^one]."
""")
    assert len(pages) == 2
    p1, p2 = pages
    assert "Alpha a and beta b and star *." in p1.replace("Alphaa", "Alpha a").replace("betab", "beta b").replace(
        "star*", "star *") or ("Alphaa" in p1 and "betab" in p1 and "star*" in p1)
    assert p1.index("* Star note.") < p1.index("a First note.") < p1.index("b Second note.")
    assert "Gammaa" in p2 and "againb" in p2
    assert p2.index("a Third note.") < p2.index("b First note.")
    assert "Third note" not in p1 and "Second note" not in p2


def test_notes_at_foot_do_not_overlap_body(tmp_path):
    body = "\n".join(f'  - paragraph: "{LONG}[^{n}]"' for n in ("one", "two", "three", "one", "two", "three"))
    pages = build(tmp_path, body)
    with pdfplumber.open(tmp_path / "out" / "doc.pdf") as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            notes = [w for w in words if w["text"] in ("First", "Second", "Third")]
            body_words = [w for w in words if w["text"] == "Filler"]
            if notes and body_words:
                assert max(w["bottom"] for w in body_words) < min(w["top"] for w in notes)
    assert all("First note." in p for p in pages if "Filler" in p)

