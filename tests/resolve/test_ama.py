"""AMA formatting of the seed leaflet's journal references and of awkward entries."""

from __future__ import annotations

import pytest

from leafwright.resolve.ama import format_references
from leafwright.resolve.inline import Styled, Text, parse


def authors(names: str) -> list[dict]:
    """'Fyfe G, Fisher RI' -> CSL names with full-stop initials, as a writer types them."""
    out = []
    for name in names.split(", "):
        family, initials = name.rsplit(" ", 1)
        out.append({"family": family, "given": " ".join(f"{c}." for c in initials)})
    return out


def article(id: str, names: str, title: str, journal: str, year: int, **more) -> dict:
    return {"id": id, "type": "article-journal", "author": authors(names), "title": title,
            "container-title-short": journal, "issued": {"date-parts": [[year]]}, **more}


SEED = [
    (article("clark2021", "Clark JI, Curti B, Davis EJ, Kaufman H, Amin A, Alva A, Logan TF, "
             "Hauke R, Miletello GP, Vaishampayan U, Johnson DB, Wong MKK",
             "Long-term progression-free survival of patients with metastatic melanoma or "
             "renal cell carcinoma following high-dose interleukin-2", "J Investig Med", 2021,
             issued={"date-parts": [[2021, 2, 4]]}, DOI="10.1136/jim-2020-001650",
             **{"container-title": "Journal of Investigative Medicine"}),
     "Clark JI, Curti B, Davis EJ, et al. Long-term progression-free survival of patients "
     "with metastatic melanoma or renal cell carcinoma following high-dose interleukin-2. "
     "*J Investig Med*. Published online February 4, 2021. "
     "[doi:10.1136/jim-2020-001650](https://doi.org/10.1136/jim-2020-001650)"),
    (article("fisher2000", "Fisher RI, Rosenberg SA, Fyfe G", "Long-term survival update for "
             "high-dose recombinant interleukin-2 in patients with renal cell carcinoma",
             "Cancer J Sci Am", 2000, volume="6", issue="suppl 1", page="S55-57"),
     "Fisher RI, Rosenberg SA, Fyfe G. Long-term survival update for high-dose recombinant "
     "interleukin-2 in patients with renal cell carcinoma. *Cancer J Sci Am*. "
     "2000;6(suppl 1):S55-S57."),
    (article("atkins2000", "Atkins MB, Kunkel L, Sznol M, Rosenberg SA", "High-dose recombinant "
             "interleukin-2 therapy in patients with metastatic melanoma: long-term survival "
             "update", "Cancer J Sci Am", 2000, volume=6, issue="suppl 1", page="S11-S14"),
     "Atkins MB, Kunkel L, Sznol M, Rosenberg SA. High-dose recombinant interleukin-2 therapy "
     "in patients with metastatic melanoma: long-term survival update. *Cancer J Sci Am*. "
     "2000;6(suppl 1):S11-S14."),
    (article("fyfe1995", "Fyfe G, Fisher RI, Rosenberg SA, Sznol M, Parkinson DR, Louie AC",
             "Results of treatment of 255 patients with metastatic renal cell carcinoma who "
             "received high-dose recombinant interleukin-2 therapy", "J Clin Oncol", 1995,
             volume=13, issue=3, page="688–96"),
     "Fyfe G, Fisher RI, Rosenberg SA, Sznol M, Parkinson DR, Louie AC. Results of treatment "
     "of 255 patients with metastatic renal cell carcinoma who received high-dose recombinant "
     "interleukin-2 therapy. *J Clin Oncol*. 1995;13(3):688-696."),
    (article("buchbinder2019", "Buchbinder EI, Dutcher JP, Daniels GA, Curti BD, Patel SP, "
             "Holtan SG, Miletello GP, Fishman MN, Gonzalez R, Clark JI, Richart JM, Lao CD, "
             "Tykodi SS, Silk AW, McDermott DF", "Therapy with high-dose interleukin-2 (HD IL-2) "
             "in metastatic melanoma and renal cell carcinoma following PD1 or PDL1 inhibition",
             "J Immunother Cancer", 2019, volume="7", issue="1", page="49"),
     "Buchbinder EI, Dutcher JP, Daniels GA, et al. Therapy with high-dose interleukin-2 "
     "(HD IL-2) in metastatic melanoma and renal cell carcinoma following PD1 or PDL1 "
     "inhibition. *J Immunother Cancer*. 2019;7(1):49."),
    (article("atkins1999", "Atkins MB, Lotze MT, Dutcher JP, Fisher RI, Weiss G, Margolin K, "
             "Abrams J, Sznol M, Parkinson D, Hawkins M, Paradise C, Kunkel L, Rosenberg SA",
             "High-dose recombinant interleukin 2 therapy for patients with metastatic "
             "melanoma: analysis of 270 patients treated between 1985 and 1993",
             "J Clin Oncol", 1999, volume="17", issue="7", page="2105-2116"),
     "Atkins MB, Lotze MT, Dutcher JP, et al. High-dose recombinant interleukin 2 therapy for "
     "patients with metastatic melanoma: analysis of 270 patients treated between 1985 and "
     "1993. *J Clin Oncol*. 1999;17(7):2105-2116."),
    (article("rini2016", "Rini BI, McDermott DF, Hammers H, Bro W, Bukowski RM, Faba B, Faba J, "
             "Figlin RA, Hutson T, Jonasch E, Joseph RW, Leibovich BC, Olencki T, Pantuck AJ, "
             "Quinn DI, Seery V, Voss MH, Wood CG, Wood LS, Atkins MB", "Society for "
             "Immunotherapy of Cancer consensus statement on immunotherapy for the treatment "
             "of renal cell carcinoma", "J Immunother Cancer", 2016, volume="4", page="81"),
     "Rini BI, McDermott DF, Hammers H, et al. Society for Immunotherapy of Cancer consensus "
     "statement on immunotherapy for the treatment of renal cell carcinoma. "
     "*J Immunother Cancer*. 2016;4:81."),
]


