"""One small builder per resolved block kind, chosen from a plain table."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Optional

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (CondPageBreak, Flowable, Image, KeepTogether, PageBreak, Paragraph, Spacer,
                                Table, TableStyle)

from ..load.reversed_text import ELEMENT_FILLS
from ..resolve import document as d
from .linebreak import WordParagraph
from .keeps import NotesBlock
from .markup import note_anchor, para_markup, ref_anchor
from .overprint import Overprinting, RuledTable
from .problems import LayoutProblem, Sources, check_widths
from .raster import cmyk_raster as _cmyk_raster
from .splitting import KeptLinesParagraph
from .styles import Styles
from .tagging import Marking, role_of


class CheckedParagraph(Marking, Overprinting, KeptLinesParagraph, WordParagraph):
    """A paragraph that refuses to run past its box: a word wider than the column (a long
    URL, a DOI, a number in a narrow cell) is an error at the block, not silent overflow."""

    span = None
    runs: d.RText = ()  # the text, so a word too wide is reported where it was written
    carried = ("span", "element", "bullet_element")  # a split part is reported at its block and continues its element

    def wrap(self, availWidth, availHeight):
        result = super().wrap(availWidth, availHeight)
        # ReportLab's broken lines (`blPara`) are the one record of how much room each line
        # had left over; nothing else in this class reads them
        lines = getattr(getattr(self, "blPara", None), "lines", ())
        hang = max(0.0, -self.style.firstLineIndent)  # a hanging first line may use the indent
        for i, line in enumerate(lines):
            extra = line[0] if isinstance(line, tuple) else getattr(line, "extraSpace", 0)
            # 3 pt of slack: ReportLab's own measure of a line with superscripts can be off by a
            # point or two; a word that really does not fit overshoots by far more.
            if extra < -3.0 - (hang if i == 0 else 0.0):
                words = line[1] if isinstance(line, tuple) else [getattr(w, "text", "") for w in line.words]
                text = " ".join(str(w) for w in words)[:50]
                widest = max((str(w) for w in words), key=len, default="")
                at = d.plain_text(self.runs).find(widest) if widest else -1
                span = (d.span_in(self.runs, at) if at >= 0 else None) or self.span
                raise LayoutProblem(span, f"'{text}' is {-extra:.0f} pt wider than its "
                                               f"{availWidth:.0f} pt column; shorten it or widen the column")
        return result


class HeadingParagraph(CheckedParagraph):
    """A heading: `outline` (title, level from 0, its anchor) is its bookmark on screen
    (LeafletTemplate.afterFlowable). A split part has none: the heading is bookmarked once."""

    outline: Optional[tuple[str, int, str]] = None


@dataclass
class Ctx:
    styles: Styles
    width: float  # available width for this flow
    page_notes: object = None  # a pagenotes.NotePass when note markers restart per page (or a LivePage)
    span: object = None  # the block being built, for errors
    claim_pages: object = None  # a ClaimPages when the claims matrix wants pages
    top: bool = False  # a block of the page flow itself (not inside a table, list or panel)
    tags: object = None  # a layout.tagging.Tags when the variant is tagged
    node: Optional[int] = None  # ... the structure element this block's text belongs to
    sources: Optional[Sources] = None  # learns each flowable's block, so one that cannot fit is reported there

    def para(self, text: d.RText, element: str, anchor: str | None = None, tag: Optional[int] = None,
             label: Optional[int] = None, cls: type[CheckedParagraph] = CheckedParagraph, **overrides) -> Paragraph:
        """`anchor`: a named destination at the text's start, for the screen variant's links;
        `tag`: its structure element, if not the block's; `label`: the element of its bullet."""
        rise, size = self.styles.sup(element)
        markup = para_markup(text, rise, size, links=self.styles.link_look(element), page_notes=self.page_notes,
                             claim_pages=self.claim_pages, anchor=anchor, fallback=self.styles.fallback)
        p = cls(markup, self.styles.get(element, **overrides))
        p.span, p.runs = self.span, text
        if self.tags is not None:
            p.marked_as(self.node if tag is None else tag, label)
        return p

    def sub(self, role: str, parent: Optional[int] = None, **attrs) -> Optional[int]:
        """A structure element inside this block's (or `parent`), when tagging."""
        if self.tags is None:
            return None
        return self.tags.node(role, self.node if parent is None else parent, **attrs)

    def narrower(self, width: float) -> "Ctx":
        return replace(self, width=width, top=False)


