"""The load stage: every kind of content error, each at its exact FILE:LINE:COL."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from leafwright.colour import Rgb
from leafwright.diagnostics import Diagnostics
from leafwright.load import model as m
from leafwright.load.publication import load_publication
from leafwright.load.schema import Reader
from leafwright.load.yamlnodes import load_yaml
from tests.conftest import DOC, load


def one_error(tmp_path, files, text) -> tuple[str, int, int]:
    r = load(tmp_path, files)
    assert len(r.diags) == 1, [str(x) for x in r.diags]
    assert r.diags[0].severity == "error"
    assert text in r.diags[0].message, r.diags[0].message
    return r.at(r.diags[0])


# --- a good publication ---------------------------------------------------------------------

def test_good_publication_loads_into_the_model(tmp_path):
    r = load(tmp_path, {
        "publication.yaml": """
            id: demo
            title: Demo
            theme: theme.yaml
            data: [d1.yaml, d2.yaml]
            citations: {numbering: master, scope: publication, list: all}
            notes: {order: [letter, symbol], restart: page}
            documents: [docs/a.yaml]
        """,
        "theme.yaml": "page: {size: a4, margins: [1cm, 10mm, 0.5in, 12pt], bleed: 3mm}\n",
        "d1.yaml": "values: {a: {b: 2, c: 0.5}, s: text}\n",
        "d2.yaml": "stats: {r: {count: a.b, of: 4}}\nformat: {percent: {decimals: 1, rounding: half-even}}\n",
        "docs/a.yaml": """
            id: a
            code: X-1
            date: 2026-11
            body:
              - spacer: 12px
              - image: {file: ../pic.svg, width: 50%}
              - table: {rows: [[a, 1]], widths: [1in, 2cm]}
        """,
        "pic.svg": "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>",
    })
    assert r.diags == []
    pub = r.pub
    assert (pub.id, pub.title) == ("demo", "Demo")
    assert pub.citations == m.Citations("master", "publication", "all")
    assert pub.notes.order == ("letter", "symbol") and pub.notes.restart == "page"
    assert pub.theme.page_size == pytest.approx((595.2756, 841.8898))
    assert pub.theme.margins == pytest.approx((72 / 2.54, 72 / 2.54, 36.0, 12.0))
    assert pub.data.decimals == 1 and pub.data.rounding == "half-even"
    assert [(n, v) for n, v, _ in pub.data.values] == [("a.b", 2), ("a.c", 0.5), ("s", "text")]
    (doc,) = pub.documents
    assert (doc.id, doc.code, doc.date) == ("a", "X-1", "2026-11")
    spacer, image, table = doc.body
    assert spacer.length == m.Length(9.0, "pt")  # 12px = 9pt
    assert image.file == (r.root / "pic.svg").resolve() and image.width == m.Length(50, "%")
    assert table.widths == (m.Length(72.0, "pt"), m.Length(pytest.approx(2 * 72 / 2.54), "pt"))


# --- unknown keys and kinds ---------------------------------------------------------------------

def test_unknown_key_with_did_you_mean(tmp_path):
    assert one_error(tmp_path, {"publication.yaml": "titel: x\ndocuments: [a.yaml]\n"},
                     "unknown key 'titel' in publication.yaml; did you mean 'title'?") == ("publication.yaml", 1, 1)
    assert one_error(tmp_path, {"a.yaml": "id: a\ncde: X\nbody: []\n"},
                     "unknown key 'cde' in ") == ("a.yaml", 2, 1)
    r = load(tmp_path, {"publication.yaml": "citations: {numbring: master}\ndocuments: [a.yaml]\n"})
    assert r.where("unknown key 'numbring' in citations; did you mean 'numbering'?") == ("publication.yaml", 1, 13)


def test_unknown_choice_with_did_you_mean(tmp_path):
    assert one_error(tmp_path, {"publication.yaml": "citations: {numbering: firstcited}\ndocuments: [a.yaml]\n"},
                     "numbering must be one of first-cited, master, not 'firstcited'; did you mean 'first-cited'?"
                     ) == ("publication.yaml", 1, 24)


def test_unknown_block_kind_with_did_you_mean(tmp_path):
    assert one_error(tmp_path, {"a.yaml": "id: a\nbody:\n  - paragrph: x\n"},
                     "unknown block kind 'paragrph'; did you mean 'paragraph'?") == ("a.yaml", 3, 5)
    assert one_error(tmp_path, {"a.yaml": "id: a\nbody:\n  - panel:\n      body:\n        - bulets: [x]\n"},
                     "unknown block kind 'bulets'; did you mean 'bullets'?") == ("a.yaml", 5, 11)


def test_block_with_two_kind_keys_and_block_not_a_mapping(tmp_path):
    r = load(tmp_path, {"a.yaml": "id: a\nbody:\n  - paragraph: x\n    title: y\n  - just text\n"})
    assert r.where("'title' is a second one") == ("a.yaml", 4, 5)
    assert r.where("a block must be a mapping with one kind key") == ("a.yaml", 5, 5)
    assert len(r.diags) == 2


# --- wrong types and missing fields ---------------------------------------------------------------

def test_wrong_type_list_where_text_expected(tmp_path):
    assert one_error(tmp_path, {"a.yaml": "id: a\nbody:\n  - paragraph: [one, two]\n"},
                     "a paragraph must be text, not a list") == ("a.yaml", 3, 16)
    assert one_error(tmp_path, {"a.yaml": "id: a\ntitle: {x: 1}\nbody: []\n"},
                     "title must be text, not a mapping") == ("a.yaml", 2, 8)
    assert one_error(tmp_path, {"a.yaml": "id: a\nbody:\n  - bullets: one\n"},
                     "bullets must be a list, not text") == ("a.yaml", 3, 14)


def test_missing_documents(tmp_path):
    assert one_error(tmp_path, {"publication.yaml": "id: x\ntitle: T\n"},
                     "publication.yaml needs 'documents'") == ("publication.yaml", 1, 1)


def test_publication_yaml_missing_or_empty(tmp_path):
    root = tmp_path / "nothing"
    root.mkdir()
    pub, diags = load_publication(root)
    assert pub is None and [d.message for d in diags] == ["no publication.yaml in this folder"]
    assert one_error(tmp_path, {"publication.yaml": ""}, "needs 'documents'") == ("publication.yaml", 1, 1)


@pytest.mark.parametrize("text, message", [
    ("body:\n  - paragraph: x\n", "needs 'id'"),
    ("id: a\ntitle: T\n", "needs 'body'"),
])
def test_missing_document_id_or_body(tmp_path, text, message):
    assert one_error(tmp_path, {"a.yaml": text}, message) == ("a.yaml", 1, 1)


def test_missing_table_rows(tmp_path):
    assert one_error(tmp_path, {"a.yaml": "id: a\nbody:\n  - table:\n      header: [a, b]\n"},
                     "a table needs 'rows'") == ("a.yaml", 4, 7)


def test_table_row_with_wrong_cell_count(tmp_path):
    r = load(tmp_path, {"a.yaml": """
        id: a
        body:
          - table:
              header: [a, b]
              rows:
                - [1, 2]
                - [1, 2, 3]
                - [x]
              widths: [50%, 50%]
    """})
    assert r.where("the header has 2 cells; the table has 3 columns") == ("a.yaml", 4, 15)
    assert r.where("this row has 2 cells; the table has 3 columns") == ("a.yaml", 6, 11)
    assert r.where("this row has 1 cells; the table has 3 columns") == ("a.yaml", 8, 11)
    assert r.where("widths lists 2 columns; the table has 3") == ("a.yaml", 9, 15)
    assert len(r.diags) == 4


def test_chart_series_value_count(tmp_path):
    r = load(tmp_path, {"a.yaml": """
        id: a
        body:
          - chart:
              kind: bar
              categories: [A, B]
              series:
                - {name: S, values: [x]}
    """})
    assert r.where("this series has 1 values for 2 categories") == ("a.yaml", 7, 11)


def test_duplicate_keys(tmp_path):
    r = load(tmp_path, {"a.yaml": "id: a\nbody:\n  - table: {rows: [[a]], rows: [[b]]}\nid: b\n"})
    assert r.where("duplicate key 'rows'") == ("a.yaml", 3, 26)
    assert r.where("duplicate key 'id'") == ("a.yaml", 4, 1)
    assert len(r.diags) == 2


@pytest.mark.parametrize("text, where, problem", [
    ("id: a\nbody:\n  - paragraph: [unclosed\n", ("a.yaml", 3, 16),
     "'[' at the start of text begins a YAML list; quote this text: '[unclosed'"),
    ("id: a\nbody:\n  - bullets: [a, b\n  - paragraph: c\n", ("a.yaml", 3, 14),
     "the '[' here is never closed with ']'"),
    ("id: a\nbody:\n  - paragraph: \"unclosed\n", ("a.yaml", 3, 16),
     'the quoted text that starts here is never closed; end it with "'),
    ("id: a\nbody:\n  - paragraph: a: b\n", ("a.yaml", 3, 16),
     "': ' inside text makes YAML read 'key: value'; quote this text: 'a: b'"),
    ("id: a\nbody:\n  - paragraph: x\n - paragraph: y\n", ("a.yaml", 4, 2), "bad indentation"),
])
def test_yaml_syntax_error_position(tmp_path, text, where, problem):
    assert one_error(tmp_path, {"a.yaml": text}, problem) == where


def test_python_tag_is_refused(tmp_path):
    r = load(tmp_path, {"a.yaml": "id: !!python/object/apply:os.system [echo hi]\nbody:\n  - paragraph: !custom x\n"})
    assert r.where("YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed") == ("a.yaml", 1, 5)
    assert r.where("YAML tag '!custom' is not allowed") == ("a.yaml", 3, 16)
    r = load(tmp_path / "2", {"a.yaml": "id: a\ntitle: !!python/object:Foo {x: 1}\nbody: !!set {a}\n"})
    assert r.where("YAML tag 'tag:yaml.org,2002:python/object:Foo' is not allowed") == ("a.yaml", 2, 8)
    assert r.where("YAML tag 'tag:yaml.org,2002:set' is not allowed") == ("a.yaml", 3, 7)


def test_yaml_alias_bomb_is_an_error(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefg", "bcdefgh"))
    r = load(tmp_path, {"a.yaml": bomb})
    assert any("more than" in x.message and "alias bomb" in x.message for x in r.diags)


# --- lengths, colours, series ------------------------------------------------------------------

def test_bad_length(tmp_path):
    r = load(tmp_path, {"a.yaml": "id: a\nbody:\n  - spacer: 12 furlongs\n  - spacer: 12px\n  - spacer: 5%\n"})
    assert r.where("a spacer '12 furlongs' is not a length") == ("a.yaml", 3, 13)
    assert len(r.diags) == 1
    assert r.pub.documents[0].body[0].length == m.Length(9.0, "pt")
    assert r.pub.documents[0].body[1].length == m.Length(5.0, "%")  # NN% of the available width
    r = load(tmp_path / "t", {"publication.yaml": "theme: t.yaml\ndocuments: [a.yaml]\n",
                              "t.yaml": "page:\n  margins: [1in, 1in, 1in, 2 furlongs]\n"})
    assert r.where("a margin '2 furlongs' is not a length") == ("t.yaml", 2, 28)


def test_bad_colour_in_theme(tmp_path):
    r = load(tmp_path, {"publication.yaml": "theme: t.yaml\ndocuments: [a.yaml]\n",
                        "t.yaml": """
        colors:
          brand: cmyk(100, 70, 0)
          accent: "#12345g"
          tint: cmyk(10, 4, 0, 120)
          good: "#00aa33"
        styles:
          body: {color: brnd}
          heading: {color: good}
        page: {size: leter}
    """})
    assert r.where("'cmyk(100, 70, 0)' is not a colour") == ("t.yaml", 2, 10)
    assert r.where("'#12345g' is not a colour") == ("t.yaml", 3, 11)
    assert r.where("'cmyk(10, 4, 0, 120)' is not a colour") == ("t.yaml", 4, 9)
    assert r.where("unknown colour 'brnd'; did you mean 'brand'?") == ("t.yaml", 7, 17)
    assert r.where("unknown page size 'leter'; did you mean 'letter'?") == ("t.yaml", 9, 14)
    assert len(r.diags) == 5
    assert r.pub.theme.colors["good"] == Rgb(0, 0xaa / 255, 0x33 / 255)


def test_unknown_note_series(tmp_path):
    r = load(tmp_path, {"a.yaml": """
        id: a
        notes:
          n1: {series: leter, text: x}
          n2: {series: letter, text: y}
        body: []
    """})
    assert r.where("unknown note series 'leter'; did you mean 'letter'?") == ("a.yaml", 3, 16)
    # the note is kept (in the default series) so its uses are not "unknown note" errors too
    assert [(n.id, n.series) for n in r.pub.documents[0].notes] == [("n1", "symbol"), ("n2", "letter")]


def test_custom_series_keeps_the_other_defaults(tmp_path):
    r = load(tmp_path, {"publication.yaml": "notes: {series: {letter: abc}}\ndocuments: [a.yaml]\n",
                        "a.yaml": "id: a\nnotes:\n  n1: {text: x}\n  n2: short\n  n3: {series: letter, text: z}\n"
                                  "body: []\n"})
    assert r.diags == []
    assert [(n.id, n.series) for n in r.pub.documents[0].notes] == [("n1", "symbol"), ("n2", "symbol"),
                                                                    ("n3", "letter")]
    assert dict(r.pub.notes.series)["letter"] == ("a", "b", "c")


def test_bad_notes_settings(tmp_path):
    r = load(tmp_path, {"publication.yaml": """
        notes:
          series: {letter: [a, a], symbol: ["*"]}
          order: [symbl]
          restart: chapter
        documents: [a.yaml]
    """})
    assert r.where("series 'letter' needs distinct, non-empty markers") == ("publication.yaml", 2, 20)
    assert r.where("unknown note series 'symbl'; did you mean 'symbol'?") == ("publication.yaml", 3, 11)
    assert r.where("restart must be one of document, page, not 'chapter'") == ("publication.yaml", 4, 12)
    assert len(r.diags) == 3


# --- paths ---------------------------------------------------------------------------------------

def test_paths_must_stay_inside_the_publication(tmp_path):
    (tmp_path / "x.yaml").write_text(DOC)
    r = load(tmp_path, {"publication.yaml": f"""
        data: ../x.yaml
        references: {tmp_path / 'x.yaml'}
        documents: [a.yaml, missing.yaml, sub/../a2.yaml]
    """, "a2.yaml": "id: a2\nbody:\n  - image: {file: ../../etc/passwd}\n  - image: {file: nope.png}\n"})
    assert r.where("'../x.yaml' is outside the publication folder") == ("publication.yaml", 1, 7)
    assert r.where("is an absolute path; name files relative to the publication") == ("publication.yaml", 2, 13)
    assert r.where("file 'missing.yaml' not found") == ("publication.yaml", 3, 21)
    assert r.where("'../../etc/passwd' is outside the publication folder") == ("a2.yaml", 3, 19)
    assert r.where("file 'nope.png' not found") == ("a2.yaml", 4, 19)
    assert len(r.diags) == 5
    assert [d.id for d in r.pub.documents] == ["a", "a2"]


def test_symlink_out_of_the_publication_is_refused(tmp_path):
    (tmp_path / "outside.yaml").write_text(DOC)
    r = load(tmp_path, {"publication.yaml": "documents: [a.yaml, link.yaml]\n"})
    (r.root / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    pub, diags = load_publication(r.root)
    assert [d.message for d in diags] == ["'link.yaml' is outside the publication folder"]


def test_document_id_must_be_a_safe_file_name(tmp_path):
    r = load(tmp_path, {"publication.yaml": "documents: [a.yaml, b.yaml, c.yaml]\n",
                        "a.yaml": "id: ../../evil\nbody: []\n", "b.yaml": "id: has space\nbody: []\n",
                        "c.yaml": "id: ok_1.2-x\nbody: []\n"})
    assert r.where("document id '../../evil' must be letters, digits") == ("a.yaml", 1, 5)
    assert r.where("document id 'has space' must be") == ("b.yaml", 1, 5)
    assert len(r.diags) == 2


def test_document_id_used_twice(tmp_path):
    r = load(tmp_path, {"publication.yaml": "documents: [a.yaml, b.yaml]\n", "b.yaml": DOC})
    assert r.where("document id 'a' is used twice") == ("b.yaml", 1, 1)


# --- data files ------------------------------------------------------------------------------------

def test_data_file_errors(tmp_path):
    r = load(tmp_path, {"publication.yaml": "data: d.yaml\ndocuments: [a.yaml]\n", "d.yaml": """
        values:
          a: 1
          b: [1, 2]
          c: .inf
          s: {count: 1}
        stats:
          s: {count: a}
          t: {count: a, of: 2, extra: 1}
        checks:
          - {stat: t}
          - {stat: t, printed: [15%]}
          - {check: a == 1, severity: fatal}
        format: {percent: {decimals: 9}, locale: xx_QQ}
    """})
    assert r.where("value 'b' must be a number or text") == ("d.yaml", 3, 6)
    assert r.where("'.inf' is not a finite number") == ("d.yaml", 4, 6)
    assert r.where("stat 's' needs 'of'") == ("d.yaml", 7, 6)
    assert r.where("unknown key 'extra' in stat 't'") == ("d.yaml", 8, 24)
    assert r.where("a check is an expression, {check: EXPR}, or {stat: NAME, printed: TEXT}") == ("d.yaml", 10, 5)
    assert r.where("printed text must be text, not a list") == ("d.yaml", 11, 24)
    assert r.where("severity must be one of error, warning, not 'fatal'") == ("d.yaml", 12, 31)
    assert r.where("decimals must be a whole number from 0 to 6") == ("d.yaml", 13, 30)
    assert r.where("unknown locale 'xx_QQ'") == ("d.yaml", 13, 42)
    assert len(r.diags) == 9
    assert [c.severity for c in r.pub.data.checks] == ["error"]  # only the valid check is kept


def test_name_defined_twice(tmp_path):
    r = load(tmp_path, {"publication.yaml": "data: [d1.yaml, d2.yaml]\ndocuments: [a.yaml]\n",
                        "d1.yaml": "values: {a: 1, r: 2}\n",
                        "d2.yaml": "values: {a: 3}\nstats: {r: {count: 1, of: 2}}\n"})
    assert r.where("value 'a' is defined twice") == ("d2.yaml", 1, 13)
    assert r.where("'r' is defined twice") == ("d2.yaml", 2, 9)


def test_locale_with_hyphen_is_accepted(tmp_path):
    r = load(tmp_path, {"publication.yaml": "data: d.yaml\ndocuments: [a.yaml]\n",
                        "d.yaml": "values: {a: 1}\nformat: {locale: en-GB}\n"})
    assert r.diags == [] and r.pub.data.locale == "en_GB"


def test_references_file_errors(tmp_path):
    r = load(tmp_path, {"publication.yaml": "references: [r.yaml, r.txt, r.bib]\ndocuments: [a.yaml]\n",
                        "r.yaml": "- {id: x, text: X}\n- just text\n- {title: no id}\n",
                        "r.txt": "x", "r.bib": "@article{x, title = {Again}}\n@article{broken, title = {x}\n"})
    assert r.where("references must be .yaml, .json or .bib, not '.txt'") == ("publication.yaml", 1, 22)
    assert r.where("a reference must be a mapping with an 'id'") == ("r.yaml", 2, 3)
    assert r.where("a reference needs an 'id'") == ("r.yaml", 3, 3)
    assert r.where("reference 'x' is defined twice") == ("r.bib", 1, 1)
    assert [ref.id for ref in r.pub.references] == ["x"]


# --- many files, one run ------------------------------------------------------------------------------

def test_errors_from_several_files_are_all_reported(tmp_path):
    r = load(tmp_path, {
        "publication.yaml": "theme: t.yaml\ndata: d.yaml\nreferences: r.yaml\ndocuments: [a.yaml, b.yaml]\nbogus: 1\n",
        "t.yaml": "page: {size: letter, bleed: lots}\n",
        "d.yaml": "values: {a: [1]}\n",
        "r.yaml": "- {id: x, text: [1]}\n",
        "a.yaml": "id: a\nbody:\n  - paragrph: x\n",
        "b.yaml": "id: b\nbody: [\n",
    })
    files = sorted({r.at(x)[0] for x in r.diags})
    assert files == ["a.yaml", "b.yaml", "d.yaml", "publication.yaml", "r.yaml", "t.yaml"]
    assert r.where("unknown key 'bogus'") == ("publication.yaml", 5, 1)
    assert r.where("bleed 'lots' is not a length") == ("t.yaml", 1, 29)
    assert r.where("value 'a' must be a number or text") == ("d.yaml", 1, 13)
    assert r.where("a reference text must be text, not a list") == ("r.yaml", 1, 17)
    assert r.where("unknown block kind 'paragrph'") == ("a.yaml", 3, 5)
    assert r.where("YAML syntax") == ("b.yaml", 2, 7)
    assert all(x.severity == "error" for x in r.diags)


# --- positions inside scalars ----------------------------------------------------------------------

SCALARS = '''a: >-
  Long folded text
  with a typo {nope} here
b: "x \\"q\\" {y} \\u00e9{z}
  more {w}"
c: 'it''s {v}'
d: |
  line one
    {lit}
e: plain start
   cont {p}
f: one line {g}
h: >-  # a comment after the header
  first

    more indented {i}
  back {j}
k: plain

  after a blank line {m}
'''


@pytest.mark.parametrize("key, name, where", [
    ("a", "{nope}", (3, 15)), ("b", "{y}", (4, 13)), ("b", "{z}", (4, 23)), ("b", "{w}", (5, 8)),
    ("c", "{v}", (6, 11)), ("d", "{lit}", (9, 5)), ("e", "{p}", (11, 9)), ("f", "{g}", (12, 13)),
    ("h", "{i}", (16, 19)), ("h", "{j}", (17, 8)), ("k", "{m}", (20, 22)),
])
def test_markup_positions_in_every_scalar_style(key, name, where):
    diags = Diagnostics()
    root = load_yaml(SCALARS, "f.yaml", diags)
    markup = Reader(diags).markup(root.get(key), key)
    span = markup.span_at(markup.source.index(name))
    assert (span.line, span.col) == where
    assert not diags.items


@settings(max_examples=300, deadline=None)
@given(value=st.text(alphabet=st.sampled_from(list("ab {}[]@^*\\\"'#:-é≥\t\n")), min_size=1, max_size=80),
       style=st.sampled_from([None, "'", '"', "|", ">"]), width=st.integers(min_value=10, max_value=60))
def test_markup_positions_point_at_the_character(value, style, width):
    """Whatever style and folding YAML chooses, each character's position holds that character."""
    source = yaml.safe_dump({"k": value}, default_style=style, width=width, allow_unicode=True)
    diags = Diagnostics()
    root = load_yaml(source, "f.yaml", diags)
    node = root.get("k")
    assume(node is not None and node.value == value)
    markup = Reader(diags).markup(node, "k")
    lines = source.split("\n")
    for i, ch in enumerate(value):
        if ch.isspace():
            continue
        span = markup.span_at(i)
        found = lines[span.line - 1][span.col - 1]
        assert found == ch or (node.style == '"' and found == "\\") or (node.style == "'" and ch == "'"), \
            (i, ch, span, source)


def test_format_in_two_data_files_is_an_error_naming_both(tmp_path):
    r = load(tmp_path, {
        "publication.yaml": "data: [d1.yaml, d2.yaml]\ndocuments: [a.yaml]\n",
        "d1.yaml": "values: {n: 1}\nformat: {percent: {decimals: 1}}\n",
        "d2.yaml": "values: {k: 1}\nformat:\n  locale: en_GB\n",
    })
    d = r.find("'format' is set in two data files")
    assert r.at(d) == ("d2.yaml", 2, 1)
    assert "d1.yaml:2:1" in d.message and "set it in one of them" in d.message
    assert r.pub.data.decimals == 1 and r.pub.data.locale == "en_US"  # the first stays; nothing is mixed
