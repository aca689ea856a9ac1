"""What a page draws: colour spaces, ink, overprint, effective text size, rule width, image
resolution and transparency, from one pass over its content stream (and its forms' and
patterns').

A small interpreter over pikepdf's parsed operators: it keeps the CTM, the text matrix,
the line width, the fill/stroke colours and the overprint state, and judges each painting
operator in the state it paints with, so an RGB colour set but never used is no fault, and a
size is the size on the page (Tf times the text matrix times the CTM), not the number after Tf.
Forms are followed with cycle detection and a depth bound, and a form drawn again in the same
graphics state is not interpreted twice: an agency's file cannot make it loop or crash.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Optional

from . import Finding
from .profiles import Profile

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_PRINTABLE = {"cmyk", "gray", "spot", "pattern"}
_FILL = {"f", "F", "f*", "B", "B*", "b", "b*"}
_STROKE = {"S", "s", "B", "B*", "b", "b*"}
_SHOW = {"Tj", "TJ", "'", '"'}
_MAX_DEPTH = 12  # nested forms and patterns
_DEVICE_INDEPENDENT = {"/ICCBased", "/CalRGB", "/CalGray", "/Lab"}


def _mul(m, n):
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def font_key(font) -> tuple:
    """One key per font object, the same from any resource dictionary that names it."""
    return font.objgen if font.is_indirect else ("direct", str(font.get("/BaseFont", "?")))


@dataclass(frozen=True)
class _State:
    ctm: tuple = IDENTITY
    width: float = 1.0
    fill: str = "gray"
    stroke: str = "gray"
    ink: float = 100.0  # % coverage of the fill colour when it is CMYK or grey (default black: 100)
    stroke_ink: float = 100.0
    op_fill: bool = False  # overprint (ExtGState /op, or /OP without /op)
    op_stroke: bool = False
    fill_pattern: object = None
    stroke_pattern: object = None
    font_size: float = 0.0
    render: int = 0
    font: object = None  # the font dictionary, for glyph widths
    char_space: float = 0.0
    word_space: float = 0.0
    h_scale: float = 1.0
    leading: float = 0.0

    def memo(self, key) -> tuple:
        """What a form's drawing depends on from its caller: the same form in the same state
        reports the same findings, so it is interpreted once."""
        return (key, tuple(round(x, 4) for x in self.ctm), self.width, self.fill, self.stroke, self.ink,
                self.stroke_ink, self.op_fill, self.op_stroke, self.font_size, self.render,
                font_key(self.font) if self.font is not None else None)


@dataclass
class Scan:
    """A page's findings and which fonts its text uses (visible: True; only invisible, render
    mode 3 or 7: False), for the font checks."""

    expect: Profile  # what the page is held to: thresholds, and which rules are on
    number: int
    findings: list = field(default_factory=list)
    fonts: dict = field(default_factory=dict)
    cache: dict = field(default_factory=dict)  # per document (images), shared by the pages
    min_text: Optional[float] = None
    min_rule: Optional[float] = None
    max_ink: float = 0.0
    trim: Optional[tuple] = None  # (x0, y0, x1, y1) on the page, for the safe area
    near_trim: int = 0  # text runs inside the trim but within the safe margin
    active: set = field(default_factory=set)  # forms and patterns being interpreted (cycle detection)
    done: set = field(default_factory=set)  # (form, graphics state) already interpreted
    widths: dict = field(default_factory=dict)  # font key -> (FirstChar, widths)

    def add(self, rule: str, message: str) -> None:
        """A finding of `rule` on this page, unless the profile turns the rule off."""
        if self.expect.on(rule):
            self.findings.append(Finding(rule, message, self.number))


def colour_kind(cs, resources, depth: int = 0) -> str:
    """cmyk, gray, spot, rgb (device), icc-rgb (ICCBased or CalRGB), lab, pattern or unknown,
    for a colour space name or array."""
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
            return {1: "gray", 3: "icc-rgb", 4: "cmyk"}.get(int(cs[1].get("/N", 0)), "unknown")
        if family in ("/Separation", "/DeviceN"):
            return "spot"
        if family in ("/Indexed", "/I"):
            return colour_kind(cs[1], resources, depth + 1)
        return {"/CalRGB": "icc-rgb", "/CalGray": "gray", "/Lab": "lab", "/Pattern": "pattern"}.get(family, "unknown")
    return "unknown"


def _families(cs, resources, depth: int = 0):
    """(family, space) for a colour space and every space under it (Indexed base, the
    alternate of a Separation or DeviceN), named spaces looked up in the resources."""
    import pikepdf

    if depth > 4 or cs is None:
        return
    if isinstance(cs, pikepdf.Name):
        named = ((resources or {}).get("/ColorSpace") or {}).get(str(cs))
        if named is not None:
            yield from _families(named, resources, depth + 1)
        else:
            yield str(cs), cs
        return
    if isinstance(cs, pikepdf.Array) and len(cs):
        family = str(cs[0])
        yield family, cs
        if family in ("/Indexed", "/I") and len(cs) > 1:
            yield from _families(cs[1], resources, depth + 1)
        elif family in ("/Separation", "/DeviceN") and len(cs) > 2:
            yield from _families(cs[2], resources, depth + 1)


def scan_page(page, number: int, expect: Profile, cache: Optional[dict] = None) -> Scan:
    box = page.obj.get("/TrimBox") or page.obj.get("/MediaBox") or page.mediabox
    x0, y0, x1, y1 = (float(v) for v in box)
    scan = Scan(expect, number, cache=cache if cache is not None else {},
                trim=(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    group = page.obj.get("/Group")
    if group is not None and group.get("/S") == "/Transparency":
        transparency(scan, "the page is a transparency group")
    try:
        _run(page.obj, page.obj.get("/Resources"), _State(), scan, 0)
    except Exception as exc:  # a damaged or unusual stream (an agency's file): a finding, not a traceback
        scan.add("file.malformed", f"the page's content cannot be read ({type(exc).__name__}: {exc})")
    if scan.min_text is not None and scan.min_text < expect.min_text - 0.01:
        scan.add("text.min-size", f"text at {scan.min_text:.2f} pt, below the {expect.min_text:g} pt minimum")
    if scan.min_rule is not None and scan.min_rule < expect.min_rule - 0.001:
        scan.add("lines.min-width", f"a rule {scan.min_rule:.2f} pt wide, under the {expect.min_rule:g} pt minimum")
    if scan.near_trim:
        scan.add("text.safe-area", f"{scan.near_trim} line(s) of text within {expect.safe_margin:g} mm "
                                   f"of the trim edge")
    if expect.print_colour and scan.max_ink > expect.ink_limit + 0.5:
        scan.add("ink.total", f"a fill with {scan.max_ink:.0f}% total ink, over {expect.ink_limit:.0f}%")
    return scan


def transparency(scan: Scan, what: str) -> None:
    """Transparency (rule transparency.used, on in the X-1a and X-3 profiles: PDF 1.3's imaging
    model, no soft masks, no constant alpha below 1, no blend mode but Normal/Compatible)."""
    scan.add("transparency.used", f"{what}; {scan.expect.standard} allows no transparency")


def _colour(scan: Scan, kind: str, what: str) -> None:
    """Print is CMYK, grey and spot: device RGB breaks colour.rgb, ICC-based RGB and Lab
    colour.icc-rgb (a warning in the X-3 and X-4 profiles, which allow it)."""
    if scan.expect.print_colour and kind not in _PRINTABLE:
        label = {"rgb": "RGB", "icc-rgb": "ICC-based RGB", "lab": "Lab"}.get(kind, "an unknown colour space")
        if kind in ("icc-rgb", "lab"):  # an error or a warning: the profile's (X-3 and X-4 allow it)
            scan.add("colour.icc-rgb", f"{label} colour ({what}), which the RIP converts to the press's inks")
        else:
            scan.add("colour.rgb", f"{label} colour ({what}) in a print PDF")


def space(scan: Scan, cs, resources, what: str, painted: bool = True) -> str:
    """The kind of a colour space, with the print and PDF/X rules on it reported: ICCBased,
    Cal and Lab spaces anywhere in it (colour.device-independent, on in the X-1a profile), a
    spot colour whose alternate is RGB (colour.spot-alternate)."""
    kind = colour_kind(cs, resources)
    if painted:  # (a space only selected by cs/CS is judged when something is painted in it)
        _colour(scan, kind, what)
    if not scan.expect.print_colour:
        return kind
    for family, space in _families(cs, resources):
        if family in _DEVICE_INDEPENDENT:
            scan.add("colour.device-independent", f"{family.lstrip('/')} colour ({what}); {scan.expect.standard} "
                                                  f"allows only DeviceCMYK, DeviceGray and spot colour")
        alternate = colour_kind(space[2], resources) if family in ("/Separation", "/DeviceN") and len(space) > 2 else ""
        if alternate in ("rgb", "icc-rgb"):
            name = str(space[1]).lstrip("/") if family == "/Separation" else "a DeviceN colour"
            scan.add("colour.spot-alternate", f"spot colour {name} ({what}) has an RGB alternate")
    return kind


def _white_overprint(scan: Scan, kind: str, ink: float, overprint: bool, what: str) -> None:
    """White (no ink) set to overprint prints nothing: the object vanishes on press."""
    if overprint and kind in ("cmyk", "gray") and ink <= 0.0 and scan.expect.print_colour:
        scan.add("overprint.white", f"white {what} set to overprint: it disappears on press")


def _run(stream, resources, st: _State, scan: Scan, depth: int) -> None:
    import pikepdf

    stack: list[_State] = []
    tm = tlm = IDENTITY
    spaces: dict = {}  # colour space name -> kind, within this stream's resources
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
            ink = 100 * (1 - float(operands[0]))
            st = replace(st, **({"fill": "gray", "ink": ink} if op == "g" else {"stroke": "gray", "stroke_ink": ink}))
        elif op in ("rg", "RG"):
            st = replace(st, **({"fill": "rgb"} if op == "rg" else {"stroke": "rgb"}))
        elif op in ("k", "K"):
            ink = 100 * sum(float(x) for x in operands)
            st = replace(st, **({"fill": "cmyk", "ink": ink} if op == "k" else {"stroke": "cmyk", "stroke_ink": ink}))
        elif op in ("cs", "CS"):
            name = str(operands[0])
            if name not in spaces:
                spaces[name] = space(scan, operands[0], resources, "colour space " + name.lstrip("/"), painted=False)
            kind = spaces[name]
            ink = 100.0 if kind in ("cmyk", "gray") else 0.0  # the initial colour is black
            st = replace(st, **({"fill": kind, "ink": ink, "fill_pattern": None} if op == "cs"
                                else {"stroke": kind, "stroke_ink": ink, "stroke_pattern": None}))
        elif op in ("sc", "scn", "SC", "SCN"):
            fill = op in ("sc", "scn")
            kind = st.fill if fill else st.stroke
            if kind == "pattern" and operands and isinstance(operands[-1], pikepdf.Name):
                pattern = ((resources or {}).get("/Pattern") or {}).get(str(operands[-1]))
                st = replace(st, **({"fill_pattern": pattern} if fill else {"stroke_pattern": pattern}))
            elif kind in ("cmyk", "gray") and len(operands) == (4 if kind == "cmyk" else 1):
                values = [float(x) for x in operands]
                ink = 100 * (sum(values) if kind == "cmyk" else 1 - values[0])
                st = replace(st, **({"ink": ink} if fill else {"stroke_ink": ink}))
        elif op == "gs":
            st = _ext_gstate(((resources or {}).get("/ExtGState") or {}).get(str(operands[0])), st, scan)
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
            if font is None:
                scan.add("fonts.in-resources", f"text set in font {str(operands[0]).lstrip('/')}, which is not in "
                                           f"the resources (a RIP substitutes a font or stops)")
            st = replace(st, font_size=float(operands[1]), font=font)
        elif op == "Tr":
            st = replace(st, render=int(operands[0]))
        if op in _SHOW:
            advance = _advance(st, operands, scan)
            shows = _shows_text(operands)
            if st.font is not None and shows:
                key = font_key(st.font)
                scan.fonts[key] = scan.fonts.get(key, False) or st.render not in (3, 7)
            if st.render not in (3, 7) and shows:
                _safe_area(scan, _mul(tm, st.ctm), advance, st.font_size)
                m = _mul(tm, st.ctm)
                size = abs(st.font_size) * math.hypot(m[2], m[3])
                scan.min_text = size if scan.min_text is None else min(scan.min_text, size)
                if st.render in (0, 2, 4, 6):
                    _paint_fill(scan, st, "text", resources, depth)
                if st.render in (1, 2, 5, 6):
                    _paint_stroke(scan, st, "text outline", resources, depth)
            tm = _mul((1.0, 0.0, 0.0, 1.0, advance, 0.0), tm)
        elif op in _FILL or op in _STROKE:
            if op in _FILL:
                _paint_fill(scan, st, "fill", resources, depth)
            if op in _STROKE:
                _paint_stroke(scan, st, "line", resources, depth)
                a, b, c, d = st.ctm[:4]
                width = st.width * math.sqrt(abs(a * d - b * c))
                scan.min_rule = width if scan.min_rule is None else min(scan.min_rule, width)
        elif op == "sh":
            shading = ((resources or {}).get("/Shading") or {}).get(str(operands[0]))
            if shading is not None:
                space(scan, shading.get("/ColorSpace"), resources, "shading")
        elif op == "Do":
            xobject = ((resources or {}).get("/XObject") or {}).get(str(operands[0]))
            if xobject is not None:
                _xobject(xobject, str(operands[0]), resources, st, scan, depth)
        elif op == "INLINE IMAGE":
            from .images import check_image

            check_image(operands[0].obj, "an inline image", resources, st.ctm, scan, pixels=operands[0])


def _paint_fill(scan: Scan, st: _State, what: str, resources, depth: int) -> None:
    _colour(scan, st.fill, what)
    scan.max_ink = max(scan.max_ink, st.ink if st.fill == "cmyk" else 0.0)
    _white_overprint(scan, st.fill, st.ink, st.op_fill, what)
    if st.fill == "pattern" and st.fill_pattern is not None:
        _pattern(st.fill_pattern, what, resources, st, scan, depth)


def _paint_stroke(scan: Scan, st: _State, what: str, resources, depth: int) -> None:
    _colour(scan, st.stroke, what)
    _white_overprint(scan, st.stroke, st.stroke_ink, st.op_stroke, what)
    if st.stroke == "pattern" and st.stroke_pattern is not None:
        _pattern(st.stroke_pattern, what, resources, st, scan, depth)


def _pattern(pattern, what: str, resources, st: _State, scan: Scan, depth: int) -> None:
    """A shading pattern is judged by its shading's colour space; a tiling pattern's cell is
    a content stream, interpreted like a form (in the pattern's own space)."""
    if pattern.get("/PatternType") == 2:
        shading = pattern.get("/Shading")
        if shading is not None:
            space(scan, shading.get("/ColorSpace"), resources, f"shading pattern ({what})")
    elif pattern.get("/PatternType") == 1:
        matrix = tuple(float(x) for x in pattern.get("/Matrix", IDENTITY))
        _nested(pattern, "a tiling pattern", pattern.get("/Resources", resources),
                replace(_State(), ctm=matrix), scan, depth)


def _advance(st: _State, operands, scan: Scan) -> float:
    """How far a text-showing operator moves the text matrix (text space units): the font's
    glyph widths for simple fonts (/Widths, read once per font), its default width for
    composite ones."""
    import pikepdf

    font = st.font
    if font is None:
        return 0.0
    composite = font.get("/Subtype") == "/Type0"
    if composite:
        descendants = font.get("/DescendantFonts")
        descendant = descendants[0] if isinstance(descendants, pikepdf.Array) and len(descendants) else None
        default = float(descendant.get("/DW", 1000)) if isinstance(descendant, pikepdf.Dictionary) else 1000.0
    else:
        key = font_key(font)
        if key not in scan.widths:
            widths = font.get("/Widths")
            scan.widths[key] = (int(font.get("/FirstChar", 0)),
                                [float(w) for w in widths] if isinstance(widths, pikepdf.Array) else [])
        first, widths = scan.widths[key]
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
        else:
            try:
                total -= float(item) / 1000 * st.font_size
            except (TypeError, ValueError):
                pass
    return total * st.h_scale


def _safe_area(scan: Scan, m, advance: float, size: float) -> None:
    """A text run that reaches into the trim but comes closer to its edge than the safe margin
    (text wholly outside the trim, a slug line, is left alone)."""
    corners = [(x, y) for x in (0.0, advance) for y in (-0.2 * size, 0.75 * size)]
    points = [(x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]) for x, y in corners]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, y0, x1, y1 = scan.trim
    if max(xs) <= x0 or min(xs) >= x1 or max(ys) <= y0 or min(ys) >= y1:
        return
    margin = scan.expect.safe_margin * 72 / 25.4
    if min(xs) < x0 + margin or max(xs) > x1 - margin or min(ys) < y0 + margin or max(ys) > y1 - margin:
        scan.near_trim += 1


