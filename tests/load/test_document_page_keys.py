"""`page:` in a document file: the theme's page keys, read into the document, checked there."""

from __future__ import annotations

from leafwright.load.publication import load_publication
from leafwright.load.theme import PAGE_SIZES, Theme, with_page
from tests.conftest import write_publication


def _load(tmp_path, page: str):
    pub = write_publication(tmp_path / "pub", {
        "publication.yaml": "id: p\ndocuments: [d.yaml]\n",
        "d.yaml": f"id: d\n{page}\nbody:\n  - paragraph: x\n"})
    return load_publication(pub)


def test_document_page_overrides_only_what_it_sets(tmp_path):
    pub, diags = _load(tmp_path, "page: {size: a4, margins: [20mm, 15mm, 20mm, 15mm]}")
    assert diags == []
    (doc,) = pub.documents
    theme = with_page(Theme(bleed=5.0), doc.page)
    assert theme.page_size == PAGE_SIZES["a4"]
    assert [round(x, 2) for x in theme.margins] == [56.69, 42.52, 56.69, 42.52]
    assert theme.bleed == 5.0 and theme.crop_marks  # not set by the document: the theme's
    assert with_page(Theme(), ()) == Theme()


def test_document_page_mistakes_are_reported_in_the_document(tmp_path):
    pub, diags = _load(tmp_path, "page: {size: a3, margns: 1in, bleed: 3, crop-marks: maybe}")
    assert sorted((d.span.file.endswith("d.yaml"), d.span.line, d.span.col, d.message) for d in diags) == [
        (True, 2, 14, "unknown page size 'a3'"),
        (True, 2, 18, "unknown key 'margns' in page; did you mean 'margins'?"),
        (True, 2, 38, "bleed '3' is not a length; write a number with pt, mm, cm, in, e.g. 12pt"),
        (True, 2, 53, "crop-marks must be true or false"),
    ]
    assert pub.documents[0].page == ()  # nothing half-applied
