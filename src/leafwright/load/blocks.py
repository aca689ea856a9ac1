"""Body blocks: one small parser per block kind, chosen from a plain table."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Optional

from ..diagnostics import did_you_mean
from . import model as m
from .schema import Reader, colon_hint
from .yamlnodes import YList, YMap, YNode, YScalar, type_name

CHART_KINDS = ("bar", "hbar", "stacked-bar")
ROLE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SCOPE_KEYS = ("editions", "except")  # which editions print a block, list item, row, callout or note
# A block's own id names its translation unit: an XML NMTOKEN that no path can be (paths are
# title, body.N..., notes.ID).
BLOCK_ID = re.compile(r"^(?!(?:title|body|notes)(?:\.|$))[A-Za-z_][\w.-]*$")


class BlockReader(Reader):
    """Reads blocks; `base` is the folder of the file, for image paths."""

    def __init__(self, diags, resolve_path: Callable[[str, m.Span], Optional[Path]],
                 editions: tuple[str, ...] = ()):
        super().__init__(diags)
        self.resolve_path = resolve_path
        self.roles: list[tuple[str, m.Span]] = []  # `role:` marks, for `requires:` in publication.yaml
        self.silenced: list = []  # (block span, ((lint, reason), ...)) from `lints:` on a block
        self.editions = editions  # the ids publication.yaml defines, for `editions:` and `except:`
        self.ids: dict[str, m.Span] = {}  # a block's own `id:` (its translation unit's id) -> the block

    def scope(self, node: YMap) -> Optional[m.Scope]:
        """`editions: [..]` or `except: [..]` on a mapping, each id one the publication defines."""
        lists = []
        for key in SCOPE_KEYS:
            ids = []
            for item in self.items(node.get(key), f"'{key}'"):
                name = self.text(item, "an edition id")
                if name is None:
                    continue
                if name not in self.editions:
                    known = f"(editions: {', '.join(self.editions)})" if self.editions else \
                        "(publication.yaml defines no editions:)"
                    self.diags.error(item.span, f"unknown edition '{name}'{did_you_mean(name, self.editions)} {known}")
                    continue
                ids.append(name)
            lists.append(tuple(ids))
        if node.get("editions") is not None and node.get("except") is not None:
            self.diags.error(node.key_span("except"), "give 'editions:' (only these) or 'except:', not both")
        if not any(node.get(key) is not None for key in SCOPE_KEYS) or not self.editions:
            return None
        return m.Scope(lists[0], lists[1], node.span)

    def scoped(self, item, scope: Optional[m.Scope], roles_from: int = -1):
        """`item` wrapped in its scope (with the roles marked inside it), or as it is."""
        if item is None or scope is None:
            return item
        roles = tuple(self.roles[roles_from:]) if roles_from >= 0 else ()
        return m.Scoped(item, scope, roles)

    def scoped_text(self, node: YNode, what: str, key: str = "text"):
        """A text, or a mapping {text: .., editions: [..]} (a list item, a table row's `cells`)."""
        if isinstance(node, YMap):
            f = self.fields(node, what, (key, *SCOPE_KEYS), (key,))
            if f is None or f.get(key) is None:
                return None
            inner = self.markup(f.get(key), what) if key == "text" else \
                self.markups(f.get(key), "a table row", "a table cell")
            return self.scoped(inner, self.scope(f))
        return self.markup(node, what) if key == "text" else self.markups(node, "a table row", "a table cell")

    def blocks(self, node: Optional[YNode], what: str = "body") -> tuple[m.Block, ...]:
        out = (self.block(n) for n in self.items(node, what))
        return tuple(b for b in out if b is not None)

    def block(self, node: YNode) -> Optional[m.Block]:
        if not isinstance(node, YMap) or not node.entries:
            self.diags.error(node.span, f"a block must be a mapping with one kind key (e.g. 'paragraph: ...'), "
                                        f"not {type_name(node)}{colon_hint(node)}")
            return None
        entries = [e for e in node.entries if e[0] not in ("role", "id", "lints", *SCOPE_KEYS)]
        roles_from = len(self.roles)
        if node.get("lints") is not None:
            self._silenced(node)
        for _, rspan, rnode in node.entries:
            if _ == "role" and (role := self.text(rnode, "a role")) is not None:
                if ROLE.match(role):
                    self.roles.append((role, rnode.span))
                else:
                    self.diags.error(rnode.span, f"role '{role}' must be lowercase letters, digits and '-' "
                                                 f"(e.g. isi, pi-statement)")
        if node.get("id") is not None and (bid := self.text(node.get("id"), "a block id")) is not None:
            if not BLOCK_ID.match(bid):
                self.diags.error(node.get("id").span, f"block id '{bid}' must start with a letter and be letters, "
                                                      f"digits, '.', '-' or '_' (and not title, body... or notes...)")
            elif bid in self.ids:
                self.diags.error(node.get("id").span, f"block id '{bid}' is used twice (also at {self.ids[bid]})")
            else:
                self.ids[bid] = node.span
        if not entries:
            self.diags.error(node.span, "a block needs a kind key besides 'role' (e.g. 'paragraph: ...')")
            return None
        kind, kspan, payload = entries[0]
        parser = _PARSERS.get(kind)
        if parser is None:
            self.diags.error(kspan, f"unknown block kind '{kind}'{did_you_mean(kind, _PARSERS)}")
            return None
        for extra, espan, _ in entries[1:]:
            self.diags.error(espan, f"a block has one kind key; '{extra}' is a second one "
                                    f"(indent it under '{kind}' if it belongs there)")
        return self.scoped(parser(self, payload, node.span), self.scope(node), roles_from)

    def _silenced(self, node: YMap) -> None:
        """`lints: {typed-number: "why"}`: the reviewer's findings of that name on this block
        are silenced, and the reason is a column of the claims matrix."""
        f = self.fields(node.get("lints"), "lints on a block", m.LINTS)
        if f is None:
            return
        pairs = []
        for name, _, value in f.entries:
            reason = self.text(value, "a reason")
            if reason is not None and name in m.LINTS:
                pairs.append((name, reason))
        self.silenced.append((node.span, tuple(pairs)))

    # --- one parser per kind -------------------------------------------------
    def heading(self, p, span, level=1):
        text = self.markup(p, "a heading")
        return m.Heading(text, level, span) if text else None

    def subheading(self, p, span):
        return self.heading(p, span, 2)

    def paragraph(self, p, span):
        text = self.markup(p, "a paragraph")
        return m.Paragraph(text, span) if text else None

    def bullets(self, p, span):
        items = (self.scoped_text(n, "a bullet") for n in self.items(p, "bullets"))
        return m.Bullets(tuple(x for x in items if x is not None), span)

    def table(self, p, span):
        node = self.fields(p, "a table", ("header", "rows", "widths"), ("rows",))
        if node is None:
            return None
        header = self.markups(node.get("header"), "a table header", "a header cell") if node.get("header") else None
        rows = tuple(self.scoped_text(r, "a table row", "cells") or () for r in self.items(node.get("rows"), "table rows"))
        cells = [r.item if isinstance(r, m.Scoped) else r for r in rows]
        ncols = max([len(r) for r in cells] + [len(header or ())])
        if header is not None and len(header) != ncols:
            self.diags.error(node.get("header").span,
                             f"the header has {len(header)} cells; the table has {ncols} columns")
        for r, row in zip(self.items(node.get("rows"), "rows"), cells):
            if isinstance(r, (YList, YMap)) and len(row) != ncols:  # a row that is not a list was reported
                self.diags.error(r.span, f"this row has {len(row)} cells; the table has {ncols} columns")
        widths = None
        if node.get("widths") is not None:
            ws = [self.length(w, "a column width") for w in self.items(node.get("widths"), "widths")]
            if len(ws) != ncols:
                self.diags.error(node.get("widths").span, f"widths lists {len(ws)} columns; the table has {ncols}")
            widths = tuple(w for w in ws if w)
        return m.Table(header, rows, widths, span)

    def callouts(self, p, span):
        items = []
        for n in self.items(p, "callouts"):
            node = self.fields(n, "a callout", ("value", "label", *SCOPE_KEYS), ("value",))
            if node is not None and node.get("value") is not None:
                value = self.markup(node.get("value"), "a callout value")
                label = self.markup(node.get("label"), "a callout label") or m.Markup("", node.span)
                if value:
                    items.append(self.scoped(m.Callout(value, label), self.scope(node)))
        return m.Callouts(tuple(items), span)

    def chart(self, p, span):
        node = self.fields(p, "a chart", ("kind", "title", "categories", "series", "height", "totals", "alt"),
                           ("categories", "series"))
        if node is None:
            return None
        kind = self.choice(node.get("kind"), "chart kind", CHART_KINDS, "bar")
        categories = self.markups(node.get("categories"), "chart categories", "a chart category")
        series = []
        for s in self.items(node.get("series"), "chart series"):
            sn = self.fields(s, "a chart series", ("name", "values"), ("name", "values"))
            if sn is None:
                continue
            name = self.markup(sn.get("name"), "a series name")
            values = tuple((self.text(v, "a stat name") or "", v.span)
                           for v in self.items(sn.get("values"), "series values"))
            if len(values) != len(categories):
                self.diags.error(sn.span, f"this series has {len(values)} values for {len(categories)} categories")
            if name:
                series.append(m.Series(name, values))
        title = self.markup(node.get("title"), "a chart title")
        totals = self.boolean(node.get("totals"), "chart totals", False)
        if totals and kind != "stacked-bar":
            self.diags.warning(node.get("totals").span, "'totals' applies to stacked bars only; "
                                                        "this chart's bars already show their values")
            totals = False
        return m.Chart(kind, title, categories, tuple(series), self.length(node.get("height"), "chart height"), span,
                       totals, self._alt(node))

    def image(self, p, span):
        node = self.fields(p, "an image", ("file", "width", "alt"), ("file",))
        if node is None or node.get("file") is None:
            return None
        name = self.text(node.get("file"), "an image file")
        path = self.resolve_path(name, node.get("file").span) if name else None
        return m.Image(path, self.length(node.get("width"), "image width"), span, self._alt(node)) if path else None

    def _alt(self, node) -> Optional[str]:
        """`alt:` on a chart or image: what it shows, read aloud in the tagged screen PDF."""
        if node.get("alt") is None:
            return None
        alt = self.text(node.get("alt"), "alt text")
        if alt is not None and not alt.strip():
            self.diags.warning(node.get("alt").span, "this alt text is empty; say what the figure shows")
            return None
        return alt.strip() if alt else None

    def panel(self, p, span):
        node = self.fields(p, "a panel", ("title", "body"), ("body",))
        if node is None:
            return None
        return m.Panel(self.markup(node.get("title"), "a panel title"), self.blocks(node.get("body")), span)

    def columns(self, p, span):
        return m.Columns(tuple(self.blocks(c, "a column") for c in self.items(p, "columns")), span)

    def spacer(self, p, span):
        length = self.length(p, "a spacer")  # NN% is of the available width, as for every length
        return m.Spacer(length, span) if length else None

    def page_break(self, p, span):
        return m.PageBreak(span) if self.boolean(p, "page-break", True) else None

    def notes(self, p, span):
        return m.NotesHere(span) if self.boolean(p, "notes", True) else None

    def references(self, p, span):
        if isinstance(p, YScalar) and p.value in (True, None):
            return m.ReferencesHere(None, span)
        node = self.fields(p, "references", ("title",))
        return m.ReferencesHere(self.markup(node.get("title"), "a title") if node else None, span)


_PARSERS = {
    "heading": BlockReader.heading, "subheading": BlockReader.subheading,
    "paragraph": BlockReader.paragraph, "bullets": BlockReader.bullets, "table": BlockReader.table,
    "callouts": BlockReader.callouts, "chart": BlockReader.chart, "image": BlockReader.image,
    "panel": BlockReader.panel, "columns": BlockReader.columns, "spacer": BlockReader.spacer,
    "page-break": BlockReader.page_break, "notes": BlockReader.notes, "references": BlockReader.references,
}
