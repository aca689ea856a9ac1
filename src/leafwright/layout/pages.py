"""Page templates: title band, frames, footer and the print/screen page geometry."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Optional

from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color, toColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from ..colour import grey_k
from ..load.reversed_text import ELEMENT_FILLS
from ..resolve.document import ResolvedDocument, RHeading, RNotes, RReferences, Run
from .blocks import Ctx, HeadingParagraph, build_blocks
from .claimpages import CALLBACK
from .keeps import ToFoot, group_keep_with_next, stacked_height
from .linebreak import WordParagraph
from .markup import note_anchor, para_markup
from .overprint import Overprinting, overprint
from .pagenotes import CALLBACK as NOTE_CALLBACK
from .pagenotes import NotePass
from .problems import LayoutProblem, Sources
from .styles import Styles
from .tagging import Marking

TITLE_BAND = 64.0  # least height of the brand band on page one, below the trim's top edge
FOOTER_GAP = 12.0  # between the text frame and the bottom margin, where the footer sits
# Crop marks in the registration colour, `/Separation /All` (ISO 32000-1 8.6.6.4): every plate,
# spot plates included, so each can be registered and trimmed; CMYK 100/100/100/100 misses spots.
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")


@dataclass(frozen=True)
class Geometry:
    """Where the trim sits on the sheet; print adds bleed and a border for crop marks."""

    width: float
    height: float
    bleed: float
    border: float  # MediaBox margin around the trim (0 on screen)

    def trim_box(self) -> tuple[float, ...]:
        b = self.border
        return (b, b, b + self.width, b + self.height)

    def bleed_box(self) -> tuple[float, ...]:
        b, x = self.border, self.bleed
        return (b - x, b - x, b + self.width + x, b + self.height + x)


def geometry(styles: Styles) -> Geometry:
    theme, variant = styles.theme, styles.variant
    w, h = theme.page_size
    if not variant.boxes:  # the trim is the page (screen)
        return Geometry(w, h, 0.0, 0.0)
    border = theme.bleed + 27 if theme.crop_marks and variant.crop_marks else theme.bleed
    return Geometry(w, h, theme.bleed, border)


class LeafletTemplate(BaseDocTemplate):
    """Bookmarks for headings (screen), per-page footnotes (`restart: page`), and blocks
    that cannot fit reported at their source line instead of as ReportLab's LayoutError."""

    def handle_keepWithNext(self, flowables):
        group_keep_with_next(flowables)  # a heading keeps with the first lines of what follows

    def handle_flowable(self, flowables):
        group_keep_with_next(flowables)
        current = flowables[0] if flowables else None
        after = len(flowables) - 1  # the flowables after `current`, which ReportLab leaves as they are
        try:
            super().handle_flowable(flowables)
        except LayoutError as error:
            raise self._problem(current, str(error)) from None
        self.sources.inherit(flowables[:len(flowables) - after], current)  # the parts a split put back

    def _problem(self, current, error: str) -> LayoutProblem:
        """Blame a block only when it cannot fit an empty page; anything else is ours."""
        block = getattr(current, "following", current)  # a heading group: what it heads
        of_block, of_current = self.sources.of(block), self.sources.of(current)
        span = (of_block or of_current or (self.doc_span,))[0]
        kind = of_block[1] if of_block else "block"
        frame = self.frame
        room = max(f._height for f in self.base_frames.values())  # the tallest page's frame
        height = stacked_height([current], self.canv, frame._aW, room) if current is not None else 0
        if "Splitting error" not in error and height > room:
            return LayoutProblem(span, f"this {kind} block is {height:.0f} pt tall and does not fit on a page "
                                       f"(at most {room:.0f} pt); shorten or split it")
        cause = ("ReportLab split it into a first part taller than the room left (Splitting error)"
                 if "Splitting error" in error else "it did not fit even at the top of a new page")
        return LayoutProblem(span, f"this {kind} block ({height:.0f} pt) fits a page ({room:.0f} pt) but could "
                                   f"not be placed on page {self.page}: {cause}; this is a leafwright bug, "
                                   f"please report it with this document")

    def __init__(self, filename, *, notes: Optional[NotePass] = None, feet: Optional["FootNotes"] = None,
                 claim_pages=None, tags=None, outlines: bool = False, doc_span=None,
                 sources: Optional[Sources] = None, **kw):
        """`notes`: this pass's page notes (`restart: page`) and `feet` how their notes are
        set at a page's foot; `claim_pages` and `tags`: the recorders; `outlines`: bookmarks;
        `sources`: the story's blocks, for errors (else the document is blamed)."""
        self.base_frames: dict[str, Frame] = {}  # each page template's frame, before notes take room
        super().__init__(filename, **kw)
        self.notes, self.feet, self.claim_pages, self.tags = notes, feet, claim_pages, tags
        self.outlines, self.doc_span = outlines, doc_span
        self.outline_level = -1  # of the last bookmark made
        self.sources = sources if sources is not None else Sources()

    def addPageTemplates(self, pageTemplates):
        super().addPageTemplates(pageTemplates)
        for t in self.pageTemplates:
            self.base_frames.setdefault(t.id, t.frames[0])

    def beforeDocument(self):
        if self.tags is not None:
            self.canv.lw_tags = self.tags  # Marking flowables find the recorder on the canvas
        if self.outlines:  # screen: viewers show the title, not the file name
            self.canv.setViewerPreference("DisplayDocTitle", "true")
        if self.claim_pages is not None:
            self.canv.setNamedCB(CALLBACK, self.claim_pages.callback)

    def beforePage(self):
        """Keep room at the foot of this page for its notes, as measured by the previous pass."""
        if self.notes is None:
            return
        record = self.notes.record
        self.canv.setNamedCB(NOTE_CALLBACK, lambda canv, kind, label: record.drawn_on(
            canv.getPageNumber(), int(label)))
        reserve = self.notes.begin_page(self.page)
        base = self.base_frames[self.pageTemplate.id]
        self.pageTemplate.frames = [Frame(base._x1, base._y1 + reserve, base._width, base._height - reserve,
                                          0, 0, 0, 0, id=base.id)]

    def afterPage(self):
        if self.notes is None:
            return
        notes = self.notes.foot(self.page)
        if not notes:
            return
        base = self.base_frames[self.pageTemplate.id]
        feet = self.feet
        paras, heights = zip(*(feet.measured(mk, text, self.page) for mk, text in notes))
        needed = sum(heights) + 8
        self.notes.record.took(self.page, needed)
        y = base._y1 + needed - 4
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(feet.style.textColor)
        overprint(canv, stroke=feet.style.overprint)
        canv.setLineWidth(0.4)
        canv.line(base._x1, y, base._x1 + 72, y)
        canv.restoreState()
        y -= 4
        for p, (mk, _), h in zip(paras, notes, heights):
            y -= h
            if self.tags is not None:
                p.marked_as(self.tags.node("Note", ID=note_anchor(mk, self.page)))
            p.drawOn(canv, base._x1, y + 1.5)

    def afterFlowable(self, flowable):
        shrink = self.notes.take_room() if self.notes is not None else 0.0
        if shrink:  # a live note's room: from the frame's foot, not above it
            self.frame._y += shrink
            self.frame._y1p += shrink
        outline = flowable.outline if isinstance(flowable, HeadingParagraph) else None
        if self.outlines and outline:  # the heading's own anchor (/XYZ at its top) is the destination
            title, level, key = outline
            # a subheading before any heading: an outline may not skip a level (ReportLab raises)
            level = min(level, self.outline_level + 1)
            self.outline_level = level
            self.canv.addOutlineEntry(title, key, level=level, closed=False)
            self.canv.showOutline()


