"""What a page draws: colour spaces, ink, overprint, effective text size, rule width, image
resolution and transparency, from one pass over its content stream (and its forms' and
patterns').

A small interpreter over pikepdf's parsed operators (qpdf's parser; the interpreter touches
only the operators that change what is judged, and reads each resource once per stream): it
keeps the CTM, the text matrix, the line width, the fill/stroke colours and the overprint
state, and judges each painting operator in the state it paints with, so an RGB colour set but
never used is no fault, and a size is the size on the page (Tf times the text matrix times the
CTM), not the number after Tf.

A form is interpreted once per distinct graphics state per document: what it contributes (its
findings, smallest text and rule, most ink, fonts) is kept under the state it depends on and
replayed where it is drawn again. That state is the linear part of the CTM, colours, overprint
and text state; the CTM's translation only when the form shows text (the safe area), so the
ten thousand dots of a scatter plot, each a form drawn at its own place, cost one
interpretation. Forms are followed with cycle detection and a depth bound: an agency's file
cannot make it loop or crash.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Optional

from ..marks import mul
from . import Finding
from .profiles import Profile

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_PRINTABLE = {"cmyk", "gray", "spot", "pattern"}
_FILL = {"f", "F", "f*", "B", "B*", "b", "b*"}
_STROKE = {"S", "s", "B", "B*", "b", "b*"}
_SHOW = {"Tj", "TJ", "'", '"'}
_MAX_DEPTH = 12  # nested forms and patterns
_DEVICE_INDEPENDENT = {"/ICCBased", "/CalRGB", "/CalGray", "/Lab"}


def font_key(font) -> tuple:
    """One key per font object, the same from any resource dictionary that names it."""
    return font.objgen if font.is_indirect else ("direct", str(font.get("/BaseFont", "?")))


class _State:
    """The graphics state the interpreter keeps, copied on `q` (a plain object: copying its
    __dict__ is the cheapest copy Python has, and q/Q bracket every ReportLab paragraph)."""

    def __init__(self, ctm: tuple = IDENTITY) -> None:
        self.ctm = ctm
        self.width = 1.0
        self.fill = self.stroke = "gray"
        self.ink = self.stroke_ink = 100.0  # % coverage when CMYK or grey (default black: 100)
        self.op_fill = self.op_stroke = False  # overprint (ExtGState /op, or /OP without /op)
        self.fill_pattern = self.stroke_pattern = None
        self.font_size = 0.0
        self.render = 0
        self.font = None  # the font dictionary
        self.metrics = None  # (font key, 256 glyph widths in text space / 1000 or None, composite default)
        self.char_space = self.word_space = self.leading = 0.0
        self.h_scale = 1.0
        self.sig = None  # the number of what memo() reads but the CTM; None when changed since

    def copy(self) -> "_State":
        new = object.__new__(_State)
        new.__dict__.update(self.__dict__)
        return new

    def memo(self, key, ctm: tuple, cache: dict) -> tuple:
        """What a form's drawing depends on from its caller but the CTM's translation: the same
        form in the same state reports the same findings, so it is interpreted once. The state
        is numbered once per change (the interpreter clears `sig` when it sets any of it), so
        ten thousand dots drawn in one state hash a short key."""
        if self.sig is None:
            numbers = cache.setdefault("states", {})
            self.sig = numbers.setdefault(self.signature(), len(numbers))
        return key, ctm[:4], self.sig

    def signature(self) -> tuple:
        return (self.width, self.fill, self.stroke,
                self.ink, self.stroke_ink, self.op_fill, self.op_stroke, self.font_size, self.render,
                font_key(self.font) if self.font is not None else None, self.char_space, self.word_space, self.h_scale,
                self.leading, _key(self.fill_pattern), _key(self.stroke_pattern))


def _placed(st: _State, ctm: tuple) -> _State:
    """A copy of `st` drawing with `ctm`: a form's own state, which it may change."""
    inner = st.copy()
    inner.ctm = ctm
    return inner


def _key(obj):
    return None if obj is None else obj.objgen if obj.is_indirect else id(obj)