def build_blocks(blocks, ctx: Ctx) -> list[Flowable]:
    out: list[Flowable] = []
    for block in blocks:
        role = role_of(block) if ctx.tags is not None else None
        node = ctx.tags.node(role, ctx.node) if role else ctx.node
        built = BUILDERS[type(block)](block, replace(ctx, span=block.span, node=node))
        if ctx.sources is not None:
            ctx.sources.note(built, block.span, BUILDERS[type(block)].__name__.replace("_", "-"))
        out.extend(built)
    return out


def heading(b: d.RHeading, ctx: Ctx):
    key = f"h{b.span.line}-{b.span.col}"  # reproducible, and one heading per place in the file
    p = ctx.para(b.text, "heading" if b.level == 1 else "subheading", anchor=key, cls=HeadingParagraph,
                 keepWithNext=1)
    p.outline = ("".join(r.text for r in b.text if not r.marks), b.level - 1, key)
    return [CondPageBreak(60), p] if b.level == 1 else [p]


def paragraph(b: d.RParagraph, ctx: Ctx):
    notes = ctx.page_notes
    if not (ctx.top and notes is not None and notes.live is not None and any(r.notes for r in b.text)):
        return [ctx.para(b.text, "body", spaceAfter=4)]
    from .livenotes import NoteCarrier

    first = len(notes.record.occurrences)
    ctx.para(b.text, "body", spaceAfter=4)  # numbers its note groups, in reading order
    occs = list(range(first, len(notes.record.occurrences)))
    return [NoteCarrier(notes.live, lambda page: replace(ctx, page_notes=page).para(b.text, "body", spaceAfter=4),
                        occs)]


def bullets(b: d.RBullets, ctx: Ctx):
    st = ctx.styles
    out = []
    for i, item in enumerate(b.items):
        li = ctx.sub("LI")
        out.append(ctx.para(item, "bullet", tag=ctx.sub("LBody", li), label=ctx.sub("Lbl", li),
                            leftIndent=10, bulletIndent=1,
                            spaceAfter=5 if i == len(b.items) - 1 else 2,
                            bulletFontName=st.body_font, bulletColor=st.color("brand"),
                            bulletFontSize=st.theme.styles["bullet"]["size"]))
        out[-1].bulletText = "•"
    return out


def _table(ctx: Ctx, rows, widths, cmds) -> Table:
    """A Table whose plain cells use the body font (ReportLab's default would add Helvetica)
    and whose black rules overprint."""
    t = RuledTable(rows, colWidths=widths, hAlign="LEFT", repeatRows=0)
    t.overprints = ctx.styles.overprints
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), ctx.styles.body_font)] + cmds))
    return t


def _widths(widths, n: int, total: float, span) -> list[float]:
    if not widths or len(widths) != n:
        out = [total / n] * n
    else:
        given = [w.points(total) for w in widths]
        out = [w * total / sum(given) for w in given] if sum(given) > total else given
    check_widths(out, span, "this table")
    return out


def table(b: d.RTable, ctx: Ctx):
    st = ctx.styles
    head, body = (ctx.sub("THead") if b.header else None), ctx.sub("TBody")
    rows = [[ctx.para(c, "table-header", tag=ctx.sub("TH", tr, Scope="Column")) for c in b.header]
            for tr in [ctx.sub("TR", head)]] if b.header else []
    # without a header row, a leaflet's table reads label -> value: its first column heads each row
    row_heads = not b.header and max((len(r) for r in b.rows), default=0) > 1
    rows += [[ctx.para(c, "table", tag=ctx.sub("TH", tr, Scope="Row") if row_heads and not j else ctx.sub("TD", tr))
              for j, c in enumerate(row)] for row in b.rows for tr in [ctx.sub("TR", body)]]
    n = max((len(r) for r in rows), default=0)
    if n == 0:
        return []
    rows = [r + [""] * (n - len(r)) for r in rows]
    cmds = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, st.color("rule"))]
    if b.header:
        cmds.append(("BACKGROUND", (0, 0), (-1, 0), st.color(ELEMENT_FILLS["table-header"])))
    t = _table(ctx, rows, _widths(b.widths, n, ctx.width, b.span), cmds)
    t.repeatRows = 1 if b.header else 0
    return [t, Spacer(1, 6)]


