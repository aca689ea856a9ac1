"""What a tagged (PDF/UA-1) screen PDF needs from layout: which structure element each piece
of drawn content belongs to.

`Tags` is a recorder handed to `lay_out` (DESIGN: tagging is a recorder, not a branch in
layout). Builders open structure elements as they build a block's flowables (`Ctx.sub`) and
give the element's number to the flowable that draws it (`Marking.element`, kept by split parts, so a
paragraph split across pages continues its element). While the page is drawn, `Marking`
wraps that flowable's drawing in a marked-content sequence (`/P <</MCID n>> BDC ... EMC`)
and the recorder notes (page, MCID) for the element, and the link annotations it made.
Running footers are marked as pagination artifacts here; whatever else paints outside marked
content (rules, fills, the title band) becomes a layout artifact when render/tagging.py
builds the structure tree from `Tags.result()`. Without a recorder nothing changes: print
output stays byte-identical.

Reading order is drawing order: ReportLab draws the title band, then the frame top to
bottom, table cells row by row (so columns left then right), notes at a page's foot after
its body; `result()` orders each element's children by when they were first drawn.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Optional

from reportlab.platypus import Flowable, Paragraph


_LINK = "\x00lw-link-"  # placeholders in a text object's code: where a link's glyphs start and end
_LINK_SPLIT = re.compile("(\x00lw-link-(?:start|end))")


@dataclass
class Node:
    role: str  # a standard structure type (P, H1, LI, TD, Figure...)
    parent: Optional[int]
    attrs: dict = field(default_factory=dict)  # Alt, ID, Scope (an attribute), BBox
    content: list = field(default_factory=list)  # (seq, "mcid", page, mcid), (seq, "annot", page, i, leads to)


@dataclass(frozen=True)
class Element:
    """One structure element as render/tagging.py writes it: plain data, in reading order."""

    role: str
    parent: Optional[int]  # index in Structure.elements; None for the Document
    attrs: tuple[tuple[str, object], ...]
    kids: tuple[tuple, ...]  # ("elem", i) | ("mcid", page, mcid) | ("annot", page, i, where it leads), in order


@dataclass(frozen=True)
class Structure:
    elements: tuple[Element, ...]  # elements[0] is the Document


class Tags:
    """The recorder: structure elements opened while building, content recorded while drawing."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        """A new layout pass: the story is built again, so are its elements."""
        self.nodes: list[Node] = [Node("Document", None)]
        self.next_mcid: dict[int, int] = {}
        self.seq = 0
        self.drawn: dict[int, object] = {}  # id(flowable) -> flowable, to spot a table's repeated header
        self.linking = False  # a paragraph is drawing: its text objects note where links start and end

    def node(self, role: str, parent: Optional[int] = 0, **attrs) -> int:
        self.nodes.append(Node(role, 0 if parent is None else parent, dict(attrs)))
        return len(self.nodes) - 1

    def set(self, node: int, **attrs) -> None:
        self.nodes[node].attrs.update(attrs)

    # --- while drawing -------------------------------------------------------------------

    def _mcid(self, page: int, node: int) -> str:
        mcid = self.next_mcid.get(page, 0)
        self.next_mcid[page] = mcid + 1
        self.seq += 1
        self.nodes[node].content.append((self.seq, "mcid", page, mcid))
        return f"/{self.nodes[node].role} <</MCID {mcid}>> BDC"

    def link_record(self, tx):
        """ReportLab's hook in a text object (`_linkRecord`), called after a link's first glyphs
        were written and before the glyphs after it: a placeholder on each side of them."""
        def record(link, what: str) -> None:
            tx._code.insert(len(tx._code) - 1 if what == "start" else len(tx._code), _LINK + what)
        return record

    def _text_object(self, entry: str, page: int, node: int, annots: list) -> str:
        """A paragraph's text object with its marked content inside (BT/ET and BDC/EMC must
        nest): the element's text, and each link's glyphs in a Link element of their own that
        also holds the link's annotation (ReportLab makes them line by line, in text order)."""
        body = entry[2:-2]
        pieces = _LINK_SPLIT.split(body)
        starts = pieces.count(_LINK + "start")
        if starts != len(annots) or pieces.count(_LINK + "end") != starts:  # not as expected: links beside the text
            plain = f"BT {self._mcid(page, node)}{''.join(p for p in pieces if not p.startswith(_LINK))} EMC ET"
            for annot in annots:
                self.seq += 1
                self.nodes[node].content.append((self.seq, "annot", page) + annot)
            return plain
        out, links = [f"BT {self._mcid(page, node)}"], iter(annots)
        for piece in pieces:
            if piece == _LINK + "start":
                link = self.node("Link", node)
                out.append(f" EMC {self._mcid(page, link)} ")
                self.seq += 1
                self.nodes[link].content.append((self.seq, "annot", page) + next(links))
            elif piece == _LINK + "end":
                out.append(f" EMC {self._mcid(page, node)} ")
            else:
                out.append(piece)
        return "".join(out) + " EMC ET"

    @contextmanager
    def marked(self, canv, node: int, flowable=None, label: Optional[int] = None, text: bool = False):
        """Everything drawn inside is content of `node`; `label` (an Lbl element) takes the
        paragraph's bullet (its own text object, drawn first). A flowable drawn a second time
        (a table's header row repeated on the next page) is an artifact the second time; the
        links it draws again still belong to its element."""
        repeated = flowable is not None and id(flowable) in self.drawn
        if flowable is not None:
            self.drawn[id(flowable)] = flowable
        page = canv.getPageNumber()
        start, annots = len(canv._code), len(canv._annotationrefs)
        self.linking = text
        try:
            yield
        finally:
            self.linking = False
        code = canv._code
        new = [c.replace(_LINK + "start", "").replace(_LINK + "end", "") if repeated else c for c in code[start:]]
        texts = [i for i, c in enumerate(new) if c.startswith("BT ") and c.endswith(" ET")]
        bullet = None if label is None else next((i for i, c in enumerate(new) if c.lstrip().startswith("BT")), None)
        if repeated:
            code[start:] = ["/Artifact <</Type /Pagination>> BDC"] + new + ["EMC"]
        elif text and texts:  # marked content inside each text object; decorations become artifacts
            made = [(i, _leads_to(canv, i)) for i in range(annots, len(canv._annotationrefs))]
            out = []
            for i, c in enumerate(new):
                if i == bullet:
                    out += [self._mcid(page, label), c, "EMC"]
                elif i in texts:
                    out.append(self._text_object(c, page, node, made))
                    made = []  # a paragraph has one text object for its lines; any other has no links
                else:
                    out.append(c)
            code[start:] = out
            return
        elif bullet is None or len(new) < bullet + 2:
            code[start:] = [self._mcid(page, node)] + new + ["EMC"]
        else:  # q cm [Lbl: BT bullet ET] [LBody: ... ] Q, each sequence inside the flowable's q/Q
            end = len(new) - 1 if new[-1].strip() == "Q" else len(new)
            code[start:] = (new[:bullet] + [self._mcid(page, label), new[bullet], "EMC", self._mcid(page, node)]
                            + new[bullet + 1:end] + ["EMC"] + new[end:])
        for index in range(annots, len(canv._annotationrefs)):
            self.seq += 1
            self.nodes[node].content.append((self.seq, "annot", page, index, _leads_to(canv, index)))

    @contextmanager
    def artifact(self, canv, kind: str = "Pagination"):
        canv._code.append(f"/Artifact <</Type /{kind}>> BDC")
        yield
        canv._code.append("EMC")

    def bbox(self, canv, node: int, width: float, height: float) -> None:
        """The element's box on the page (a Figure's /BBox), from the canvas's current matrix."""
        a, b, c, d, e, f = canv._currentMatrix
        xs = [e, e + a * width, e + c * height, e + a * width + c * height]
        ys = [f, f + b * width, f + d * height, f + b * width + d * height]
        self.nodes[node].attrs["BBox"] = tuple(round(v, 2) for v in (min(xs), min(ys), max(xs), max(ys)))

    # --- after the last pass -------------------------------------------------------------

    def result(self) -> Structure:
        """The elements that drew something, each one's children in drawing order, heading
        levels that never skip (a subheading right after the title is read as H2)."""
        kids: dict[int, list[int]] = {}
        for i, n in enumerate(self.nodes[1:], 1):
            kids.setdefault(n.parent, []).append(i)
        first: dict[int, float] = {}

        def visit(i: int) -> float:
            seqs = [c[0] for c in self.nodes[i].content] + [visit(k) for k in kids.get(i, ())]
            first[i] = min(seqs, default=float("inf"))
            return first[i]

        visit(0)
        order: list[int] = []

        def place(i: int) -> None:
            order.append(i)
            for k in sorted((k for k in kids.get(i, ()) if first[k] != float("inf")), key=first.get):
                place(k)

        place(0)
        index = {old: new for new, old in enumerate(order)}
        elements = []
        level = 0
        for old in order:
            n = self.nodes[old]
            role = n.role
            if role.startswith("H") and role[1:].isdigit():
                level = min(int(role[1:]), level + 1)
                role = f"H{level}"
            items = [(c[0], c[1:]) for c in n.content]  # (seq, ("mcid", page, mcid) | ("annot", page, i, text))
            items += [(first[k], ("elem", index[k])) for k in kids.get(old, ()) if k in index]
            ordered = tuple(x for _, x in sorted(items, key=lambda t: t[0]))
            elements.append(Element(role, index.get(n.parent) if n.parent is not None else None,
                                    tuple(sorted(n.attrs.items())), ordered))
        return Structure(tuple(elements))


