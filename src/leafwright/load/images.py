"""Images checked at load time, so a damaged or hostile file is a content error at its line.

Layout hands raster files to ReportLab (through Pillow) and SVG files to svglib; either
fails with a traceback on a file it cannot read. Here each image is opened once:
- raster: Pillow reads the header and verifies the data; a picture over MAX_PIXELS is
  refused (Pillow calls larger ones a decompression bomb, and ReportLab holds them
  decoded in memory);
- SVG: it must parse as XML (lxml, no entities, no network) and every external
  reference (`href`, `xlink:href`) must stay inside the publication (svglib follows
  relative paths, `..` included). Whether svglib can draw it with a size is a layout
  question (ReportLab stays behind the layout boundary): layout reports it at the image.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Optional

MAX_PIXELS = 60_000_000
_HREFS = ("href", "{http://www.w3.org/1999/xlink}href")


def image_problem(path: Path, root: Path) -> Optional[str]:
    """Why `path` cannot be placed on a page, or None."""
    if path.suffix.lower() in (".svg", ".svgz"):
        return _svg_problem(path, root)
    return _raster_problem(path)


def _raster_problem(path: Path) -> Optional[str]:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                width, height = im.size
                if width * height > MAX_PIXELS:
                    return (f"image of {width} x {height} pixels is too large (limit {MAX_PIXELS // 1_000_000} "
                            f"million pixels); scale it down")
                if width < 1 or height < 1:
                    return "image has no width or height"
                im.verify()
    except Image.DecompressionBombError:
        return f"image is too large (over {MAX_PIXELS // 1_000_000} million pixels); scale it down"
    except Exception as exc:  # noqa: BLE001 - a damaged file can fail anywhere in a decoder
        reason = " ".join(str(exc).split())[:120] or exc.__class__.__name__
        return f"not an image leafwright can read ({reason})"
    return None


def _svg_problem(path: Path, root: Path) -> Optional[str]:
    try:
        tree = _svg_tree(path)
    except Exception as exc:  # noqa: BLE001 - lxml, gzip and the OS raise many kinds
        reason = " ".join(str(exc).split())[:120] or exc.__class__.__name__
        return f"not an SVG file leafwright can read ({reason})"
    for href in _hrefs(tree):
        problem = _href_problem(href, path, root)
        if problem:
            return problem
    return None


def svg_references(path: Path) -> list[Path]:
    """The files an SVG image refers to (checked at load to lie inside the publication): what
    a worker needs beside it to draw it."""
    try:
        tree = _svg_tree(path)
    except Exception:  # noqa: BLE001 - reported at load
        return []
    out = []
    for href in _hrefs(tree):
        iri = href.strip().split("#", 1)[0]
        if iri and not href.strip().lower().startswith("data:") and "://" not in iri:
            out.append((path.parent / iri).resolve())
    return out


def _svg_tree(path: Path):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    if path.suffix.lower() == ".svgz":
        import gzip

        with gzip.open(path, "rb") as fh:
            return etree.parse(fh, parser)
    return etree.parse(str(path), parser)


def _hrefs(tree):
    for element in tree.iter():
        for attr in _HREFS:
            href = element.get(attr) if hasattr(element, "get") else None
            if href:
                yield href


def _href_problem(href: str, svg: Path, root: Path) -> Optional[str]:
    """An external reference must name a file inside the publication."""
    href = href.strip()
    if href.startswith("#") or href.lower().startswith("data:"):
        return None
    iri = href.split("#", 1)[0]
    if not iri:
        return None
    if "://" in iri or iri.lower().startswith(("file:", "http:", "https:")) or os.path.isabs(iri):
        return f"SVG refers to '{href}', outside the publication folder"
    try:
        target = (svg.parent / iri).resolve()
    except (OSError, RuntimeError, ValueError):
        return f"SVG refers to '{href}', which cannot be opened"
    if root not in target.parents:
        return f"SVG refers to '{href}', outside the publication folder"
    return None