def _shows_text(operands) -> bool:
    import pikepdf

    for x in operands:
        if isinstance(x, pikepdf.String) and len(bytes(x)):
            return True
        if isinstance(x, pikepdf.Array) and any(isinstance(y, pikepdf.String) and len(bytes(y)) for y in x):
            return True
    return False


def _ext_gstate(gs, st: _State, scan: Scan) -> _State:
    """Transparency in the graphics state, and the overprint it sets: /OP for strokes (and
    fills, unless /op says otherwise), /op for fills."""
    if gs is None:
        return st
    if float(gs.get("/CA", 1)) < 1 or float(gs.get("/ca", 1)) < 1:
        transparency(scan, "a graphics state with opacity below 100%")
    if "/SMask" in gs and gs.get("/SMask") != "/None":
        transparency(scan, "a soft mask")
    blend = gs.get("/BM")
    if blend is not None and str(blend) not in ("/Normal", "/Compatible"):
        transparency(scan, f"the blend mode {str(blend).lstrip('/')}")
    if "/OP" in gs:
        st = replace(st, op_stroke=bool(gs.OP), op_fill=bool(gs.OP))
    if "/op" in gs:
        st = replace(st, op_fill=bool(gs.get("/op")))
    return st


def _xobject(xobject, name: str, resources, st: _State, scan: Scan, depth: int) -> None:
    subtype = xobject.get("/Subtype")
    if subtype == "/Image":
        from .images import check_image

        check_image(xobject, f"image {name.lstrip('/')}", resources, st.ctm, scan)
    elif subtype == "/Form":
        group = xobject.get("/Group")
        if group is not None and group.get("/S") == "/Transparency":
            transparency(scan, f"form {name.lstrip('/')} is a transparency group")
        matrix = tuple(float(x) for x in xobject.get("/Matrix", IDENTITY))
        _nested(xobject, f"form {name.lstrip('/')}", xobject.get("/Resources", resources),
                replace(st, ctm=_mul(matrix, st.ctm)), scan, depth)


def _nested(stream, what: str, resources, st: _State, scan: Scan, depth: int) -> None:
    """A form or tiling pattern, interpreted in the state it is drawn in: a cycle (a form that
    draws itself) or nesting past _MAX_DEPTH is a finding and is not followed."""
    key = stream.objgen if stream.is_indirect else None
    if key is not None and key in scan.active:
        scan.add("content.forms", f"{what} draws itself (a cycle a RIP may loop on); not followed")
        return
    if depth >= _MAX_DEPTH:
        scan.add("content.forms", f"{what} is nested more than {_MAX_DEPTH} forms deep; not followed")
        return
    memo = st.memo(key) if key is not None else None
    if memo is not None:
        if memo in scan.done:
            return
        scan.done.add(memo)
        scan.active.add(key)
    try:
        _run(stream, resources, st, scan, depth + 1)
    finally:
        scan.active.discard(key)
