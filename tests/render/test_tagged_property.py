"""Tagging holds for any document, not just the seed: generated documents (the flow property
test's paragraphs, bullets, tables, callouts, headings and notes on random pages, notes at the
end, mid-document or at each page's foot) built as screen PDFs, then read back.

pikepdf (our PDF/UA checks): every MCID on every page is in the ParentTree and has exactly
one parent, nothing paints outside marked content. Poppler (independent of our code): the
tree holds the same characters as the pages, in the same order, less the footers and the
header rows a split table repeats (those are artifacts). Notes at a page's foot are compared
apart: the tree reads a table or paragraph that runs onto the next page to its end before
the notes of the page it started on, while the page draws them between its two parts.
"""

from __future__ import annotations

import pikepdf
import pytest
from hypothesis import HealthCheck, Phase, given, settings

from leafwright.build import build
from leafwright.preflight.pdfua import pdfua
from tests.layout.test_flow_property import publications
from tests.render.test_tagged import page_chars, poppler, struct_items

pytestmark = pytest.mark.start_first  # generated documents built and read back

REPEATED = "ResponsePatients"  # the generated tables' header row, repeated on each page a table spans


@poppler
@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.generate])  # shrinking a layout case takes minutes
@given(publications())
def test_generated_documents_are_tagged_completely_and_in_order(tmp_path_factory, case):
    files, _, _ = case
    folder = tmp_path_factory.mktemp("tagged")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = build(folder, folder / "out", variant="screen")
    assert not [str(d) for d in result.diagnostics if d.severity == "error"]
    pdf_path = folder / "out" / "doc.pdf"
    with pikepdf.open(pdf_path) as pdf:
        assert [str(f) for f in pdfua(pdf) if f.severity == "error"] == []
    try:
        import pdfua as pdfua_package  # an independent checker (a test dependency)
    except ImportError:
        pass
    else:
        assert [(f.rule_id, f.message) for f in pdfua_package.validate(str(pdf_path)).findings] == []
    items = struct_items(pdf_path)
    notes = [text for role, text in items if role == "Note"]
    tree = "".join(text for role, text in items if role != "Note").replace(REPEATED, "")
    assert interleaved(page_chars(pdf_path).replace(REPEATED, ""), tree, notes)


def interleaved(page: str, tree: str, notes: list[str]) -> bool:
    """Whether `page` is `tree` with each note's text inserted whole, once, the notes in order."""
    seen, todo = set(), [(0, 0)]  # (characters of tree used, notes used)
    while todo:
        i, j = todo.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        at = i + sum(len(n) for n in notes[:j])
        if i == len(tree) and j == len(notes):
            return at == len(page)
        if j < len(notes) and page.startswith(notes[j], at):
            todo.append((i, j + 1))
        if i < len(tree) and at < len(page) and page[at] == tree[i]:
            todo.append((i + 1, j))
    return False
