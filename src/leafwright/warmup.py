"""What every worker needs before its first document, loaded once by importing this module.

A fork server imports it (workers.py), so each worker forked from it starts warm; a worker
started any other way (a Dask worker on another machine, a plain fork) imports it before its
first task. Beyond the modules a task imports (ReportLab's platypus, pikepdf, lxml for the
XMP packet, littleCMS for the output profile), the face most documents print in (the packaged
Source Sans Pro: four TrueType files parsed) and US English hyphenation are loaded too: a
document set in them finds them registered (fonts are known by their content, so a worker's
copy of the file is the same font), and one set in others loses nothing.
"""

from __future__ import annotations

import importlib
import os

MODULES = ("leafwright.pipeline", "leafwright.workers", "leafwright.layout.glyphs", "leafwright.layout.pages",
           "leafwright.layout.hyphdict", "leafwright.layout.drawn", "leafwright.layout.livenotes",
           "leafwright.render.finish", "leafwright.preflight.content", "leafwright.preflight.drawn",
           "leafwright.preflight.structure", "leafwright.preflight.profile", "leafwright.preflight.actions",
           "pikepdf", "lxml.etree", "PIL.ImageCms", "uuid")


def warm() -> None:
    for name in MODULES:
        importlib.import_module(name)
    from .layout.fonts import register_family
    from .layout.hyphdict import preload
    from .load.fonts import DEFAULT_FAMILY, packaged_source_sans

    register_family(DEFAULT_FAMILY, packaged_source_sans())
    preload("en_US")
    _output_profile_checked()


def _output_profile_checked() -> None:
    """Preflight has littleCMS open the output profile every print PDF embeds (once a
    process: a fifth of a worker's first document)."""
    from .preflight.profile import usable
    from .render.finish import press_profile
    from .variants import DEFAULT, get_variant

    pdfx = get_variant(DEFAULT).pdfx
    if pdfx is not None:
        usable(press_profile(pdfx.condition))


warm()
WARMED_IN = os.getpid()  # a worker forked warm finds another process's id here
