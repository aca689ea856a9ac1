"""BibTeX into CSL-JSON: field mapping, LaTeX decoding, and every slip at its line."""

from __future__ import annotations

import pytest

from leafwright.load.bibtex import parse_bibtex
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


def parse(text: str):
    entries, problems = parse_bibtex(text, "refs.bib")
    return ({e["id"]: e for e, *_ in entries},
            [(p.span.line, p.severity, p.message) for p in problems])


def one(text: str) -> dict:
    entries, problems = parse(text)
    assert [p for p in problems if p[1] == "error"] == []
    (entry,) = entries.values()
    return entry


def test_entries_map_to_csl():
    entries, problems = parse_bibtex(BIB, "refs.bib")
    assert problems == []
    assert [(e["id"], str(span)) for e, span, _ in entries] == [
        ("fyfe1995", "refs.bib:2:1"), ("pi", "refs.bib:13:1"), ("nccn", "refs.bib:16:1")]
    fyfe, pi, nccn = (e for e, *_ in entries)
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
    assert format_references([e for e, *_ in entries])[0] == (
        "Fyfe G, Fisher RI, Müller J, van der Berg J-P. Results of treatment of 255 patients "
        "with IL-2 & α-interferon. *J\u00a0Clin Oncol*. 1995;13(3):688-696. "
        "[doi:10.1200/JCO.1995.13.3.688](https://doi.org/10.1200/JCO.1995.13.3.688)")


def test_empty_text():
    assert parse_bibtex("") == ([], [])


# --- @string, #, months, dates --------------------------------------------------------------

def test_strings_concatenation_and_month_macros():
    entries, problems = parse(r"""
@string{dtv = {Deutscher Taschenbuch-Verlag}}
@STRING{gruyter = "Walter de Gruyter"}
@string{both = dtv # { and } # Gruyter}
@book{nietzsche, title = {Werke}, publisher = both, year = 1988, month = sep,
  note = "Vol. " # 1 # { of } # "15"}
""")
    book = entries["nietzsche"]
    assert book["publisher"] == "Deutscher Taschenbuch-Verlag and Walter de Gruyter"
    assert book["issued"] == {"date-parts": [[1988, 9]]}
    assert book["note"] == "Vol. 1 of 15"
    assert problems == []  # whether the note prints, the formatter says (it does)


@pytest.mark.parametrize("fields, issued", [
    ("date = {2021-03-22}", [[2021, 3, 22]]),
    ("date = {2021-03}", [[2021, 3]]),
    ("date = {1885/1888}", [[1885], [1888]]),
    ("date = {1968-05-19/1968-05-25}", [[1968, 5, 19], [1968, 5, 25]]),
    ("year = 2016", [[2016]]),
    ("year = {2016}, month = {September}", [[2016, 9]]),
    ("year = {2016}, month = {Sep.}", [[2016, 9]]),
    ("year = {2016}, month = 9", [[2016, 9]]),
    ("year = {1984--1986}", [[1984], [1986]]),
    ("year = {2001}, date = {2002-04}", [[2002, 4]]),  # biblatex: date wins
])
def test_dates(fields, issued):
    assert one("@article{a, title = {T}, %s}" % fields)["issued"] == {"date-parts": issued}


# --- slips, each at its line ----------------------------------------------------------------

def test_missing_comma_swallows_next_field():
    entries, problems = parse(
        "@article{a,\n"                     # 1
        "  title = {T},\n"                   # 2
        "  year = {2016}\n"                  # 3
        "  number = {19},\n"                 # 4
        "  pages = {1823--1833}\n"           # 5
        "}\n")
    assert problems == [(4, "error", "field 'year' swallowed the next field 'number': "
                                     "a comma missing before it?")]


def test_missing_comma_after_a_bare_number():
    _, problems = parse("@article{a,\n  year = 2016\n  volume = {3}}\n")
    assert [(line, sev) for line, sev, _ in problems] == [(3, "error")]
    assert "swallowed the next field 'volume'" in problems[0][2]


