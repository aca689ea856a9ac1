"""Limits: hostile or runaway content ends quickly, with one clear error line and bounded memory.

Each case runs the real CLI in a process of its own (forked with the stage modules imported:
tests/children.py) that reports how much its peak resident memory grew while building
(`resource.getrusage`) and how much work it did (function calls, tests/workbound.py): bounds
that hold on a busy machine too, where a bound in seconds would not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from leafwright.diagnostics import Diagnostics
from leafwright.load import yamlnodes
from leafwright.load.yamlnodes import MAX_DEPTH, load_yaml
from tests.children import measured
from tests.conftest import write_publication

pytestmark = pytest.mark.start_first  # a process per case, an alias bomb

# Function calls a refused build may make: the alias bomb, stopped at the node limit, makes
# some 1.6 million (a warm build of the seed 1.2 million); expanded, it would make billions.
CALLS = 4_000_000
MEGABYTES = 300


def publication(tmp_path: Path, doc: str | bytes, extra: dict | None = None) -> Path:
    root = write_publication(tmp_path / "pub", {"publication.yaml": "documents: [a.yaml]\n", **(extra or {})})
    (root / "a.yaml").write_bytes(doc.encode("utf-8") if isinstance(doc, str) else doc)
    return root


def refused(tmp_path: Path, root: Path, message: str) -> list[str]:
    """Build through the CLI: exit 1, one error line with a position, quick and small."""
    r = measured(["build", str(root), "-o", str(tmp_path / "out")], tmp_path)
    lines = r["stderr"].splitlines()
    errors = [ln for ln in lines if ": error: " in ln]
    assert r["status"] == 1, r
    assert any(message in ln for ln in errors), lines
    for ln in errors:
        file, line, col = ln.split(": error: ")[0].rsplit(":", 2)
        assert file.endswith(".yaml") and int(line) >= 1 and int(col) >= 1, ln
    assert lines[-1].startswith("leafwright: ") and "nothing written" in lines[-1]
    assert r["calls"] < CALLS, r
    assert r["mb"] < MEGABYTES, r
    assert not (tmp_path / "out").exists()
    return errors


def test_alias_bomb(tmp_path):
    bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9))
    root = publication(tmp_path, "id: a\nbody:\n  - paragraph: Hello.\n" + bomb)
    refused(tmp_path, root, "YAML nodes (an alias bomb?)")


def test_alias_bomb_of_long_strings(tmp_path):
    """Few nodes, but each alias repeats 90,000 characters: the expanded text is what counts."""
    text = "x" * 90_000
    doc = f"id: a\nlong: &t {text}\nbody:\n" + "  - paragraph: *t\n" * 100
    root = publication(tmp_path, doc)
    refused(tmp_path, root, "characters of text once aliases are expanded (an alias bomb?)")


@pytest.mark.parametrize("nesting", [
    "[" * 10_000 + "]" * 10_000,
    "{a: " * 10_000 + "1" + "}" * 10_000,
    "[{a: " * 5_000 + "1" + "}]" * 5_000,
])
def test_nesting_ten_thousand_deep(tmp_path, nesting):
    root = publication(tmp_path, "id: a\nbody:\n  - paragraph: " + nesting + "\n")
    refused(tmp_path, root, "nesting")


def test_nesting_just_past_the_limit_is_refused_by_our_own_check(tmp_path):
    deep = "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5)
    root = publication(tmp_path, "id: a\nbody:\n  - paragraph: " + deep + "\n")
    errors = refused(tmp_path, root, f"nesting deeper than {MAX_DEPTH} levels")
    assert len(errors) == 1


def test_two_megabyte_string(tmp_path):
    root = publication(tmp_path, "id: a\nbody:\n  - paragraph: " + "x" * 2_000_000 + "\n")
    errors = refused(tmp_path, root, "text of 2,000,000 characters; the limit is 100,000")
    assert errors[0].split(": error: ")[0].endswith("a.yaml:3:16")


def test_ten_megabyte_file(tmp_path):
    body = "".join(f"  - paragraph: Paragraph {i} of a file that is far too long for a leaflet.\n"
                   for i in range(150_000))
    root = publication(tmp_path, "id: a\nbody:\n" + body)
    assert (root / "a.yaml").stat().st_size > 10_000_000
    r = refused(tmp_path, root, "file is larger than 5 MB")
    assert len(r) == 1


def test_ten_megabyte_file_is_not_read(tmp_path):
    """The size is checked before reading: the memory stays near nothing."""
    root = publication(tmp_path, b"id: a\nbody: []\n#" + b"x" * 10_000_000 + b"\n")
    r = measured(["check", str(root)], tmp_path)
    assert r["status"] == 1 and "file is larger than 5 MB" in r["stderr"]
    assert r["mb"] < 5, r


def test_ten_megabyte_bibtex_file(tmp_path):
    entry = "@article{k%d, title={A title}, author={Doe, Jane}, journal={J}, year={2020}}\n"
    root = publication(tmp_path, "id: a\nbody:\n  - paragraph: Hello.\n",
                       {"publication.yaml": "references: refs.bib\ndocuments: [a.yaml]\n"})
    (root / "refs.bib").write_text("".join(entry % i for i in range(140_000)))
    assert (root / "refs.bib").stat().st_size > 10_000_000
    r = measured(["build", str(root), "-o", str(tmp_path / "out")], tmp_path)
    assert r["status"] == 1 and "refs.bib:1:1: error: file is larger than 5 MB" in r["stderr"], r
    assert r["calls"] < CALLS and r["mb"] < MEGABYTES, r


# --- in-process checks of the YAML layer ------------------------------------------------------


def test_pure_python_parser_recursion_is_an_error_not_a_crash(monkeypatch):
    """Without libyaml PyYAML's composer recurses per level: that too ends as an error."""
    composed = []
    real_compose = yaml.SafeLoader.compose_node

    def compose_node(self, *args):
        composed.append(1)
        return real_compose(self, *args)

    monkeypatch.setattr(yamlnodes, "_Loader", yaml.SafeLoader)
    monkeypatch.setattr(yaml.SafeLoader, "compose_node", compose_node)
    diags = Diagnostics()
    assert load_yaml("a: " + "[" * 10_000 + "]" * 10_000, "f.yaml", diags) is None
    assert len(composed) <= 10_001  # each level composed at most once: no retries, no runaway work
    assert [d.severity for d in diags.items] == ["error"] and "nesting" in diags.items[0].message