def plain(nodes) -> str:
    """The text a reader sees, with styling dropped."""
    return "".join(n.text if isinstance(n, Text) else plain(n.children)
                   for n in nodes if isinstance(n, (Text, Styled)))


def test_seed_journal_references_in_one_batch_keep_order():
    assert format_references([entry for entry, _ in SEED]) == [text for _, text in SEED]


@pytest.mark.parametrize("entry,expected", SEED, ids=[e["id"] for e, _ in SEED])
def test_seed_reference_alone(entry, expected):
    assert format_references([entry]) == [expected]


def test_author_truncation_boundary():
    six = article("six", "A A, B B, C C, D D, E E, F F", "T", "J", 2020, volume=1, page="1")
    seven = article("seven", "A A, B B, C C, D D, E E, F F, G G", "T", "J", 2020, volume=1,
                    page="1")
    six_out, seven_out = format_references([six, seven])
    assert six_out.startswith("A A, B B, C C, D D, E E, F F. T.")
    assert seven_out.startswith("A A, B B, C C, et al. T.")


def test_markup_characters_in_fields_read_back_as_literal_text():
    title = r"IL-2 & <b>PD-1</b> *not italic* [@key] {value} ^2^ ~x~ back\slash"
    entry = article("esc", "O'Brien P", title, "J & <Co>", 2020, volume=1, page="1")
    (out,) = format_references([entry])
    nodes, errors = parse(out)
    assert errors == ()
    assert plain(nodes) == f"O'Brien P. {title}. J & <Co>. 2020;1:1."
    assert [n for n in nodes if isinstance(n, Styled)][0].style == "italic"


def test_ids_differing_only_in_case_do_not_collide():
    a = article("Smith2019", "Smith A", "First", "J", 2019, volume=1, page="1")
    b = article("smith2019", "Smith B", "Second", "J", 2019, volume=1, page="2")
    assert [r.split(".")[1].strip() for r in format_references([a, b])] == ["First", "Second"]


def test_other_types():
    book = {"id": "pi", "type": "book", "title": "Proleukin [package insert]",
            "publisher": "Clinigen, Inc", "publisher-place": "Yardley, PA",
            "issued": {"date-parts": [[2019]]}}
    edited = {"id": "ed", "type": "book", "title": "Oxford textbook of medicine",
              "editor": authors("Firth J, Conlon C"), "edition": 6,
              "publisher": "Oxford University Press", "issued": {"date-parts": [[2020]]}}
    web = {"id": "nccn", "type": "webpage", "title": "NCCN Guidelines®. Kidney cancer. "
           "Version 3.2021", "issued": {"date-parts": [[2021, 3, 22]]},
           "URL": "https://www.nccn.org", "accessed": {"date-parts": [[2021, 5, 14]]}}
    report = {"id": "rep", "type": "report", "title": "Cancer statistics",
              "author": [{"literal": "World Health Organization"}], "publisher": "WHO",
              "issued": {"date-parts": [[2020]]}}
    assert format_references([book, edited, web, report]) == [
        r"*Proleukin \[package insert]*. Clinigen, Inc; 2019.",
        "Firth J, Conlon C, eds. *Oxford Textbook of Medicine*. 6th ed. "
        "Oxford University Press; 2020.",
        "NCCN Guidelines®. Kidney cancer. Version 3.2021. March 22, 2021. "
        "Accessed May 14, 2021. [https://www.nccn.org](https://www.nccn.org)",
        "World Health Organization. *Cancer Statistics*. WHO; 2020.",
    ]


def test_question_mark_title_takes_no_extra_period():
    entry = article("q", "Doe J", "Is high-dose IL-2 still relevant?", "J", 2020, volume=1,
                    page="1")
    assert format_references([entry]) == ["Doe J. Is high-dose IL-2 still relevant? *J*. 2020;1:1."]


@pytest.mark.parametrize("entry", [
    {"id": "empty"},
    {"id": "t", "title": "Only a title"},
    {"id": "u", "type": "no-such-type", "title": "T", "author": "Corporate Body"},
    {"id": "d", "type": "article-journal", "title": "T", "issued": {"date-parts": "2019"}},
    {"id": "n", "type": "article-journal", "author": [{"given": "Only"}, {}, None], "page": 5},
    {"id": "x", "type": "article-journal", "issued": {"date-parts": [[None]]}, "volume": None},
    {"id": "y", "type": "book", "issued": "2019", "note": "n", "custom-field": {"a": 1}},
])
def test_incomplete_entries_do_not_crash(entry):
    (out,) = format_references([entry, SEED[1][0]])[:1]
    assert out and isinstance(out, str)
    assert parse(out)[1] == ()


def test_empty_input():
    assert format_references([]) == []
