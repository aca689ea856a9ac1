"""A form is interpreted once per graphics state per document (counted work, not time): its
findings are kept and replayed wherever it is drawn again, on any page, under that page's
number; where it shows text, the place it is drawn matters (the safe area), so each place
is judged."""

from __future__ import annotations

from pikepdf import Dictionary, Name

from leafwright.preflight import check
from leafwright.preflight import content
from tests.pdfkit import page_pdf, type3_font


def _with_form(body: bytes):
    def resources(pdf):
        form = pdf.make_stream(body)
        form.Type, form.Subtype, form.BBox = Name.XObject, Name.Form, [0, 0, 100, 100]
        form.Resources = Dictionary(Font=Dictionary(F1=type3_font(pdf)))
        return Dictionary(Font=Dictionary(F1=type3_font(pdf)), XObject=Dictionary(Fm=form))
    return resources


def _counted(monkeypatch) -> list:
    """Each content stream the interpreter runs, counted."""
    runs: list = []
    run = content._run

    def counting(stream, *args):
        runs.append(stream.objgen)
        return run(stream, *args)

    monkeypatch.setattr(content, "_run", counting)
    return runs


def _dots(n: int) -> bytes:
    """A scatter plot as matplotlib writes it: `n` dots, each the form drawn at its own place."""
    return b"q " + b" ".join(b"1 0 0 1 %d %d cm /Fm Do" % (i % 7, i % 5) for i in range(n)) + b" Q"


def test_a_form_drawn_at_a_thousand_places_is_interpreted_once(monkeypatch):
    runs = _counted(monkeypatch)
    pdf = page_pdf(_dots(1000), _with_form(b"1 0 0 rg 0 0 2 2 re f"))
    found = [str(f) for f in check(pdf, "print") if f.rule == "colour.rgb"]
    assert found == ["page 1: RGB colour (fill) in a print PDF"]
    assert len(runs) == 2  # the page and the form, once


def test_what_a_form_found_is_replayed_on_another_page_under_its_number(monkeypatch):
    def second_page(pdf, page):
        pdf.pages.append(page)  # the same page again: the same form, on page 2

    runs = _counted(monkeypatch)
    pdf = page_pdf(_dots(10), _with_form(b"0 0 1 rg 0 0 2 2 re f"), edit=second_page)
    found = [str(f) for f in check(pdf, "print") if f.rule == "colour.rgb"]
    assert found == ["page 1: RGB colour (fill) in a print PDF", "page 2: RGB colour (fill) in a print PDF"]
    assert len(runs) == 3  # two pages, the form once


def test_a_form_that_shows_text_is_judged_at_each_place(monkeypatch):
    """One place well inside the trim, one 1 pt from its left edge: one line near the trim,
    and the form interpreted at each place (the safe area depends on where)."""
    runs = _counted(monkeypatch)
    pdf = page_pdf(b"q 1 0 0 1 300 400 cm /Fm Do Q q 1 0 0 1 10 400 cm /Fm Do Q q 1 0 0 1 300 400 cm /Fm Do Q",
                   _with_form(b"0 0 0 1 k BT /F1 10 Tf 0 0 Td (Hi) Tj ET"))
    found = [str(f) for f in check(pdf, "print") if f.rule == "text.safe-area"]
    assert found == ["page 1: 1 line(s) of text within 3 mm of the trim edge"]
    assert len(runs) == 3  # the page and the form at its two places (the third is the first again)


def test_a_form_in_another_graphics_state_is_interpreted_again(monkeypatch):
    """Drawn half size, its 10 pt text is 5 pt on paper: a different state, a different finding."""
    runs = _counted(monkeypatch)
    pdf = page_pdf(b"q 1 0 0 1 300 400 cm /Fm Do Q q 0.4 0 0 0.4 300 300 cm /Fm Do Q",
                   _with_form(b"0 0 0 1 k BT /F1 10 Tf 0 0 Td (Hi) Tj ET"))
    found = [str(f) for f in check(pdf, "print") if f.rule == "text.min-size"]
    assert found == ["page 1: text at 4.00 pt, below the 5 pt minimum"]
    assert len(runs) == 3