def test_unbalanced_brace_is_an_entry_that_did_not_parse():
    entries, problems = parse(
        "@article{a, title = {First}, year = 2001}\n"   # 1
        "@article{broken,\n"                            # 2
        "  title = {never closed,\n"                    # 3
        "  year = 2003}\n"                              # 4
        "@book{last, title = {Still read}, year = 2000}\n")   # 5
    assert list(entries) == ["a", "last"]
    assert [(line, sev) for line, sev, _ in problems] == [(2, "error")]
    assert "did not parse" in problems[0][2] and "unbalanced brace" in problems[0][2]


def test_a_brace_left_open_runs_into_the_next_field():
    _, problems = parse("@article{a,\n  title = {Open,\n  year = {2016}},\n}\n")
    assert (3, "error") in [(line, sev) for line, sev, _ in problems]
    assert any("runs into 'year = ...'" in m for _, _, m in problems)


def test_a_brace_too_many_leaves_fields_outside_the_entry():
    entries, problems = parse("@article{a,\n  title = {T}},\n  year = {2016}\n}\n")
    assert (3, "error") in [(line, sev) for line, sev, _ in problems]
    assert any("'year = ...' is outside any entry" in m for _, _, m in problems)


def test_duplicate_field_at_its_second_line():
    _, problems = parse("@misc{twice,\n  title = {x},\n  note = {n},\n  title = {y}}\n")
    assert (4, "error", "field 'title' given twice in entry 'twice'") in problems


def test_undefined_string_at_its_line():
    entries, problems = parse("@string{cup = {CUP}}\n@book{b,\n  title = {T},\n"
                              "  publisher = cup # oup,\n  year = 2000}\n")
    assert problems == [(4, "error", "field 'publisher': undefined @string 'oup'")]


def test_year_that_is_not_a_year_and_month_that_is_not_a_month():
    _, problems = parse("@article{a,\n  title = {T},\n  year = {2016 number 19},\n}\n"
                        "@article{b,\n  title = {T},\n  year = 2016,\n  month = {Smarch}}\n")
    assert problems == [(3, "error", "field 'year': '2016 number 19' is not a year"),
                        (8, "error", "field 'month': 'Smarch' is not a month")]


def test_duplicate_key_entry_without_key_and_unknown_crossref():
    _, problems = parse("@article{a, title = {First}, year = 2001}\n"
                        "@article{a, title = {Again}}\n"
                        "@article{, title = {no key}}\n"
                        "@incollection{c, title = {T},\n  crossref = {nowhere}}\n")
    assert [(line, sev) for line, sev, _ in problems] == [(2, "error"), (3, "error"), (5, "error")]
    assert "duplicate reference key 'a' (first at line 1)" in problems[0][2]
    assert "without a key" in problems[1][2]
    assert problems[2][2] == "crossref 'nowhere' names no entry in this file"


def test_unprintable_field_and_unknown_macro_are_warnings_naming_them():
    _, problems = parse("@book{b,\n  title = {A \\frobnicate{B}},\n  year = 2000,\n"
                        "  publisher = {P},\n  commentator = {Smith, J.},\n"
                        "  translator = {Doe, J.},\n  abstract = {quiet},\n}\n")
    assert problems == [
        (2, "warning", "field 'title': unknown LaTeX command \\frobnicate (its argument "
                       "is printed, the command dropped)"),
        (5, "warning", "field 'commentator' is not printed: no CSL variable holds it"),
    ]  # translator is mapped: whether it prints, the formatter says (tests/resolve)


def test_unknown_entry_type_is_a_document_with_a_warning():
    entries, problems = parse("@whatsit{w, title = {T}, year = 2000}")
    assert entries["w"]["type"] == "document"
    assert problems == [(1, "warning", "unknown entry type @whatsit: read as a document "
                                       "(CSL 'document')")]


# --- LaTeX ----------------------------------------------------------------------------------

