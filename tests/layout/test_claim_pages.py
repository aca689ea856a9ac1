"""Recording claim pages leaves the layout alone, and records where each claim is drawn."""

from __future__ import annotations

import io

import pdfplumber

from leafwright.layout.claimpages import ClaimPages
from leafwright.layout import lay_out
from leafwright.render import render
from leafwright.variants import get_variant
from tests.conftest import ROOT, load_and_resolve, write_publication


def render_pdf(doc, variant: str, claim_pages=None) -> bytes:
    return render(lay_out(doc, get_variant(variant), claim_pages), get_variant(variant))


def words(pdf: bytes) -> list:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [[(w["text"], round(w["x0"], 2), round(w["top"], 2)) for w in page.extract_words()]
                for page in doc.pages]


def test_recording_does_not_move_a_word_and_finds_every_claim():
    pub, docs = load_and_resolve(ROOT / "tests" / "fixtures" / "mlr")
    (doc,) = docs
    recorder = ClaimPages()
    with_pages = words(render_pdf(doc, "screen", claim_pages=recorder))
    assert with_pages == words(render_pdf(doc, "screen"))
    assert sorted(recorder.pages) == list(range(len(doc.claims)))
    for i, page in recorder.pages.items():  # each claim's printed text is on its page
        assert doc.claims[i].value.split(",")[0].replace(" ", "") in "".join(w for w, _, _ in with_pages[page - 1])
    charts = [i for i, c in enumerate(doc.claims) if c.sentence.startswith("Chart:")]
    assert [recorder.pages[i] for i in charts] == [2, 2]
    in_print = ClaimPages()  # the matrix links to the screen PDF; print pages the same way
    render_pdf(doc, "print", claim_pages=in_print)
    assert in_print.pages == recorder.pages and in_print.order == recorder.order


def test_notes_that_restart_per_page_record_their_final_pass(tmp_path):
    root = write_publication(tmp_path / "pub", {
        "publication.yaml": "data: data.yaml\nnotes: {restart: page}\ndocuments: [a.yaml]\n",
        "data.yaml": "values: {k: 9, n: 40}\nstats: {s: {count: k, of: n}}\n",
        "a.yaml": "id: a\nnotes:\n  n1: \"{s:pct} of them[^n1]\"\nbody:\n  - paragraph: One[^n1]\n"
                  "  - page-break: true\n  - paragraph: \"Two {s:frac}[^n1]\"\n"})
    pub, (doc,) = load_and_resolve(root)
    recorder = ClaimPages()
    render_pdf(doc, "print", claim_pages=recorder)
    got = {(c.kind, c.value): recorder.pages.get(i) for i, c in enumerate(doc.claims)}
    assert got[("stat", "23%")] == 1  # the note's text, at the foot of page 1 first
    assert got[("stat", "9/40")] == 2
    assert recorder.order == sorted(recorder.order, key=lambda i: recorder.pages[i])