class FootNote(Marking, Overprinting, WordParagraph):
    """A note at a page's foot (`restart: page`)."""


class FootNotes:
    """How notes are set at a page's foot: the template draws them, the live pass measures
    them before they are drawn (LiveNotes.measure is `height`)."""

    def __init__(self, styles: Styles, claim_pages=None):
        top, right, bottom, left = styles.theme.margins
        self.width = styles.theme.page_size[0] - left - right  # the text frame's, as make_template makes it
        self.style, (self.rise, self.size) = styles.get("note"), styles.sup("note")
        self.links, self.fallback, self.claim_pages = styles.link_look(), styles.fallback, claim_pages

    def measured(self, mk: str, text, page: int) -> tuple[FootNote, float]:
        """A note as set at `page`'s foot, and the height it takes there."""
        p = FootNote(para_markup((Run(mk, marks=True), Run(" ")) + text, self.rise, self.size, links=self.links,
                                 claim_pages=self.claim_pages, anchor=note_anchor(mk, page), fallback=self.fallback),
                     self.style)
        return p, p.wrap(self.width, 1000)[1] + 1.5

    def height(self, mk: str, text, page: int) -> float:
        return self.measured(mk, text, page)[1]


class TitleText(Marking, WordParagraph):
    """The title in the band on page one (the document's H1 when tagged)."""


