"""Registering the theme's font files with ReportLab (files were found by load.fonts)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..cache import file_digest
from ..load.fonts import FACES


class MeasuringTTFont(TTFont):
    """A TTFont that remembers the width of each text it measured, at 1000 units. ReportLab
    measures the same few hundred words and spaces over and over, all in Python (breaking a
    line measures a space once for every word already on it), about a fifth of a long
    document's layout. The width is the same sum of the same glyph widths, scaled the same
    way, so every position on the page is the one ReportLab computes."""

    _LIMIT = 20_000  # texts remembered per face before starting afresh (a few MB at most)

    def __init__(self, name: str, filename: str):
        super().__init__(name, filename)
        self._sums: dict[str, float] = {}

    def stringWidth(self, text, size, encoding="utf8"):
        if not isinstance(text, str):
            text = text.decode(encoding or "utf8")
        total = self._sums.get(text)
        if total is None:
            width, default = self.face.charWidths.get, self.face.defaultWidth
            total = sum((width(ord(u), default) for u in text))  # as reportlab.lib.rl_accel does
            if len(self._sums) >= self._LIMIT:
                self._sums.clear()
            self._sums[text] = total
        return 0.001 * size * total

# Which font contents each family name was registered with. ReportLab's font registry is
# per process and outlives a build (`leafwright watch` keeps the process): this mirror of it
# is what tells a font file edited since from the one registered.
_VERSIONS: dict[str, tuple] = {}


def register_family(name: str, files: dict[str, Path]) -> str:
    """Register four faces under `name` so <b> and <i> pick the right file; returns the base name."""
    key = name.replace(" ", "")
    registered = pdfmetrics.getRegisteredFontNames()
    version = _version(files)
    known = _VERSIONS.get(key, version if key in registered and _files_of(key) == str(files["regular"]) else None)
    if key in registered and known != version:
        # Another publication's files under this family name, or these files edited since they
        # were registered: never reuse the registered ones, give these a name of their own.
        key = f"{key}-{hashlib.sha1(repr(version).encode()).hexdigest()[:8]}"
    if key not in registered or key not in _VERSIONS:
        for face in FACES:
            pdfmetrics.registerFont(MeasuringTTFont(key if face == "regular" else f"{key}-{face}", str(files[face])))
        _VERSIONS[key] = version
    map_family(key)
    return key


def _version(files: dict[str, Path]) -> tuple:
    """Each face's content digest: a changed file is another font, and the same file under
    another path (a worker's copy of it, see workers.py) is the same font."""
    return tuple(file_digest(files[face]) for face in FACES)


def _files_of(key: str) -> str:
    return str(getattr(pdfmetrics.getFont(key).face, "filename", ""))


def map_family(key: str) -> None:
    """Tell ReportLab which face <b> and <i> select. Registering a TTFont under the family's
    name again (svglib does, for charts) resets this, so it is cheap and repeatable."""
    addMapping(key, 0, 0, key)
    addMapping(key, 1, 0, f"{key}-bold")
    addMapping(key, 0, 1, f"{key}-italic")
    addMapping(key, 1, 1, f"{key}-bolditalic")
    pdfmetrics.registerFontFamily(key, normal=key, bold=f"{key}-bold", italic=f"{key}-italic",
                                  boldItalic=f"{key}-bolditalic")


def family_for(name: str, theme) -> str:
    return register_family(name, theme.font_files[name])
