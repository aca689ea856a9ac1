"""AMA 11 as published: reference strings that the AMA Manual of Style and university
library guides print (tests/fixtures/references/ama-published.json, each with its source),
given as Zotero exports them (CSL-JSON), must print exactly, italics included.

`python tests/resolve/test_ama_published.py` prints how many print exactly and the
differences, which is how the count in the README was measured."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from leafwright.resolve.inline import Link, Styled, Text, parse
from tests.resolve.test_ama import format_entries  # no-break spaces read as spaces

CORPUS = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "references"
                     / "ama-published.json").read_text(encoding="utf-8"))


def read(markup: str) -> tuple[str, list[str]]:
    """The text a reader sees, and the runs printed in italics."""
    nodes, errors = parse(markup)
    assert errors == ()
    italic: list[str] = []

    def walk(nodes, in_italic: bool) -> str:
        out = []
        for n in nodes:
            if isinstance(n, Text):
                out.append(n.text)
            elif isinstance(n, Styled):
                text = walk(n.children, in_italic or n.style == "italic")
                if n.style == "italic" and not in_italic:
                    italic.append(text)
                out.append(text)
            elif isinstance(n, Link):
                out.append(walk(n.children, in_italic))
        return "".join(out)

    return walk(nodes, False), italic


def printed(item: dict) -> tuple[str, list[str]]:
    (done,) = format_entries([item["csl"]])
    return read(done.markup)


@pytest.mark.parametrize("item", CORPUS, ids=[c["id"] for c in CORPUS])
def test_published_reference_prints_exactly(item):
    assert printed(item) == (item["expected"], item["italic"])


def test_the_corpus_names_a_source_for_every_string():
    assert len(CORPUS) >= 40 and all("http" in c["source"] for c in CORPUS)


if __name__ == "__main__":
    exact = 0
    for item in CORPUS:
        got = printed(item)
        if got == (item["expected"], item["italic"]):
            exact += 1
        else:
            print(f"{item['id']}\n  want {item['expected']} {item['italic']}\n  got  {got[0]} {got[1]}")
    print(f"{exact} of {len(CORPUS)} print exactly", file=sys.stderr)


def bibtex_printed() -> dict[str, tuple[str, list[str]]]:
    from leafwright.load.bibtex import parse_bibtex

    bib = Path(__file__).resolve().parents[1] / "fixtures" / "references" / "ama-published.bib"
    entries, _ = parse_bibtex(bib.read_text(encoding="utf-8"), str(bib))
    return {csl["id"]: read(done.markup)
            for (csl, *_), done in zip(entries, format_entries([e for e, *_ in entries]))}


BY_ID = {c["id"]: c for c in CORPUS}


def test_published_references_print_exactly_from_bibtex():
    got = bibtex_printed()
    assert len(got) >= 15
    assert {k: v for k, v in got.items() if v != (BY_ID[k]["expected"], BY_ID[k]["italic"])} == {}


def test_italics_in_the_built_pdf_are_the_published_ones(tmp_path):
    """The whole corpus cited in one leaflet: the runs set in an italic font are exactly
    the published italic runs (journal, newspaper and book titles), read from the PDF."""
    import pdfplumber

    from tests.conftest import built_pdf

    cites = "".join(f"[@{c['id']}]" for c in CORPUS)
    pdf = built_pdf(tmp_path, {
        "publication.yaml": "references: refs.json\ndocuments: [doc.yaml]\n",
        "refs.json": json.dumps([c["csl"] for c in CORPUS], ensure_ascii=False),
        "doc.yaml": f"id: doc\nbody:\n  - paragraph: 'All.{cites}'\n"})
    runs, current = [], ""
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for char in page.chars:
                if re.search(r"-(It|Italic|Oblique)\b", char["fontname"]):
                    current += char["text"]
                elif char["text"].strip() and current:
                    runs.append(current)
                    current = ""
    runs = ["".join(r.split()) for r in runs + [current] if r.strip()]
    expected = ["".join(i.split()) for c in CORPUS for i in c["italic"]]
    assert sorted(runs) == sorted(expected)