@pytest.mark.parametrize("latex, text", [
    (r"The {\TeX book}", "The TeXbook"),
    (r"{\TeX}: The Program and \LaTeX", "TeX: The Program and LaTeX"),
    (r"methodology\hyphen independent", "methodology-independent"),
    (r"Salt \& pepper, 50\,\% off", "Salt & pepper, 50 % off"),
    (r"\textless 5 and \textgreater{}3", "<5 and >3"),
    (r"\mkbibquote{De Motu} and \enquote{x}", "“De Motu” and “x”"),
    (r"Le \emph{De Anima} and \textit{in vitro}", "Le <i>De Anima</i> and <i>in vitro</i>"),
    (r"a {\em declared} word", "a <i>declared</i> word"),
    (r"\textbf{bold} H\textsubscript{2}O m\textsuperscript{2}", "<b>bold</b> H<sub>2</sub>O m<sup>2</sup>"),
    (r"Dr.~No", "Dr.\u00a0No"),
    (r"1736--1739 --- or so", "1736–1739 — or so"),
    (r"Ber{\"u}hmte {\'E}tudes {\ss} \c{c}a \o{} {\l}{\'o}d{\'z}", "Berühmte Études ß ça ø łódź"),
    (r"$\alpha$-interferon and $\beta$", "α-interferon and β"),
    (r"\url{http://x.org/a_b}", "http://x.org/a_b"),
    (r"\href{http://x.org}{the site}", "the site"),
    (r"\textsc{mcxcviii} and \texttt{code}", "mcxcviii and code"),
    (r"{van der Waals} forces", '<span class="nocase">van der Waals</span> forces'),
    (r"A {DNA} test and {\"U}ber", "A DNA test and Über"),
    (r"\noopsort{a}Zeta", "Zeta"),
    (r"Online\slash Print", "Online/Print"),
])
def test_latex_to_unicode(latex, text):
    assert one("@misc{m, title = {%s}, year = 2000}" % latex)["title"] == text


def test_verbatim_fields_are_not_decoded():
    entry = one(r"@misc{m, title = {T}, url = {http://x.org/a\_b%20c~d}, doi = {10.1000/a_b}}")
    assert entry["URL"] == "http://x.org/a_b%20c~d" and entry["DOI"] == "10.1000/a_b"


# --- names ----------------------------------------------------------------------------------

def test_corporate_authors_in_double_braces_print_as_written():
    entry = one(r"""@article{p, title = {Trial of early goal-directed therapy},
        author = {{The ProCESS Investigators} and Yealy, Donald M. and {World Health Organization}},
        journal = {N Engl J Med}, year = 2014}""")
    assert entry["author"] == [{"literal": "The ProCESS Investigators"},
                               {"family": "Yealy", "given": "Donald M."},
                               {"literal": "World Health Organization"}]
    assert format_references([entry])[0].startswith(
        "The ProCESS Investigators; Yealy DM; World Health Organization. Trial of early")


def test_name_forms_and_others():
    entry = one(r"@article{a, title = {T}, author = {Jean-Pierre de la Fontaine and "
                r"Smith, Jr., John and D.~E. Knuth and others}, year = 2000}")
    assert entry["author"] == [
        {"family": "Fontaine", "given": "Jean-Pierre", "non-dropping-particle": "de la"},
        {"family": "Smith", "given": "John", "suffix": "Jr."},
        {"family": "Knuth", "given": "D. E."},
        {"literal": "et al."}]


# --- every entry type -----------------------------------------------------------------------

