"""`restart: page` in one layout pass: markers chosen and note room kept as paragraphs are
placed; the passes only where that could not stand."""

from __future__ import annotations

import re

import pdfplumber
import pytest

import leafwright.layout
from tests.conftest import write_publication

FILLER = ("Response duration in patients on therapy at each interval of the cohort, with remission "
          "and follow-up by dose and infusion; ")


def _doc(sections: int, mid_every: int = 3, long: int = 0) -> str:
    notes, body = [], []
    for k in range(sections):
        text = FILLER * (long or 1 + k % 4)
        mid = f"mid{k}[^m{k}] " if k % mid_every == 0 else ""
        head = "" if long else f"  - heading: Section {k}\n"
        body.append(f"{head}  - paragraph: \"{mid}{text}end{k}.[^n{k}]\"\n")
        notes.append(f"  n{k}: {{series: letter, text: Note {k} ends the section.}}\n")
        notes.append(f"  m{k}: {{series: letter, text: Note {k} sits mid paragraph.}}\n")
    return "id: doc\nnotes:\n" + "".join(notes) + "body:\n" + "".join(body)


def build(tmp_path, doc: str, monkeypatch):
    passes = []
    real = leafwright.layout.lay_out

    def counting(*args, **kwargs):  # the passes each layout took, as LaidOut reports them
        laid = real(*args, **kwargs)
        passes.append(laid.passes)
        return laid

    monkeypatch.setattr(leafwright.layout, "lay_out", counting)
    pub = write_publication(tmp_path / "pub", {
        "publication.yaml": "id: p\nnotes:\n  restart: page\ndocuments: [doc.yaml]\n",
        "doc.yaml": doc,
    })
    from leafwright.cli import main

    assert main(["build", str(pub), "-o", str(tmp_path / "out")]) == 0
    with pdfplumber.open(tmp_path / "out" / "doc.pdf") as pdf:
        pages = [page.extract_text(y_tolerance=4) for page in pdf.pages]
        overlaps = []
        for page in pdf.pages:
            words = page.extract_words()
            foot = [w["top"] for w in words if w["text"] == "Note"]
            body = [w["bottom"] for w in words if w["text"] in ("Response", "dose", "infusion;")]
            if foot and body:
                overlaps.append(max(body) >= min(foot))
    return pages, passes[-1], overlaps


def _check_markers(pages: list[str]) -> int:
    """Every marker in the text is the marker its note has at the foot of the same page, and
    every note at a foot is referenced on that page. Returns how many markers were checked."""
    checked = 0
    for text in pages:
        foot = dict(re.findall(r"^([a-z]+) Note (\d+ (?:ends|sits))", text, re.M))
        by_note = {v: k for k, v in foot.items()}
        for k in range(200):
            for token, kind in ((f"end{k}.", "ends"), (f"mid{k}", "sits")):
                m = re.search(re.escape(token) + r"([a-z]+)\b", text)
                if m:
                    assert by_note.get(f"{k} {kind}") == m.group(1), (token, m.group(0), foot)
                    checked += 1
                    by_note.pop(f"{k} {kind}", None)
        assert not by_note, f"notes at the foot with no marker on their page: {by_note}"
    return checked


def test_typical_document_settles_in_one_pass(tmp_path, monkeypatch):
    pages, passes, overlaps = build(tmp_path, _doc(40), monkeypatch)
    assert passes == 1
    assert len(pages) >= 4
    assert _check_markers(pages) == 40 + 14
    assert overlaps and not any(overlaps)
    assert any(re.search(r"^a Note", p, re.M) for p in pages[1:])  # markers restart on later pages


def test_a_paragraph_split_across_pages_keeps_its_markers_with_their_pages(tmp_path, monkeypatch):
    """Long paragraphs with a marker near their start and one at their end split across
    pages: each marker belongs to the page its part lands on."""
    pages, passes, overlaps = build(tmp_path, _doc(8, mid_every=1, long=13), monkeypatch)
    assert passes == 1
    assert _check_markers(pages) == 16
    assert not any(overlaps)


@pytest.mark.parametrize("where", ["bullets", "heading"])
def test_markers_the_live_pass_cannot_place_fall_back_to_passes(tmp_path, monkeypatch, where):
    """A marker in a list or a heading is laid out before its page is known: the passes fix it."""
    extra = ("  - bullets:\n    - \"Listed mid99[^m99]\"\n" if where == "bullets"
             else "  - heading: \"Headed mid99[^m99]\"\n")
    doc = _doc(12) + extra
    doc = doc.replace("notes:\n", "notes:\n  m99: {series: letter, text: Note 99 sits mid paragraph.}\n", 1)
    pages, passes, overlaps = build(tmp_path, doc, monkeypatch)
    assert passes > 1
    assert _check_markers(pages) == 12 + 4 + 1
    assert not any(overlaps)