@pytest.mark.parametrize("text, where, code", [
    ("a: b\nc: dé\x01\n", (2, 6), "U+0001"),
    ("a: \ufffe\n", (1, 4), "U+FFFE"),
    ("\x7f", (1, 1), "U+007F"),
])
def test_control_character_is_an_error_at_its_place(text, where, code):
    diags = Diagnostics()
    assert load_yaml(text, "f.yaml", diags) is None
    (d,) = diags.items
    assert (d.span.line, d.span.col) == where and code in d.message and "not allowed" in d.message


def test_byte_order_mark_is_accepted_and_columns_stay_right(tmp_path):
    from leafwright.load.publication import load_publication

    root = publication(tmp_path, "\ufeffid: a\nbody:\n  - paragraph: Hello [@nope]\n")
    pub, diags = load_publication(root)
    assert pub is not None and [str(d) for d in diags] == []
    assert pub.documents[0].body[0].text.span_at(6).col == 22  # the '[' of [@nope]


def test_invalid_utf8_names_its_line(tmp_path):
    from leafwright.load.publication import load_publication

    root = publication(tmp_path, b"id: a\nbody:\n  - paragraph: caf\xe9\n")
    _, diags = load_publication(root)
    (d,) = diags
    assert (d.span.line, d.span.col) == (3, 19) and "not UTF-8" in d.message


def test_an_alias_bomb_is_refused_without_expanding_it():
    """An alias is the node it names again: what it expands to is known once that node is
    built, so a billion-laughs document is refused after building each distinct node once."""
    from leafwright.diagnostics import Diagnostics
    from leafwright.load.yamlnodes import load_yaml
    from tests.workbound import counted

    bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9))
    diags = Diagnostics()
    with counted() as work:
        assert load_yaml(bomb, "bomb.yaml", diags) is None
    assert [d.message for d in diags.items] == ["more than 200000 YAML nodes (an alias bomb?)"]
    assert work.calls < 100_000  # expanding it node by node makes millions of calls


def test_aliases_load_as_the_node_they_name():
    from leafwright.diagnostics import Diagnostics
    from leafwright.load.yamlnodes import load_yaml

    diags = Diagnostics()
    root = load_yaml("a: &x {p: [1, two], q: !bad 3}\nb: *x\nc: [*x, *x]\n", "a.yaml", diags)
    (_, _, a), (_, _, b), (_, _, c) = root.entries
    assert a == b == c.items[0] == c.items[1]
    assert [d.message for d in diags.items].count("YAML tag '!bad' is not allowed; content is plain data; "
                                                  "if it is text, quote this text: '!bad 3'") == 1