@pytest.mark.parametrize("bib, expected", [
    ("@article{x, author = {A, B}, title = {T}, journaltitle = {J Med}, volume = 3, number = 2,"
     " pages = {1--9}, date = {2020-05}, doi = {https://doi.org/10.1/x}}",
     {"type": "article-journal", "container-title": "J Med", "volume": "3", "issue": "2",
      "page": "1-9", "DOI": "10.1/x"}),
    ("@article{x, title = {T}, journal = {Time}, entrysubtype = {magazine}, year = 2020}",
     {"type": "article-magazine", "container-title": "Time"}),
    ("@book{x, author = {A, B}, title = {T}, subtitle = {S}, edition = 2, publisher = {P},"
     " address = {Boston}, volume = 2, year = 2001, isbn = {123}}",
     {"type": "book", "title": "T: S", "edition": "2", "publisher": "P",
      "publisher-place": "Boston", "volume": "2", "ISBN": "123"}),
    ("@mvbook{x, author = {A, B}, title = {Works}, volumes = 4, publisher = {P}, year = 2001}",
     {"type": "book", "title": "Works", "number-of-volumes": "4"}),
    ("@inbook{x, author = {A, B}, title = {Ch}, booktitle = {Bk}, chapter = 3, pages = {5--9},"
     " publisher = {P}, year = 2001}",
     {"type": "chapter", "title": "Ch", "container-title": "Bk", "chapter-number": "3",
      "page": "5-9"}),
    ("@incollection{x, author = {A, B}, editor = {E, F}, title = {Ch}, booktitle = {Bk},"
     " series = {Methods}, number = 7, publisher = {P}, year = 2001}",
     {"type": "chapter", "editor": [{"family": "E", "given": "F"}], "container-title": "Bk",
      "collection-title": "Methods 7"}),
    ("@collection{x, editor = {E, F}, title = {Coll}, publisher = {P}, year = 2001}",
     {"type": "book", "editor": [{"family": "E", "given": "F"}], "title": "Coll"}),
    ("@mvcollection{x, editor = {E, F}, title = {Coll}, volumes = 2, publisher = {P}, year = 2001}",
     {"type": "book", "title": "Coll"}),
    ("@inproceedings{x, author = {A, B}, title = {Talk}, booktitle = {Proc. ASCO},"
     " eventtitle = {ASCO Annual Meeting}, venue = {Chicago, IL}, eventdate = {2019-05-31/2019-06-04},"
     " organization = {ASCO}, year = 2019}",
     {"type": "paper-conference", "container-title": "Proc. ASCO",
      "event-title": "ASCO Annual Meeting", "event-place": "Chicago, IL",
      "event-date": {"date-parts": [[2019, 5, 31], [2019, 6, 4]]}, "publisher": "ASCO"}),
    ("@proceedings{x, editor = {E, F}, title = {Proc}, publisher = {P}, year = 2001}",
     {"type": "book", "title": "Proc"}),
    ("@manual{x, title = {Keytruda}, organization = {Merck Sharp \\& Dohme LLC}, year = 2023,"
     " type = {Package insert}}",
     {"type": "pamphlet", "publisher": "Merck Sharp & Dohme LLC", "genre": "Package insert"}),
    ("@manual{x, title = {Guide}, organization = {ACME}, year = 2023}", {"type": "book"}),
    ("@online{x, author = {{NCCN}}, title = {Kidney cancer}, url = {https://nccn.org},"
     " date = {2021-03-22}, urldate = {2021-05-14}, organization = {NCCN}}",
     {"type": "webpage", "URL": "https://nccn.org", "accessed": {"date-parts": [[2021, 5, 14]]},
      "container-title": "NCCN"}),
    ("@online{nct, title = {Pembrolizumab trial}, number = {NCT01866319},"
     " howpublished = {ClinicalTrials.gov}, url = {https://clinicaltrials.gov/ct2/show/NCT01866319},"
     " date = {2019-06-01}, urldate = {2021-05-14}}",
     {"type": "webpage", "number": "NCT01866319", "container-title": "ClinicalTrials.gov"}),
    ("@www{x, title = {Site}, url = {https://x.org}, year = 2020}",
     {"type": "webpage", "URL": "https://x.org"}),
    ("@patent{x, author = {Inventor, I.}, title = {Widget}, number = {6,000,000}, type = {patentus},"
     " holder = {{Acme Inc}}, date = {1999-12-07}}",
     {"type": "patent", "number": "6,000,000", "genre": "US patent", "publisher": "Acme Inc"}),
    ("@periodical{x, title = {Computers and Graphics}, issuetitle = {Semantic 3D}, volume = 35,"
     " number = 4, year = 2011}",
     {"type": "periodical", "title": "Semantic 3D", "container-title": "Computers and Graphics",
      "volume": "35", "issue": "4"}),
    ("@report{x, author = {A, B}, title = {T}, type = {resreport}, institution = {IBM},"
     " number = {RC-6947}, year = 1978}",
     {"type": "report", "genre": "Research report", "publisher": "IBM", "number": "RC-6947"}),
    ("@techreport{x, author = {A, B}, title = {T}, institution = {FDA}, number = {12},"
     " address = {Silver Spring, MD}, year = 2019}",
     {"type": "report", "genre": "Technical report", "publisher": "FDA", "number": "12",
      "publisher-place": "Silver Spring, MD"}),
    ("@thesis{x, author = {A, B}, title = {T}, type = {phdthesis}, school = {MIT}, year = 2015}",
     {"type": "thesis", "genre": "Dissertation", "publisher": "MIT"}),
    ("@phdthesis{x, author = {A, B}, title = {T}, school = {MIT}, year = 2015}",
     {"type": "thesis", "genre": "Dissertation", "publisher": "MIT"}),
    ("@mastersthesis{x, author = {A, B}, title = {T}, school = {MIT}, year = 2015}",
     {"type": "thesis", "genre": "Master's thesis", "publisher": "MIT"}),
    ("@misc{x, author = {{Acme}}, title = {Data on file}, howpublished = {\\url{https://acme.com/d}},"
     " note = {Accessed: 2020-05-05}, year = 2020}",
     {"type": "document", "URL": "https://acme.com/d", "accessed": {"date-parts": [[2020, 5, 5]]}}),
    ("@misc{x, title = {Wiki}, howpublished = {\\url{https://w.org}}, year = 2020,"
     " note = {[Online; accessed 5-May-2020]}}",
     {"type": "document", "URL": "https://w.org", "accessed": {"date-parts": [[2020, 5, 5]]}}),
    ("@misc{x, title = {Leaflet}, howpublished = {Acme Pharma}, note = {Last accessed May 5, 2020},"
     " year = 2020}",
     {"type": "document", "publisher": "Acme Pharma", "accessed": {"date-parts": [[2020, 5, 5]]}}),
    ("@unpublished{x, author = {A, B}, title = {Draft}, note = {In preparation}, year = 2020}",
     {"type": "manuscript", "note": "In preparation"}),
    ("@booklet{x, title = {Leaflet}, howpublished = {Acme}, year = 2020}",
     {"type": "pamphlet", "publisher": "Acme"}),
    ("@dataset{x, title = {Data}, publisher = {Zenodo}, doi = {10.5281/z.1}, year = 2020}",
     {"type": "dataset", "DOI": "10.5281/z.1"}),
    ("@article{x, title = {T}, journaltitle = {J}, eprinttype = {pubmed}, eprint = {123},"
     " year = 2020}", {"PMID": "123"}),
    ("@article{x, title = {T}, journaltitle = {J}, eprinttype = {arxiv}, eprint = {1008.2849},"
     " year = 2020}", {"URL": "https://arxiv.org/abs/1008.2849"}),
])
def test_entry_types_and_fields(bib, expected):
    entry = one(bib)
    assert {k: entry.get(k) for k in expected} == expected