class FooterCanvas(Canvas):
    """Holds pages back until the end so the footer can say 'Page 2 of 3'.

    Bookmarks name the page being drawn, which does not exist yet while pages are held,
    so they are held with their page and made when it is finally shown.
    """

    footer = None  # set per build through a subclass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held: list[dict] = []
        self._deferred: list = []

    def beginText(self, x=0, y=0, direction=None):
        tx = super().beginText(x, y, direction)
        tags = getattr(self, "lw_tags", None)
        if tags is not None and tags.linking:  # tagged: where a paragraph's links start and end
            tx._linkRecord = tags.link_record(tx)
        return tx

    def bookmarkPage(self, key, **kw):
        self._deferred.append((Canvas.bookmarkPage, (key,), kw))

    def addOutlineEntry(self, *args, **kw):
        self._deferred.append((Canvas.addOutlineEntry, args, kw))

    def showPage(self):
        self._held.append(dict(self.__dict__))
        self._deferred = []
        self._startPage()

    def save(self):
        total = len(self._held)
        for i, state in enumerate(self._held):
            self.__dict__.update(state)
            for method, args, kw in state["_deferred"]:
                method(self, *args, **kw)
            if i == total - 1:
                self._bind_dangling()
            self.footer(self, total)
            Canvas.showPage(self)
        Canvas.save(self)

    def _bind_dangling(self) -> None:
        """A link whose destination no page defined points at the last page instead of
        stopping the build: with `restart: page`, a pass before the last one links a marker to
        the page the previous pass saw it on, which may not be where it lands now; the pass
        that settles defines every destination it links to."""
        for dest in self._destinations.values():
            if dest.fmt is None:
                Canvas.bookmarkPage(self, dest.name)


def press_color(c) -> CMYKColor:
    """Print takes process (CMYK) and spot colours as they are, and an RGB grey as black ink.

    ReportLab's own "sep_cmyk" rule tests greyness on a colour's RGB view, so it turned
    registration (100/100/100/100, the crop marks) and any CMYK with equal C, M and Y into
    black only."""
    tc = toColor(c)
    if isinstance(tc, CMYKColor):
        return tc
    k = grey_k((tc.red, tc.green, tc.blue)) if isinstance(tc, Color) else None
    if k is not None:
        return CMYKColor(0, 0, 0, k)
    raise ValueError(f"Non CMYK color {c!r} in print")


