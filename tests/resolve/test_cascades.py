"""One mistake, one message: what failed to load is not reported again as what it would have fed."""

from __future__ import annotations

import os
from pathlib import Path

from leafwright.load.publication import load_publication
from leafwright.resolve.resolver import resolve_publication
from tests.conftest import write_publication

PUB = "data: data.yaml\nreferences: {refs}\ndocuments: [a.yaml, b.yaml]\n"
DATA = "values: {n: 40, k: 9}\nstats: {rate: {count: k, of: n}}\n"
REFS = "- {id: fyfe1995, text: Fyfe. 1995.}\n- {id: clark2021, text: Clark. 2021.}\n"
B = "id: b\nbody:\n  - paragraph: Other.\n"


def problems(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, int, str, str]]:
    """Every diagnostic of load and resolve as (file, line, col, severity, message)."""
    files = {"publication.yaml": PUB.format(refs="refs.yaml"), "data.yaml": DATA, "refs.yaml": REFS,
             "b.yaml": B, **files}
    root = write_publication(tmp_path / "pub", files)
    pub, diags = load_publication(root)
    assert pub is not None
    diags += resolve_publication(pub)[1]
    out = []
    for x in diags:
        path = Path(os.path.abspath(x.span.file)).relative_to(root.resolve()).as_posix()
        out.append((path, x.span.line, x.span.col, x.severity, x.message))
    return out


def test_a_json_syntax_error_is_the_only_error_not_one_per_citation(tmp_path):
    body = "".join(f"  - paragraph: Claim {i}.[@fyfe1995; @clark2021]\n" for i in range(10))
    found = problems(tmp_path, {
        "publication.yaml": PUB.format(refs="refs.json"),
        "refs.json": '[\n  {"id": "fyfe1995", "title": "A"}\n  {"id": "clark2021", "title": "B"}\n]\n',
        "a.yaml": "id: a\nbody:\n" + body})
    assert found == [("refs.json", 3, 3, "error", "JSON syntax: Expecting ',' delimiter")]


def test_a_document_that_fails_to_load_leaves_no_never_cited_warnings(tmp_path):
    found = problems(tmp_path, {"a.yaml": "id: a\nbody:\n  - paragraph: [@fyfe1995] and [@clark2021] say so\n"})
    assert [(f, line, col, sev) for f, line, col, sev, _ in found] == [("a.yaml", 3, 16, "error")]
    assert "quote this text: '[@fyfe1995] and [@clark2021] say so'" in found[0][4]


def test_a_block_that_fails_leaves_no_unused_note_warning(tmp_path):
    found = problems(tmp_path, {"a.yaml": "id: a\nnotes:\n  x: A note.\nbody:\n  - paragrph: See[^x].[@fyfe1995]\n"
                                          "  - paragraph: Cited.[@clark2021]\n"})
    assert [(f, line, col, sev) for f, line, col, sev, _ in found] == [("a.yaml", 5, 5, "error")]
    assert "unknown block kind 'paragrph'" in found[0][4]


def test_without_load_errors_the_warnings_stay(tmp_path):
    found = problems(tmp_path, {"a.yaml": "id: a\nnotes:\n  x: A note.\nbody:\n  - paragraph: Cited.[@clark2021]\n"})
    assert ("a.yaml", 3, 3, "warning", "note 'x' is never referenced") in found
    assert ("refs.yaml", 1, 3, "warning", "reference 'fyfe1995' is never cited") in found


def test_an_unknown_note_series_is_one_error_at_the_series(tmp_path):
    found = problems(tmp_path, {"a.yaml": "id: a\nnotes:\n  x: {series: lettr, text: A note.}\n"
                                          "body:\n  - paragraph: See it.[^x][@fyfe1995][@clark2021]\n"})
    assert found == [("a.yaml", 3, 15, "error", "unknown note series 'lettr'; did you mean 'letter'?")]


def test_a_table_row_given_as_text_is_one_error(tmp_path):
    found = problems(tmp_path, {"a.yaml": "id: a\nbody:\n  - table:\n      rows:\n        - just text\n"
                                          "        - [a, b]\n  - paragraph: '[@fyfe1995][@clark2021]'\n"})
    assert found == [("a.yaml", 5, 11, "error", "a table row must be a list, not text")]


def test_a_broken_data_file_is_not_followed_by_unknown_names(tmp_path):
    found = problems(tmp_path, {"data.yaml": "values: {n: 40, k: 9}\nstats: {rate: {count: k, of: n}\n",
                                "a.yaml": "id: a\nbody:\n  - paragraph: '{rate} and {n}.[@fyfe1995][@clark2021]'\n"})
    assert [(f, sev) for f, _, _, sev, _ in found] == [("data.yaml", "error")]


def test_a_text_value_used_as_a_number_is_reported_at_its_definition_too(tmp_path):
    found = problems(tmp_path, {
        "data.yaml": "values: {n: 40, k: '9 patients'}\nstats: {rate: {count: k, of: n}}\nchecks:\n  - k < n\n",
        "a.yaml": "id: a\nbody:\n  - paragraph: '{k:Words} of {n}.[@fyfe1995][@clark2021]'\n"})
    errors = {(f, line, col): msg for f, line, col, sev, msg in found if sev == "error"}
    definition = errors.pop(("data.yaml", 1, 20))
    assert definition.startswith("value 'k' is the text '9 patients', not a number, but ")
    assert "data.yaml:2:23 uses it as a number" in definition
    assert errors == {("data.yaml", 2, 23): "'k' is not a number", ("data.yaml", 4, 5): "'k' is not a number",
                      ("a.yaml", 3, 17): "'Words' needs a whole number, not the text '9 patients'"}


def test_a_text_value_printed_as_words_is_reported_at_its_definition(tmp_path):
    found = problems(tmp_path, {"data.yaml": "values: {k: nine}\n",
                                "a.yaml": "id: a\nbody:\n  - paragraph: '{k:words}.[@fyfe1995][@clark2021]'\n"})
    assert [(f, line, col) for f, line, col, _, _ in found] == [("a.yaml", 3, 17), ("data.yaml", 1, 13)]
    assert "a.yaml:3:17 uses it as a number" in found[1][4]
