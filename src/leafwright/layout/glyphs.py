"""Every character checked against the font face that will print it, before rendering.

ReportLab prints a missing glyph as an empty box without a word; a medical leaflet with
"≥" turned into a blank square fails review. fontTools reads each face's cmap once.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from ..cache import cache_root, code_version, digest, read_entry, write_entry
from ..diagnostics import Diagnostic
from ..load.theme import HEADING_ELEMENTS
from ..resolve import document as d

_IGNORED = set("\n\t\r")


def _cmap(path: Path) -> frozenset:
    try:
        st = Path(path).stat()
    except OSError:
        return _coverage(Path(path), 0, 0)  # fontTools says why the file cannot be read
    return _coverage(Path(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=32)
def _coverage(path: Path, mtime_ns: int, size: int) -> frozenset:
    """The code points the face maps, from the cache when this file content was read
    before (keyed by the content, so a replaced font is read again)."""
    data = path.read_bytes()
    cached = cache_root() / "glyphs" / f"{digest('cmap-v1', code_version(__name__), data)}.txt"
    body = read_entry(cached, "glyphs")
    if body is not None:
        try:
            return frozenset(_decode(body.decode("ascii")))
        except ValueError:
            pass  # unreadable: read the font again below
    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(data), lazy=True) as font:
        points = frozenset(font.getBestCmap())
    write_entry(cached, _encode(points).encode("ascii"), "glyphs")
    return points


def _encode(points: frozenset) -> str:
    """Sorted runs of code points, "first-last" in hex, comma-separated."""
    runs: list[list[int]] = []
    for cp in sorted(points):
        if runs and cp == runs[-1][1] + 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return ",".join(f"{a:x}-{b:x}" for a, b in runs)


def _decode(text: str):
    for run in filter(None, text.split(",")):
        first, last = run.split("-")
        yield from range(int(first, 16), int(last, 16) + 1)


def check_glyphs(doc: d.ResolvedDocument) -> list[Diagnostic]:
    """One error per missing character and block, at its first use, naming it and its code point.
    Each text is checked in the element layout sets it in (`printed_texts`), so every block
    kind is checked, in its own style's font."""
    problems: dict[tuple, Diagnostic] = {}
    theme = doc.theme
    texts = ((span, element, run) for span, element, text in d.printed_texts(doc) for run in text)
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
