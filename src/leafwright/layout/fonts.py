"""Registering the theme's font files with ReportLab (files were found by load.fonts)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..load.fonts import FACES



def register_family(name: str, files: dict[str, Path]) -> str:
    """Register four faces under `name` so <b> and <i> pick the right file; returns the base name."""
    key = name.replace(" ", "")
    registered = pdfmetrics.getRegisteredFontNames()
    if key in registered and _files_of(key) != str(files["regular"]):
        # ReportLab's registry is per process: another publication's files under this family
        # name must not be reused, so these get a name of their own.
        key = f"{key}-{hashlib.sha1(str(files['regular']).encode()).hexdigest()[:8]}"
    if key not in registered:
        for face in FACES:
            pdfmetrics.registerFont(TTFont(key if face == "regular" else f"{key}-{face}", str(files[face])))
    map_family(key)
    return key


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
