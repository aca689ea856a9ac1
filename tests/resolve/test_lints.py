"""The reviewer's lints: each fires where it should, stays quiet where it should, and turns off."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from leafwright.load.publication import load_publication
from leafwright.resolve import document as d
from leafwright.resolve.resolver import resolve_publication
from tests.conftest import write_publication

REFS = """
- {id: ref1, text: "Reference one."}
- {id: ref2, text: "Reference two."}
"""
DATA = """
values: {k: 9, n: 40, c: 37, big: 255}
stats:
  small: {count: k, of: n}
  large: {count: c, of: big}
"""


def lint_run(tmp_path: Path, body: str, publication: str = "", notes: str = "", data: str = DATA):
    """(lint warnings as (lint, line, col, message), the document, every diagnostic)."""
    root = write_publication(tmp_path / "pub", {
        "publication.yaml": f"data: data.yaml\nreferences: refs.yaml\ndocuments: [a.yaml]\n{publication}",
        "data.yaml": data, "refs.yaml": REFS,
        "a.yaml": f"id: a\nnotes:\n  {notes or 'unused: x[@ref1][@ref2]'}\n"
                  f"body:\n  - paragraph: x[@ref1][@ref2]\n{body}"})
    pub, load_diags = load_publication(root)
    assert pub is not None, [str(x) for x in load_diags]
    docs, diags = resolve_publication(pub)
    found = []
    for x in load_diags + diags:
        if x.severity == "warning" and x.message.endswith("]") and " [" in x.message:
            message, _, lint = x.message.rpartition(" [")
            assert os.path.basename(x.span.file) == "a.yaml"
            found.append((lint[:-1], x.span.line, x.span.col, message))
    return found, docs[0] if docs else None, load_diags + diags


def lints(found, name):
    return [f for f in found if f[0] == name]


def paragraph_texts(doc):
    return ["".join(r.text for r in b.text) for b in doc.blocks if isinstance(b, d.RParagraph)]


# --- typed-number ---------------------------------------------------------------------------

def test_typed_numbers_fire_at_their_column(tmp_path):
    found, _, _ = lint_run(tmp_path, "  - paragraph: \"About 34% of patients, 12/40 of them, "
                                     "and 2.5 % more.[@ref1]\"\n")
    typed = lints(found, "typed-number")
    assert [(line, col) for _, line, col, _ in typed] == [(6, 23), (6, 40), (6, 59)]
    assert "'34%' is typed into the copy" in typed[0][3]
    assert "'12/40'" in typed[1][3] and "'2.5 %'" in typed[2][3]


def test_printed_stats_and_other_slashes_are_not_typed_numbers(tmp_path):
    found, _, _ = lint_run(tmp_path, "  - paragraph: \"{small:pct} ({small:frac}) after PD-1/PD-L1 at 600,000 IU/kg, "
                                     "{k} of {n}.[@ref1]\"\n")
    assert lints(found, "typed-number") == []


# --- stat-precision --------------------------------------------------------------------------

def test_decimals_on_fewer_than_100_fire(tmp_path):
    found, _, _ = lint_run(tmp_path, "  - paragraph: \"{small:pct1} and {large:pct1}, {small:pct}.[@ref1]\"\n")
    (hit,) = lints(found, "stat-precision")
    assert hit[1:3] == (6, 17)
    assert "'22.5%' has decimals on a percentage of 40 (fewer than 100" in hit[3]


def test_document_default_decimals_count(tmp_path):
    found, _, _ = lint_run(tmp_path, "  - paragraph: \"{small} and {large}.[@ref1]\"\n",
                           data=DATA + "format: {percent: {decimals: 1}}\n")
    assert [h[2] for h in lints(found, "stat-precision")] == [17]


# --- uncited-stat --------------------------------------------------------------------------------

def test_a_sentence_with_a_stat_and_no_citation(tmp_path):
    found, _, _ = lint_run(tmp_path, "  - paragraph: \"Cited {large:pct}.[@ref1] Uncited {small:pct} here. "
                                     "Third {large:frac} cited.[@ref2]\"\n")
    (hit,) = lints(found, "uncited-stat")
    assert hit[1:3] == (6, 51)
    assert hit[3] == "'23%' printed in a sentence that cites nothing: 'Uncited 23% here.'"


def test_a_note_that_cites_counts_and_one_that_does_not_does_not(tmp_path):
    found, _, _ = lint_run(tmp_path, "  - paragraph: \"{small:pct} responded.[^src] {large:pct} too.[^bare]\"\n",
                           notes="src: From the trial.[@ref1]\n  bare: No source.")
    (hit,) = lints(found, "uncited-stat")
    assert "'15%' printed in a sentence that cites nothing" in hit[3]


def test_a_table_row_and_a_callout_are_one_unit_and_charts_are_exempt(tmp_path):
    found, _, _ = lint_run(tmp_path, """\
  - table:
      rows:
        - ["Response[@ref1]", "{small}"]
        - ["Other", "{large}"]
  - callouts:
      - {value: "{small:pct}", label: "responded[@ref2]"}
      - {value: "{large:pct}", label: "did not"}
  - chart: {categories: [A], series: [{name: S, values: [small]}]}
