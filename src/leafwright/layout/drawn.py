"""What each page draws, noted while ReportLab draws it, so preflight need not read our own
PDF's content streams back (`marks.PageMarks`, judged by `preflight/drawn.py`).

A recorder (`Drawn`) and a canvas class around layout's (`recording`): the canvas notes, at
each painting call, what the full content scan would judge at the operator it writes: each
text run's matrix, advance and size (`_formatText`, the one place every text object turns a
string into Tj, followed by the cursor moves that change the text matrix), its fill and
stroke colour and overprint, each path's colour and line width, each image's placement, each
ExtGState that sets transparency. It observes only: every hook calls ReportLab's own method
and writes nothing (a text object's class becomes a subclass whose methods call ReportLab's
and then note), so the PDF is byte-identical with or without it (tests/preflight/test_drawn.py). What it does not model
(forms, shadings, inline images, literal PDF) marks the page `unmodelled`, and preflight
scans that page's content stream instead.
"""

from __future__ import annotations

import math

from reportlab.lib.colors import CMYKColor, Color
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import ExtGState

from ..marks import PageMarks, mul


def colour_of(colour) -> tuple[str, float]:
    """(kind, ink %) of a ReportLab colour as the operator ReportLab writes for it names it:
    a spot colour `scn` in a Separation, CMYK `k`, RGB `rg`, a grey `g` (setFillGray, and
    the initial black)."""
    if isinstance(colour, CMYKColor):
        if getattr(colour, "spotName", None):
            return "spot", 0.0
        d = colour.density
        return "cmyk", 100 * d * (colour.cyan + colour.magenta + colour.yellow + colour.black)
    if isinstance(colour, Color):
        return "rgb", 0.0
    if isinstance(colour, (tuple, list)):
        if len(colour) == 4:
            return "cmyk", 100 * sum(colour)
        if len(colour) == 3 and colour[0] == colour[1] == colour[2]:
            return "gray", 100 * (1 - colour[0])
        return "rgb", 0.0
    return "unknown", 0.0


class _Page:
    """One page's tallies while it is drawn."""

    def __init__(self) -> None:
        self.runs: list = []
        self.fonts: dict[str, bool] = {}
        self.paints: set = set()
        self.max_ink = 0.0
        self.white: set = set()
        self.min_rule = None
        self.images: list = []
        self.transparency: dict[str, None] = {}
        self.unmodelled: dict[str, None] = {}

    def paint(self, colour, overprint: bool, what: str) -> None:
        kind, ink = colour_of(colour)
        self.paints.add((kind, what))
        if kind == "cmyk" and ink > self.max_ink and what in ("fill", "text"):
            self.max_ink = ink
        if overprint and kind in ("cmyk", "gray") and ink <= 0.0:
            self.white.add(what)

    def marks(self) -> PageMarks:
        return PageMarks(tuple(self.runs), tuple(self.fonts.items()), frozenset(self.paints), self.max_ink,
                         frozenset(self.white), self.min_rule, tuple(self.images), tuple(self.transparency),
                         tuple(self.unmodelled))


class Drawn:
    """The recorder: each page's marks, by page number. `clear` starts a layout pass."""

    def __init__(self) -> None:
        self._pages: dict[int, _Page] = {}

    def clear(self) -> None:
        self._pages = {}

    def page(self, number: int) -> _Page:
        found = self._pages.get(number)
        if found is None:
            found = self._pages[number] = _Page()
        return found

    def result(self) -> tuple[PageMarks, ...]:
        """Page 1 first; a page that drew nothing has empty marks."""
        last = max(self._pages, default=0)
        return tuple(self._pages[n].marks() if n in self._pages else PageMarks() for n in range(1, last + 1))


class _Noted(ExtGState):
    """ReportLab's ExtGState, noting what each `gs` it writes does as the scan reads it: /OP
    sets stroke and fill overprint, /op fill overprint; opacity and blend modes are transparency."""

    op_fill = op_stroke = False

    def set(self, canv, a, v):
        code = canv._code
        before = len(code)
        super().set(canv, a, v)
        if len(code) == before:  # unchanged: ReportLab wrote nothing
            return
        if a == "OP":
            self.op_fill = self.op_stroke = bool(v)
        elif a == "op":
            self.op_fill = bool(v)
        canvas = getattr(canv, "_canvas", canv)
        what = None
        if a in ("CA", "ca") and v < 1:
            what = "a graphics state with opacity below 100%"
        elif a == "BM" and str(v).lstrip("/") not in ("Normal", "Compatible"):
            what = f"the blend mode {str(v).lstrip('/')}"
        if what is not None:
            canvas.lw_page().transparency[what] = None

    def pushCopy(self):
        copy = super().pushCopy()
        copy.op_fill, copy.op_stroke = self.op_fill, self.op_stroke
        return copy


