"""Every character checked against the font face that will print it, before rendering.

ReportLab prints a missing glyph as an empty box without a word; a medical leaflet with
"≥" turned into a blank square fails review. fontTools reads each face's cmap once.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..diagnostics import Diagnostic
from ..load.theme import HEADING_ELEMENTS, Theme
from ..resolve import document as d

_IGNORED = set("\n\t\r")


def _cmap(path: Path) -> frozenset:
    """Keyed by the file's size and time too: `watch` keeps the process, and an edited
    font file is another font."""
    try:
        st = Path(path).stat()
        return _cmap_of(str(path), st.st_size, st.st_mtime_ns)
    except OSError:
        return _cmap_of(str(path), None, None)


@lru_cache(maxsize=32)
def _cmap_of(path: str, size, mtime) -> frozenset:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _texts(blocks, element="body"):
    """(span, element, run) for every run the document prints."""
    for b in blocks:
        if isinstance(b, d.RHeading):
            yield from ((b.span, "heading", r) for r in b.text)
        elif isinstance(b, d.RParagraph):
            yield from ((b.span, element, r) for r in b.text)
        elif isinstance(b, d.RBullets):
            yield from ((b.span, element, r) for t in b.items for r in t)
        elif isinstance(b, d.RTable):
            yield from ((b.span, "table-header", r) for t in (b.header or ()) for r in t)
            yield from ((b.span, "table", r) for row in b.rows for t in row for r in t)
        elif isinstance(b, d.RCallouts):
            yield from ((b.span, "callout-value", r) for value, _ in b.items for r in value)
            yield from ((b.span, "callout-label", r) for _, label in b.items for r in label)
        elif isinstance(b, d.RChart):  # charts draw titles and value labels bold, the rest regular
            words = [b.title, *b.categories, *(s.name for s in b.series), *(x for s in b.series for x in s.labels),
                     *b.totals]
            for styles in (frozenset(), frozenset({"bold"})):
                yield from ((b.span, "chart", d.Run(w, styles)) for w in words)
        elif isinstance(b, d.RPanel):
            yield from ((b.span, "panel-title", r) for r in (b.title or ()))
            yield from _texts(b.body, element)
        elif isinstance(b, d.RColumns):
            for col in b.columns:
                yield from _texts(col, element)
        elif isinstance(b, d.RNotes):
            yield from ((b.span, "note", r) for n in b.notes for r in (d.Run(n.marker),) + n.text)
        elif isinstance(b, d.RReferences):
            yield from ((b.span, "reference", replace(r, styles=r.styles | {"bold"})) for r in b.title)
            yield from ((b.span, "reference", r) for ref in b.references for r in ref.text)


def check_glyphs(doc: d.ResolvedDocument, theme: Theme) -> list[Diagnostic]:
    """One error per missing character and block, at its first use, naming it and its code point."""
    problems: dict[tuple, Diagnostic] = {}
    texts = list(_texts(doc.blocks))
    texts.append((doc.span, "title", d.Run(doc.title)))
    if doc.page_notes:
        texts.extend((doc.span, "note", r) for n in doc.page_notes.notes for r in n.text)
    for span, element, run in texts:
        role = "heading" if element in HEADING_ELEMENTS else "body"
        family = theme.fonts.get(role, "Source Sans Pro")
        bold = "bold" in run.styles or theme.styles.get(element, {}).get("weight") in ("bold", "semibold")
        face = ("bold" if bold else "") + ("italic" if "italic" in run.styles else "") or "regular"
        path = theme.font_files[family][face]
        cmap = _cmap(path)
        for i, ch in enumerate(run.text):
            if ch not in _IGNORED and ord(ch) not in cmap and (span, ch) not in problems:
                at = run.where.span_at(i) if run.where else span  # the character itself, when written
                problems[(span, ch)] = Diagnostic(
                    "error", at, f"character '{ch}' (U+{ord(ch):04X}) is not in the font {family} "
                                 f"({Path(path).name}); it would print as an empty box")
    return list(problems.values())