""")
    hits = lints(found, "uncited-stat")
    assert [h[1] for h in hits] == [9, 12]
    assert "'Other | 15% (37/255)'" in hits[0][3] and "'15% | did not'" in hits[1][3]


# --- superscript-collision ------------------------------------------------------------------------

def test_a_citation_after_a_superscript_gets_a_thin_space(tmp_path):
    found, doc, _ = lint_run(tmp_path, "  - paragraph: \"Area 50 cm^2^[@ref1] and 3 m²[@ref2] and 4 cm^2^ [@ref1]\"\n")
    hits = lints(found, "superscript-collision")
    assert [h[1:3] for h in hits] == [(6, 30), (6, 46)]
    assert "superscript '1' follows the superscript '2'" in hits[0][3] and "thin no-break space" in hits[0][3]
    para = [b for b in doc.blocks if isinstance(b, d.RParagraph)][1]
    texts = [(r.text, "sup" in r.styles or r.marks) for r in para.text]
    assert texts[1:4] == [("2", True), ("\u00a0", True), ("1", True)]
    assert ("m²", False) in [(t.split()[-1], s) for t, s in texts if t.strip()]


def test_no_collision_without_a_superscript_before(tmp_path):
    found, _, _ = lint_run(tmp_path, "  - paragraph: \"Area 50 cm2[@ref1] and cm^2^ more.[@ref2]\"\n")
    assert lints(found, "superscript-collision") == []


# --- citation-punctuation ---------------------------------------------------------------------------

PUNCT = "  - paragraph: \"One[@ref1]. Two,[@ref2] three;[@ref1] four[@ref2]: five.[@ref1] six[@ref2];\"\n"


def test_wrong_side_of_punctuation_warns(tmp_path):
    found, doc, _ = lint_run(tmp_path, PUNCT)
    hits = lints(found, "citation-punctuation")
    assert [(h[2], h[3].split(";")[0]) for h in hits] == [
        (20, "superscript '1' is before a period"), (47, "superscript '1' is after a semicolon")]
    assert paragraph_texts(doc)[1] == "One1. Two,2 three;1 four2: five.1 six2;"  # as written


def test_ama_punctuation_moves_the_superscripts(tmp_path):
    found, doc, _ = lint_run(tmp_path, PUNCT, publication="citations: {punctuation: ama}\n")
    assert lints(found, "citation-punctuation") == []
    para = [b for b in doc.blocks if isinstance(b, d.RParagraph)][1]
    assert "".join(r.text for r in para.text) == "One.1 Two,2 three1; four2: five.1 six2;"
    marks = [r.text for r in para.text if r.marks]
    assert marks == ["1", "2", "1", "2", "1", "2"]


# --- turning lints off ---------------------------------------------------------------------------

def test_each_lint_turns_off(tmp_path):
    body = PUNCT + "  - paragraph: \"About 34%. Then {small:pct1} cm^2^[@ref1] here. Then {small:pct} alone.\"\n"
    on, _, _ = lint_run(tmp_path / "on", body)
    assert {f[0] for f in on} == {"typed-number", "stat-precision", "uncited-stat", "superscript-collision",
                                  "citation-punctuation"}
    for name in sorted({f[0] for f in on}):
        off, _, diags = lint_run(tmp_path / name, body, publication=f"lints: {{{name}: false}}\n")
        assert {f[0] for f in off} == {f[0] for f in on} - {name}
        assert not [x for x in diags if x.severity == "error"]


def test_an_unknown_lint_is_an_error_with_a_suggestion(tmp_path):
    _, _, diags = lint_run(tmp_path, "", publication="lints: {typed-numbers: false, uncited-stat: maybe}\n")
    errors = [(x.span.line, x.span.col, x.message) for x in diags if x.severity == "error"]
    assert errors[0][:2] == (4, 9)
    assert errors[0][2].startswith("unknown lint 'typed-numbers'; did you mean 'typed-number'?")
    assert errors[1] == (4, 45, "lint 'uncited-stat' must be true or false")


@pytest.mark.parametrize("value", ["[typed-number]", "off"])
def test_lints_must_be_a_mapping(tmp_path, value):
    _, _, diags = lint_run(tmp_path, "", publication=f"lints: {value}\n")
    assert [x.message for x in diags if x.severity == "error"] == [
        "lints must be a mapping of lint name: true or false"]


def test_every_lint_goes_through_one_path():
    """Reviewer.lint is the only reader of the switches (reference lints included), so a new
    lint is one call; a name missing from LINTS, which publication.yaml could not turn off,
    is refused there."""
    from types import SimpleNamespace

    import leafwright
    from leafwright.diagnostics import Diagnostics, Span
    from leafwright.load.model import LINTS
    from leafwright.resolve.review import Reviewer

    src = Path(leafwright.__file__).parent
    readers = sorted(p.relative_to(src).as_posix() for p in src.rglob("*.py")
                     if "lints_off" in p.read_text(encoding="utf-8") or ".pub.lint(" in p.read_text(encoding="utf-8"))
    assert readers == ["load/model.py", "load/publication.py", "resolve/review.py"]
    diags = Diagnostics()
    review = Reviewer(SimpleNamespace(lint=lambda name: name != "doi"), None, {}, diags)
    with pytest.raises(KeyError, match="typed-numbers"):
        review.lint("typed-numbers", Span("a.yaml"), "x")
    assert review.lint("typed-number", Span("a.yaml"), "typed") and not review.lint("doi", Span("a.yaml"), "off")
    assert review.lint("unprinted-field", Span("a.yaml"), "reference 'r': untagged", tagged=False)
    assert [x.message for x in diags.items] == ["typed [typed-number]", "reference 'r': untagged"]
    assert set(LINTS) >= {"typed-number", "doi", "unprinted-field"}