def make_template(buffer, doc: ResolvedDocument, styles: Styles, *, notes: Optional[NotePass] = None,
                  feet: Optional[FootNotes] = None, claim_pages=None, tags=None,
                  sources: Optional[Sources] = None) -> tuple[BaseDocTemplate, type]:
    """The page template and the canvas class for one layout pass. When notes restart on
    every page, `notes` is the pass's and `feet` sets them (the FootNotes the live pass
    measures with, so what it reserves is what is drawn). `sources`: what story() noted."""
    theme = styles.theme
    geo = geometry(styles)
    top, right, bottom, left = theme.margins
    w, h = theme.page_size
    frame_w = w - left - right
    title = TitleText(para_markup((Run(doc.title),), 0, 0, fallback=styles.fallback), styles.get("title"))
    _, title_h = title.wrap(frame_w, h)
    band = max(TITLE_BAND, title_h + 28)  # a long title makes the band taller, never spills out
    floor = bottom + FOOTER_GAP  # the footer line sits in the gap above the bottom margin
    first_top = h - band - max(top - FOOTER_GAP, FOOTER_GAP)
    first = Frame(left, floor, frame_w, first_top - floor, id="first",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(left, floor, frame_w, h - top - floor, id="later",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    variant = styles.variant
    print_kw: dict = dict(enforceColorSpace=press_color) if variant.cmyk else {}
    if variant.boxes:
        print_kw.update(trimBox=geo.trim_box(), bleedBox=geo.bleed_box())
        if theme.crop_marks and variant.crop_marks:
            print_kw["cropMarks"] = SimpleNamespace(borderWidth=geo.border, markLength=18, markWidth=0.4,
                                                    markColor=REGISTRATION, markLast=1, bleedWidth=0)
        else:  # markLast=0: ReportLab 4 fails (UnboundLocalError) when asked to draw no marks last
            print_kw["cropMarks"] = SimpleNamespace(borderWidth=geo.border, markLength=0, markWidth=0,
                                                    markColor=None, markLast=0, bleedWidth=0)

    def title_band(canv, _doc):
        canv.saveState()
        canv.setFillColor(styles.color(ELEMENT_FILLS["title"]))
        canv.rect(-geo.bleed, h - band, w + 2 * geo.bleed, band + geo.bleed, stroke=0, fill=1)
        if tags is not None:  # the title is the document's first heading
            title.marked_as(tags.node("H1"))
        title.drawOn(canv, left, h - band / 2 - title_h / 2 + 2)
        canv.restoreState()

    tmpl = LeafletTemplate(
        buffer, pagesize=(w, h), leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
        title=doc.title, author=doc.author, subject=doc.code, creator="leafwright",
        initialFontName=styles.body_font, invariant=1, lang=doc.lang or None,
        notes=notes, feet=feet,
        claim_pages=claim_pages, tags=tags, outlines=variant.outlines, doc_span=doc.span,
        sources=sources, **print_kw)
    tmpl.addPageTemplates([PageTemplate("first", [first], onPage=title_band, autoNextPageTemplate="later"),
                           PageTemplate("later", [later])])

    st = styles.get("footer")

    def footer(canv, total):
        text = doc.footer
        for key, value in (("page", str(canv.getPageNumber())), ("pages", str(total))):
            text = text.replace("{" + key + "}", value)
        text = " · ".join(part.strip() for part in text.split("·") if part.strip())
        if tags is not None:
            canv._code.append("/Artifact <</Type /Pagination /Subtype /Footer>> BDC")
        canv.saveState()
        canv.setFont(st.fontName, st.fontSize)
        canv.setFillColor(st.textColor)
        overprint(canv, fill=st.overprint)
        canv.drawString(left, bottom - 4, text)
        canv.restoreState()
        if tags is not None:
            canv._code.append("EMC")

    canvasmaker = type("DocCanvas", (FooterCanvas,), {"footer": staticmethod(footer)})
    return tmpl, canvasmaker


def story(doc: ResolvedDocument, styles: Styles, notes: Optional[NotePass] = None, claim_pages=None,
          tags=None, sources: Optional[Sources] = None) -> list:
    """The flowables; notes and references that end the document sit at the foot of its
    last page, where readers of a leaflet look for them. `sources` learns each one's block."""
    theme = styles.theme
    ctx = Ctx(styles, theme.page_size[0] - theme.margins[1] - theme.margins[3], notes,
              claim_pages=claim_pages, top=True, tags=tags, sources=sources)
    blocks = list(doc.blocks)
    tail = []
    while blocks and isinstance(blocks[-1], (RNotes, RReferences)):
        tail.insert(0, blocks.pop())
    while tail and blocks and isinstance(blocks[-1], RHeading):  # a heading over them goes with them
        tail.insert(0, blocks.pop())
    flowables = build_blocks(blocks, ctx)
    end = build_blocks(tail, ctx)
    if end:
        flowables.append(ToFoot(end))
    return flowables + end
