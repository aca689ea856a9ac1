"""Every number printed is a row with a status; each planted fault is flagged at its
FILE:LINE:COL or as the right row and status (issue 15)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from leafwright.load.publication import load_publication
from leafwright.resolve.citations import group_text
from leafwright.resolve.resolver import resolve_publication
from leafwright.resolve.review import exact_digits
from leafwright.resolve.typed import tokens
from tests.conftest import write_publication

REFS = """
- {id: pi, text: "Prescribing information."}
- {id: fyfe1995, text: "Fyfe G, et al."}
- {id: other, text: "Another work."}
"""
DATA = """
values:
  k: 38
  n: 46
  cr: 17
  enrolled: 255
  orr_pi: {value: 37, unit: "%", source: [pi]}
  plain: 37
stats:
  ltpfs: {count: k, of: n}
  mrcc_cr: {count: cr, of: enrolled, source: [fyfe1995]}
  maintained: {count: 10, of: cr}
"""


def run(tmp_path: Path, body: str, notes: str = "", data: str = DATA):
    """(every diagnostic as (severity, line, col, message), the document's claims)."""
    root = write_publication(tmp_path / "pub", {
        "publication.yaml": "data: data.yaml\nreferences: refs.yaml\ndocuments: [a.yaml]\n",
        "data.yaml": data, "refs.yaml": REFS,
        "a.yaml": f"id: a\nnotes:\n  {notes or 'unused: x[@pi][@other]'}\nbody:\n  - paragraph: x[@pi][@fyfe1995][@other]\n"
                  f"{body}"})
    pub, load_diags = load_publication(root)
    assert pub is not None, [str(x) for x in load_diags]
    docs, diags = resolve_publication(pub)
    found = [(x.severity, x.span.line, x.span.col, x.message) for x in load_diags + diags
             if os.path.basename(x.span.file) == "a.yaml"]
    return found, docs[0].claims


def rows(claims, kind=None):
    return [c for c in claims if kind is None or c.kind == kind]


def only(found, text):
    hits = [f for f in found if text in f[3]]
    assert len(hits) == 1, (text, found)
    return hits[0]


# --- priority 1: a '%' after a count, total or value -------------------------------------------

def test_a_percent_after_a_count_is_an_error_with_the_fix_and_never_matches(tmp_path):
    found, claims = run(tmp_path, '  - paragraph: "In all, {mrcc_cr:count}% responded.[@fyfe1995]"\n')
    severity, line, col, message = only(found, "typed '%'")
    assert (severity, line, col) == ("error", 6, 25)
    assert "{mrcc_cr:count}%' prints the count 17" in message and "17/255 is 7%" in message
    assert message.endswith("write {mrcc_cr:pct}")
    (row,) = [c for c in rows(claims, "stat") if c.name == "mrcc_cr"]
    assert (row.value, row.status) == ("17%", "mismatch")
    assert "matches" not in row.check and "17/255 is 7%" in row.check


def test_a_percent_after_the_total_too(tmp_path):
    found, _ = run(tmp_path, '  - paragraph: "{mrcc_cr:of} %[@fyfe1995]"\n')
    assert "prints the total 255" in only(found, "typed '%'")[3]


def test_a_percent_after_a_value_is_unverified_unless_declared_sourced(tmp_path):
    found, claims = run(tmp_path, '  - paragraph: "Response {plain}%.[@pi] Response {orr_pi}%.[@pi]"\n')
    severity, line, col, message = only(found, "value-percent")
    assert (severity, line, col) == ("warning", 6, 26)
    assert "a percentage nothing computed" in message
    plain, sourced = rows(claims, "value")
    assert (plain.value, plain.status) == ("37%", "unverified")
    assert (sourced.value, sourced.status) == ("37%", "sourced") and "pi" in sourced.check


# --- priority 2: typed numbers compared with their neighbours -------------------------------------

def test_a_typed_percentage_beside_a_stat_that_contradicts_it_is_an_error_naming_both(tmp_path):
    found, claims = run(tmp_path, '  - paragraph: "93% ({ltpfs:frac}) achieved a CR.[@pi]"\n')
    severity, line, col, message = only(found, "typed-mismatch")
    assert (severity, line, col) == ("error", 6, 17)
    assert "typed '93%'" in message and "{ltpfs} = 38/46" in message and "83%" in message
    (typed,) = rows(claims, "typed")
    assert typed.status == "mismatch" and "DOES NOT MATCH" in typed.check


def test_a_typed_claim_with_a_wrong_total(tmp_path):
    found, claims = run(tmp_path, '  - paragraph: "Complete response in {mrcc_cr:pct}, 7% (17/225).[@fyfe1995]"\n')
    assert "typed '7% (17/225)'" in only(found, "typed-mismatch")[3]
    assert [c.status for c in rows(claims, "typed")] == ["mismatch"]


def test_a_typed_number_that_agrees_is_checked(tmp_path):
    found, claims = run(tmp_path, '  - paragraph: "83% ({ltpfs:frac}) achieved a CR; nearly 60% ({maintained:frac})'
                                  ' kept it.[@pi]"\n')
    assert not [f for f in found if f[0] == "error"]
    assert [(c.value, c.status) for c in rows(claims, "typed")] == [("83%", "checked"), ("60%", "checked")]


def test_a_bound_that_does_not_hold(tmp_path):
    found, claims = run(tmp_path, '  - paragraph: "Over 90% ({ltpfs:frac}) did.[@pi]"\n')
    assert "'over 90%' does not hold" in only(found, "typed-mismatch")[3]


def test_silenced_where_it_stands_with_the_reason_in_the_row(tmp_path):
    found, claims = run(tmp_path, '  - paragraph: "93%[!ok: as the source prints it] ({ltpfs:frac}) did.[@pi]"\n')
    assert not [f for f in found if "typed-mismatch" in f[3]]
    (typed,) = rows(claims, "typed")
    assert (typed.status, typed.silenced) == ("mismatch", "as the source prints it")


@pytest.mark.parametrize("text, exempt", [
    ("95% CI", "CI level"), ("Grade 3/4", "grade"), ("ECOG PS 1", "performance status"),
    ("≥ 50%", "threshold"), ("> 90%", "threshold"), ("10%-20%", "range"), ("7 to 131+", "range"),
])
def test_exemptions_are_rows_but_not_findings(tmp_path, text, exempt):
    found, claims = run(tmp_path, f'  - paragraph: "Patients with {text} had events.[@pi]"\n')
    assert not [f for f in found if "typed-number" in f[3]]
    typed = rows(claims, "typed")
    assert typed and {c.exempt for c in typed} == {exempt}
    assert {c.status for c in typed} == {"unverified"}


def test_every_typed_number_is_a_row_with_a_status(tmp_path):
    found, claims = run(tmp_path, '  - paragraph: "Proleukin (600,000 IU/kg) every 8 hours for 5 days; '
                                  'about 34% of 1,122 patients.[@pi]"\n')
    typed = rows(claims, "typed")
    assert [c.value for c in typed] == ["600,000", "8", "5", "34%", "1,122"]
    assert all(c.status == "unverified" for c in typed)
    assert [f[3] for f in found if "typed-number" in f[3]] == [
        "'34%' is typed into the copy; print it from a stat ({name:pct}, {name:frac}) so it is computed "
        "and checked [typed-number]"]


def test_names_with_digits_are_not_numbers():
    found_tokens = tokens("PD-1/PD-L1 and IL-2 at 600,000")
    assert [t.text for t in found_tokens] == ["600,000"]


def test_vs_and_et_al_do_not_end_a_sentence(tmp_path):
    found, claims = run(tmp_path, '  - paragraph: "Fyfe et al. reported {mrcc_cr:pct} vs. 9 (no. 4).[@fyfe1995]"\n')
    (stat,) = rows(claims, "stat")
    assert stat.references == ("2. Fyfe G, et al.",) and stat.sentence.endswith("(no. 4).[2]")


# --- priority 3: support per claim ---------------------------------------------------------------

def test_a_citation_supports_the_claim_it_follows_and_notes_are_shown_apart(tmp_path):
    found, claims = run(tmp_path, '  - paragraph: "CR {mrcc_cr:pct}[@fyfe1995] and {ltpfs:pct}[@other][^n] '
                                  'all told.[@pi]"\n', notes="n: {text: 'From the label.[@pi]'}")
    cr, lt = rows(claims, "stat")
    assert cr.references == ("2. Fyfe G, et al.",)
    assert lt.references == ("3. Another work.",) and lt.via == ("*: 1. Prescribing information.",)


def test_locators_print_ama_style_and_appear_in_the_matrix(tmp_path):
    found, claims = run(tmp_path, '  - paragraph: "CR {mrcc_cr:pct}[@fyfe1995, table 2; @pi, p 4]."\n')
    (group,) = [c for c in rows(claims, "citation") if "(" in c.value]
    assert group.value == "1(p4),2(table 2)"
    (stat,) = rows(claims, "stat")
    assert stat.references == ("1. Prescribing information., p 4", "2. Fyfe G, et al., table 2")
    assert group_text([1, 2, 3, 5], [], {5: "pp 10-12"}) == "1-3,5(pp10-12)"


def test_a_stat_source_the_sentence_does_not_cite(tmp_path):
    found, _ = run(tmp_path, '  - paragraph: "CR {mrcc_cr:pct}.[@pi]"\n')
    severity, line, col, message = only(found, "stat-source")
    assert (severity, line, col) == ("warning", 6, 20)
    assert "taken from fyfe1995" in message


def test_a_table_header_citation_covers_its_rows(tmp_path):
    found, claims = run(tmp_path, '  - table:\n      header: ["Response[@fyfe1995]", "n"]\n'
                                  '      rows:\n        - ["CR", "{mrcc_cr}"]\n        - ["All", "{ltpfs}"]\n')
    assert not [f for f in found if "uncited-stat" in f[3]]
    assert all(c.references == ("2. Fyfe G, et al.",) for c in rows(claims, "stat"))


# --- priority 4: exact formulas ------------------------------------------------------------------

@pytest.mark.parametrize("count, total, decimals, shown", [
    (17, 255, 0, "6.667"), (8, 17, 1, "47.0588"), (9, 40, 0, "22.5"), (38, 46, 0, "82.609"), (1, 8, 1, "12.5"),
])
def test_exact_digits_justify_the_rounding(count, total, decimals, shown):
    from fractions import Fraction

    assert exact_digits(Fraction(count, total) * 100, decimals) == shown


def test_a_tie_is_marked_with_the_rule(tmp_path):
    data = DATA.replace("maintained: {count: 10, of: cr}", "tie: {count: 9, of: 40}")
    _, claims = run(tmp_path, '  - paragraph: "{tie:pct}[@pi]"\n', data=data)
    (stat,) = rows(claims, "stat")
    assert stat.formula == "9/40 = 22.5% exactly, a tie → 23% (half-up rounds a tie up)"


def test_claim_ids_are_stable_and_unique(tmp_path):
    body = '  - paragraph: "CR {mrcc_cr:pct} and {mrcc_cr:pct}, 8 and 9.[@pi]"\n'
    _, first = run(tmp_path / "1", body)
    _, second = run(tmp_path / "2", body.replace("8 and 9", "8 and 10"))
    assert len({c.id for c in first}) == len(first)
    assert [c.id for c in first] == [c.id for c in second]


def test_lints_on_the_block_silence_its_findings_with_the_reason(tmp_path):
    found, claims = run(tmp_path, '  - paragraph: "93% ({ltpfs:frac}) did. About 40% more."\n'
                                  '    lints: {typed-mismatch: "the source rounds this way", uncited-stat: "see table"}\n')
    assert not [f for f in found if "typed-mismatch" in f[3] or "uncited-stat" in f[3]]
    assert [f[1:3] for f in found if "typed-number" in f[3]] == [(6, 47)]  # not named: still reported
    typed = rows(claims, "typed")
    assert [(c.status, c.silenced) for c in typed] == [("mismatch", "the source rounds this way"),
                                                       ("unverified", "")]


def test_an_unknown_lint_on_a_block_is_an_error(tmp_path):
    root = write_publication(tmp_path / "pub", {
        "publication.yaml": "documents: [a.yaml]\n",
        "a.yaml": "id: a\nbody:\n  - paragraph: x\n    lints: {typed-numbers: why}\n"})
    _, diags = load_publication(root)
    assert any("unknown key 'typed-numbers'" in x.message and "typed-number" in x.message for x in diags)


def test_a_source_that_is_not_a_reference_is_an_error_at_the_stat(tmp_path):
    root = write_publication(tmp_path / "pub", {
        "publication.yaml": "data: data.yaml\nreferences: refs.yaml\ndocuments: [a.yaml]\n",
        "data.yaml": DATA.replace("source: [fyfe1995]", "source: [fyfe1996]"), "refs.yaml": REFS,
        "a.yaml": "id: a\nbody:\n  - paragraph: x[@pi][@fyfe1995][@other]\n"})
    pub, _ = load_publication(root)
    _, diags = resolve_publication(pub)
    (error,) = [x for x in diags if x.severity == "error"]
    assert (os.path.basename(error.span.file), error.span.line) == ("data.yaml", 10)
    assert error.message == "stat 'mrcc_cr': source 'fyfe1996' is not a reference; did you mean 'fyfe1995'?"


def test_a_one_decimal_interval_on_forty_is_a_precision_finding(tmp_path):
    data = DATA.replace("maintained: {count: 10, of: cr}", "small: {count: 9, of: 40}") + \
        "format: {percent: {decimals: 1}}\n"
    found, _ = run(tmp_path, '  - paragraph: "{small:pct0} ({small:ci}).[@pi]"\n', data=data)
    severity, line, col, message = only(found, "interval")
    assert (severity, line, col) == ("warning", 6, 31) and "fewer than 100" in message
