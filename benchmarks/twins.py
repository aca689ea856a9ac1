"""Peer twins of a leafwright publication: the same text as a Typst file and an HTML file,
so `run.py` can time Typst and WeasyPrint on what leafwright typesets. The twins carry the
words, headings and page size, not leafwright's design: a peer's figure is a floor for
setting this much text, not a like-for-like leaflet."""

from __future__ import annotations

import html
from pathlib import Path


def _blocks(publication: Path):
    """(is_heading, text) per printed block of every document, and a None between documents."""
    from leafwright.layout.glyphs import _texts  # the walk the glyph check uses: every run printed
    from leafwright.load.publication import load_publication
    from leafwright.resolve.resolver import resolve_publication

    pub, _ = load_publication(publication)
    docs, _ = resolve_publication(pub)
    for doc in docs:
        yield True, doc.title
        last, parts = None, []
        for span, element, run in _texts(doc.blocks):
            if (span, element) != last and parts:
                yield last[1] in ("heading", "panel-title"), "".join(parts)
                parts = []
            last = (span, element)
            parts.append(run.text)
        if parts:
            yield last[1] in ("heading", "panel-title"), "".join(parts)
        yield None


def write_twins(publication: Path, folder: Path) -> tuple[Path, Path]:
    typ = ['#set page(paper: "us-letter", margin: 0.5in)\n#set text(size: 9pt)\n']
    page = ['<!doctype html><meta charset="utf-8"><style>@page{size:letter;margin:.5in}'
            'body{font:9pt sans-serif}</style>']
    for block in _blocks(publication):
        if block is None:
            typ.append("#pagebreak()\n")
            page.append('<div style="break-after:page"></div>')
            continue
        heading, text = block
        literal = '#"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
        typ.append(("== " if heading else "") + literal + "\n\n")
        page.append(f"<h2>{html.escape(text)}</h2>" if heading else f"<p>{html.escape(text)}</p>")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "twin.typ").write_text("".join(typ), encoding="utf-8")
    (folder / "twin.html").write_text("".join(page), encoding="utf-8")
    return folder / "twin.typ", folder / "twin.html"