# The structure element each block kind opens; None: its content belongs to the enclosing one
# (columns are layout, not structure). Headings are H2... under the title's H1.
def role_of(block) -> Optional[str]:
    role = type(block).structure  # each resolved block kind declares it (resolve/document.py)
    return f"H{block.level + 1}" if role == "H" else role


class Marking(Flowable):
    """A flowable that draws inside the marked content of its structure `element`, when the
    canvas carries a recorder (`lw_tags`). `bullet_element`: the Lbl element of its bullet."""

    element: Optional[int] = None
    bullet_element: Optional[int] = None

    def marked_as(self, element: Optional[int], bullet: Optional[int] = None):
        """This flowable, drawn as content of `element` (its bullet as `bullet`'s)."""
        self.element, self.bullet_element = element, bullet
        return self

    def record_box(self) -> None:
        """Called from draw(): the element's /BBox is where this flowable sits on the page."""
        tags = getattr(self.canv, "lw_tags", None)
        if tags is not None and self.element is not None:
            tags.bbox(self.canv, self.element, self.width, self.height)

    def drawOn(self, canvas, x, y, _sW=0):
        tags = getattr(canvas, "lw_tags", None)
        if tags is None or self.element is None:
            return super().drawOn(canvas, x, y, _sW)
        label = self.bullet_element if getattr(self, "bulletText", None) else None
        with tags.marked(canvas, self.element, self, label, text=isinstance(self, Paragraph)):
            super().drawOn(canvas, x, y, _sW)


