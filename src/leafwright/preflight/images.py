"""Raster images on a page: colour space, soft masks, ink and effective resolution.

Resolution comes from the placement (the CTM), so no image is decoded for it; ink is read from
the samples of 8-bit CMYK images, once per image per document, because a CMYK image with no
black at all is what RGB becomes without a profile and a press cannot see that from the
colour space alone.
"""

from __future__ import annotations

import math

from .content import Scan, space, transparency

_NO_BLACK = 250.0  # % C+M+Y with no K at all: the mark of RGB converted without a profile


def check_image(image, what: str, resources, ctm, scan: Scan, pixels=None) -> None:
    """An image's colour, transparency, ink and effective resolution (from its placement:
    pixels over the size the CTM gives it, never decoded for that)."""
    get = (lambda *keys: next((image.get(k) for k in keys if k in image), None))
    if get("/ImageMask", "/IM"):
        return  # a stencil: paints the fill colour, which the operators already checked
    if get("/SMask") is not None:
        transparency(scan, f"{what} has a soft mask (alpha)")
    kind = space(scan, get("/ColorSpace", "/CS"), resources, what)
    if kind == "cmyk" and scan.expect.print_colour:
        _image_ink(image, pixels if pixels is not None else image, what, scan)
    a, b, c, d = ctm[:4]
    wide, high = math.hypot(a, b) / 72, math.hypot(c, d) / 72  # inches on the page
    if wide <= 0 or high <= 0:
        return
    ppi = min(float(get("/Width", "/W")) / wide, float(get("/Height", "/H")) / high)
    expect = scan.expect
    if ppi < expect.min_ppi - 0.5:
        rule = "image.resolution-unusable" if ppi < expect.error_ppi - 0.5 else "image.resolution"
        scan.add(rule, f"{what} at {ppi:.0f} ppi effective, under {expect.min_ppi:.0f} ppi")


def _image_ink(image, source, what: str, scan: Scan) -> None:
    """A CMYK image's ink: over the limit, or dark with no black at all (C+M+Y with 0% K is
    what RGB becomes without a profile: 300% muddy black, every plate in register or the
    type blurs). Measured once per image per document."""
    key = image.objgen if getattr(image, "is_indirect", False) else None
    inks = scan.cache.get(("ink", key)) if key is not None else None
    if inks is None:
        inks = _inks(image, source)
        if key is not None:
            scan.cache[("ink", key)] = inks
    if not inks:
        return
    total, no_black_cmy = inks
    limit = scan.expect.ink_limit
    if no_black_cmy > _NO_BLACK:
        scan.add("ink.no-black", f"{what} has no black: its darkest pixels are {no_black_cmy:.0f}% C+M+Y with 0% K "
                                 f"(RGB converted without a profile); convert it through the output intent's profile")
    elif total > limit + 0.5:
        scan.add("ink.total", f"{what} reaches {total:.0f}% total ink, over {limit:.0f}%")


def _inks(image, source) -> tuple:
    """(highest total ink %, highest C+M+Y % when the image has no K at all, else 0), from the
    samples of an 8-bit image; () when the samples are JPEG-coded (Adobe's inverted CMYK
    JPEGs make their values unreliable without decoding them as a RIP does) or unreadable."""
    import numpy as np  # matplotlib's dependency, so already installed

    import pikepdf

    filters = image.get("/Filter", image.get("/F"))
    names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)] if filters else []
    if any(n in ("/DCTDecode", "/DCT", "/JPXDecode") for n in names):
        return ()
    if int(image.get("/BitsPerComponent", image.get("/BPC", 8))) != 8:
        return ()
    try:
        data = np.frombuffer(source.read_bytes(), dtype=np.uint8)
    except Exception:
        return ()
    data = data[: data.size // 4 * 4].reshape(-1, 4)
    if not data.size:
        return ()
    decode = image.get("/Decode", image.get("/D"))
    if decode is not None and len(decode) >= 2 and float(decode[0]) > float(decode[1]):
        data = 255 - data  # /Decode [1 0 ...]: inverted samples
    # Column by column: summing along the short axis of an (n, 4) array is about eight times slower
    cmy = data[:, 0].astype(np.uint16)
    cmy += data[:, 1]
    cmy += data[:, 2]
    black = data[:, 3]
    total = float((cmy + black).max()) / 2.55
    no_black = float(cmy.max()) / 2.55 if not black.any() else 0.0
    return total, no_black
