"""AMA 11 chapter 3 rules that the CSL style cannot express, one test per Manual section
(the examples are the Manual's own where it gives one)."""

from __future__ import annotations

from leafwright.resolve import ama
from leafwright.resolve.ama import publisher_name
from tests.resolve.test_ama import format_entries, format_references  # no-break spaces read as spaces


def person(family: str, given: str, **more) -> dict:
    return {"family": family, "given": given, **more}


def journal(authors: list[dict], **more) -> dict:
    return {"id": "x", "type": "article-journal", "author": authors, "title": "T",
            "container-title": "JAMA", "issued": {"date-parts": [[2020]]}, "volume": "1",
            "page": "1-2", "DOI": "10.1/x", **more}


DOE = [person("Doe", "J. F."), person("Roe", "J. P.", suffix="III"), person("Coe", "R. T.", suffix="Jr"),
       person("Loe", "J. T.", suffix="Sr"), person("Poe", "E. A."),
       person("Voe", "A. E.", **{"non-dropping-particle": "van"})]
GROUP = {"literal": "Laser ROP Study Group"}


def test_3_7_2_one_author_and_a_group():
    (out,) = format_references([journal([DOE[0], GROUP])])
    assert out.startswith("Doe JF; Laser ROP Study Group. T. *JAMA*.")


def test_3_7_2_more_than_6_authors_then_et_al_then_the_group():
    (out,) = format_references([journal([*DOE, person("Zoe", "A."), GROUP])])
    assert out.startswith("Doe JF, Roe JP III, Coe RT Jr, et al; Laser ROP Study Group. T.")


def test_3_7_2_a_group_in_the_middle_of_the_list_is_not_a_person():
    (out,) = format_references([journal([person("McDermott", "David F."),
                                          {"literal": "CheckMate 214 Investigators"}])])
    assert out.startswith("McDermott DF; CheckMate 214 Investigators. T.")


def test_3_7_six_persons_print_as_citeproc_prints_them():
    (out,) = format_references([journal(DOE)])
    assert out.startswith("Doe JF, Roe JP III, Coe RT Jr, Loe JT Sr, Poe EA, van Voe AE. T.")


def test_3_7_hyphenated_given_names_keep_the_hyphen_in_initials():
    (out,) = format_references([journal([person("Sun", "Xiao-Ling"), person("Zhou", "Jing")])])
    assert out.startswith("Sun X-L, Zhou J. T.")


def book(**more) -> dict:
    return {"id": "b", "type": "book", "author": [person("Sacks", "Oliver")],
            "title": "Hallucinations", "publisher": "Alfred A. Knopf",
            "issued": {"date-parts": [[2012]]}, **more}


def test_3_12_1_a_first_edition_is_not_indicated_nor_warned_about():
    for first in ("1", "1st", "First edition", "1st ed."):
        (done,) = format_entries([book(edition=first)])
        assert done.markup == "Sacks O. *Hallucinations*. Alfred A Knopf; 2012."
        assert done.problems == ()
    (done,) = format_entries([book(edition="2")])
    assert "*Hallucinations*. 2nd ed. Alfred A Knopf" in done.markup


def test_3_12_2_publishers_without_periods_and_dept():
    assert publisher_name("Alfred A. Knopf") == "Alfred A Knopf"
    assert publisher_name("Merck & Co., Inc.") == "Merck & Co, Inc"
    assert publisher_name("Australian Government Department of Health") == \
        "Australian Government Dept of Health"
    assert publisher_name("F.A. Davis Company") == "FA Davis Company"
    assert publisher_name("Oxford University Press") == "Oxford University Press"


def test_3_12_2_et_al_before_eds_has_no_period():
    editors = [person(f"E{i}", "A") for i in range(7)]
    (out,) = format_references([{"id": "b", "type": "book", "editor": editors, "title": "B",
                                 "publisher": "P", "issued": {"date-parts": [[2014]]}}])
    assert out == "E0 A, E1 A, E2 A, et al, eds. *B*. P; 2014."


