"""Load + resolve end to end on small publications: numbers, markers, values, checks, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leafwright.load.publication import load_publication
from leafwright.resolve import document as d
from tests.conftest import Result, resolve


def clean(tmp_path: Path, files: dict[str, str]) -> Result:
    """Resolve a publication that must have no errors and no warnings."""
    result = resolve(tmp_path, files)
    assert not result.diags, [str(x) for x in result.diags]
    return result


def blocks(doc, kind):
    out = []

    def walk(bs):
        for b in bs:
            if isinstance(b, kind):
                out.append(b)
            if isinstance(b, d.RPanel):
                walk(b.body)
            elif isinstance(b, d.RColumns):
                for col in b.columns:
                    walk(col)
    walk(doc.blocks)
    return out


def paragraphs(doc) -> list[str]:
    return [d.plain_text(b.text) for b in blocks(doc, d.RParagraph)]


def notes(doc) -> list[tuple[str, str]]:
    (block,) = blocks(doc, d.RNotes)
    return [(n.marker, d.plain_text(n.text)) for n in block.notes]


def references(doc) -> list[tuple[int, str]]:
    (block,) = blocks(doc, d.RReferences)
    return [(r.number, d.plain_text(r.text)) for r in block.references]


def marks(text: d.RText) -> list[str]:
    """The superscript groups of a text, in order."""
    return [r.text for r in text if r.marks]


def refs_yaml(*keys: str) -> str:
    return "\n".join(f"- {{id: {k}, text: Ref {k}.}}" for k in keys) + "\n"


def pub_yaml(*docs: str, extra: str = "") -> str:
    return (f"references: refs.yaml\ndata: data.yaml\n{extra}\n"
            f"documents: [{', '.join(docs)}]\n")


DATA = """
values:
  n: 40
  k: 9
  big: 1122
  fourteen: 14
  name: Proleukin
  mrcc: {enrolled: 255, cr: 17, pr: 20}
stats:
  orr: {count: mrcc.cr + mrcc.pr, of: mrcc.enrolled}
  rate: {count: k, of: n}
  eighth: {count: 1, of: 8}
