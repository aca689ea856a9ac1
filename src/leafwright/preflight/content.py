"""What a page draws: colour spaces, ink, effective text size, rule width, image
resolution and transparency, from one pass over its content stream (and its forms').

A small interpreter over pikepdf's parsed operators: it keeps the CTM, the text matrix,
the line width and the fill/stroke colour spaces, and judges each painting operator in the
state it paints with, so an RGB colour set but never used is no fault, and a size is the
size on the page (Tf times the text matrix times the CTM), not the number after Tf.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Optional

from . import Finding
from ..variants import Expect

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_PRINTABLE = {"cmyk", "gray", "spot", "pattern"}
_FILL = {"f", "F", "f*", "B", "B*", "b", "b*"}
_STROKE = {"S", "s", "B", "B*", "b", "b*"}
_SHOW = {"Tj", "TJ", "'", '"'}
_MAX_DEPTH = 12  # nested forms


def _mul(m, n):
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


@dataclass(frozen=True)
class _State:
    ctm: tuple = IDENTITY
    width: float = 1.0
    fill: str = "gray"
    stroke: str = "gray"
    ink: float = 100.0  # % coverage of the fill colour when it is CMYK (DeviceGray black: 100)
    font_size: float = 0.0
    render: int = 0
    font: object = None  # the font dictionary, for glyph widths
    char_space: float = 0.0
    word_space: float = 0.0
    h_scale: float = 1.0
    leading: float = 0.0


@dataclass
class _Page:
    expect: Expect
    number: int
    findings: list
    min_text: Optional[float] = None
    min_rule: Optional[float] = None
    max_ink: float = 0.0
    trim: Optional[tuple] = None  # (x0, y0, x1, y1) on the page, for the safe area
    near_trim: int = 0  # text runs inside the trim but within the safe margin


def colour_kind(cs, resources, depth: int = 0) -> str:
    """cmyk, gray, spot, rgb, lab, pattern or unknown, for a colour space name or array."""
    import pikepdf

    if depth > 4 or cs is None:
        return "unknown"
    if isinstance(cs, pikepdf.Name):
        name = str(cs)
        direct = {"/DeviceCMYK": "cmyk", "/CMYK": "cmyk", "/DeviceGray": "gray", "/G": "gray",
                  "/DeviceRGB": "rgb", "/RGB": "rgb", "/Pattern": "pattern"}
        if name in direct:
            return direct[name]
        named = ((resources or {}).get("/ColorSpace") or {}).get(name)
        return colour_kind(named, resources, depth + 1)
    if isinstance(cs, pikepdf.Array) and len(cs):
        family = str(cs[0])
        if family == "/ICCBased":
            return {1: "gray", 3: "rgb", 4: "cmyk"}.get(int(cs[1].get("/N", 0)), "unknown")
        if family in ("/Separation", "/DeviceN"):
            return "spot"
        if family in ("/Indexed", "/I"):
            return colour_kind(cs[1], resources, depth + 1)
        return {"/CalRGB": "rgb", "/CalGray": "gray", "/Lab": "lab", "/Pattern": "pattern"}.get(family, "unknown")
    return "unknown"


def scan_page(page, number: int, expect: Expect) -> list[Finding]:
    import pikepdf

    box = page.obj.get("/TrimBox") or page.obj.get("/MediaBox") or page.mediabox
    x0, y0, x1, y1 = (float(v) for v in box)
    state = _Page(expect, number, [], trim=(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    group = page.obj.get("/Group")
    if group is not None and group.get("/S") == "/Transparency":
        _transparency(state, "the page is a transparency group")
    try:
        _run(page.obj, page.obj.get("/Resources"), IDENTITY, state, 0)
    except (pikepdf.PdfError, ValueError, TypeError, IndexError, KeyError, AttributeError) as exc:
        # a damaged or unusual stream (an agency's file): say so instead of a traceback
        state.findings.append(Finding("error", "content", f"the page's content cannot be read ({exc})", number))
    if state.min_text is not None and state.min_text < expect.min_text - 0.01:
        state.findings.append(Finding("error", "text-size", f"text at {state.min_text:.2f} pt, below the "
                                      f"{expect.min_text:g} pt minimum", number))
    if state.min_rule is not None and state.min_rule < expect.min_rule - 0.001:
        state.findings.append(Finding("error", "rule", f"a rule {state.min_rule:.2f} pt wide, under the "
                                      f"{expect.min_rule:g} pt minimum", number))
    if state.near_trim:
        state.findings.append(Finding("error", "safe-area", f"{state.near_trim} line(s) of text within "
                                      f"{expect.safe_margin:g} mm of the trim edge", number))
    if expect.print_colour and state.max_ink > expect.ink_limit + 0.5:
        state.findings.append(Finding("error", "ink", f"a fill with {state.max_ink:.0f}% total ink, over "
                                      f"{expect.ink_limit:.0f}%", number))
    return state.findings


def _transparency(page: _Page, what: str) -> None:
    pdfx = page.expect.pdfx
    if pdfx is not None and not pdfx.transparency:
        page.findings.append(Finding("error", "transparency", f"{what}; {pdfx.version} allows no transparency",
                                     page.number))


def _colour(page: _Page, kind: str, what: str) -> None:
    if page.expect.print_colour and kind not in _PRINTABLE:
        label = {"rgb": "RGB", "lab": "Lab"}.get(kind, "an unknown colour space")
        page.findings.append(Finding("error", "colour", f"{label} colour ({what}) in a print PDF", page.number))


def _run(stream, resources, ctm, page: _Page, depth: int) -> None:
    import pikepdf

    st = _State(ctm=ctm)
    stack: list[_State] = []
    tm = IDENTITY
    for operands, op in pikepdf.parse_content_stream(stream):
        op = str(op)
        if op == "q":
            stack.append(st)
        elif op == "Q":
            st = stack.pop() if stack else st
        elif op == "cm":
            st = replace(st, ctm=_mul(tuple(float(x) for x in operands), st.ctm))
        elif op == "w":
            st = replace(st, width=float(operands[0]))
        elif op in ("g", "G"):
            st = replace(st, **({"fill": "gray", "ink": 100 * (1 - float(operands[0]))} if op == "g" else {"stroke": "gray"}))
        elif op in ("rg", "RG"):
            st = replace(st, **({"fill": "rgb"} if op == "rg" else {"stroke": "rgb"}))
        elif op in ("k", "K"):
            st = replace(st, **({"fill": "cmyk", "ink": 100 * sum(float(x) for x in operands)} if op == "k"
                                else {"stroke": "cmyk"}))
        elif op in ("cs", "CS"):
            kind = colour_kind(operands[0], resources)
            st = replace(st, **({"fill": kind, "ink": 100.0 if kind == "cmyk" else 0.0} if op == "cs"
                                else {"stroke": kind}))
        elif op in ("sc", "scn") and st.fill == "cmyk" and len(operands) == 4:
            st = replace(st, ink=100 * sum(float(x) for x in operands))
        elif op == "gs":
            _ext_gstate(((resources or {}).get("/ExtGState") or {}).get(str(operands[0])), page)
        elif op == "BT":
            tm = tlm = IDENTITY
        elif op == "Tm":
            tm = tlm = tuple(float(x) for x in operands)
        elif op in ("Td", "TD", "T*", "'", '"'):
            tx, ty = (float(operands[0]), float(operands[1])) if op in ("Td", "TD") else (0.0, -st.leading)
            if op == "TD":
                st = replace(st, leading=-ty)
            if op == '"':
                st = replace(st, word_space=float(operands[0]), char_space=float(operands[1]))
            tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, tx, ty), tlm)
        elif op == "TL":
            st = replace(st, leading=float(operands[0]))
        elif op == "Tc":
            st = replace(st, char_space=float(operands[0]))
        elif op == "Tw":
            st = replace(st, word_space=float(operands[0]))
        elif op == "Tz":
            st = replace(st, h_scale=float(operands[0]) / 100)
        elif op == "Tf":
            font = ((resources or {}).get("/Font") or {}).get(str(operands[0]))
            st = replace(st, font_size=float(operands[1]), font=font)
        elif op == "Tr":
            st = replace(st, render=int(operands[0]))
        if op in _SHOW:
            advance = _advance(st, operands)
            if st.render not in (3, 7) and _shows_text(operands):
                _safe_area(page, _mul(tm, st.ctm), advance, st.font_size)
                m = _mul(tm, st.ctm)
                size = abs(st.font_size) * math.hypot(m[2], m[3])
                page.min_text = size if page.min_text is None else min(page.min_text, size)
                if st.render in (0, 2, 4, 6):
                    _colour(page, st.fill, "text")
                    page.max_ink = max(page.max_ink, st.ink if st.fill == "cmyk" else 0.0)
                if st.render in (1, 2, 5, 6):
                    _colour(page, st.stroke, "text outline")
            tm = _mul((1.0, 0.0, 0.0, 1.0, advance, 0.0), tm)
        elif op in _FILL or op in _STROKE:
            if op in _FILL:
                _colour(page, st.fill, "fill")
                page.max_ink = max(page.max_ink, st.ink if st.fill == "cmyk" else 0.0)
            if op in _STROKE:
                _colour(page, st.stroke, "line")
                a, b, c, d = st.ctm[:4]
                width = st.width * math.sqrt(abs(a * d - b * c))
                page.min_rule = width if page.min_rule is None else min(page.min_rule, width)
        elif op == "sh":
            shading = ((resources or {}).get("/Shading") or {}).get(str(operands[0]))
            if shading is not None:
                _colour(page, colour_kind(shading.get("/ColorSpace"), resources), "shading")
        elif op == "Do":
            xobject = ((resources or {}).get("/XObject") or {}).get(str(operands[0]))
            if xobject is not None:
                _xobject(xobject, str(operands[0]), resources, st.ctm, page, depth)
        elif op == "INLINE IMAGE":
            image = operands[0].obj
            _image(image, "an inline image", resources, st.ctm, page, inline=True)


def _advance(st: _State, operands) -> float:
    """How far a text-showing operator moves the text matrix (text space units): the font's
    glyph widths for simple fonts (/Widths), its default width for composite ones."""
    import pikepdf

    font = st.font
    if font is None:
        return 0.0
    composite = font.get("/Subtype") == "/Type0"
    if composite:
        default = float(font.DescendantFonts[0].get("/DW", 1000))
    else:
        first, widths = int(font.get("/FirstChar", 0)), font.get("/Widths")
        widths = [float(w) for w in widths] if widths is not None else []
    total = 0.0
    items = operands[-1] if operands and isinstance(operands[-1], pikepdf.Array) else operands[-1:]
    for item in items:
        if isinstance(item, pikepdf.String):
            data = bytes(item)
            if composite:
                total += len(data) // 2 * (default / 1000 * st.font_size + st.char_space)
                continue
            for code in data:
                w = widths[code - first] if 0 <= code - first < len(widths) else 500.0
                total += w / 1000 * st.font_size + st.char_space + (st.word_space if code == 32 else 0.0)
        elif not isinstance(item, pikepdf.String):
            try:
                total -= float(item) / 1000 * st.font_size
            except (TypeError, ValueError):
                pass
    return total * st.h_scale


def _safe_area(page: _Page, m, advance: float, size: float) -> None:
    """A text run that reaches into the trim but comes closer to its edge than the safe margin
    (text wholly outside the trim, a slug line, is left alone)."""
    corners = [(x, y) for x in (0.0, advance) for y in (-0.2 * size, 0.75 * size)]
    points = [(x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]) for x, y in corners]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, y0, x1, y1 = page.trim
    if max(xs) <= x0 or min(xs) >= x1 or max(ys) <= y0 or min(ys) >= y1:
        return
    margin = page.expect.safe_margin * 72 / 25.4
    if min(xs) < x0 + margin or max(xs) > x1 - margin or min(ys) < y0 + margin or max(ys) > y1 - margin:
        page.near_trim += 1


def _shows_text(operands) -> bool:
    import pikepdf

    for x in operands:
        if isinstance(x, pikepdf.String) and len(bytes(x)):
            return True
        if isinstance(x, pikepdf.Array) and any(isinstance(y, pikepdf.String) and len(bytes(y)) for y in x):
            return True
    return False


def _ext_gstate(gs, page: _Page) -> None:
    if gs is None:
        return
    if float(gs.get("/CA", 1)) < 1 or float(gs.get("/ca", 1)) < 1:
        _transparency(page, "a graphics state with opacity below 100%")
    if "/SMask" in gs and gs.get("/SMask") != "/None":
        _transparency(page, "a soft mask")
    blend = gs.get("/BM")
    if blend is not None and str(blend) not in ("/Normal", "/Compatible"):
        _transparency(page, f"the blend mode {str(blend).lstrip('/')}")


def _xobject(xobject, name: str, resources, ctm, page: _Page, depth: int) -> None:
    subtype = xobject.get("/Subtype")
    if subtype == "/Image":
        _image(xobject, f"image {name.lstrip('/')}", resources, ctm, page)
    elif subtype == "/Form" and depth < _MAX_DEPTH:
        group = xobject.get("/Group")
        if group is not None and group.get("/S") == "/Transparency":
            _transparency(page, f"form {name.lstrip('/')} is a transparency group")
        matrix = tuple(float(x) for x in xobject.get("/Matrix", IDENTITY))
        _run(xobject, xobject.get("/Resources", resources), _mul(matrix, ctm), page, depth + 1)


def _image(image, what: str, resources, ctm, page: _Page, inline: bool = False) -> None:
    get = (lambda *keys: next((image.get(k) for k in keys if k in image), None))
    if get("/ImageMask", "/IM"):
        return  # a stencil: paints the fill colour, which the operators already checked
    if get("/SMask") is not None:
        _transparency(page, f"{what} has a soft mask (alpha)")
    _colour(page, colour_kind(get("/ColorSpace", "/CS"), resources), what)
    a, b, c, d = ctm[:4]
    wide, high = math.hypot(a, b) / 72, math.hypot(c, d) / 72  # inches on the page
    if wide <= 0 or high <= 0:
        return
    ppi = min(float(get("/Width", "/W")) / wide, float(get("/Height", "/H")) / high)
    expect = page.expect
    if ppi < expect.min_ppi - 0.5:
        severity = "error" if ppi < expect.error_ppi - 0.5 else "warning"
        page.findings.append(Finding(severity, "image", f"{what} at {ppi:.0f} ppi effective, under "
                                     f"{expect.min_ppi:.0f} ppi", page.number))