def test_nothing_mapped_is_lost_for_a_medical_writers_misc():
    """The issue's report: @misc lost `howpublished` (the URL) and `note` (the accessed date)."""
    entry = one(r"""@misc{ema, author = {{European Medicines Agency}},
        title = {Proleukin: summary of product characteristics},
        howpublished = {\url{https://www.ema.europa.eu/x}}, note = {Accessed March 3, 2021},
        year = {2020}}""")
    text = format_references([entry])[0]
    assert "https://www.ema.europa.eu/x" in text and "Accessed March 3, 2021" in text


# --- crossref and xdata ---------------------------------------------------------------------

def test_crossref_and_xdata_inheritance():
    entries, problems = parse(r"""
@xdata{hup, publisher = {Harvard University Press}, location = {Cambridge, Mass.}}
@incollection{ch, author = {Pines, Shlomo}, title = {The Limitations}, pages = {82--109},
  crossref = {coll}}
@collection{coll, editor = {Twersky, Isadore}, title = {Studies in Medieval Jewish History},
  subtitle = {Volume One}, date = 1979, xdata = {hup}}
@inbook{kpv, title = {Kritik}, crossref = {works}, pages = {1--163}}
@book{works, author = {Kant, Immanuel}, title = {Werke}, volume = 5, date = 1968, publisher = {G}}
@book{ksa1, title = {Band 1}, crossref = {ksa}, volume = 1}
@mvbook{ksa, author = {Nietzsche, F.}, title = {Werke}, date = 1988, publisher = {G}}
""")
    assert problems == []
    assert "hup" not in entries
    ch = entries["ch"]
    assert ch["title"] == "The Limitations"
    assert ch["container-title"] == "Studies in Medieval Jewish History: Volume One"
    assert ch["editor"] == [{"family": "Twersky", "given": "Isadore"}]
    assert ch["publisher"] == "Harvard University Press"
    assert ch["issued"] == {"date-parts": [[1979]]}
    assert entries["coll"]["publisher-place"] == "Cambridge, Mass."
    kpv = entries["kpv"]
    assert kpv["author"] == [{"family": "Kant", "given": "Immanuel"}]
    assert (kpv["container-title"], kpv["volume"]) == ("Werke", "5")
    assert entries["ksa1"]["title"] == "Werke. Band 1"