"""


# --- citation numbers ---------------------------------------------------------------------

def test_first_cited_in_reading_order_note_citations_count_at_first_marker(tmp_path):
    r = clean(tmp_path, {
        "publication.yaml": pub_yaml("a.yaml"),
        "data.yaml": DATA,
        "refs.yaml": refs_yaml("y", "z", "x"),
        "a.yaml": """
            id: a
            notes:
              n: {series: letter, text: "Note text.[@z]"}
            body:
              - paragraph: A.[@x][^n] B.[@y]
        """,
    })
    doc = r.doc()
    (para,) = blocks(doc, d.RParagraph)
    assert d.plain_text(para.text) == "A.1,a B.3"
    assert marks(para.text) == ["1,a", "3"]
    assert [run.text for run in para.text if not run.marks] == ["A.", " B."]
    assert notes(doc) == [("a", "Note text.2")]
    assert references(doc) == [(1, "Ref x."), (2, "Ref z."), (3, "Ref y.")]


def test_reading_order_across_every_block_kind(tmp_path):
    keys = [f"r{i}" for i in range(1, 12)]
    r = clean(tmp_path, {
        "publication.yaml": pub_yaml("a.yaml"),
        "data.yaml": DATA,
        "refs.yaml": refs_yaml(*reversed(keys)),  # file order must not matter
        "a.yaml": """
            id: a
            body:
              - heading: H[@r1]
              - subheading: S[@r2]
              - bullets: ["B[@r3]"]
              - table: {header: ["T[@r4]"], rows: [["C[@r5]"]]}
              - callouts: [{value: "V[@r6]", label: "L[@r7]"}]
              - panel: {title: "P[@r8]", body: [{paragraph: "Q[@r9]"}]}
              - columns: [[{paragraph: "X[@r10]"}], [{paragraph: "Y[@r11]"}]]
        """,
    })
    doc = r.doc()
    assert [n for n, _ in references(doc)] == list(range(1, 12))
    assert [t for _, t in references(doc)] == [f"Ref {k}." for k in keys]
    assert paragraphs(doc) == ["Q9", "X10", "Y11"]
    (table,) = blocks(doc, d.RTable)
    assert d.plain_text(table.header[0]) == "T4" and d.plain_text(table.rows[0][0]) == "C5"
    (callouts,) = blocks(doc, d.RCallouts)
    assert [d.plain_text(t) for t in callouts.items[0]] == ["V6", "L7"]


def test_master_numbering(tmp_path):
    r = resolve(tmp_path, {
        "publication.yaml": pub_yaml("a.yaml", extra="citations: {numbering: master}"),
        "data.yaml": DATA,
        "refs.yaml": refs_yaml("a1", "a2", "a3", "a4", "a5"),
        "a.yaml": """
            id: a
            body:
              - paragraph: One[@a4] two[@a2; @a5]
        """,
    })
    assert not r.errors
    assert paragraphs(r.doc()) == ["One4 two2,5"]
    assert references(r.doc()) == [(2, "Ref a2."), (4, "Ref a4."), (5, "Ref a5.")]


@pytest.mark.parametrize("scope, second", [("document", "B1,2"), ("publication", "B3,1")])
def test_scope(tmp_path, scope, second):
    r = clean(tmp_path, {
        "publication.yaml": pub_yaml("a.yaml", "b.yaml", extra=f"citations: {{scope: {scope}}}"),
        "data.yaml": DATA,
        "refs.yaml": refs_yaml("p", "q", "s"),
        "a.yaml": "id: a\nbody:\n  - paragraph: A[@q; @p]\n",
        "b.yaml": "id: b\nbody:\n  - paragraph: B[@s] C[@q]\n",
    })
    assert paragraphs(r.doc("a")) == ["A1,2"]
    if scope == "document":  # each document counts from 1
        assert paragraphs(r.doc("b")) == ["B1 C2"]
        assert references(r.doc("b")) == [(1, "Ref s."), (2, "Ref q.")]
    else:  # one numbering: q keeps its number from document a, s continues at 3
        assert paragraphs(r.doc("b")) == ["B3 C1"]
        assert references(r.doc("b")) == [(1, "Ref q."), (3, "Ref s.")]


@pytest.mark.parametrize("numbering, expected", [
    ("first-cited", [(1, "Ref d."), (2, "Ref b."), (3, "Ref a."), (4, "Ref c."), (5, "Ref e.")]),
    ("master", [(1, "Ref a."), (2, "Ref b."), (3, "Ref c."), (4, "Ref d."), (5, "Ref e.")]),
])
def test_list_all(tmp_path, numbering, expected):
    r = resolve(tmp_path, {
        "publication.yaml": pub_yaml("a.yaml", extra=f"citations: {{numbering: {numbering}, list: all}}"),
        "data.yaml": DATA,
        "refs.yaml": refs_yaml("a", "b", "c", "d", "e"),
        "a.yaml": "id: a\nbody:\n  - paragraph: X[@d] Y[@b]\n",
    })
    assert references(r.doc()) == expected
    # printed, but still never cited: a warning each
    assert sorted(x.message for x in r.warnings) == [f"reference '{k}' is never cited" for k in "ace"]
    assert not r.errors


def test_list_cited_is_the_default(tmp_path):
    r = resolve(tmp_path, {
        "publication.yaml": pub_yaml("a.yaml"),
        "data.yaml": DATA,
        "refs.yaml": refs_yaml("a", "b", "c"),
        "a.yaml": "id: a\nbody:\n  - paragraph: X[@c]\n",
    })
    assert references(r.doc()) == [(1, "Ref c.")]


def test_merged_group_numbers_then_markers(tmp_path):
    r = clean(tmp_path, {
        "publication.yaml": pub_yaml("a.yaml", extra="citations: {numbering: master}"),
        "data.yaml": DATA,
        "refs.yaml": refs_yaml("clark2021", "pi", "fisher2000", "atkins2000"),
        "a.yaml": """
            id: a
            notes:
              n1: {series: letter, text: "one[@clark2021]"}
              n2: {series: letter, text: "two[@fisher2000]"}
              ps: {series: letter, text: three}
              sym: {text: symbol note}
            body:
              - paragraph: Start[^n1][^n2].
              - paragraph: Tumor burden[@pi; @atkins2000][^ps]
              - paragraph: Both[@atkins2000; @pi; @fisher2000][^sym][^ps] and run[@pi][@clark2021; @fisher2000]
        """,
    })
    doc = r.doc()
    assert paragraphs(doc) == ["Starta,b.", "Tumor burden2,4,c", "Both2-4,*,c and run1-3"]
    assert marks(blocks(doc, d.RParagraph)[2].text) == ["2-4,*,c", "1-3"]


# --- notes ------------------------------------------------------------------------------------

NOTES_DOC = """
id: a
notes:
  l1: {series: letter, text: Letter one.}
  l2: {series: letter, text: "Letter two.[@r2]"}
  s1: {series: symbol, text: Symbol one.}
  s2: Symbol two (shorthand).