def callouts(b: d.RCallouts, ctx: Ctx):
    st = ctx.styles
    if not b.items:
        return []
    gap = 6
    n = len(b.items)
    w = (ctx.width - gap * (n - 1)) / n
    check_widths([w - 16], b.span, f"{n} callouts side by side")
    cells = []
    for value, label in b.items:
        div = ctx.sub("Div")  # the value is read first, then what it counts
        cells.append([_fitted_value(value, ctx, w - 16, ctx.sub("P", div)), Spacer(1, 3),
                      ctx.para(label, "callout-label", tag=ctx.sub("P", div))])
    row, widths = [], []
    for i, cell in enumerate(cells):
        if i:
            row.append("")
            widths.append(gap)
        row.append(cell)
        widths.append(w)
    cmds = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8), ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8)]
    for i in range(0, len(row), 2):
        cmds.append(("BACKGROUND", (i, 0), (i, 0), st.color(ELEMENT_FILLS["callout-value"])))
    return [Spacer(1, 4), _table(ctx, [row], widths, cmds), Spacer(1, 8)]


def _fitted_value(value: d.RText, ctx: Ctx, width: float, tag: Optional[int] = None) -> Paragraph:
    """A big number stays on one line: its size steps down (to 60%, never below 12 pt) to fit."""
    style = ctx.styles.get("callout-value")
    text = "".join(r.text for r in value)
    size = style.fontSize
    floor = max(12.0, size * 0.6)
    while size > floor and stringWidth(text, style.fontName, size) > width:
        size -= 1
    if size == style.fontSize:
        return ctx.para(value, "callout-value", tag=tag)
    return ctx.para(value, "callout-value", tag=tag, fontSize=size, leading=size * style.leading / style.fontSize)


def chart(b: d.RChart, ctx: Ctx):
    """A vector chart drawn by matplotlib, in the theme's fonts and colours (see layout/charts/)."""
    from .charts import chart_flowable

    if ctx.tags is not None:
        from .tagging import chart_alt

        ctx.tags.set(ctx.node, Alt=b.alt or chart_alt(b))
    return [chart_flowable(b, ctx.styles, ctx.width, ctx.styles.warnings, element=ctx.node,
                           claim_pages=ctx.claim_pages), Spacer(1, 6)]


def image(b: d.RImage, ctx: Ctx):
    width = b.width.points(ctx.width) if b.width else ctx.width
    if b.path.suffix.lower() in (".svg", ".svgz"):
        from svglib.svglib import svg2rlg

        from .charts import adapt_drawing

        dr = _quietly(svg2rlg, str(b.path))  # its hrefs were checked to stay inside at load
        if dr is None or not (dr.width > 0 and dr.height > 0):
            raise LayoutProblem(b.span, "this SVG cannot be drawn, or has no size "
                                        "(set width and height, or a viewBox)")
        scale = width / dr.width
        dr.scale(scale, scale)
        dr.width, dr.height = width, dr.height * scale
        adapt_drawing(dr, ctx.styles)  # scaled first: what overprints depends on its size on the page
        return [_figure(dr, b, ctx), Spacer(1, 6)]
    img = Image(_cmyk_raster(b.path) if ctx.styles.variant.image_conversion == "cmyk" else str(b.path))
    img.drawHeight = img.imageHeight * width / img.imageWidth
    img.drawWidth = width
    img.hAlign = "LEFT"
    return [_figure(img, b, ctx), Spacer(1, 6)]


def _figure(drawn: Flowable, b: d.RImage, ctx: Ctx) -> Flowable:
    """When tagging, the image as a Figure with its alternative text. Without one it is drawn
    as decoration (an artifact a screen reader skips), with a warning at the image."""
    if ctx.tags is None:
        return drawn
    if not b.alt:
        from ..diagnostics import Diagnostic

        ctx.styles.warnings.append(Diagnostic("warning", b.span, "this image has no alt text, so the screen PDF "
                                              "treats it as decoration; add 'alt:' saying what it shows"))
        return drawn  # its drawing is left unmarked: render/tagging.py makes it an artifact
    from .tagging import FigureBox

    ctx.tags.set(ctx.node, Alt=b.alt)
    return FigureBox(drawn, ctx.node)


