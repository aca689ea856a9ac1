"""Justified text is hyphenated with pyphen (a theme style with align: justify)."""

from __future__ import annotations

import pdfplumber

from tests.conftest import built_pdf

WORDS = "pharmacokinetically immunohistochemistry interdisciplinary characterization " * 6


def build(tmp_path, align: str) -> str:
    path = built_pdf(tmp_path / align, {
        "publication.yaml": "id: p\ntheme: theme.yaml\ndocuments: [doc.yaml]\n",
        "theme.yaml": f"page: {{size: [70mm, 200mm], margins: 8mm}}\nstyles:\n  body: {{align: {align}}}\n",
        "doc.yaml": f"id: doc\nbody:\n  - paragraph: {WORDS}\n",
    })
    with pdfplumber.open(path) as pdf:
        return pdf.pages[0].extract_text()


def test_justified_text_hyphenates(tmp_path):
    lines = build(tmp_path, "justify").splitlines()
    assert any(line.rstrip().endswith("-") for line in lines), lines


def test_left_aligned_text_does_not(tmp_path):
    lines = build(tmp_path, "left").splitlines()
    assert not any(line.rstrip().endswith("-") for line in lines), lines