body:
  - paragraph: First[^l2] then[^s2] and[^l1][^s1].
  - notes: true
  - paragraph: Again[^l2][^s2][@r1].
"""


def test_notes_block_order_content_and_repeat(tmp_path):
    r = clean(tmp_path, {
        "publication.yaml": pub_yaml("a.yaml"),
        "data.yaml": DATA,
        "refs.yaml": refs_yaml("r1", "r2"),
        "a.yaml": NOTES_DOC,
    })
    doc = r.doc()
    assert paragraphs(doc) == ["Firsta then* andb,†.", "Again2,a,*."]
    assert notes(doc) == [("*", "Symbol two (shorthand)."), ("†", "Symbol one."),
                          ("a", "Letter two.1"), ("b", "Letter one.")]
    # the notes block sits where `notes: true` is; the reference list goes to the end
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["RParagraph", "RNotes", "RParagraph", "RReferences"]
    assert d.plain_text(doc.blocks[-1].title) == "References"
    assert references(doc) == [(1, "Ref r2."), (2, "Ref r1.")]


def test_notes_order_setting(tmp_path):
    r = clean(tmp_path, {
        "publication.yaml": pub_yaml("a.yaml", extra="notes: {order: [letter, symbol]}"),
        "data.yaml": DATA,
        "refs.yaml": refs_yaml("r1", "r2"),
        "a.yaml": NOTES_DOC,
    })
    assert [mk for mk, _ in notes(r.doc())] == ["a", "b", "*", "†"]


def test_markers_restart_per_document(tmp_path):
    doc = "id: {id}\nnotes: {{n: {{series: letter, text: x}}}}\nbody:\n  - paragraph: T[^n]\n"
    r = clean(tmp_path, {
        "publication.yaml": "documents: [a.yaml, b.yaml]\n",
        "a.yaml": doc.format(id="a"),
        "b.yaml": doc.format(id="b"),
    })
    assert paragraphs(r.doc("a")) == paragraphs(r.doc("b")) == ["Ta"]


def test_doubled_markers_after_26_letter_notes(tmp_path):
    ids = [f"n{i:02}" for i in range(29)]
    note_lines = "\n".join(f"  {i}: {{series: letter, text: note {i}}}" for i in ids)
    text = " ".join(f"w[^{i}]" for i in ids)
    r = clean(tmp_path, {
        "publication.yaml": "documents: [a.yaml]\n",
        "a.yaml": f"id: a\nnotes:\n{note_lines}\nbody:\n  - paragraph: \"{text} again[^n26]\"\n",
    })
    doc = r.doc()
    assert marks(blocks(doc, d.RParagraph)[0].text) == [*"abcdefghijklmnopqrstuvwxyz", "aa", "bb", "cc", "aa"]
    printed = notes(doc)
    assert [mk for mk, _ in printed][24:] == ["y", "z", "aa", "bb", "cc"]
    assert printed[26] == ("aa", "note n26")


def test_doubled_symbol_markers(tmp_path):
    ids = [f"s{i}" for i in range(9)]
    note_lines = "\n".join(f"  {i}: symbol {i}" for i in ids)
    text = "".join(f"[^{i}]" for i in ids)
    r = clean(tmp_path, {
        "publication.yaml": "documents: [a.yaml]\n",
        "a.yaml": f"id: a\nnotes:\n{note_lines}\nbody:\n  - paragraph: \"X{text}\"\n",
    })
    assert paragraphs(r.doc()) == ["X*,†,‡,§,‖,¶,#,**,††"]


def test_custom_series(tmp_path):
    r = clean(tmp_path, {
        "publication.yaml": """
            notes:
              series: {dagger: ["†", "‡"], num: "123"}
              order: [num, dagger]
            documents: [a.yaml]
        """,
        "a.yaml": """
            id: a
            notes:
              d1: {series: dagger, text: D1}
              d2: {series: dagger, text: D2}
              d3: {series: dagger, text: D3}
              n1: {series: num, text: N1}
            body:
              - paragraph: X[^d1][^d2][^d3][^n1]
        """,
    })
    assert paragraphs(r.doc()) == ["X†,‡,††,1"]
    assert notes(r.doc()) == [("1", "N1"), ("†", "D1"), ("‡", "D2"), ("††", "D3")]


# --- unknown names, unused entries ------------------------------------------------------------

def test_unknown_reference_note_and_name_with_positions(tmp_path):
    r = resolve(tmp_path, {
        "publication.yaml": pub_yaml("a.yaml"),
        "data.yaml": DATA,
        "refs.yaml": refs_yaml("fyfe1995", "fisher2000"),
        "a.yaml": """
            id: a
            notes:
              cr-def: {series: letter, text: "Defined.[@fisher2000; @fyfe1996]"}
            body:
              - paragraph: Rate {rat} of[@fyfe1995][^cr-dfe][^cr-def].
              - paragraph: "Quoted {mrcc.enroled}"
              - paragraph: >-
                  A folded paragraph whose
                  second line has [@fisher200] in it.
              - bullets:
                  - plain {fourten}
        """,
    })
    assert r.at(r.find("unknown reference 'fyfe1996'; did you mean 'fyfe1995'?")) == ("a.yaml", 3, 58)
    assert r.at(r.find("unknown name 'rat'; did you mean 'rate'?")) == ("a.yaml", 5, 21)
    assert r.at(r.find("unknown note 'cr-dfe'; did you mean 'cr-def'?")) == ("a.yaml", 5, 40)
    assert r.at(r.find("unknown name 'mrcc.enroled'; did you mean 'mrcc.enrolled'?")) == ("a.yaml", 6, 24)
    assert r.at(r.find("unknown reference 'fisher200'; did you mean 'fisher2000'?")) == ("a.yaml", 9, 25)
    assert r.at(r.find("unknown name 'fourten'; did you mean 'fourteen'?")) == ("a.yaml", 11, 15)
    assert len(r.errors) == 6
    # the resolved text still comes out, with '?' for the unknown value
    assert paragraphs(r.doc())[0] == "Rate ? of1,a."


def test_unused_reference_and_note_warnings(tmp_path):
    r = resolve(tmp_path, {
        "publication.yaml": pub_yaml("a.yaml"),
        "data.yaml": DATA,
        "refs.yaml": refs_yaml("used", "unused"),
        "a.yaml": """
            id: a
            notes:
              used: {text: "Used."}
              spare: {series: letter, text: "Spare."}
            body:
              - paragraph: X[@used][^used]
        """,
    })
    assert not r.errors
    assert r.at(r.find("reference 'unused' is never cited", "warning")) == ("refs.yaml", 2, 3)
    assert r.at(r.find("note 'spare' is never referenced", "warning")) == ("a.yaml", 4, 3)
    assert len(r.warnings) == 2
    assert notes(r.doc()) == [("*", "Used.")]


def test_unreferenced_note_is_still_checked_but_does_not_count(tmp_path):
    r = resolve(tmp_path, {
        "publication.yaml": pub_yaml("a.yaml"),
        "data.yaml": DATA,
        "refs.yaml": refs_yaml("a1", "a2"),
        "a.yaml": """
            id: a
            notes:
              spare: "Spare {nope} and [@a2][@a22]."
            body:
              - paragraph: X[@a1]
        """,
    })
    assert r.at(r.find("unknown name 'nope'")) == ("a.yaml", 3, 17)
    assert r.at(r.find("unknown reference 'a22'; did you mean 'a2'?")) == ("a.yaml", 3, 35)
    r.find("note 'spare' is never referenced", "warning")
    r.find("reference 'a2' is never cited", "warning")  # a note nobody reads cites nothing
    assert references(r.doc()) == [(1, "Ref a1.")]


def test_citation_in_reference_list_title_is_an_error(tmp_path):
    r = resolve(tmp_path, {
        "publication.yaml": pub_yaml("a.yaml"),
        "data.yaml": DATA,
        "refs.yaml": refs_yaml("a1"),
        "a.yaml": "id: a\nbody:\n  - paragraph: X[@a1]\n  - references: {title: \"Sources[@a1]\"}\n",
    })
    assert r.at(r.find("citations and note markers cannot appear here")) == ("a.yaml", 4, 33)


# --- values and stats -------------------------------------------------------------------------

def test_value_formats(tmp_path):
    r = resolve(tmp_path, {
        "publication.yaml": "data: data.yaml\ndocuments: [a.yaml]\n",
        "data.yaml": DATA,
        "a.yaml": """
            id: a
            body:
              - paragraph: "{big} {fourteen:words} {fourteen:Words} {name} {n}"
              - paragraph: "{orr} | {orr:pct} | {orr:pct1} | {orr:pct2} | {orr:frac} | {orr:count} | {orr:of}"
              - paragraph: "{orr:ci} | {eighth:pct1} | {rate} | {{literal}}"
        """,
    })
    assert not r.diags, [str(x) for x in r.diags]
    assert paragraphs(r.doc()) == [
        "1,122 fourteen Fourteen Proleukin 40",
        "15% (37/255) | 15% | 14.5% | 14.51% | 37/255 | 37 | 255",
        "95% CI, 10.4%-19.4% | 12.5% | 23% (9/40) | {literal}",
    ]


def test_half_even_rounding(tmp_path):
    r = clean(tmp_path, {
        "publication.yaml": "data: data.yaml\ndocuments: [a.yaml]\n",
        "data.yaml": DATA + "format: {percent: {rounding: half-even}}\n",
        "a.yaml": "id: a\nbody:\n  - paragraph: \"{rate} {rate:pct1} {orr}\"\n",
    })
    assert paragraphs(r.doc()) == ["22% (9/40) 22.5% 15% (37/255)"]


def test_decimals_and_locale(tmp_path):
    r = clean(tmp_path, {
        "publication.yaml": "data: data.yaml\ndocuments: [a.yaml]\n",
        "data.yaml": DATA + "format: {percent: {decimals: 1}, locale: de_DE}\n",
        "a.yaml": "id: a\nbody:\n  - paragraph: \"{rate} {big} {fourteen:words}\"\n",
    })
    assert paragraphs(r.doc()) == ["22,5\u00a0% (9/40) 1.122 vierzehn"]


def test_value_spec_errors(tmp_path):
    r = resolve(tmp_path, {
        "publication.yaml": "data: data.yaml\ndocuments: [a.yaml]\n",
        "data.yaml": DATA,
        "a.yaml": "id: a\nbody:\n  - paragraph: \"{rate:words} {n:pct} {name:words} {rate:pcnt}\"\n",
    })
    assert r.at(r.find("'words' applies to values, not stats")) == ("a.yaml", 3, 17)
    assert r.at(r.find("'pct' applies to stats, not values")) == ("a.yaml", 3, 30)
    assert r.at(r.find("'words' needs a whole number, not the text 'Proleukin'")) == ("a.yaml", 3, 38)
    assert r.at(r.find("unknown spec 'pcnt' for a stat")) == ("a.yaml", 3, 51)


# --- checks and stat errors -------------------------------------------------------------------

CHECKS = """
values: {n: 40, k: 9, z: 0, big: 50, m: {cr: 17, pr: 20, enrolled: 255}}
stats:
  rate: {count: k, of: n}
  orr: {count: m.cr + m.pr, of: m.enrolled}