@dataclass
class Scan:
    """A page's findings and which fonts its text uses (visible: True; only invisible, render
    mode 3 or 7: False), for the font checks. A form's own contribution is gathered in a Scan
    of its own and merged, so it can be kept and replayed."""

    expect: Profile  # what the page is held to: thresholds, and which rules are on
    number: int
    findings: list = field(default_factory=list)
    fonts: dict = field(default_factory=dict)
    cache: dict = field(default_factory=dict)  # per document (images, fonts, forms), shared by the pages
    min_text: Optional[float] = None
    min_rule: Optional[float] = None
    max_ink: float = 0.0
    trim: Optional[tuple] = None  # (x0, y0, x1, y1) on the page, for the safe area
    near_trim: int = 0  # text runs inside the trim but within the safe margin
    active: set = field(default_factory=set)  # forms and patterns being interpreted (cycle detection)
    done: set = field(default_factory=set)  # (form, graphics state) already interpreted on this page
    seen: set = field(default_factory=set)  # the findings so far, each kept once
    moves: bool = False  # what was found depends on where on the page it is drawn (text: the safe area)
    local: bool = False  # it depends on the forms around it (a cycle, the depth bound): not kept
    deepest: int = 0  # the deepest form nesting reached

    def add(self, rule: str, message: str) -> None:
        """A finding of `rule` on this page, unless the profile turns the rule off."""
        if self.expect.on(rule):
            self.merge_finding(Finding(rule, message, self.number))

    def merge_finding(self, finding: Finding) -> None:
        if finding not in self.seen:
            self.seen.add(finding)
            self.findings.append(finding)

    def inner(self) -> "Scan":
        """A Scan for a form drawn on this page: the page's caches and cycle set, its own tallies."""
        return Scan(self.expect, self.number, cache=self.cache, trim=self.trim, active=self.active, done=self.done)

    def absorb(self, other: "Scan") -> None:
        for f in other.findings:  # (kept from another page: this page's number)
            self.merge_finding(f if f.page == self.number else Finding(f.rule, f.message, self.number))
        for key, visible in other.fonts.items():
            self.fonts[key] = self.fonts.get(key, False) or visible
        if other.min_text is not None:
            self.min_text = other.min_text if self.min_text is None else min(self.min_text, other.min_text)
        if other.min_rule is not None:
            self.min_rule = other.min_rule if self.min_rule is None else min(self.min_rule, other.min_rule)
        self.max_ink = max(self.max_ink, other.max_ink)
        self.near_trim += other.near_trim
        self.moves = self.moves or other.moves
        self.local = self.local or other.local
        self.deepest = max(self.deepest, other.deepest)


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


