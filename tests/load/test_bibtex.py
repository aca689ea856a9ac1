"""BibTeX into CSL-JSON: field mapping, LaTeX decoding, and errors with their lines."""

from __future__ import annotations

from leafwright.load.references import parse_bibtex
from leafwright.resolve.ama import format_references

BIB = r"""% seed references
@article{fyfe1995,
  author  = {Fyfe, G. and Fisher, Richard I. and M{\"u}ller, J{\"o}rg and van der Berg, Jean-Pierre},
  title   = {Results of treatment of 255 patients with {IL-2} \& {$\alpha$}-interferon},
  journal = {Journal of Clinical Oncology},
  shortjournal = {J Clin Oncol},
  year    = 1995, month = mar,
  volume  = {13}, number = {3},
  pages   = {688--96},
  doi     = {10.1200/JCO.1995.13.3.688}
}

@book{pi, title = "Proleukin [package insert]", publisher = {Clinigen, Inc}, year = {2019},
  address = {Yardley, PA}}

@online{nccn, author = {{National Comprehensive Cancer Network}}, title = {Kidney cancer},
  url = {https://www.nccn.org}, date = {2021-03-22}, urldate = {2021-05-14}}
"""


def test_entries_map_to_csl():
    entries, errors = parse_bibtex(BIB)
    assert errors == []
    assert [(e["id"], line) for e, line in entries] == [("fyfe1995", 2), ("pi", 13), ("nccn", 16)]
    fyfe, pi, nccn = (e for e, _ in entries)
    assert fyfe == {
        "id": "fyfe1995", "type": "article-journal",
        "author": [{"family": "Fyfe", "given": "G."},
                   {"family": "Fisher", "given": "Richard I."},
                   {"family": "Müller", "given": "Jörg"},
                   {"family": "Berg", "given": "Jean-Pierre", "non-dropping-particle": "van der"}],
        "title": "Results of treatment of 255 patients with IL-2 & α-interferon",
        "container-title": "Journal of Clinical Oncology", "container-title-short": "J Clin Oncol",
        "issued": {"date-parts": [[1995, 3]]}, "volume": "13", "issue": "3", "page": "688-96",
        "DOI": "10.1200/JCO.1995.13.3.688",
    }
    assert pi == {"id": "pi", "type": "book", "title": "Proleukin [package insert]",
                  "publisher": "Clinigen, Inc", "publisher-place": "Yardley, PA",
                  "issued": {"date-parts": [[2019]]}}
    assert nccn["type"] == "webpage"
    assert nccn["author"] == [{"literal": "National Comprehensive Cancer Network"}]
    assert nccn["issued"] == {"date-parts": [[2021, 3, 22]]}
    assert nccn["accessed"] == {"date-parts": [[2021, 5, 14]]}


def test_bibtex_entries_format_in_ama():
    entries, _ = parse_bibtex(BIB)
    assert format_references([e for e, _ in entries])[0] == (
        "Fyfe G, Fisher RI, Müller J, van der Berg JP. Results of treatment of 255 patients "
        "with IL-2 & α-interferon. *J Clin Oncol*. 1995;13(3):688-696. "
        "[doi:10.1200/JCO.1995.13.3.688](https://doi.org/10.1200/JCO.1995.13.3.688)")


def test_errors_carry_their_lines_and_parsing_recovers():
    text = (
        "@article{a, title = {First}, year = 2001}\n"   # 1
        "@article{a, title = {Again}}\n"                # 2: duplicate key
        "@article{broken, title = {never closed\n"      # 3: syntax error
        "@misc{twice, title = {x}, title = {y}}\n"      # 4: duplicate field
        "@article{bad, author = {A, B, C, D}}\n"        # 5: unsplittable name
        "@article{, title = {no key}}\n"                # 6: no key
        "@book{last, title = {Still read}}\n"           # 7
    )
    entries, errors = parse_bibtex(text)
    assert [(e["id"], line) for e, line in entries] == [("a", 1), ("last", 7)]
    assert [line for line, _ in errors] == [2, 3, 4, 5, 6]
    messages = dict(errors)
    assert "duplicate reference key 'a'" in messages[2]
    assert "syntax error" in messages[3]
    assert "title" in messages[4]
    assert "without a key" in messages[6]


def test_empty_text():
    assert parse_bibtex("") == ([], [])
