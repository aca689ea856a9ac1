"""Every character checked against the font face that will print it, before rendering.

ReportLab prints a missing glyph as an empty box without a word; a medical leaflet with
"≥" turned into a blank square fails review. fontTools reads each face's cmap once.
"""

from __future__ import annotations

import io
import unicodedata
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


# A character a font often lacks, and the one it prints as (with a warning) when the font has
# that one: Crossref titles carry U+2010 HYPHEN and U+2011 NON-BREAKING HYPHEN.
EQUIVALENTS = {"\u2010": "-", "\u2011": "-", "\u2012": "\u2013", "\u2212": "-"}
# Scripts no packaged font covers, named by their Unicode character names' first word.
_SCRIPTS = {"CJK": "CJK (Chinese, Japanese, Korean)", "HIRAGANA": "Japanese", "KATAKANA": "Japanese",
            "HANGUL": "Korean", "THAI": "Thai", "DEVANAGARI": "Devanagari", "BENGALI": "Bengali",
            "TAMIL": "Tamil", "ARMENIAN": "Armenian", "GEORGIAN": "Georgian", "ETHIOPIC": "Ethiopic"}


def _faces(doc: d.ResolvedDocument):
    """(block span, run, family, face path, face, the face's code points) for every run the
    document prints. Each face's coverage is read once per walk, not once per run (reading it
    stats the font file, to know whether it changed)."""
    theme = doc.theme
    cmaps: dict = {}
    for span, element, text in d.printed_texts(doc):
        for run in text:
            role = "heading" if element in HEADING_ELEMENTS else "body"
            family = theme.fonts.get(role, "Source Sans Pro")
            bold = "bold" in run.styles or theme.styles.get(element, {}).get("weight") in ("bold", "semibold")
            face = ("bold" if bold else "") + ("italic" if "italic" in run.styles else "") or "regular"
            path = theme.font_files[family][face]
            if path not in cmaps:
                cmaps[path] = _cmap(path)
            yield span, run, family, path, face, cmaps[path]


def fallbacks(doc: d.ResolvedDocument) -> dict[str, str]:
    """The characters a face of the document lacks that a fallback family of the theme has
    (in the same face): character -> the first such family. Layout sets them in it."""
    theme = doc.theme
    out: dict[str, str] = {}
    if not getattr(theme, "fallback", ()):
        return out
    for _, run, _, _, face, cmap in _faces(doc):
        for ch in set(run.text) - out.keys():
            if ch in _IGNORED or ord(ch) in cmap:
                continue
            found = next((f for f in theme.fallback if ord(ch) in _cmap(theme.font_files[f][face])), None)
            if found is not None:
                out[ch] = found
    return out


def equivalents(doc: d.ResolvedDocument) -> dict[str, str]:
    """The characters the document prints that a face lacks and that have an equivalent that
    face has: what layout prints instead (`document.translated`)."""
    out = {}
    for _, run, _, _, _, cmap in _faces(doc):
        for ch in set(run.text) & EQUIVALENTS.keys():
            if ord(ch) not in cmap and all(ord(c) in cmap for c in EQUIVALENTS[ch]):
                out[ch] = EQUIVALENTS[ch]
    return out


def check_glyphs(doc: d.ResolvedDocument) -> list[Diagnostic]:
    """One error per missing character and block, at its first use, naming it and its code point.
    Each text is checked in the element layout sets it in (`printed_texts`), so every block
    kind is checked, in its own style's font. A character with an equivalent the font has is
    one warning per document (it prints as that); right-to-left text is refused."""
    problems: dict[tuple, Diagnostic] = {}
    swaps = equivalents(doc)
    borrowed = fallbacks(doc)
    for span, run, family, path, _, cmap in _faces(doc):
        # Most runs hold no character to report: find that out per distinct character, and
        # look for positions (span_at) only for the few that are
        odd = {ch for ch in set(run.text) - _IGNORED
               if ord(ch) not in cmap or unicodedata.bidirectional(ch) in ("R", "AL")}
        if not odd:
            continue
        for i, ch in enumerate(run.text):
            if ch not in odd or (span, ch) in problems or (None, ch) in problems:
                continue
            at = run.where.span_at(i) if run.where else span  # the character itself, when written
            direction = unicodedata.bidirectional(ch)
            if direction in ("R", "AL"):
                problems[(None, ch)] = Diagnostic(
                    "error", at, f"character '{ch}' (U+{ord(ch):04X}, {_script(ch)}) is written right to left, "
                                 f"which leafwright does not set yet; it would print backwards, so it is refused")
            elif ord(ch) in cmap:
                continue
            elif ch in swaps:
                shown = f"'{swaps[ch]}' (U+{ord(swaps[ch]):04X})"
                problems[(None, ch)] = Diagnostic(
                    "warning", at, f"character '{ch}' (U+{ord(ch):04X}) is not in the font {family} "
                                   f"({Path(path).name}); it prints as its typographic equivalent {shown}")
            elif ch in borrowed:
                problems[(None, ch)] = Diagnostic(
                    "warning", at, f"character '{ch}' (U+{ord(ch):04X}) is not in the font {family}; it prints "
                                   f"in the fallback font {borrowed[ch]}")
            else:
                script = _script(ch)
                hint = f"; no font of this theme covers {script}: put one that does in fonts/ (e.g. Noto Sans " \
                       f"{'CJK' if script.startswith('CJK') else script}) and name it in the theme's fonts:" \
                    if script else ""
                problems[(span, ch)] = Diagnostic(
                    "error", at, f"character '{ch}' (U+{ord(ch):04X}) is not in the font {family} "
                                 f"({Path(path).name}); it would print as an empty box{hint}")
    return list(problems.values())


def _script(ch: str) -> str:
    """The script a character belongs to, by its Unicode name ("Hebrew", "CJK ..."), or ""."""
    name = unicodedata.name(ch, "")
    first = name.split(" ")[0]
    if first in ("HEBREW", "ARABIC", "SYRIAC", "THAANA", "NKO"):
        return first.capitalize()
    return _SCRIPTS.get(first, "")