checks:
  - m.cr + m.pr == 37
  - m.cr + m.pr == 38
  - {check: k > n, severity: warning, message: "k is small"}
  - {check: k > n, message: "strict"}
  - {stat: orr, printed: "15%"}
  - {stat: orr, printed: "15% (37/255)"}
  - {stat: orr, printed: "37/255"}
  - {stat: orr, printed: "16%"}
  - {stat: orr, printed: "93%", severity: warning, message: "seed contradiction"}
  - {stat: orr, printed: "38/255"}
  - orr > 0.15
  - __import__('os')
  - "open('x').read() == 1"
  - k + n
  - {stat: rte, printed: "1%"}
"""


def test_checks(tmp_path):
    r = resolve(tmp_path, {
        "publication.yaml": "data: data.yaml\ndocuments: [a.yaml]\n",
        "data.yaml": CHECKS,
        "a.yaml": "id: a\nbody:\n  - paragraph: \"{orr}\"\n",
    })
    assert r.at(r.find("check failed: m.cr + m.pr == 38")) == ("data.yaml", 7, 5)
    w = r.find("k is small: check failed: k > n", "warning")
    assert r.at(w) == ("data.yaml", 8, 5)
    assert r.at(r.find("strict: check failed: k > n")) == ("data.yaml", 9, 5)
    assert r.at(r.find("printed claim '16%' for 'orr' does not match the computed 15% (37/255)")) \
        == ("data.yaml", 13, 5)
    assert r.at(r.find("seed contradiction: printed claim '93%' for 'orr' does not match the computed 15% "
                       "(37/255)", "warning")) == ("data.yaml", 14, 5)
    assert r.find("printed claim '38/255' for 'orr' does not match the computed 37/255").message \
        == "printed claim '38/255' for 'orr' does not match the computed 37/255"
    assert r.at(r.find("check failed: orr > 0.15")) == ("data.yaml", 16, 5)  # stats are proportions
    assert r.at(r.find("function calls are not allowed: '__import__'")) == ("data.yaml", 17, 5)
    assert r.at(r.find("function calls are not allowed: 'open'")) == ("data.yaml", 18, 6)
    assert r.at(r.find("check 'k + n' is not a comparison")) == ("data.yaml", 19, 5)
    assert r.at(r.find("unknown stat 'rte'; did you mean 'rate'?")) == ("data.yaml", 20, 5)
    assert len(r.errors) == 9 and len(r.warnings) == 2
    assert paragraphs(r.doc()) == ["15% (37/255)"]  # failing checks do not stop resolving


def test_a_check_never_executes_python(tmp_path):
    marker = tmp_path / "pwned"
    r = resolve(tmp_path, {
        "publication.yaml": "data: data.yaml\ndocuments: [a.yaml]\n",
        "data.yaml": f"""
            values: {{k: 1}}
            checks:
              - "__import__('os').system('touch {marker}') == 0"
              - "k.__class__ == 1"
              - "eval('1') == 1"
        """,
        "a.yaml": "id: a\nbody:\n  - paragraph: x\n",
    })
    assert not marker.exists()
    assert len(r.errors) == 3
    assert r.at(r.find("'__import__'")) == ("data.yaml", 3, 6)
    assert r.at(r.find("'__class__' is not allowed")) == ("data.yaml", 4, 8)
    assert r.at(r.find("'eval'")) == ("data.yaml", 5, 6)


def test_stat_errors_with_positions(tmp_path):
    r = resolve(tmp_path, {
        "publication.yaml": "data: data.yaml\ndocuments: [a.yaml]\n",
        "data.yaml": """
            values: {n: 40, k: 9, z: 0, big: 50}
            stats:
              zero: {count: k, of: z}
              above: {count: big, of: n}
              unknown: {count: kk + 1, of: n}
              folded: {count: k, of: n + nn}
              ok: {count: k, of: n}
            checks:
              - {stat: zero, printed: "1%"}
              - zero < 1
              - {check: "above + ok > 0", severity: warning}
        """,
        "a.yaml": "id: a\nbody:\n  - paragraph: \"{zero} {ok:pct}\"\n",
    })
    assert r.at(r.find("stat 'zero': the total is zero")) == ("data.yaml", 3, 24)
    assert r.at(r.find("stat 'above': the count 50 is above its total 40")) == ("data.yaml", 4, 18)
    assert r.at(r.find("unknown name 'kk'; did you mean 'k'?")) == ("data.yaml", 5, 20)
    assert r.at(r.find("unknown name 'nn'; did you mean 'n'?")) == ("data.yaml", 6, 30)
    # a stat that failed is not reported again where it is used or checked
    assert len(r.errors) == 4 and not r.warnings
    assert paragraphs(r.doc()) == ["? 23%"]


def test_printed_claim_of_a_stat_with_a_fractional_count(tmp_path):
    r = resolve(tmp_path, {
        "publication.yaml": "data: data.yaml\ndocuments: [a.yaml]\n",
        "data.yaml": """
            values: {n: 8, k: 3}
            stats: {half: {count: k / 2, of: n}}
            checks:
              - {stat: half, printed: "19%"}
              - {stat: half, printed: "20%"}
        """,
        "a.yaml": "id: a\nbody:\n  - paragraph: \"{half:pct1} {half:ci}\"\n",
    })
    assert [x.message for x in r.errors] == [
        "printed claim '20%' for 'half' does not match the computed 19% (1.5/8)",
        "'ci' needs a whole-number count and total",
    ]
    assert paragraphs(r.doc()) == ["18.8% ?"]


# --- references files --------------------------------------------------------------------------

CSL_JSON = [
    {"id": "smith2020", "type": "article-journal", "title": "A trial of something",
     "author": [{"family": "Smith", "given": "John A"}, {"family": "Jones", "given": "B"}],
     "container-title": "Journal of Tests", "container-title-short": "J Tests",
     "issued": {"date-parts": [[2020, 3]]}, "volume": "12", "issue": "3", "page": "101-109",
     "DOI": "10.1000/jt.2020.12"},
    {"id": "many2019", "type": "article-journal", "title": "Seven authors",
     "author": [{"family": f"Au{c}", "given": "X"} for c in "abcdefg"],
     "container-title-short": "Med J", "issued": {"date-parts": [[2019]]}, "volume": "4", "page": "1-5"},
]

BIB = r"""
@article{fyfe1995,
  author  = {Fyfe, G. and Fisher, Richard I. and Rosenberg, S. A. and Sznol, M. and Parkinson, D. R. and Louie, A. C.},
  title   = {Results of treatment of 255 patients with metastatic renal cell carcinoma},
  journal = {Journal of Clinical Oncology}, shortjournal = {J Clin Oncol},
  year    = 1995, volume = {13}, number = {3}, pages = {688--96}
}
"""


def test_references_from_json_and_bib_formatted_ama(tmp_path):
    r = clean(tmp_path, {
        "publication.yaml": "references: [refs.json, refs.bib, refs.yaml]\ndocuments: [a.yaml]\n"
                            "lints: {doi: false}\n",
        "refs.json": json.dumps(CSL_JSON, indent="\t", ensure_ascii=False),
        "refs.bib": BIB,
        "refs.yaml": "- {id: pi, text: \"Proleukin [package insert]. *Yardley*, PA; 2019.\"}\n",
        "a.yaml": "id: a\nbody:\n  - paragraph: A[@fyfe1995] B[@many2019; @smith2020; @pi]\n",
    })
    assert paragraphs(r.doc()) == ["A1 B2-4"]
    assert references(r.doc()) == [
        (1, "Fyfe G, Fisher RI, Rosenberg SA, Sznol M, Parkinson DR, Louie AC. Results of treatment of 255 "
            "patients with metastatic renal cell carcinoma. J\u00a0Clin Oncol. 1995;13(3):688-696."),
        (2, "Aua X, Aub X, Auc X, et\u00a0al. Seven authors. Med\u00a0J. 2019;4:1-5."),
        (3, "Smith JA, Jones B. A trial of something. J\u00a0Tests. 2020;12(3):101-109. doi:10.1000/jt.2020.12"),
        (4, "Proleukin [package insert]. Yardley, PA; 2019."),
    ]
    (refs,) = blocks(r.doc(), d.RReferences)
    journal = [run for run in refs.references[2].text if run.text == "J\u00a0Tests"]
    assert journal and "italic" in journal[0].styles
    assert any("italic" in run.styles and run.text == "Yardley" for run in refs.references[3].text)


def test_json_references_keyed_by_references_and_duplicates(tmp_path):
    r = resolve(tmp_path, {
        "publication.yaml": "references: [refs.json, more.yaml]\ndocuments: [a.yaml]\n",
        "refs.json": json.dumps({"references": [{"id": "x", "text": "X."}]}),
        "more.yaml": "- {id: x, text: Again.}\n- {text: no id}\n",
        "a.yaml": "id: a\nbody:\n  - paragraph: A[@x]\n",
    })
    assert r.at(r.find("reference 'x' is defined twice")) == ("more.yaml", 1, 3)
    assert r.at(r.find("a reference needs an 'id'")) == ("more.yaml", 2, 3)
    assert references(r.doc()) == [(1, "X.")]


def test_yaml_dates_in_csl_entries(tmp_path):
    r = clean(tmp_path, {
        "publication.yaml": "references: refs.yaml\ndocuments: [a.yaml]\nlints: {doi: false}\n",
        "refs.yaml": """
            - {id: d1, type: article-journal, title: Dated, author: [{family: Xu, given: Y}],
               container-title-short: J Dates, issued: 2021-02-04, volume: "7", page: 1-2}
            - {id: d2, type: article-journal, title: Month, author: [{family: Ng, given: A}],
               container-title-short: J Dates, issued: "2019-03", volume: "3", page: "9"}
        """,
        "a.yaml": "id: a\nbody:\n  - paragraph: A[@d1; @d2]\n",
    })
    assert references(r.doc()) == [(1, "Xu Y. Dated. J\u00a0Dates. 2021;7:1-2."), (2, "Ng A. Month. J\u00a0Dates. 2019;3:9.")]


def test_yaml_11_words_stay_text(tmp_path):
    """`no`, `Yes`, `On`, `010` and dates are text where text is expected, keys included."""
    r = clean(tmp_path, {
        "publication.yaml": "documents: [a.yaml]\n",
        "a.yaml": """
            id: a
            notes:
              no: {series: letter, text: Off}
            body:
              - paragraph: Yes
              - paragraph: "Marker[^no] on 2021-01-01 10:00"
              - bullets: [No, On, 010]
        """,
    })
    assert paragraphs(r.doc()) == ["Yes", "Markera on 2021-01-01 10:00"]
    assert notes(r.doc()) == [("a", "Off")]
    (bl,) = blocks(r.doc(), d.RBullets)
    assert [d.plain_text(t) for t in bl.items] == ["No", "On", "010"]


def test_review_fixes_text_value_in_stat_citation_in_chart_bad_cmyk(tmp_path):
    r = resolve(tmp_path, {
        "publication.yaml": "theme: t.yaml\ndata: data.yaml\nreferences: refs.yaml\ndocuments: [a.yaml]\n",
        "t.yaml": "colors:\n  brand: cmyk(1.2.3, 0, 0, 0)\n",
        "refs.yaml": "- {id: r1, text: R.}\n",
        "data.yaml": "values: {label: Arm A, n: 10}\nstats: {s: {count: label, of: n}}\n",
        "a.yaml": """
            id: a
            body:
              - paragraph: Cited.[@r1]
              - chart:
                  title: "Rates[@r1]"
                  categories: [A]
                  series: [{name: S, values: [s]}]
        """,
    })
    assert r.at(r.find("'label' is not a number")) == ("data.yaml", 2, 20)
    assert r.at(r.find("citations and note markers cannot appear here")) == ("a.yaml", 5, 20)
    assert r.at(r.find("'cmyk(1.2.3, 0, 0, 0)' is not a colour")) == ("t.yaml", 2, 10)


def test_second_notes_block_and_unknown_footer_field_are_errors(tmp_path):
    r = resolve(tmp_path, {
        "publication.yaml": "theme: t.yaml\ndocuments: [a.yaml]\n",
        "t.yaml": "styles:\n  heading: {size: 16pt}\nfooter: '{code} {pgae}'\n",
        "a.yaml": "id: a\nnotes: {n: x}\nbody:\n  - paragraph: A[^n]\n  - notes: true\n  - notes: true\n",
    })
    assert r.at(r.find("a second 'notes' block")) == ("a.yaml", 6, 5)
    assert r.at(r.find("unknown footer field '{pgae}'")) == ("t.yaml", 3, 9)
    heading = load_publication(r.root)[0].theme.styles["heading"]
    assert heading["leading"] > heading["size"]  # a size without a leading keeps its proportion