class FigureBox(Marking):
    """An image or drawing as a Figure: its content marked, its box recorded."""

    def __init__(self, content, element: Optional[int] = None):
        super().__init__()
        self.content, self.element = content, element
        self.hAlign = getattr(content, "hAlign", "LEFT")

    def wrap(self, aW, aH):
        self.width, self.height = self.content.wrapOn(self.canv, aW, aH)
        return self.width, self.height

    def draw(self):
        self.record_box()
        self.content.drawOn(self.canv, 0, 0)


def _leads_to(canv, index: int) -> str:
    """A link's /Contents (PDF/UA 7.18.5), in words: "Reference 3", "Note *", or the URL."""
    import re

    obj = canv._doc.idToObject.get(canv._annotationrefs[index].name)
    action = obj.dict.get("A") if hasattr(obj, "dict") else None
    if action is not None:
        return str(action.dict.get("URI", "")).strip("()") or "Link"
    name = getattr(getattr(obj, "Destination", None), "name", "") or ""
    if re.fullmatch(r"ref-\d+", name):
        return f"Reference {name[4:]}"
    match = re.fullmatch(r"note-(?:p\d+-)?([0-9a-f-]+)", name)
    if match:
        return "Note " + "".join(chr(int(c, 16)) for c in match.group(1).split("-"))
    return "Link within this document"


def chart_alt(chart) -> str:
    """What a chart shows, in words, from its data: "Bar chart, Response: objective response
    15%, complete response 7%." (several series: each category's values by series)."""
    kind = {"bar": "Bar chart", "stacked-bar": "Stacked bar chart"}.get(
        chart.kind, chart.kind.replace("-", " ").capitalize() + " chart")
    head = f"{kind}, {chart.title}" if chart.title else kind
    parts = []
    for i, category in enumerate(chart.categories):
        values = [(s.name, s.labels[i] if i < len(s.labels) and s.labels[i] else _number(s.values, i))
                  for s in chart.series]
        if len(values) == 1:
            parts.append(f"{category} {values[0][1]}")
        else:
            parts.append(f"{category}: " + ", ".join(f"{name} {value}" for name, value in values))
    total = ""
    if getattr(chart, "totals", ()):
        total = "; totals " + ", ".join(f"{c} {t}" for c, t in zip(chart.categories, chart.totals))
    return f"{head}: {'; '.join(parts) if len(chart.series) > 1 else ', '.join(parts)}{total}."


def _number(values, i: int) -> str:
    if i >= len(values):
        return ""
    v = float(values[i])
    return f"{v:g}"
