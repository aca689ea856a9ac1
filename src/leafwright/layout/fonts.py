"""Font lookup and registration: fonts/ first, then the packaged Source Sans Pro."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FACES = ("regular", "bold", "italic", "bolditalic")
_SSP_FILES = {"regular": "SourceSansPro-Regular.ttf", "bold": "SourceSansPro-Bold.ttf",
              "italic": "SourceSansPro-It.ttf", "bolditalic": "SourceSansPro-BoldIt.ttf",
              "semibold": "SourceSansPro-Semibold.ttf"}


def source_sans_dir() -> Path:
    import font_source_sans_pro

    return Path(font_source_sans_pro.__file__).parent / "files"


def register_family(name: str, files: dict[str, Path]) -> str:
    """Register four faces under `name` so <b> and <i> pick the right file."""
    key = name.replace(" ", "")
    if key in pdfmetrics.getRegisteredFontNames():
        return key
    for face in FACES:
        pdfmetrics.registerFont(TTFont(key if face == "regular" else f"{key}-{face}", str(files[face])))
    addMapping(key, 0, 0, key)
    addMapping(key, 1, 0, f"{key}-bold")
    addMapping(key, 0, 1, f"{key}-italic")
    addMapping(key, 1, 1, f"{key}-bolditalic")
    pdfmetrics.registerFontFamily(key, normal=key, bold=f"{key}-bold", italic=f"{key}-italic",
                                  boldItalic=f"{key}-bolditalic")
    return key


def default_family() -> str:
    base = source_sans_dir()
    return register_family("Source Sans Pro", {f: base / _SSP_FILES[f] for f in FACES})


def find_family(name: str, folders: list[Path]) -> dict[str, Path] | None:
    """Look for NAME-Regular/-Bold/-Italic/-BoldItalic .ttf in the given folders."""
    stem = name.replace(" ", "")
    wanted = {"regular": ("Regular",), "bold": ("Bold",), "italic": ("Italic", "It"),
              "bolditalic": ("BoldItalic", "BoldIt")}
    for folder in folders:
        found = {}
        for face, suffixes in wanted.items():
            for suffix in suffixes:
                path = folder / f"{stem}-{suffix}.ttf"
                if path.is_file():
                    found[face] = path
                    break
        if len(found) == 4:
            return found
    return None


def family_for(name: str, theme=None) -> str:
    """The registered ReportLab name for a theme family; Source Sans Pro ships with us."""
    if name.replace(" ", "").lower() in ("sourcesanspro", ""):
        return default_family()
    files = find_family(name, [Path("fonts"), Path(__file__).resolve().parents[3] / "fonts"])
    return register_family(name, files) if files else default_family()
