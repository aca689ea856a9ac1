"""A German document is hyphenated with pyphen's German patterns: compounds break where German
breaks them ("Nieren-zell-karzinom"), never where the US English patterns would
("Nierenzel-lkarzinom", as a German leaflet once printed)."""

from __future__ import annotations

import re

import pdfplumber
import pyphen

from tests.conftest import built_pdf

WORDS = ("Nierenzellkarzinom Behandlungszentren Therapieansprechen Langzeitüberleben "
         "Nebenwirkungsmeldungen Remissionsdauer ") * 8


def hyphenated_lines(tmp_path, locale: str) -> list[tuple[str, str]]:
    """(the part before the hyphen, the word it continues into on the next line) per break."""
    path = built_pdf(tmp_path / locale, {
        "publication.yaml": "id: p\ntheme: theme.yaml\ndocuments: [doc.yaml]\n",
        "theme.yaml": "page: {size: [62mm, 260mm], margins: 8mm}\nstyles:\n  body: {align: justify}\n",
        "doc.yaml": f"id: doc\nformat: {{locale: {locale}}}\nbody:\n  - paragraph: {WORDS}\n",
    })
    with pdfplumber.open(path) as pdf:
        lines = pdf.pages[0].extract_text().splitlines()
    out = []
    for line, after in zip(lines, lines[1:]):
        m = re.search(r"(\w+)-$", line.rstrip())
        if m:
            out.append((m.group(1), after.split()[0]))
    return out


def test_german_compounds_break_where_german_breaks_them(tmp_path):
    german = pyphen.Pyphen(lang="de_DE")
    breaks = hyphenated_lines(tmp_path, "de_DE")
    assert breaks, "a narrow justified column of long compounds hyphenates"
    for head, tail in breaks:
        word = head + re.match(r"\w+", tail).group()
        assert head in {h for h, _ in german.iterate(word)}, (head, tail)
        assert not head.endswith("zel"), (head, tail)  # the US patterns' "Nierenzel-lkarzinom"


def test_the_us_patterns_would_break_them_elsewhere():
    """What the test above guards against: the two dictionaries disagree on these words."""
    us, de = pyphen.Pyphen(lang="en_US"), pyphen.Pyphen(lang="de_DE")
    assert "Nierenzel" in {h for h, _ in us.iterate("Nierenzellkarzinom")}
    assert "Nierenzel" not in {h for h, _ in de.iterate("Nierenzellkarzinom")}