def test_crossref_cycle_is_an_error():
    _, problems = parse("@book{a, title = {A}, crossref = {b}}\n@book{b, title = {B}, crossref = {a}}\n")
    assert [(line, sev) for line, sev, _ in problems] == [(1, "error"), (2, "error")]
    assert "leads back" in problems[0][2]


def test_slips_point_at_line_and_column():
    _, problems = parse_bibtex("@string{cup = {C}}\n"
                               "@article{a,\n"
                               "  title = {T},\n"
                               "  year = {2016}\n"
                               "  number = {19},\n"
                               "  publisher = cup # oup}\n", "r.bib")
    assert [str(p.span) for p in problems] == ["r.bib:5:3", "r.bib:6:21"]


def test_howpublished_online_is_a_medium_not_a_publisher():
    entries, problems = parse("@misc{m, title = {T}, howpublished = {[Online]}, year = 2020,\n"
                              "  url = {https://x.org}}")
    assert "publisher" not in entries["m"] and entries["m"]["medium"] == "Online"
    assert problems == []  # AMA 11 leaves the medium out by rule (resolve/ama.py)


def test_a_quote_left_open_runs_into_the_next_field():
    _, problems = parse('@article{a,\n  title = "Open,\n  year = {2016}",\n}\n')
    assert (3, "error") in [(line, sev) for line, sev, _ in problems]


def test_a_problem_in_an_inherited_field_is_reported_once():
    _, problems = parse("@book{p, title = {\\frob{X}}, publisher = {P}, year = 2000}\n"
                        "@inbook{c1, title = {A}, crossref = {p}}\n"
                        "@inbook{c2, title = {B}, crossref = {p}}\n")
    assert [(line, sev) for line, sev, _ in problems] == [(1, "warning")]


def test_langid_keeps_a_non_english_book_title_as_written():
    entry = one("@book{v, author = {van Gennep, Arnold}, title = {Les rites de passage},"
                " publisher = {Nourry}, date = 1909, langid = {french}}")
    assert entry["language"] == "fr"
    assert format_references([entry]) == ["van Gennep A. *Les rites de passage*. Nourry; 1909."]