class _Text:
    """A text object's text matrix and line matrix, moved as the operators ReportLab writes for
    it move them, and the runs it shows (drawn when the canvas draws the object)."""

    def __init__(self, tx) -> None:
        self.tm = self.tlm = (1.0, 0.0, 0.0, 1.0, tx._x0, tx._y0)  # (its Tm, written before we watch)
        self.runs: list = []

    def move(self, dx: float, dy: float) -> None:  # Td dx dy
        t = self.tlm
        self.tm = self.tlm = (t[0], t[1], t[2], t[3], dx * t[0] + dy * t[2] + t[4], dx * t[1] + dy * t[3] + t[5])


class _Following:
    """Mixed into a text object's class (`watch`): each method calls ReportLab's own and then
    moves the text matrix as the operator it wrote moves it, or notes the run it showed."""

    lw_text: _Text

    def _formatText(self, text):
        out = super()._formatText(text)
        if text:
            track, size, name, own = self.lw_text, self._fontsize, self._fontname, self.__dict__
            advance = stringWidth(text, name, size)
            char, word, scale = own.get("_charSpace", 0), own.get("_wordSpace", 0), own.get("_horizScale", 100)
            if char or word or scale != 100:
                advance = (advance + char * len(text) + word * text.count(" ")) * scale / 100
            state = self._canvas._extgstate
            t = track.tm
            track.runs.append((t, advance, size, self._textRenderMode, name, text, own.get("_fillColorObj"),
                               own.get("_strokeColorObj"), state.op_fill, state.op_stroke))
            track.tm = (t[0], t[1], t[2], t[3], advance * t[0] + t[4], advance * t[1] + t[5])
        return out

    def setTextOrigin(self, x, y):
        super().setTextOrigin(x, y)
        track = self.__dict__.get("lw_text")
        if track is not None:  # (None while ReportLab's __init__ sets the first origin)
            track.tm = track.tlm = (1.0, 0.0, 0.0, 1.0 if self._canvas.bottomup else -1.0, x, y)

    def setTextTransform(self, a, b, c, d, e, f):
        super().setTextTransform(a, b, c, d, e, f)
        self.lw_text.tm = self.lw_text.tlm = (a, b, c, d, e, f) if self._canvas.bottomup else (a, b, -c, -d, e, f)

    def moveCursor(self, dx, dy):
        super().moveCursor(dx, dy)  # (ReportLab folds it into the Td before: the same matrix in the end)
        self.lw_text.move(dx, -dy)

    def textLine(self, text=""):
        super().textLine(text)
        self.lw_text.move(0.0, -self._leading)  # T*

    def _textOut(self, text, TStar=0):
        super()._textOut(text, TStar)
        if TStar:
            self.lw_text.move(0.0, -self._leading)


_FOLLOWING: dict[type, type] = {}


def watch(tx) -> None:
    """Follow a text object from here on: its class becomes a subclass with `_Following` mixed
    in (made once per class). `Overprinting` makes its own text objects and calls this
    through the canvas (`lw_watch`)."""
    cls = type(tx)
    if not issubclass(cls, _Following):
        following = _FOLLOWING.get(cls)
        if following is None:
            following = _FOLLOWING[cls] = type(cls.__name__, (_Following, cls), {})
        tx.__class__ = following
    tx.lw_text = _Text(tx)


