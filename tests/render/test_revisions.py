"""Each revision of a leaflet is told apart in its metadata while the document keeps its
identity: DocumentID and /ID[0] per document, /ID[1], InstanceID and VersionID per content,
and a rebuild of unchanged content is byte-identical."""

from __future__ import annotations

import pikepdf

from leafwright.build import build
from tests.conftest import write_publication

DOC = "id: doc\ntitle: Alpha\ndate: 2026-11\nbody:\n  - paragraph: {text}\n"


def _ids(path) -> tuple:
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        return (bytes(pdf.trailer.ID[0]), meta["xmpMM:DocumentID"]), (
            bytes(pdf.trailer.ID[1]), meta["xmpMM:InstanceID"], meta["xmpMM:VersionID"])


def test_an_edit_changes_the_revision_ids_and_not_the_document_ids(tmp_path):
    pub = write_publication(tmp_path / "pub", {
        "publication.yaml": "id: p\ntitle: P\ntheme: theme.yaml\ndocuments: [doc.yaml]\n",
        "theme.yaml": "page:\n  size: letter\n", "doc.yaml": DOC.format(text="First draft.")})
    builds = []
    for n, text in enumerate(["First draft.", "First draft.", "Second draft, after review."]):
        (pub / "doc.yaml").write_text(DOC.format(text=text))
        result = build(pub, tmp_path / f"out{n}", variant="print")
        assert result.ok, [str(d) for d in result.diagnostics]
        builds.append(tmp_path / f"out{n}" / "doc.pdf")
    first, again, edited = builds
    assert first.read_bytes() == again.read_bytes()
    (doc_first, rev_first), (doc_edited, rev_edited) = _ids(first), _ids(edited)
    assert doc_first == doc_edited
    assert all(a != b for a, b in zip(rev_first, rev_edited)), (rev_first, rev_edited)
    assert rev_first[1].startswith("uuid:") and rev_first[1] != doc_first[1]
