"""Property-based tests of the whole pipeline on mutated publications (the quick CI profile).

tests/fuzzkit.py mutates tests/fixtures/full/: removed keys, wrong types, odd Unicode, huge
numbers, empty and very long strings, YAML-level cuts and insertions. The build runs
in-process and writes PDFs; the only allowed outcomes are success or diagnostics that each
have a position and print on one line — never another exception. benchmarks/fuzz_long.py
runs the long profile (10,000+ cases per target).

The regression cases at the end are crashes the fuzzer found, each now a content error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leafwright.build import build, check
from tests import fuzzkit
from tests.conftest import write_publication
from tests.workbound import counted

pytestmark = pytest.mark.start_first  # whole-pipeline property tests

# Function calls a regression case may make: each is a one-paragraph document, built (or refused)
# in a few hundred thousand; the crashes and hangs they recall ran away far beyond this.
CALLS = 5_000_000
QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

mutations = st.builds(
    fuzzkit.Mutation,
    op=st.sampled_from(fuzzkit.OPS),
    file=st.integers(0, 63),
    where=st.integers(0, 100_000),
    arg=st.integers(0, 999),
    text=st.none(),
)
odd_text = st.one_of(
    st.text(max_size=60),
    st.text(st.characters(codec="utf-8"), max_size=20),  # every plane, controls included
    st.sampled_from(fuzzkit.UNICODE),
)
text_mutations = st.builds(
    fuzzkit.Mutation, op=st.sampled_from(["text", "key"]), file=st.integers(0, 63),
    where=st.integers(0, 100_000), arg=st.integers(0, 999), text=odd_text)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("properties")
    fuzzkit.env_for_fuzzing(work / "cache")
    return fuzzkit.prepare(work / "pub")


def test_unmutated_fixture_builds(folder):
    assert fuzzkit.run_case_outcome(folder, [], write=True) == (None, "written")


@QUICK
@given(case=st.lists(mutations, min_size=1, max_size=4))
def test_mutated_publication_builds_or_reports_positions(folder, case):
    failure = fuzzkit.run_case(folder, case, write=True)
    assert failure is None, failure


@QUICK
@given(case=st.lists(text_mutations, min_size=1, max_size=3))
def test_odd_text_anywhere_builds_or_reports_positions(folder, case):
    failure = fuzzkit.run_case(folder, case, write=True)
    assert failure is None, failure


@QUICK
@given(case=st.lists(st.builds(fuzzkit.Mutation, op=st.sampled_from(["raw", "wrong", "copy"]),
                               file=st.just(2), where=st.integers(0, 1000), arg=st.integers(0, 999)),
                     min_size=1, max_size=4))
def test_mutated_data_file_resolves_or_reports_positions(folder, case):
    """data.yaml alone (huge numbers, odd types) through load and resolve, without rendering."""
    failure = fuzzkit.run_case(folder, case, write=False)
    assert failure is None, failure


# --- regressions: crashes the fuzzer found --------------------------------------------------------------


def errors_of(tmp_path: Path, files: dict[str, str], write: bool = False, setup=None) -> list[str]:
    """The error lines of a build (file names without folders), which must stay under CALLS function calls."""
    files = {"publication.yaml": "data: data.yaml\ndocuments: [a.yaml]\n",
             "data.yaml": "values: {n: 3}\n", "a.yaml": "id: a\nbody:\n  - paragraph: Hello.\n", **files}
    root = write_publication(tmp_path / "pub", files)
    if setup:
        setup(root)
    with counted() as work:
        result = build(root, tmp_path / "out") if write else check(root)
    assert work.calls < CALLS, work  # ends, and without runaway work
    assert fuzzkit.check_diagnostics(result.diagnostics) is None
    return [str(d).replace(str(Path(d.span.file).parent) + "/", "").replace(" error: ", " ", 1)
            for d in result.diagnostics if d.severity == "error"]


@pytest.mark.parametrize("value, message", [
    ("1.0e-99999999", "data.yaml:1:13: '1.0e-99999999' is too large or too precise (over 2000 digits)"),
    ("-1.0e+99999", "data.yaml:1:13: '-1.0e+99999' is not a finite number"),
    ("1" + "0" * 2000, "is too large or too precise (over 2000 digits)"),
    (".nan", "data.yaml:1:13: '.nan' is not a finite number"),
])
def test_huge_or_tiny_value(tmp_path, value, message):
    (found,) = errors_of(tmp_path, {"data.yaml": "values: {n: " + value + "}\n"})
    assert found.endswith(message) if found.startswith("data") else message in found


def test_hex_octal_and_sexagesimal_values_are_numbers(tmp_path):
    assert errors_of(tmp_path, {
        "data.yaml": "values: {a: 0x1F, b: 017, c: 1_000, d: 190:20:30}\n"
                     "checks: ['a == 31', 'b == 15', 'c == 1000', 'd == 685230']\n"}) == []


def test_runaway_product_is_an_error_at_the_operator(tmp_path):
    product = " * ".join(["n"] * 30)
    (found,) = errors_of(tmp_path, {
        "data.yaml": f"values: {{n: {'9' * 90}}}\nstats: {{s: {{count: {product}, of: n}}}}\n"})
    assert found.startswith("data.yaml:2:") and "the result is too large or too precise" in found


@pytest.mark.parametrize("text, message", [
    ("{big:words}", "'words' cannot spell this number in 'en'"),
    ("{s:ci}", "'ci' needs a total of at most 100,000"),
    ("{big}", None),
    ("{tiny}", None),
])
def test_formatting_huge_numbers(tmp_path, text, message):
    found = errors_of(tmp_path, {
        "data.yaml": "values: {big: 1" + "0" * 400 + ", tiny: 0." + "0" * 300 + "1}\n"
                     "stats: {s: {count: 1, of: big}}\n",
        "a.yaml": f"id: a\nbody:\n  - paragraph: 'x {text}'\n"}, write=True)
    assert found == ([f"a.yaml:3:19: {message}"] if message else [])


@pytest.mark.parametrize("field, value", [
    ("restart", '"a\\nb\\tc"'), ("numbering", '"\\x01\\x7f\\x85"'), ("scope", '"\\u2028"'),
])
def test_odd_characters_in_messages_stay_on_one_line(tmp_path, field, value):
    section = "notes" if field == "restart" else "citations"
    (found,) = errors_of(tmp_path, {"publication.yaml": f"{section}: {{{field}: {value}}}\ndocuments: [a.yaml]\n"})
    assert "\n" not in found and "\\" in found


def test_corrupt_image_font_and_svg_are_content_errors(tmp_path):
    import font_source_sans_pro

    font = (Path(font_source_sans_pro.__file__).parent / "files" / "SourceSansPro-Regular.ttf").read_bytes()

    def damage(root: Path) -> None:
        (root / "fonts").mkdir()
        (root / "fonts" / "Brand-Regular.ttf").write_bytes(font[:30_000])
        (root / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage")
        (root / "flat.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>')

    found = errors_of(tmp_path, {
        "publication.yaml": "theme: theme.yaml\ndocuments: [a.yaml]\n", "theme.yaml": "fonts: {body: Brand}\n",
        "a.yaml": "id: a\nbody:\n  - image: {file: bad.png}\n  - image: {file: flat.svg}\n"}, setup=damage)
    assert [f.split(": ")[0] for f in found] == ["Brand-Regular.ttf:1:1", "a.yaml:3:19"]
    assert "not a TrueType font leafwright can embed" in found[0]
    assert "not an image leafwright can read" in found[1]


def test_svg_without_size_is_a_layout_error_at_its_block(tmp_path):
    def flat(root: Path) -> None:
        (root / "flat.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>')

    found = errors_of(tmp_path, {"a.yaml": "id: a\nbody:\n  - image: {file: flat.svg}\n"}, setup=flat, write=True)
    assert [f.split(": ")[0] for f in found] == ["a.yaml:3:5"]
    assert "this SVG cannot be drawn, or has no size" in found[0]


@pytest.mark.parametrize("block", [
    "spacer: -500pt", "image: {file: checker.png, width: -5mm}",
    "chart: {categories: [a], series: [{name: s, values: [orr]}], height: -1in}",
])
def test_negative_lengths_are_errors(tmp_path, block):
    def image(root: Path) -> None:
        (root / "checker.png").write_bytes((fuzzkit.FIXTURE / "images" / "checker.png").read_bytes())

    (found,) = errors_of(tmp_path, {
        "data.yaml": "stats: {orr: {count: 1, of: 2}}\n", "a.yaml": f"id: a\nbody:\n  - {block}\n"}, setup=image)
    assert found.startswith("a.yaml:3:") and "is negative; a length is zero or more" in found