def recording(canvasmaker: type, drawn: Drawn) -> type:
    """`canvasmaker` noting what each page draws into `drawn`."""

    class Recording(canvasmaker):
        def init_graphics_state(self):
            super().init_graphics_state()
            self._extgstate = _Noted()

        def lw_page(self) -> _Page:
            return drawn.page(self.getPageNumber())

        def lw_watch(self, tx) -> None:
            watch(tx)

        def _ctm(self) -> tuple:
            """The CTM on the page: ReportLab shifts a page with crop marks by the border when it
            is shown, all but the marks themselves."""
            ctm = self._currentMatrix
            marks = getattr(self, "_cropMarks", None)
            shift = max(0, getattr(marks, "borderWidth", 36)) if marks else 0
            if shift and not getattr(self, "_lw_marking", False):
                shift -= max(0, getattr(marks, "bleedWidth", 0))
                ctm = (ctm[0], ctm[1], ctm[2], ctm[3], ctm[4] + shift, ctm[5] + shift)
            return ctm

        def _startPage(self):
            self._lw_marking = False
            super()._startPage()

        # text
        def beginText(self, x=0, y=0, direction=None):
            tx = super().beginText(x, y, direction)
            if "lw_text" not in tx.__dict__:
                watch(tx)
            return tx

        def drawText(self, aTextObject):
            track = aTextObject.__dict__.get("lw_text")
            if track is not None:
                self._runs(track)
            else:
                self.lw_page().unmodelled["a text object the recorder did not follow"] = None
            super().drawText(aTextObject)

        def _runs(self, track: _Text) -> None:
            page, ctm = self.lw_page(), self._ctm()
            painted = noted = None
            for tm, advance, size, render, font, text, fill, stroke, op_fill, op_stroke in track.runs:
                visible = render not in (3, 7)
                if (font, visible) != noted:  # (runs of one font in a row: one subset unless the text says)
                    names = self._font_names(font, text)
                    noted = (font, visible) if len(names) == 1 and not self._subsets(font) else None
                    for name in names:
                        page.fonts[name] = page.fonts.get(name, False) or visible
                if not visible:
                    continue
                page.runs.append((mul(tm, ctm) if tm[:4] != (1.0, 0.0, 0.0, 1.0) else
                                  (ctm[0], ctm[1], ctm[2], ctm[3], tm[4] * ctm[0] + tm[5] * ctm[2] + ctm[4],
                                   tm[4] * ctm[1] + tm[5] * ctm[3] + ctm[5]), advance, size))
                paint = (render, fill, stroke, op_fill, op_stroke)
                if paint == painted:  # (the same colours as the run before: noted already)
                    continue
                painted = paint
                if render in (0, 2, 4, 6):
                    page.paint(fill if fill is not None else self._fillColorObj, op_fill, "text")
                if render in (1, 2, 5, 6):
                    page.paint(stroke if stroke is not None else self._strokeColorObj, op_stroke, "text outline")
            track.runs = []

        def _subsets(self, font: str) -> bool:
            """Whether a TrueType font has more than one subset in this document (then each run's
            text says which it uses)."""
            state = self._lw_fonts[font][1]
            return state is not None and len(state.subsets) > 1

        def _font_names(self, font: str, text: str):
            """The font resources a run's Tf names: a TrueType font's subsets (one unless the
            document uses more than 256 of its glyphs), a Type 1 font's one name."""
            known = self.__dict__.setdefault("_lw_fonts", {})
            found = known.get(font)
            if found is None:
                face = getFont(font)
                found = known[font] = (face, face.state[self._doc] if face._dynamicFont else None,
                                       (self._doc.getInternalFontName(font),) if not face._dynamicFont else None)
            face, state, static = found
            if static is not None:
                return static
            doc = self._doc
            if len(state.subsets) == 1:
                first = known.get((font, 0))
                if first is None:
                    first = known[font, 0] = (face.getSubsetInternalName(0, doc),)
                return first
            return dict.fromkeys(face.getSubsetInternalName(subset, doc) for subset, _ in face.splitString(text, doc))

        # paths
        def _painted(self, stroke, fill) -> None:
            page, state = self.lw_page(), self._extgstate
            if fill:
                page.paint(self._fillColorObj, state.op_fill, "fill")
            if stroke:
                page.paint(self._strokeColorObj, state.op_stroke, "line")
                a, b, c, d = self._currentMatrix[:4]
                width = self._lineWidth * math.sqrt(abs(a * d - b * c))
                if page.min_rule is None or width < page.min_rule:
                    page.min_rule = width

        def _strokeAndFill(self, stroke, fill, fillMode=None):
            super()._strokeAndFill(stroke, fill, fillMode)
            self._painted(stroke, fill)

        def rect(self, x, y, width, height, stroke=1, fill=0):
            super().rect(x, y, width, height, stroke, fill)
            self._painted(stroke, fill)

        def line(self, x1, y1, x2, y2):
            super().line(x1, y1, x2, y2)
            self._painted(1, 0)

        def lines(self, linelist):
            super().lines(linelist)
            self._painted(1, 0)

        def bezier(self, *args):
            super().bezier(*args)
            self._painted(1, 0)

        def clipPath(self, aPath, stroke=1, fill=0, fillMode=None):
            super().clipPath(aPath, stroke, fill, fillMode)
            self._painted(stroke, fill)

        # images, and what the recorder leaves to the scan
        def drawImage(self, image, x, y, width=None, height=None, mask=None, preserveAspectRatio=False,
                      anchor="c", anchorAtXY=False, showBoundary=False, extraReturn=None):
            seen = dict.fromkeys(("regName", "x", "y", "width", "height"))
            out = super().drawImage(image, x, y, width, height, mask, preserveAspectRatio, anchor, anchorAtXY,
                                    showBoundary, seen)
            if extraReturn:
                extraReturn.update({k: v for k, v in seen.items() if k in extraReturn})
            placed = (seen["width"], 0.0, 0.0, seen["height"], seen["x"], seen["y"])
            self.lw_page().images.append((seen["regName"], mul(placed, self._ctm())))
            return out

        def drawInlineImage(self, *args, **kwargs):
            self.lw_page().unmodelled["an inline image"] = None
            return super().drawInlineImage(*args, **kwargs)

        def doForm(self, name):
            self.lw_page().unmodelled["a form"] = None
            return super().doForm(name)

        def shade(self, shading):
            self.lw_page().unmodelled["a shading"] = None
            return super().shade(shading)

        def addLiteral(self, s, escaped=1):
            self.lw_page().unmodelled["literal PDF"] = None
            return super().addLiteral(s, escaped)

    footer = getattr(canvasmaker, "footer", None)
    if footer is not None:  # FooterCanvas.save: each page's footer, then its crop marks (unshifted)
        def marking(canv, total):
            footer(canv, total)
            canv._lw_marking = True

        Recording.footer = staticmethod(marking)
    Recording.__name__ = canvasmaker.__name__
    return Recording
