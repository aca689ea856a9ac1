"""Font families named by the theme, found as files before anything is laid out.

Lookup order: the publication's fonts/ folder, ./fonts/ (where a user drops brand fonts),
then installed fonts; Source Sans Pro ships with leafwright through its PyPI package.
A folder may hold a fonts.yaml mapping a family to its four files; otherwise files named
`Family-Regular.ttf`, `-Bold`, `-Italic`/`-It`, `-BoldItalic`/`-BoldIt` are found by name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import yaml

FACES = ("regular", "bold", "italic", "bolditalic")
_SUFFIXES = {"regular": ("Regular", ""), "bold": ("Bold",), "italic": ("Italic", "It"),
             "bolditalic": ("BoldItalic", "BoldIt")}
_SYSTEM = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
           Path.home() / ".local/share/fonts", Path("/Library/Fonts"), Path.home() / "Library/Fonts")
DEFAULT_FAMILY = "Source Sans Pro"


def packaged_source_sans() -> dict[str, Path]:
    import font_source_sans_pro

    base = Path(font_source_sans_pro.__file__).parent / "files"
    names = {"regular": "Regular", "bold": "Bold", "italic": "It", "bolditalic": "BoldIt"}
    return {face: base / f"SourceSansPro-{suffix}.ttf" for face, suffix in names.items()}


def _from_config(name: str, folder: Path) -> Optional[dict[str, Path]]:
    config = folder / "fonts.yaml"
    if not config.is_file():
        return None
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
    entry = data.get(name) if isinstance(data, dict) else None
    if not isinstance(entry, dict):
        return None
    files = {face: (folder / str(entry[face])).resolve() for face in FACES if face in entry}
    if "regular" not in files:
        return None
    return {face: files.get(face, files["regular"]) for face in FACES}


def _by_name(name: str, folder: Path, recursive: bool) -> Optional[dict[str, Path]]:
    stem = name.replace(" ", "")
    found: dict[str, Path] = {}
    for face, suffixes in _SUFFIXES.items():
        for suffix in suffixes:
            filename = f"{stem}-{suffix}.ttf" if suffix else f"{stem}.ttf"
            hits = list(folder.rglob(filename)) if recursive else [folder / filename]
            hit = next((h for h in sorted(hits) if h.is_file()), None)
            if hit:
                found[face] = hit
                break
    if "regular" not in found:
        return None
    return {face: found.get(face, found["regular"]) for face in FACES}


def find_family(name: str, publication: Path) -> Optional[dict[str, Path]]:
    """The four face files of a family, or None when it is nowhere to be found."""
    for folder in (publication / "fonts", Path.cwd() / "fonts"):
        if folder.is_dir():
            files = _from_config(name, folder) or _by_name(name, folder, recursive=False)
            if files:
                return files
    if name.replace(" ", "").lower() == DEFAULT_FAMILY.replace(" ", "").lower():
        return packaged_source_sans()
    for folder in _SYSTEM:
        if folder.is_dir():
            files = _by_name(name, folder, recursive=True)
            if files:
                return files
    return None
