"""A BibTeX file nobody on this project wrote: biblatex's own example database
(tests/fixtures/bibtex, LPPL) loads in full — no lost field, no raw LaTeX — and a
publication citing every entry builds to PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from leafwright.load.bibtex import parse_bibtex
from leafwright.load.bibtex_csl import QUIET
from leafwright.load.latex import LatexDecoder
from tests.conftest import pdf_text, run_cli, write_publication

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "bibtex" / "biblatex-examples.bib"
# Fields whose value is translated rather than copied (localisation keys, dates, links).
_TRANSLATED = {"type", "language", "eprinttype", "month", "day", "date", "year", "urldate",
               "eventdate", "origdate", "origyear", "crossref", "xdata", "entryset", "eprint",
               "editoratype", "editorbtype", "editorctype"}  # the role of editora, b, c
_TAGS = re.compile(r'</?(?:i|b|sup|sub)>|<span class="nocase">|</span>')


@pytest.fixture(scope="module")
def corpus() -> dict:
    import bibtexparser

    text = CORPUS.read_text(encoding="utf-8")
    entries, problems = parse_bibtex(text, "biblatex-examples.bib")
    raw = bibtexparser.parse_string(text)  # its own @string resolution, braces removed
    return {"text": text, "entries": entries, "problems": problems, "raw": raw}


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def test_every_entry_loads_without_an_error(corpus):
    assert [str(p) for p in corpus["problems"] if p.severity == "error"] == []
    kinds = {e.key: e.entry_type.lower() for e in corpus["raw"].entries}
    expected = [k for k, kind in kinds.items() if kind != "set"]
    assert [e["id"] for e, *_ in corpus["entries"]] == expected
    assert len(expected) == 90
    # The sets are named, not silently skipped.
    sets = [p for p in corpus["problems"] if "@set" in p.message]
    assert len(sets) == 2


def test_no_raw_latex_in_any_value(corpus):
    for entry, span, _ in corpus["entries"]:
        for key, value in entry.items():
            for text in strings(value):
                plain = _TAGS.sub("", text)
                assert "\\" not in plain, (span, key, text)
                assert "{" not in plain and "}" not in plain, (span, key, text)
                if key not in ("URL", "DOI"):
                    assert "#" not in plain and "~" not in plain, (span, key, text)
                assert "  " not in plain and plain == plain.strip(), (span, key, text)


def _haystack(entry: dict) -> str:
    text = " ".join(_TAGS.sub("", s) for v in entry.values() for s in strings(v))
    return _normal(text)


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[\u2013\u2014-]+", "-", text).replace("\u00a0", " ").split())


def test_no_field_is_lost(corpus):
    """Each field of each entry is in the CSL (its words, decoded), or a warning names it."""
    decode = LatexDecoder().decode
    by_id = {e["id"]: e for e, *_ in corpus["entries"]}
    warned = {(p.span.line, m.group(1)) for p in corpus["problems"]
              if (m := re.search(r"field '([\w-]+)'", p.message))}
    checked = 0
    for raw in corpus["raw"].entries:
        csl = by_id.get(raw.key)
        if csl is None:
            continue
        hay = _haystack(csl)
        for f in raw.fields:
            name = f.key.lower()
            if name in QUIET or name in _TRANSLATED or (f.start_line + 1, name) in warned:
                continue
            value = str(f.value).strip()
            if name in ("author", "editor", "translator", "bookauthor", "holder"):
                words = [w for w in re.split(r"\s+and\s+|[\s,{}]+", decode(value)[0])
                         if len(w) > 3 and w != "others"]
                missing = [w for w in words if _normal(w) not in hay]
            elif name == "location" and raw.entry_type.lower() == "patent":
                missing = []  # country keys become a genre ("Patent (France, ...)")
            elif name == "series" and value in ("newseries", "oldseries"):
                missing = [] if "series" in hay.lower() else [value]
            elif "#" in value:  # concatenation, which bibtexparser leaves as it is:
                pieces = [p.strip()[1:-1] for p in value.split("#") if p.strip()[:1] in "{\""]
                missing = [p for p in pieces if _normal(decode(p)[0]) not in hay]
            else:
                plain = _normal(_TAGS.sub("", decode(value)[0]))
                if name in ("url", "doi"):
                    plain = value
                missing = [] if plain in hay else [plain]
            assert not missing, (raw.key, name, missing, hay)
            checked += 1
    assert checked > 400


def test_a_publication_citing_every_entry_builds(tmp_path, corpus):
    ids = [e["id"] for e, *_ in corpus["entries"]]
    cites = "".join(f"[@{key}]" for key in ids)
    root = write_publication(tmp_path / "pub", {
        "publication.yaml": "references: refs.bib\ndocuments: [all.yaml]\n",
        "all.yaml": f"id: all\nbody:\n  - paragraph: 'Every entry.{cites}'\n",
    })
    (root / "refs.bib").write_text(corpus["text"], encoding="utf-8")
    proc = run_cli("build", str(root), "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert ": error:" not in proc.stderr
    text = pdf_text(tmp_path / "out" / "all.pdf")
    squashed = " ".join(text.split())
    assert "\\" not in text and "{" not in text and "}" not in text
    assert f"{len(ids)}." in squashed
    for needle in ("The TeXbook", "TeX: The Program", "methodology-independent",
                   "Deutscher Taschenbuch-Verlag and Walter de Gruyter", "Des Averroës Abhandlung",
                   "“Intention” und “Intentionalität”", "Accessed October 1, 2006"):
        assert needle in squashed, needle


def test_rich_text_from_latex_prints_as_markup():
    from leafwright.resolve.ama import format_references

    (entry,) = [e for e, *_ in parse_bibtex(r"@article{a, author = {Li, X}, journal = {J}, "
                                           r"title = {\emph{E. coli} in {van der Waals} films}, "
                                           r"year = 2020, volume = 1, pages = 2}")[0]]
    assert format_references([entry])[0].startswith("Li X. *E. coli* in van der Waals films.")
