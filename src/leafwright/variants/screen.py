"""The screen output: RGB, the trim is the page, live links and bookmarks, tagged (PDF/UA-1)
so a screen reader reads it in order: e-mailed and posted leaflets are what accessibility law
covers."""

from . import Variant

VARIANT = Variant(
    name="screen", summary="RGB for reading on screen: links, bookmarks, tagged (PDF/UA-1)",
    colour_space="rgb", boxes=False, crop_marks=False, links=True, outlines=True, image_conversion=None,
    solid_black=False, overprint_below=0.0,
    pdfx=None, tagged=True, preflight="screen",  # RGB, 96 ppi, PDF/UA-1
)
