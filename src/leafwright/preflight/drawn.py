"""A page of our own build judged from what layout noted while drawing it (`marks.PageMarks`),
with the rules of the content scan, so the scan need not read the page back.

The findings are the scan's, in the scan's words: the same tallies (`content.judge`), the same
safe-area rule per text run (`content.safe_area`), the same colour, overprint and transparency
messages, and images checked by `images.check_image` from their placement. A page whose marks
say the recorder could not follow something (`unmodelled`), or name a font or image the page's
resources do not hold, is scanned instead.
"""

from __future__ import annotations

import math
from typing import Optional

from ..marks import PageMarks
from .profiles import Profile
from .content import Scan, font_key, judge, page_scan, paint_colour, safe_area, transparency, white_overprint


def judge_marks(page, number: int, expect: Profile, marks: PageMarks, cache: Optional[dict] = None) -> Scan:
    """The findings of `scan_page` for a page layout drew, from its marks."""
    scan = page_scan(page, number, expect, cache)
    for what in marks.transparency:
        transparency(scan, what)
    for kind, what in sorted(marks.paints):
        paint_colour(scan, kind, what)
    for what in sorted(marks.white_overprint):
        white_overprint(scan, "cmyk", 0.0, True, what)
    for m, advance, size in marks.runs:
        safe_area(scan, m, advance, size)
        effective = abs(size) * math.hypot(m[2], m[3])
        if scan.min_text is None or effective < scan.min_text:
            scan.min_text = effective
    scan.min_rule, scan.max_ink = marks.min_rule, marks.max_ink
    resources = page.obj.get("/Resources")
    fonts = (resources or {}).get("/Font") or {}
    for name, visible in marks.fonts:
        font = fonts.get(name)
        if font is not None:
            key = font_key(font)
            scan.fonts[key] = scan.fonts.get(key, False) or visible
    if marks.images:
        from .images import check_image

        xobjects = (resources or {}).get("/XObject") or {}
        for name, ctm in marks.images:
            image = xobjects.get("/" + name)
            if image is not None:
                check_image(image, f"image {name}", resources, ctm, scan)
    judge(scan, expect)
    return scan


def page_content(page, number: int, expect: Profile, cache: dict, drawn: Optional[tuple] = None) -> Scan:
    """What page `number` draws, judged: from layout's marks when it has them for every page
    and this page holds nothing it could not follow, else from the content stream."""
    from .content import scan_page

    marks = drawn[number - 1] if drawn else None
    if marks is None or marks.unmodelled or not _names_hold(page, marks):
        return scan_page(page, number, expect, cache)
    return judge_marks(page, number, expect, marks, cache)


def _names_hold(page, marks: PageMarks) -> bool:
    """Whether every font and image the marks name is in the page's resources under that name
    (a later stage that renamed one would otherwise hide it from the checks)."""
    resources = page.obj.get("/Resources") or {}
    fonts, xobjects = resources.get("/Font") or {}, resources.get("/XObject") or {}
    return all(name in fonts for name, _ in marks.fonts) and all("/" + name in xobjects for name, _ in marks.images)
