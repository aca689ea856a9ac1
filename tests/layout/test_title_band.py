"""The brand band on page one holds the whole title, however long."""

from __future__ import annotations

import pdfplumber

from tests.conftest import built_pdf


def test_a_long_title_stays_inside_its_band(tmp_path):
    title = "A very long leaflet title that needs three lines " * 2
    path = built_pdf(tmp_path, {
        "publication.yaml": "id: p\ndocuments: [doc.yaml]\n",
        "doc.yaml": f"id: doc\ntitle: {title}\nbody:\n  - paragraph: First body line.\n",
    })
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        band = [r for r in page.rects if r["width"] > page.width * 0.8][0]
        title_words = [w for w in words if w["text"] in ("leaflet", "three")]
        body = [w for w in words if w["text"] == "First"][0]
    assert all(band["top"] <= w["top"] and w["bottom"] <= band["bottom"] for w in title_words)
    assert body["top"] > band["bottom"]
