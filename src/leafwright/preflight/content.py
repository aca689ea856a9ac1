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


@dataclass
class _Page:
    expect: Expect
    number: int
    findings: list
    min_text: Optional[float] = None
    min_rule: Optional[float] = None
    max_ink: float = 0.0


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

    state = _Page(expect, number, [])
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
            tm = IDENTITY
        elif op == "Tm":
            tm = tuple(float(x) for x in operands)
        elif op == "Tf":
            st = replace(st, font_size=float(operands[1]))
        elif op == "Tr":
            st = replace(st, render=int(operands[0]))
        elif op in _SHOW:
            if st.render not in (3, 7) and _shows_text(operands):
                m = _mul(tm, st.ctm)
                size = abs(st.font_size) * math.hypot(m[2], m[3])
                page.min_text = size if page.min_text is None else min(page.min_text, size)
                if st.render in (0, 2, 4, 6):
                    _colour(page, st.fill, "text")
                    page.max_ink = max(page.max_ink, st.ink if st.fill == "cmyk" else 0.0)
                if st.render in (1, 2, 5, 6):
                    _colour(page, st.stroke, "text outline")
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