def page_scan(page, number: int, expect: Profile, cache: Optional[dict] = None) -> Scan:
    """A page's scan before its content is read, whether from the content stream
    (`scan_page`) or from the marks layout drew (preflight/drawn.py): its trim, and the page
    itself as a transparency group."""
    box = page.obj.get("/TrimBox") or page.obj.get("/MediaBox") or page.mediabox
    x0, y0, x1, y1 = (float(v) for v in box)
    scan = Scan(expect, number, cache=cache if cache is not None else {},
                trim=(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    group = page.obj.get("/Group")
    if group is not None and group.get("/S") == "/Transparency":
        transparency(scan, "the page is a transparency group")
    return scan


def scan_page(page, number: int, expect: Profile, cache: Optional[dict] = None) -> Scan:
    scan = page_scan(page, number, expect, cache)
    try:
        _run(page.obj, page.obj.get("/Resources"), _State(), scan, 0)
    except Exception as exc:  # a damaged or unusual stream (an agency's file): a finding, not a traceback
        scan.add("file.malformed", f"the page's content cannot be read ({type(exc).__name__}: {exc})")
    judge(scan, expect)
    return scan


def judge(scan: Scan, expect: Profile) -> None:
    """The page's tallies against the variant's limits (smallest text and rule, the lines near
    the trim, the most ink)."""
    if scan.min_text is not None and scan.min_text < expect.min_text - 0.01:
        scan.add("text.min-size", f"text at {scan.min_text:.2f} pt, below the {expect.min_text:g} pt minimum")
    if scan.min_rule is not None and scan.min_rule < expect.min_rule - 0.001:
        scan.add("lines.min-width", f"a rule {scan.min_rule:.2f} pt wide, under the {expect.min_rule:g} pt minimum")
    if scan.near_trim:
        scan.add("text.safe-area", f"{scan.near_trim} line(s) of text within {expect.safe_margin:g} mm "
                                   f"of the trim edge")
    if expect.print_colour and scan.max_ink > expect.ink_limit + 0.5:
        scan.add("ink.total", f"a fill with {scan.max_ink:.0f}% total ink, over {expect.ink_limit:.0f}%")


def transparency(scan: Scan, what: str) -> None:
    """Transparency (rule transparency.used, on in the X-1a and X-3 profiles: PDF 1.3's imaging
    model, no soft masks, no constant alpha below 1, no blend mode but Normal/Compatible)."""
    scan.add("transparency.used", f"{what}; {scan.expect.standard} allows no transparency")


def paint_colour(scan: Scan, kind: str, what: str) -> None:
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
        paint_colour(scan, kind, what)
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


def white_overprint(scan: Scan, kind: str, ink: float, overprint: bool, what: str) -> None:
    """White (no ink) set to overprint prints nothing: the object vanishes on press."""
    if overprint and kind in ("cmyk", "gray") and ink <= 0.0 and scan.expect.print_colour:
        scan.add("overprint.white", f"white {what} set to overprint: it disappears on press")


# What each operator the interpreter heeds is; the rest (m, l, c, re, h, n, W, BI data, marked
# content, Ts) build paths or change nothing judged.
_SHOWS, _PUSH, _POP, _CM, _TEXT, _PAINT, _COLOUR, _GS, _WIDTH, _DO, _SH, _INLINE = range(12)
_OPS = {**dict.fromkeys(_SHOW, _SHOWS), "q": _PUSH, "Q": _POP, "cm": _CM,
        **dict.fromkeys(("Tf", "TL", "T*", "Td", "TD", "Tm", "BT", "Tc", "Tw", "Tz", "Tr"), _TEXT),
        **dict.fromkeys(_FILL | _STROKE, _PAINT),
        **dict.fromkeys(("g", "G", "rg", "RG", "k", "K", "cs", "CS", "sc", "scn", "SC", "SCN"), _COLOUR),
        "gs": _GS, "w": _WIDTH, "Do": _DO, "sh": _SH, "INLINE IMAGE": _INLINE}


def _run(stream, resources, st: _State, scan: Scan, depth: int) -> None:
    """One pass over a content stream."""
    import pikepdf

    stack: list[_State] = []
    tm = tlm = IDENTITY
    named: dict = {}  # (resource kind, name) -> what it is, within this stream's resources
    heeded = _OPS.get
    for instruction in pikepdf.parse_content_stream(stream):
        op = str(instruction.operator)
        kind = heeded(op)
        if kind is None:
            continue
        if kind == _SHOWS:
            tm, tlm = _show(op, instruction.operands, st, tm, tlm, scan, resources, depth)
        elif kind == _COLOUR:
            if op == "rg":  # (device RGB, matplotlib's every mark: no operand to read)
                if st.fill != "rgb":
                    st.fill, st.sig = "rgb", None
            elif op == "RG":
                if st.stroke != "rgb":
                    st.stroke, st.sig = "rgb", None
            else:
                _set_colour(op, instruction.operands, st, resources, named, scan)
                st.sig = None
        elif kind == _CM:
            st.ctm = mul(_matrix(instruction.operands), st.ctm)
        elif kind == _DO:
            name = str(instruction.operands[0])
            drawn = named.get(("Do", name))
            if drawn is None:
                xobject = _named(named, resources, "/XObject", name)
                drawn = named["Do", name] = _form(xobject, scan.cache) if xobject is not None else ()
            if drawn:
                _xobject(drawn, name, resources, st, scan, depth)
        elif kind == _PUSH:
            stack.append(st)
            st = st.copy()
        elif kind == _POP:
            if stack:
                st = stack.pop()
        elif kind == _TEXT:
            tm, tlm = _text_state(op, instruction.operands, st, tm, tlm, resources, named, scan)
            st.sig = None
        elif kind == _PAINT:
            if op in _FILL:
                _paint_fill(scan, st, "fill", resources, depth)
            if op in _STROKE:
                _paint_stroke(scan, st, "line", resources, depth)
                a, b, c, d = st.ctm[:4]
                width = st.width * math.sqrt(abs(a * d - b * c))
                if scan.min_rule is None or width < scan.min_rule:
                    scan.min_rule = width
        elif kind == _GS:
            name = str(instruction.operands[0])
            effect = named.get(("gs", name))
            if effect is None:
                effect = named["gs", name] = _ext_gstate(_named(named, resources, "/ExtGState", name))
            for what in effect[0]:
                transparency(scan, what)
            if effect[1] is not None:
                st.op_stroke = effect[1]
            if effect[2] is not None:
                st.op_fill = effect[2]
            st.sig = None
        elif kind == _WIDTH:
            st.width, st.sig = float(instruction.operands[0]), None
        elif kind == _SH:
            shading = _named(named, resources, "/Shading", instruction.operands[0])
            if shading is not None:
                space(scan, shading.get("/ColorSpace"), resources, "shading")
        elif kind == _INLINE:
            from .images import check_image

            image = instruction.operands[0]
            check_image(image.obj, "an inline image", resources, st.ctm, scan, pixels=image)


def _show(op: str, operands, st: _State, tm, tlm, scan: Scan, resources, depth: int) -> tuple:
    """A text-showing operator: the fonts it uses, its size on the page, its place against the
    trim and its colour; the text matrix after it."""
    if op != "Tj":
        if op == '"':
            st.word_space, st.char_space, st.sig = float(operands[0]), float(operands[1]), None
        tm = tlm = mul((1.0, 0.0, 0.0, 1.0, 0.0, -st.leading), tlm)
    advance, shows = _advance(st, operands, scan.cache)
    if shows:
        if st.metrics is not None:
            key = st.metrics[0]
            scan.fonts[key] = scan.fonts.get(key, False) or st.render not in (3, 7)
        if st.render not in (3, 7):
            m = mul(tm, st.ctm)
            safe_area(scan, m, advance, st.font_size)
            size = abs(st.font_size) * math.hypot(m[2], m[3])
            if scan.min_text is None or size < scan.min_text:
                scan.min_text = size
            if st.render in (0, 2, 4, 6):
                _paint_fill(scan, st, "text", resources, depth)
            if st.render in (1, 2, 5, 6):
                _paint_stroke(scan, st, "text outline", resources, depth)
    if advance:
        tm = (tm[0], tm[1], tm[2], tm[3], advance * tm[0] + tm[4], advance * tm[1] + tm[5])
    return tm, tlm


def _matrix(operands) -> tuple:
    """Six operands as a matrix (pikepdf converts them in C++: a third of the time of float())."""
    import pikepdf

    return pikepdf.Matrix(operands).shorthand


def _named(named: dict, resources, kind: str, name):
    """A resource by name (/ExtGState, /XObject, /Shading, /Font, /Pattern), looked up once
    per stream."""
    key = (kind, name if isinstance(name, str) else str(name))
    found = named.get(key, named)
    if found is named:
        found = named[key] = ((resources or {}).get(kind) or {}).get(key[1])
    return found


def _text_state(op: str, operands, st: _State, tm, tlm, resources, named: dict, scan: Scan) -> tuple:
    """The text operators that move the text matrix or change the text state."""
    if op == "Tf":
        font = _named(named, resources, "/Font", operands[0])
        if font is None:
            scan.add("fonts.in-resources", f"text set in font {str(operands[0]).lstrip('/')}, which is not in "
                                       f"the resources (a RIP substitutes a font or stops)")
        st.font_size, st.font, st.metrics = float(operands[1]), font, None  # metrics: when it shows text
    elif op == "TL":
        st.leading = float(operands[0])
    elif op in ("T*", "Td", "TD"):
        tx, ty = (float(operands[0]), float(operands[1])) if op != "T*" else (0.0, -st.leading)
        if op == "TD":
            st.leading = -ty
        tm = tlm = mul((1.0, 0.0, 0.0, 1.0, tx, ty), tlm)
    elif op == "Tm":
        tm = tlm = _matrix(operands)
    elif op == "BT":
        tm = tlm = IDENTITY
    elif op == "Tc":
        st.char_space = float(operands[0])
    elif op == "Tw":
        st.word_space = float(operands[0])
    elif op == "Tz":
        st.h_scale = float(operands[0]) / 100
    elif op == "Tr":
        st.render = int(operands[0])
    return tm, tlm


def _set_colour(op: str, operands, st: _State, resources, named: dict, scan: Scan) -> None:
    import pikepdf

    fill = op in ("g", "rg", "k", "cs", "sc", "scn")
    if op in ("g", "G"):
        kind, ink = "gray", 100 * (1 - float(operands[0]))
    elif op in ("k", "K"):
        kind, ink = "cmyk", 100 * sum(float(x) for x in operands)
    elif op in ("rg", "RG"):
        kind, ink = "rgb", st.ink if fill else st.stroke_ink
    elif op in ("cs", "CS"):
        key = ("space", str(operands[0]))
        if key not in named:
            named[key] = space(scan, operands[0], resources, "colour space " + key[1].lstrip("/"), painted=False)
        kind = named[key]
        ink = 100.0 if kind in ("cmyk", "gray") else 0.0  # the initial colour is black
        if fill:
            st.fill_pattern = None
        else:
            st.stroke_pattern = None
    else:  # sc, scn, SC, SCN: a colour in the current space
        kind = st.fill if fill else st.stroke
        if kind == "pattern" and operands and isinstance(operands[-1], pikepdf.Name):
            pattern = _named(named, resources, "/Pattern", operands[-1])
            if fill:
                st.fill_pattern = pattern
            else:
                st.stroke_pattern = pattern
            return
        if kind not in ("cmyk", "gray") or len(operands) != (4 if kind == "cmyk" else 1):
            return
        values = [float(x) for x in operands]
        ink = 100 * (sum(values) if kind == "cmyk" else 1 - values[0])
    if fill:
        st.fill, st.ink = kind, ink
    else:
        st.stroke, st.stroke_ink = kind, ink


def _paint_fill(scan: Scan, st: _State, what: str, resources, depth: int) -> None:
    kind = st.fill
    if kind not in _PRINTABLE:
        paint_colour(scan, kind, what)
    elif kind == "cmyk" and st.ink > scan.max_ink:
        scan.max_ink = st.ink
    if st.op_fill:
        white_overprint(scan, kind, st.ink, True, what)
    if kind == "pattern" and st.fill_pattern is not None:
        _pattern(st.fill_pattern, what, resources, scan, depth)


def _paint_stroke(scan: Scan, st: _State, what: str, resources, depth: int) -> None:
    kind = st.stroke
    if kind not in _PRINTABLE:
        paint_colour(scan, kind, what)
    if st.op_stroke:
        white_overprint(scan, kind, st.stroke_ink, True, what)
    if kind == "pattern" and st.stroke_pattern is not None:
        _pattern(st.stroke_pattern, what, resources, scan, depth)


def _pattern(pattern, what: str, resources, scan: Scan, depth: int) -> None:
    """A shading pattern is judged by its shading's colour space; a tiling pattern's cell is
    a content stream, interpreted like a form (in the pattern's own space)."""
    if pattern.get("/PatternType") == 2:
        shading = pattern.get("/Shading")
        if shading is not None:
            space(scan, shading.get("/ColorSpace"), resources, f"shading pattern ({what})")
    elif pattern.get("/PatternType") == 1:
        matrix = tuple(float(x) for x in pattern.get("/Matrix", IDENTITY))
        _nested(pattern, _key(pattern) if pattern.is_indirect else None, None, pattern.get("/Resources", resources),
                _State(), matrix, scan, depth)


def _metrics(font, cache: dict) -> tuple:
    """(font key, each byte's glyph width / 1000 for a simple font or None, a composite
    font's default width / 1000), read once per font per document."""
    import pikepdf

    key = font_key(font)
    found = cache.get(("font", key))
    if found is None:
        if font.get("/Subtype") == "/Type0":
            descendants = font.get("/DescendantFonts")
            descendant = descendants[0] if isinstance(descendants, pikepdf.Array) and len(descendants) else None
            default = float(descendant.get("/DW", 1000)) if isinstance(descendant, pikepdf.Dictionary) else 1000.0
            found = (key, None, default / 1000)
        else:
            widths = font.get("/Widths")
            widths = [float(w) for w in widths] if isinstance(widths, pikepdf.Array) else []
            first = int(font.get("/FirstChar", 0))
            found = (key, [(widths[c - first] if 0 <= c - first < len(widths) else 500.0) / 1000 for c in range(256)],
                     0.0)
        cache[("font", key)] = found
    return found


def _advance(st: _State, operands, cache: dict) -> tuple[float, bool]:
    """How far a text-showing operator moves the text matrix (text space units): the font's
    glyph widths for simple fonts, its default width for composite ones; and whether it shows
    any text at all."""
    import pikepdf

    if st.font is not None and st.metrics is None:
        st.metrics = _metrics(st.font, cache)
    last = operands[-1] if len(operands) else None
    items = last if isinstance(last, pikepdf.Array) else () if last is None else (last,)
    metrics, size = st.metrics, st.font_size
    total, shows = 0.0, False
    for item in items:
        if isinstance(item, pikepdf.String):
            data = bytes(item)
            if not data:
                continue
            shows = True
            if metrics is None:
                continue
            if metrics[1] is None:  # composite: two-byte codes at the default width
                total += len(data) // 2 * (metrics[2] * size + st.char_space)
            else:
                total += (sum(map(metrics[1].__getitem__, data)) * size + len(data) * st.char_space
                          + data.count(32) * st.word_space)
        elif metrics is not None:
            try:
                total -= float(item) / 1000 * size
            except (TypeError, ValueError):
                pass
    return total * st.h_scale, shows


def safe_area(scan: Scan, m, advance: float, size: float) -> None:
    """A text run that reaches into the trim but comes closer to its edge than the safe margin
    (text wholly outside the trim, a slug line, is left alone)."""
    scan.moves = True
    lo, hi = -0.2 * size, 0.75 * size
    xs = (lo * m[2] + m[4], hi * m[2] + m[4], advance * m[0] + lo * m[2] + m[4], advance * m[0] + hi * m[2] + m[4])
    ys = (lo * m[3] + m[5], hi * m[3] + m[5], advance * m[1] + lo * m[3] + m[5], advance * m[1] + hi * m[3] + m[5])
    x0, y0, x1, y1 = scan.trim
    left, right, bottom, top = min(xs), max(xs), min(ys), max(ys)
    if right <= x0 or left >= x1 or top <= y0 or bottom >= y1:
        return
    margin = scan.expect.safe_margin * 72 / 25.4
    if left < x0 + margin or right > x1 - margin or bottom < y0 + margin or top > y1 - margin:
        scan.near_trim += 1


def _ext_gstate(gs) -> tuple:
    """(what in it is transparency, the stroke overprint it sets, the fill overprint it sets;
    None: unchanged): /OP for strokes (and fills, unless /op says otherwise), /op for fills."""
    if gs is None:
        return (), None, None
    what = []
    if float(gs.get("/CA", 1)) < 1 or float(gs.get("/ca", 1)) < 1:
        what.append("a graphics state with opacity below 100%")
    if "/SMask" in gs and gs.get("/SMask") != "/None":
        what.append("a soft mask")
    blend = gs.get("/BM")
    if blend is not None and str(blend) not in ("/Normal", "/Compatible"):
        what.append(f"the blend mode {str(blend).lstrip('/')}")
    stroke = fill = None
    if "/OP" in gs:
        stroke = fill = bool(gs.OP)
    if "/op" in gs:
        fill = bool(gs.get("/op"))
    return tuple(what), stroke, fill


def _xobject(drawn: tuple, name: str, resources, st: _State, scan: Scan, depth: int) -> None:
    xobject, key, kind, group, matrix, inner = drawn
    if kind == "/Image":
        from .images import check_image

        check_image(xobject, f"image {name.lstrip('/')}", resources, st.ctm, scan)
    elif kind == "/Form":
        if group:
            transparency(scan, f"form {name.lstrip('/')} is a transparency group")
        ctm = mul(matrix, st.ctm) if matrix != IDENTITY else st.ctm
        _nested(xobject, key, name, inner if inner is not None else resources, st, ctm, scan, depth)


def _form(xobject, cache: dict) -> tuple:
    """(the XObject, its object key, subtype, is a transparency group, /Matrix, /Resources),
    read once per document."""
    key = xobject.objgen if xobject.is_indirect else None
    found = cache.get(("xobject", key)) if key is not None else None
    if found is None:
        kind = xobject.get("/Subtype")
        group = xobject.get("/Group") if kind == "/Form" else None
        matrix = tuple(float(x) for x in xobject.get("/Matrix", IDENTITY)) if kind == "/Form" else IDENTITY
        found = (xobject, key, str(kind), group is not None and group.get("/S") == "/Transparency", matrix,
                 xobject.get("/Resources") if kind == "/Form" else None)
        if key is not None:
            cache["xobject", key] = found
    return found


def _nested(stream, key, name: Optional[str], resources, st: _State, ctm: tuple, scan: Scan, depth: int) -> None:
    """A form (`name`) or tiling pattern (None), `key` its object number and generation (None
    for a direct object), interpreted in the state it is drawn in (`st` with `ctm`), or what
    it found in that state replayed: a cycle (a form that draws itself) or nesting past
    _MAX_DEPTH is a finding and is not followed."""
    if key is not None and key in scan.active:
        what = f"form {name.lstrip('/')}" if name is not None else "a tiling pattern"
        scan.add("content.forms", f"{what} draws itself (a cycle a RIP may loop on); not followed")
        scan.local = True
        return
    if depth >= _MAX_DEPTH:
        what = f"form {name.lstrip('/')}" if name is not None else "a tiling pattern"
        scan.add("content.forms", f"{what} is nested more than {_MAX_DEPTH} forms deep; not followed")
        scan.local = True
        return
    scan.deepest = max(scan.deepest, depth)
    if key is None:
        _run(stream, resources, _placed(st, ctm), scan, depth + 1)
        return
    memo = st.memo(key, ctm, scan.cache)
    kept = scan.cache.get(("form", memo))
    if kept is not None and not kept.moves and (kept.deepest == 0 or depth + kept.deepest < _MAX_DEPTH):
        if memo not in scan.done:  # (replayed once per page: replaying again adds nothing)
            scan.done.add(memo)
            scan.absorb(kept)
            scan.deepest = max(scan.deepest, depth + kept.deepest if kept.deepest else 0)
        return
    at = (round(ctm[4] * 10000), round(ctm[5] * 10000))
    if memo + at in scan.done:  # drawn again in the same state and place on this page: nothing new
        return
    scan.done.add(memo + at)
    kept = scan.cache.get(("form", memo, at, scan.trim)) if kept is not None else None
    if kept is not None and (kept.deepest == 0 or depth + kept.deepest < _MAX_DEPTH):
        scan.absorb(kept)
        scan.deepest = max(scan.deepest, depth + kept.deepest if kept.deepest else 0)
        return
    inner = scan.inner()
    scan.active.add(key)
    try:
        _run(stream, resources, _placed(st, ctm), inner, depth + 1)
    finally:
        scan.active.discard(key)
        scan.absorb(inner)
    if not inner.local:  # what it found depends on the form and its state alone: keep it
        inner.deepest = inner.deepest - depth if inner.deepest else 0  # kept relative to where it starts
        scan.cache[("form", memo)] = inner
        if inner.moves:
            scan.cache[("form", memo, at, scan.trim)] = inner
