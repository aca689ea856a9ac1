"""YAML mistakes a writer makes, each reported at the line that is wrong with the fix in words."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from leafwright.diagnostics import Diagnostics
from leafwright.load.yamlerrors import quote
from leafwright.load.yamlnodes import load_yaml


def error(text: str) -> tuple[int, int, str]:
    diags = Diagnostics()
    assert load_yaml(text, "a.yaml", diags) is None
    assert len(diags.items) == 1, diags.items
    d = diags.items[0]
    assert d.severity == "error" and d.span.file == "a.yaml"
    return d.span.line, d.span.col, d.message


@pytest.mark.parametrize("line, words, quoted", [
    ("  - paragraph: *Italic* start", "alias", "'*Italic* start'"),
    ("  - paragraph: **Bold** start", "alias", "'**Bold** start'"),
    ("  - paragraph: *x", "alias", "'*x'"),
    ("  - paragraph: & more", "anchor", "'& more'"),
    ("  - paragraph: @fyfe says", "cannot start with '@'", "'@fyfe says'"),
    ("  - paragraph: [@fyfe1995] start", "begins a YAML list", "'[@fyfe1995] start'"),
    ("  - paragraph: [@fyfe1995]", "begins a YAML list", "'[@fyfe1995]'"),
    ("  - paragraph: {rate} of patients", "begins a YAML mapping", "'{rate} of patients'"),
    ("  - paragraph: Note: this", "': ' inside text", "'Note: this'"),
    ("  - paragraph: > 5 years", "block of text", "'> 5 years'"),
    ("  - paragraph: \"quoted\" text", "must end with it", "'\"quoted\" text'"),
    ("  - paragraph: *It's* here", "alias", "'*It''s* here'"),
    ("  - paragraph: - dash here", "list item", "'- dash here'"),
    ("  - paragraph: `code`", "cannot start with '`'", "'`code`'"),
])
def test_text_read_as_yaml_syntax_gets_quoted(line, words, quoted):
    line_no, col, message = error(f"id: a\nbody:\n{line}\n  - paragraph: next\n")
    assert (line_no, col) == (3, 16)
    assert words in message and message.endswith(f"quote this text: {quoted}")
    fixed = f"id: a\nbody:\n{line[:15]}{quoted}\n"
    assert yaml.safe_load(fixed)["body"][0]["paragraph"] == line[15:]  # the advice is right


@pytest.mark.parametrize("line, col, quoted, item", [
    ("  - bullets: [one, two [@fyfe1995]]", 20, "'two [@fyfe1995]'", 1),
    ("  - bullets: [Rate {rate}, x]", 15, "'Rate {rate}'", 0),
    ("  - bullets: [a, *b* c]", 18, "'*b* c'", 1),
])
def test_an_item_of_a_flow_list_gets_quoted(line, col, quoted, item):
    line_no, c, message = error(f"id: a\nbody:\n{line}\n")
    assert (line_no, c) == (3, col) and message.endswith(f"quote this text: {quoted}")
    start = col - 1
    fixed = line[:start] + quoted + line[start + len(yaml.safe_load(quoted)):]
    assert yaml.safe_load(f"body:\n{fixed}\n")["body"][0]["bullets"][item] == yaml.safe_load(quoted)


def test_a_cell_of_a_row_and_a_callout_value_get_quoted():
    line, col, message = error("rows: [[a, [@x] b], [c, d]]\n")
    assert (line, col) == (1, 12) and message.endswith("quote this text: '[@x] b'")
    line, col, message = error("callouts: [{value: 93%, label: *survival*}]\n")
    assert (line, col) == (1, 32) and message.endswith("quote this text: '*survival*'")


def test_a_tag_meant_as_words_suggests_quotes():
    diags = Diagnostics()
    load_yaml("body:\n  - paragraph: !important text\n", "a.yaml", diags)
    [d] = diags.items
    assert (d.span.line, d.span.col) == (2, 16)
    assert "YAML tag '!important' is not allowed" in d.message
    assert d.message.endswith("quote this text: '!important text'")


def test_text_on_several_lines_is_quoted_whole():
    line, col, message = error("body:\n  - paragraph: *Italic* start\n      and more\n  - paragraph: ok\n")
    assert (line, col) == (2, 16) and message.endswith("quote this text: '*Italic* start and more'")


def test_a_mapping_where_text_belongs_suggests_quotes(tmp_path):
    from leafwright.load.publication import load_publication
    from tests.conftest import write_publication

    root = write_publication(tmp_path / "pub", {"publication.yaml": "documents: [a.yaml]\n",
                                                "a.yaml": "id: a\nbody:\n  - heading: {rate}\n"})
    _, diags = load_publication(root)
    [d] = diags
    assert (d.span.line, d.span.col) == (3, 14)
    assert "a heading must be text, not a mapping" in d.message and "quote this text: '{rate}'" in d.message
    write_publication(root, {"a.yaml": "id: a\nbody:\n  - table:\n      rows:\n        - [Rate, {rate:pct1}]\n"})
    _, diags = load_publication(root)
    [d] = diags
    assert (d.span.line, d.span.col) == (5, 18)
    assert "a table cell must be text, not a mapping" in d.message and "quote this text: '{rate:pct1}'" in d.message


@pytest.mark.parametrize("text, where, words", [
    # the line that is wrong, not the line where YAML noticed
    ("id: doc\ntitle Proleukin\nbody: []\n", (2, 1), "neither 'key: value' nor '- item'"),
    ("body:\n  - paragraph: one\n  paragraph two\n  - paragraph: three\n", (3, 3), "is a ': ' or '- ' missing"),
    ("body:\n  -paragraph: a\n  - paragraph: b\n", (2, 3), "'-' starts a list item only with a space"),
    ("body:\n  - bullets: [a, b\n  - paragraph: c\n", (2, 14), "the '[' here is never closed"),
    ("id: b\nbody: [\n", (2, 7), "the '[' here is never closed"),
    ("body:\n  - paragraph: \"abc\n  - paragraph: c\n", (2, 16), "quoted text that starts here is never closed"),
    # indentation: the line itself
    ("id: doc\nbody:\n  - paragraph: one\n   - paragraph: two\n", (4, 4), "bad indentation"),
    ("notes:\n  a:\n    series: letter\n   text: x\nbody: []\n", (4, 4), "bad indentation"),
    ("notes:\n  a:\n    series: letter\n     text: x\n", (4, 6), "indented deeper than the one above"),
    ("id: doc\nbody:\n\t- paragraph: one\n", (3, 1), "a tab in the indentation"),
    ("id: a\nbody:\n  - paragraph: >\n    text\n  more\n", (5, 3), "indented less than the text above it"),
    ("body:\n  - paragraph: one\n    - paragraph: two\n", (3, 5), "bad indentation"),
])
def test_structure_errors_point_at_the_wrong_line(text, where, words):
    line, col, message = error(text)
    assert (line, col) == where and words in message, message


def test_json_syntax_is_named_json(tmp_path):
    diags = Diagnostics()
    assert load_yaml('[\n  {"id": "a", "title": "x"}\n  {"id": "b"}\n]\n', "r.json", diags, "json") is None
    [d] = diags.items
    assert (d.span.line, d.span.col) == (3, 3) and d.message.startswith("JSON syntax: Expecting ',' delimiter")


def test_quote_doubles_only_the_quote():
    assert quote("it's \\*") == "'it''s \\*'"


_PIECES = ["id: a\n", "body:\n", "  - paragraph: ", "  - bullets: [", "*", "[", "]", "{", "}", "@", "&", ": ",
           "text", ", ", "\n", "   ", "'", '"', "#", "-", "\t", "[@k]", "\r\n"]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_any_broken_yaml_gets_one_located_error(pieces):
    text = "".join(pieces)
    diags = Diagnostics()
    node = load_yaml(text, "a.yaml", diags)
    if node is None:
        assert len(diags.items) == 1
        d = diags.items[0]
        assert d.span.line >= 1 and d.span.col >= 1 and d.message
        if "quote this text: " in d.message:  # the suggested quoting really parses there
            assert yaml.safe_load(d.message.split("quote this text: ", 1)[1]) is not None


def test_a_key_without_its_space_says_where_the_space_goes(tmp_path):
    from leafwright.load.publication import load_publication
    from tests.conftest import write_publication

    root = write_publication(tmp_path / "pub", {
        "publication.yaml": "documents: [a.yaml]\n",
        "a.yaml": "id: a\nbody:\n  - paragraph:Text here.\n  - callouts:\n      - value:93%\n"})
    _, diags = load_publication(root)
    found = {(d.span.line, d.span.col): d.message for d in diags}
    assert found[(3, 5)].endswith("not text; YAML needs a space after the colon: 'paragraph: Text here.'")
    assert found[(5, 9)] == "a callout must be a mapping, not text; YAML needs a space after the colon: 'value: 93%'"
    assert len(found) == 2