def _quietly(func, *args, **kw):
    """svglib logs its own complaints; they would break the one-line error format."""
    import logging

    log = logging.getLogger("svglib")
    level, log.level = log.level, logging.CRITICAL + 1
    try:
        return func(*args, **kw)
    except Exception:  # noqa: BLE001 - svglib and lxml raise many kinds; reported by the caller
        return None
    finally:
        log.level = level


def panel(b: d.RPanel, ctx: Ctx):
    st = ctx.styles
    pad = 10
    inner = ctx.narrower(ctx.width - 2 * pad)
    title = [ctx.para(b.title, "panel-title", tag=ctx.sub("P"), spaceAfter=4)] if b.title else []
    content = title + build_blocks(b.body, inner)
    t = _table(ctx, [[content]], [ctx.width], [
        ("BACKGROUND", (0, 0), (-1, -1), st.color(ELEMENT_FILLS["panel-title"])),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad - 4)])
    return [t, Spacer(1, 8)]


def columns(b: d.RColumns, ctx: Ctx):
    if not b.columns:
        return []
    gap = 14
    n = len(b.columns)
    w = (ctx.width - gap * (n - 1)) / n
    check_widths([w], b.span, f"{n} columns side by side")
    cells = [build_blocks(col, ctx.narrower(w)) for col in b.columns]
    return [_table(ctx, [cells], [w + (gap if i < n - 1 else 0) for i in range(n)], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-2, -1), gap),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])]


def spacer(b: d.RSpacer, ctx: Ctx):
    return [Spacer(1, b.length.points(ctx.width))]


def page_break(b: d.RPageBreak, ctx: Ctx):
    return [PageBreak()]


def notes(b: d.RNotes, ctx: Ctx):
    if not b.notes:
        return []
    paras = []
    for note in b.notes:
        marker = (d.Run(note.marker, marks=True),)
        paras.append(ctx.para(marker + (d.Run(" "),) + note.text, "note", anchor=note_anchor(note.marker),
                              tag=ctx.sub("Note", ID=note_anchor(note.marker)),
                              spaceAfter=1.5, leftIndent=5, firstLineIndent=-5))  # the marker hangs in the margin
    return [Spacer(1, 6), NotesBlock(paras)]


def references(b: d.RReferences, ctx: Ctx):
    """Numbers right-aligned in a column as wide as the widest ("100."), text in a hanging
    indent after it: text starts at one x for 1-9, 10-99 and 100+, and so do wrapped lines.

    The number is the paragraph's bullet, so a justified first line cannot stretch the gap.
    Each bullet starts where its number ends at the column's edge; ReportLab pushes the text
    right when a bullet ends less than 0.6 em before it, hence that gap.
    """
    if not b.references:
        return []
    st = ctx.styles
    size = st.theme.styles["reference"]["size"]
    labels = [f"{ref.number}." for ref in b.references]
    column = max(stringWidth(label, st.body_font, size) for label in labels)
    gap = 0.6 * size
    out = [Spacer(1, 6), ctx.para(b.title, "reference", tag=ctx.sub("P"), fontName=st.body_font + "-bold",
                                  spaceAfter=1.5)]
    lst = ctx.sub("L")
    for ref, label in zip(b.references, labels):
        indent = round(column - stringWidth(label, st.body_font, size), 3)
        li = ctx.sub("LI", lst, ID=ref_anchor(ref.number))
        p = ctx.para(ref.text, "reference", anchor=ref_anchor(ref.number), spaceAfter=1,
                     tag=ctx.sub("LBody", li), label=ctx.sub("Lbl", li),
                     leftIndent=round(column + gap, 3),
                     bulletIndent=indent, bulletFontName=st.body_font, bulletFontSize=size,
                     bulletColor=st.text_color(st.theme.styles["reference"]["color"]))
        p.bulletText = label
        out.append(p)
    return [KeepTogether(out[:3])] + out[3:]


BUILDERS: dict[type, Callable] = {
    d.RHeading: heading, d.RParagraph: paragraph, d.RBullets: bullets, d.RTable: table,
    d.RCallouts: callouts, d.RChart: chart, d.RImage: image, d.RPanel: panel, d.RColumns: columns,
    d.RSpacer: spacer, d.RPageBreak: page_break, d.RNotes: notes, d.RReferences: references,
}
