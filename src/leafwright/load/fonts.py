"""Font families named by the theme, found as files before anything is laid out.

Lookup order: the publication's fonts/ folder, ./fonts/ (where a user drops brand fonts),
then installed fonts; Source Sans Pro ships with leafwright through its PyPI package.
A folder may hold a fonts.yaml mapping a family to its four files; otherwise files named
`Family-Regular.ttf`, `-Bold`, `-Italic`/`-It`, `-BoldItalic`/`-BoldIt` are found by name.
"""

from __future__ import annotations

import glob
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
    from importlib.util import find_spec

    # Found, not imported: importing the package globs its folder to fill module globals.
    base = Path(find_spec("font_source_sans_pro").origin).parent / "files"
    names = {"regular": "Regular", "bold": "Bold", "italic": "It", "bolditalic": "BoldIt"}
    return {face: base / f"SourceSansPro-{suffix}.ttf" for face, suffix in names.items()}


class FontError(Exception):
    """A fonts.yaml entry that names a file outside its folder, or no file at all."""

    def __init__(self, file: Path, message: str):
        super().__init__(message)
        self.file, self.message = file, message


def _from_config(name: str, folder: Path) -> Optional[dict[str, Path]]:
    config = folder / "fonts.yaml"
    if not config.is_file() or config.stat().st_size > 1_000_000:
        return None
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return None
    entry = data.get(name) if isinstance(data, dict) else None
    if not isinstance(entry, dict):
        return None
    files = {}
    inside = folder.resolve()
    for face in FACES:
        if face not in entry:
            continue
        text = str(entry[face])
        try:
            path = (folder / text).resolve()
            ok_path = "\x00" not in text and not Path(text).is_absolute() and inside in path.parents
            if ok_path and not path.is_file():
                raise FontError(config, f"font file '{text}' of '{name}' ({face}) not found")
        except (OSError, RuntimeError, ValueError):
            ok_path = False
        if not ok_path:
            raise FontError(config, f"font file '{text}' of '{name}' ({face}) is outside {folder.name}/; "
                                    f"fonts.yaml names files inside its folder")
        files[face] = path
    if "regular" not in files:
        return None
    return {face: files.get(face, files["regular"]) for face in FACES}


_CHECKED: dict[tuple, Optional[str]] = {}


def font_problem(path: Path) -> Optional[str]:
    """Why a face file cannot be used (fontTools reads its cmap for the glyph check, ReportLab
    embeds it), or None. Checked once per file version."""
    try:
        st = path.stat()
    except OSError as exc:
        return f"cannot read font file: {exc.strerror}"
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key not in _CHECKED:
        _CHECKED[key] = _font_problem(path)
    return _CHECKED[key]


def _font_problem(path: Path) -> Optional[str]:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(path), lazy=True) as font:
            if not font.getBestCmap():
                return "the font has no Unicode character map"
            if "glyf" not in font or "loca" not in font:  # ReportLab embeds TrueType outlines only
                return "the font has no TrueType outlines (CFF/OpenType .otf cannot be embedded; use .ttf)"
            for table in ("head", "hhea", "hmtx", "maxp", "post", "name"):
                font[table]  # parse each table ReportLab reads when it embeds the font
    except Exception as exc:  # noqa: BLE001 - a damaged file can fail in any table parser
        reason = " ".join(str(exc).split())[:160] or exc.__class__.__name__
        return f"not a TrueType font leafwright can embed ({reason})"
    return None


def _by_name(name: str, folder: Path, recursive: bool) -> Optional[dict[str, Path]]:
    stem = name.replace(" ", "")
    if not stem or stem.strip(".") == "" or any(c in stem for c in "/\\\x00") or len(stem) > 200:
        return None  # a family name is not a path: no '..', no folders
    found: dict[str, Path] = {}
    for face, suffixes in _SUFFIXES.items():
        for suffix in suffixes:
            filename = f"{stem}-{suffix}.ttf" if suffix else f"{stem}.ttf"
            try:
                hits = list(folder.rglob(glob.escape(filename))) if recursive else [folder / filename]
                hit = next((h for h in sorted(hits) if h.is_file()), None)
            except (OSError, ValueError):
                hit = None
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
