"""`requires:` in publication.yaml and `role:` on blocks: what every document must carry."""

from __future__ import annotations

from pathlib import Path

from leafwright.load.publication import load_publication
from tests.conftest import ROOT, write_publication

FULL = ROOT / "tests" / "fixtures" / "mlr"


def load(tmp_path: Path, requires: str, doc: str):
    root = write_publication(tmp_path / "pub", {
        "publication.yaml": f"requires: {requires}\ndocuments: [a.yaml]\n", "a.yaml": doc})
    pub, diags = load_publication(root)
    return pub, [(Path(x.span.file).name, x.span.line, x.span.col, x.message) for x in diags if x.severity == "error"]


COMPLETE = """
id: a
code: US-1
date: 2026-12
body:
  - paragraph: Important safety information.
    role: isi
  - columns:
    - - paragraph: See full Prescribing Information.
        role: pi-statement
"""


def test_the_fixture_declaring_everything_loads_clean():
    pub, diags = load_publication(FULL)
    assert [str(x) for x in diags if x.severity == "error"] == []
    assert [name for name, _ in pub.requires] == ["job-code", "date-of-preparation", "isi", "pi-statement"]
    assert sorted(role for role, _ in pub.documents[0].roles) == ["isi", "pi-statement"]


def test_every_element_present_even_nested(tmp_path):
    pub, errors = load(tmp_path, "[job-code, date-of-preparation, isi, pi-statement]", COMPLETE)
    assert errors == []
    assert [(r, s.line) for r, s in pub.documents[0].roles] == [("isi", 6), ("pi-statement", 9)]


def test_each_missing_element_is_an_error_at_the_document(tmp_path):
    _, errors = load(tmp_path, "[job-code, date-of-preparation, isi, pi-statement, boxed-warning]",
                     "id: a\nbody:\n  - paragraph: x\n    role: isii\n")
    assert [e[:3] for e in errors] == [("a.yaml", 1, 1)] * 5
    messages = [e[3] for e in errors]
    assert messages[0].startswith("document 'a' needs a job code ('code:'): publication.yaml requires 'job-code' "
                                  "(at ")
    assert messages[0].endswith("publication.yaml:1:12)")
    assert "needs a date of preparation ('date:'): publication.yaml requires 'date-of-preparation'" in messages[1]
    assert "needs a block with 'role: isi': publication.yaml requires 'isi' (at " in messages[2]
    assert messages[2].endswith("); did you mean 'isii'?")
    assert "needs a block with 'role: pi-statement':" in messages[3]
    assert "needs a block with 'role: boxed-warning':" in messages[4]


def test_nothing_required_nothing_checked(tmp_path):
    root = write_publication(tmp_path / "pub", {"publication.yaml": "documents: [a.yaml]\n",
                                                "a.yaml": "id: a\nbody:\n  - paragraph: x\n"})
    pub, diags = load_publication(root)
    assert diags == [] and pub.requires == ()


def test_bad_names_and_roles(tmp_path):
    _, errors = load(tmp_path, "[job-code, Job Code, date-of-prep]",
                     "id: a\ncode: X\nbody:\n  - paragraph: x\n    role: Safety Info\n  - role: isi\n")
    messages = [e[3] for e in errors]
    (bad,) = [e for e in errors if e[3].startswith("requires: 'Job Code' is not job-code, date-of-preparation "
                                                   "or a block role")]
    assert bad[:3] == ("publication.yaml", 1, 22)
    assert ("a.yaml", 5, 11, "role 'Safety Info' must be lowercase letters, digits and '-' (e.g. isi, pi-statement)") \
        in errors
    assert ("a.yaml", 6, 5, "a block needs a kind key besides 'role' (e.g. 'paragraph: ...')") in errors
    # a role name that is well formed but used by no block: the document is told
    assert any("needs a block with 'role: date-of-prep'" in m for m in messages)


def test_seed_declares_what_it_has():
    pub, diags = load_publication(ROOT / "content")
    assert [name for name, _ in pub.requires] == ["job-code", "date-of-preparation"]
    assert not [x for x in diags if x.severity == "error"]