def test_3_11_single_page_range_is_one_page():
    (out,) = format_references([journal([person("Butler", "Declan")], page="564-564")])
    assert "2020;1:564. " in out


def test_3_11_u2010_hyphens_print_as_ascii_hyphens():
    (out,) = format_references([journal([person("Li", "X")], title="Long\u2010term follow\u2011up",
                                        page="231\u2010238")])
    assert "Long-term follow-up. *JAMA*. 2020;1:231-238." in out


def newspaper(**more) -> dict:
    return {"id": "n", "type": "article-newspaper", "author": [person("Liptak", "Adam")],
            "title": "Yale finds error", "container-title": "The New York Times",
            "issued": {"date-parts": [[2015, 12, 8]]}, **more}


def test_3_13_1_newspaper_names_are_not_abbreviated_and_section_goes_with_the_page():
    (done,) = format_entries([newspaper(section="A", page="24")])
    assert done.markup == "Liptak A. Yale finds error. *New York Times*. December 8, 2015:A24."
    assert done.problems == ()  # no journal-abbreviation or DOI warning for a newspaper


def registry(site: str, **more) -> dict:
    return {"id": "r", "type": "webpage", "author": [{"literal": "German Cancer Research Center"}],
            "title": "Use of ASA", "container-title": site, "number": "2011-005603-32/DE",
            "issued": {"date-parts": [[2012, 5, 30]]}, "accessed": {"date-parts": [[2019, 11, 2]]},
            "URL": "https://www.clinicaltrialsregister.eu/ctr-search/trial/2011-005603-32/DE", **more}


def test_3_15_8_registry_labels_and_posted_dates():
    for site, label in (("EU Clinical Trials Register", "EudraCT"), ("EudraCT", "EudraCT"),
                        ("ISRCTN registry", "ISRCTN"), ("ANZCTR", "ANZCTR"),
                        ("ClinicalTrials.gov", "ClinicalTrials.gov")):
        (done,) = format_entries([registry(site)])
        assert done.markup.startswith(
            f"German Cancer Research Center. Use of ASA. {label} identifier: 2011-005603-32/DE. "
            "Posted May 30, 2012. Accessed November 2, 2019. "), site
        assert done.problems == ()


def test_3_15_8_a_registry_record_updated():
    (out,) = format_references([registry("ClinicalTrials.gov", number="NCT02116010",
                                         issued=None, updated="2015-07-23")])
    assert "ClinicalTrials.gov identifier: NCT02116010. Updated July 23, 2015. Accessed" in out


def test_3_13_4_a_bare_presentation_genre_is_not_repeated():
    talk = {"id": "t", "type": "speech", "author": [person("Doe", "J")], "title": "Talk",
            "genre": "Presentation", "event-title": "ASCO Annual Meeting",
            "event-date": "2019-06-01", "event-place": "Chicago, IL"}
    (done,) = format_entries([talk])
    assert done.markup == "Doe J. Talk. Presented at: ASCO Annual Meeting; June 1, 2019; Chicago, IL."
    assert done.problems == ()
    (out,) = format_references([{**talk, "genre": "Poster"}])
    assert "Poster presented at: ASCO Annual Meeting" in out


def test_no_break_spaces_where_ama_never_breaks():
    """"(suppl 1)", "et al" and a journal abbreviation's short words ("J Immunother") never
    end a line; a long abbreviation still can, since a word wider than its column is an
    error."""
    entry = journal([*DOE, person("Zoe", "A.")], **{"container-title": "Journal of Immunotherapy",
                                                  "issue": "3", "supplement-number": "1"})
    (done,) = ama.format_entries([entry])
    assert "Coe RT Jr, et\u00a0al. T. *J\u00a0Immunother*. 2020;1(3 suppl\u00a01):1-2." in done.markup
    (done,) = ama.format_entries([book(title="The Art of It")])
    assert "\u00a0" not in done.markup
