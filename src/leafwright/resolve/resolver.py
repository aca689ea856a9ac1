"""One pure pass over the whole publication: numbers, markers and values, before layout.

Like pandoc's citeproc, everything that does not depend on the page is settled here;
layout receives runs of final text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Optional

from ..diagnostics import Diagnostic, Diagnostics, did_you_mean
from ..load import model as m
from ..load.labels import ENGLISH_PAGE, labels_for
from ..load.theme import with_page
from . import document as d
from . import inline as il
from .refcache import format_entries
from .charts import label_spec, resolve_chart
from .citations import NoteMarkers, ReferenceNumbers, compress, group_text
from .data import DataEnv, resolve_data, text_used_as_number
from .numformat import VALUE_SPECS, NumberFormat, SpecError
from .review import Reviewer, Unit, cites_in, merge_units
from .typed import tokens as typed_tokens


@dataclass
class _DocState:
    doc: m.Document
    numbers: ReferenceNumbers
    markers: NoteMarkers
    notes: dict[str, m.Note]
    cited: set = field(default_factory=set)
    note_text: dict = field(default_factory=dict)  # note id -> RText
    printed: dict = field(default_factory=dict)  # name -> the specs the text prints it with (chart labels)
    items: Optional[list] = None  # review.Item per stat and citation group (None: not reviewed)
    units: list = field(default_factory=list)  # review.Unit per sentence, table row, callout
    depth: int = 0  # > 0 while a note's text is read at its first marker
    silence_from: int = 0  # the first item a `[!ok: …]` in the text being read silences


class Resolver:
    def __init__(self, pub: m.Publication, diags: Diagnostics):
        self.pub = pub
        self.diags = diags
        self.env: DataEnv = resolve_data(pub.data, diags)
        self.refs = {r.id: r for r in pub.references}
        self.review = Reviewer(pub, self.env, self.refs, diags)
        self.ref_markup = self._reference_markup()
        self.cited_anywhere: set[str] = set()
        self.parsed: dict[m.Markup, tuple] = {}
        self.misused = set(self.env.misused)  # text values reported at their definition
        self.labels = labels_for(pub.data.locale)  # the document's, while one is resolved

    # --- parsing, once per text --------------------------------------------------
    def nodes(self, text: m.Markup) -> tuple:
        if text not in self.parsed:
            nodes, errors = il.parse(text.source)
            for err in errors:
                self.diags.error(text.span_at(err.offset), err.message)
            self.parsed[text] = nodes
        return self.parsed[text]

    def _reference_markup(self) -> dict[str, m.Markup]:
        """Each entry as inline markup: preformatted `text:` as written, else AMA from CSL."""
        out = {r.id: r.text for r in self.pub.references if r.text is not None}
        csl = [r for r in self.pub.references if r.text is None]
        if csl:
            for ref, done in zip(csl, format_entries([dict(r.csl) for r in csl])):
                out[ref.id] = m.Markup(done.markup, ref.span)
                sources = {var: (span, name) for var, span, name in ref.sources}
                for problem in done.problems:
                    # at the field's own line, by the name written there (BibTeX's)
                    span, name = sources.get(problem.field, (ref.span, problem.field))
                    message = problem.message if name == problem.field else \
                        problem.message.replace(f"field '{problem.field}'",
                                                f"field '{name}' (CSL '{problem.field}')", 1)
                    self.review.lint(problem.lint, span, f"reference '{ref.id}': {message}", tagged=False)
        return out

    # --- text to runs ----------------------------------------------------------------
    def runs(self, text: Optional[m.Markup], st: Optional[_DocState], located: bool = True) -> d.RText:
        """`located=False` for text that was generated, not written (an AMA-formatted entry)."""
        if text is None:
            return ()
        out: list[d.Run] = []
        silence_from = st.silence_from if st is not None else 0
        if st is not None and st.items is not None:
            st.silence_from = len(st.items)  # `[!ok: …]` silences what its own text printed before it
        self._children(self.nodes(text), text if located else None, text, st, frozenset(), None, out)
        if st is not None:
            st.silence_from = silence_from
        if st is not None and st.items is not None:
            out = self.review.fix_runs(out, st.items)
            st.units += self.review.units(out, st.depth > 0)
        return tuple(out)

    def _children(self, nodes, at, text, st, styles, href, out) -> None:
        group: list = []
        nodes = list(nodes)
        for index, node in enumerate(nodes + [None]):
            if isinstance(node, (il.Cite, il.NoteRef)):
                group.append(node)
                continue
            if group:
                marks, page_notes, parts = self._group(group, text, st)
                where = d.Where(at, ((0, group[0].offset),), point=True) if at else None
                out.append(d.Run(marks, styles, href, marks=True, notes=page_notes, where=where,
                                 claim=self._group_item(group, marks, text, st), parts=parts))
                group = []
            if node is None:
                break
            if isinstance(node, il.Text):
                inner = ()
                if st is not None and st.items is not None and not styles & {"sup", "sub"}:  # cm², not a number
                    inner = tuple((tok.start, self.review.typed_item(st.items, tok, text.span_at(node.offset + tok.start)))
                                  for tok in typed_tokens(node.text))
                out.append(d.Run(node.text, styles, href, where=d.Where.of(at, node.offset, node.text) if at else None,
                                 inner=inner))
            elif isinstance(node, il.Ok):
                if st is not None and st.items is not None:
                    self.review.silence(st.items, st.silence_from, node.reason)
                    st.silence_from = len(st.items)
            elif isinstance(node, il.Styled):
                self._children(node.children, at, text, st, styles | {node.style}, href, out)
            elif isinstance(node, il.Link):
                self._children(node.children, at, text, st, styles, node.url, out)
            elif isinstance(node, il.Value):
                where = d.Where(at, ((0, node.offset),), point=True) if at else None
                value = self._value(node, text)
                claim = None
                if st is not None:
                    st.printed.setdefault(node.name, []).append(node.spec)
                    after = nodes[index + 1] if index + 1 < len(nodes) else None
                    percent = isinstance(after, il.Text) and after.text.lstrip(" \u00a0\u202f").startswith("%")
                    if st.items is not None and node.name in self.env.stats:
                        claim = self.review.stat_item(st.items, node.name, node.spec, value,
                                                      text.span_at(node.offset), percent)
                    elif st.items is not None and value != "?" and node.name in self.env.values \
                            and not isinstance(self.env.values[node.name], str):
                        claim = self.review.value_item(st.items, node.name, value, text.span_at(node.offset), percent)
                out.append(d.Run(value, styles, href, where=where, claim=claim))

    def _group_item(self, group: list, marks: str, text: m.Markup, st: Optional[_DocState]) -> Optional[int]:
        if st is None or st.items is None:
            return None
        located = {}
        for n in group:
            if isinstance(n, il.Cite):
                for k, loc in zip(n.keys, n.locators or ("",) * len(n.keys)):
                    if k in self.refs and not located.get(k):
                        located[k] = loc
        keys = tuple(located)
        notes = tuple(n.id for n in group if isinstance(n, il.NoteRef) and n.id in st.notes)
        return self.review.group_item(st.items, marks, keys, notes, text.span_at(group[0].offset),
                                      tuple(located.values()) if any(located.values()) else ())

    def _value(self, node: il.Value, text: m.Markup) -> str:
        try:
            return self.env.format(node.name, node.spec)
        except KeyError:
            if node.name in self.env.defined or "data" in self.pub.lost:  # reported at the stat or data file
                return "?"
            self.diags.error(text.span_at(node.offset),
                             f"unknown name '{node.name}'{did_you_mean(node.name, self.env.names())}")
        except SpecError as err:
            self.diags.error(text.span_at(node.offset), str(err))
            value = self.env.values.get(node.name)  # text as a number: say so where it is defined too
            if isinstance(value, str) and node.spec in VALUE_SPECS and node.name not in self.misused:
                self.misused.add(node.name)
                definition = next(span for name, _, span in self.pub.data.values if name == node.name)
                text_used_as_number(node.name, value, definition, text.span_at(node.offset), self.diags)
        return "?"

    def _group(self, group: list, text: m.Markup,
               st: Optional[_DocState]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        """The group's printed text, (with `restart: page`) the note ids layout marks per page,
        and what each comma-separated part of the text points to (Run.parts)."""
        numbers: list[int] = []
        locators: dict[int, str] = {}
        markers: list[str] = []
        for node in group:
            if st is None:
                self.diags.error(text.span_at(node.offset), "citations and note markers cannot appear here")
                continue
            if isinstance(node, il.Cite):
                for key, off, loc in zip(node.keys, node.key_offsets, node.locators or ("",) * len(node.keys)):
                    if key not in self.refs:
                        if "references" in self.pub.lost:  # the key may be in the file that failed
                            continue
                        self.diags.error(text.span_at(off), f"unknown reference '{key}'{did_you_mean(key, self.refs)}")
                        continue
                    st.cited.add(key)
                    self.cited_anywhere.add(key)
                    numbers.append(st.numbers.cite(key))
                    if loc:
                        locators[numbers[-1]] = loc
            else:
                note = st.notes.get(node.id)
                if note is None:
                    self.diags.error(text.span_at(node.offset),
                                     f"unknown note '{node.id}'{did_you_mean(node.id, st.notes)}")
                    continue
                mk, first = st.markers.marker(note.id, note.series)
                markers.append(note.id if self.pub.notes.restart == "page" else mk)
                if first:  # the note's own citations count here, at its first marker
                    st.depth += 1
                    st.note_text[note.id] = self.runs(note.text, st)
                    st.depth -= 1
        refs = ("ref",) * len(compress(numbers, locators))
        if self.pub.notes.restart == "page":
            return group_text(numbers, [], locators), tuple(dict.fromkeys(markers)), refs
        return group_text(numbers, markers, locators), (), refs + ("note",) * len(dict.fromkeys(markers))

    # --- blocks -------------------------------------------------------------------------
    def document(self, doc: m.Document, numbers: ReferenceNumbers) -> d.ResolvedDocument:
        """One document, in its own number format and labels (its `format:` over the data's)."""
        shared = self.env
        fmt, self.labels = document_format(self.pub, doc)
        self.env = self.review.env = replace(shared, fmt=fmt)
        try:
            return self._document(doc, numbers)
        finally:
            self.env = self.review.env = shared

    def _document(self, doc: m.Document, numbers: ReferenceNumbers) -> d.ResolvedDocument:
        st = _DocState(doc, numbers, NoteMarkers(self.pub.notes), {n.id: n for n in doc.notes}, items=[])
        blocks = [self.block(b, st) for b in doc.body]
        for kind, label in ((m.NotesHere, "notes"), (m.ReferencesHere, "references")):
            for extra in [b for b in m.walk(doc.body) if isinstance(b, kind)][1:]:
                self.diags.error(extra.span, f"a second '{label}' block; a document prints its {label} once")
        if not any(isinstance(b, m.NotesHere) for b in m.walk(doc.body)):
            blocks.append(m.NotesHere(doc.span))
        if not any(isinstance(b, m.ReferencesHere) for b in m.walk(doc.body)):
            blocks.append(m.ReferencesHere(None, doc.span))
        listed = numbers.listed(st.cited)
        if self.pub.citations.list == "all" and doc.id not in self.pub.partial_documents:
            for _, key in listed:
                if key not in st.cited:
                    self.review.lint("uncited-reference", self.refs[key].span,
                                     f"reference '{key}' is listed in document '{doc.id}' (list: all) but cited "
                                     f"nowhere in it")
        final = tuple(self._finish(b, st, listed) for b in blocks)
        # A note never referenced is still read, on a scratch state, so its errors are
        # reported too; its citations neither get numbers nor count as cited.
        scratch = _DocState(doc, ReferenceNumbers(self.pub.citations, list(self.refs)),
                            NoteMarkers(self.pub.notes), st.notes)
        cited_anywhere = set(self.cited_anywhere)
        for note in doc.notes:
            if note.id not in st.markers.assigned:
                if doc.id not in self.pub.partial_documents:  # else the reference may be in what failed
                    self.diags.warning(note.span, f"note '{note.id}' is never referenced")
                if note.id not in scratch.markers.assigned:
                    self.runs(note.text, scratch)
        self.cited_anywhere = cited_anywhere
        page_notes = None
        if self.pub.notes.restart == "page":
            page_notes = d.PageNotes(
                tuple(d.PageNote(nid, series, st.note_text.get(nid, ()))
                      for nid, (series, _, _) in st.markers.assigned.items()),
                self.pub.notes.series, self.pub.notes.order)
        note_cites = {n.id: cites_in(self.nodes(n.text)) for n in doc.notes}
        self.review.finish(st.units, st.items, note_cites, {nid: mk for nid, (_, _, mk) in st.markers.assigned.items()})
        locale = self.env.fmt.locale
        theme = self.pub.theme
        footer = _footer(doc.footer if doc.footer is not None else theme.footer if theme else "", doc, self.labels,
                         locale)
        required = dict(self.pub.requires)
        if "job-code" in required and doc.code.strip() and theme and doc.code not in footer \
                and doc.code not in doc.title:
            self.diags.error(required["job-code"], f"document '{doc.id}' has the job code '{doc.code}' but nothing "
                                                   f"prints it: put {{code}} in the theme's footer")
        return d.ResolvedDocument(doc.id, doc.title, self.pub.title, doc.code, doc.date, final, doc.span,
                                  page_notes, with_page(self.pub.theme, doc.page) if self.pub.theme else None,
                                  self.review.claims(st.items, numbers.numbers, doc.id), lang=locale.replace("_", "-"),
                                  hyphenation=hyphenation_for(locale), prepared=doc.prepared,
                                  footer=footer)

    def _finish(self, block, st: _DocState, listed):
        """Fill the notes and reference blocks, and the charts (labels printed as the text
        prints them), once the whole document has been read."""
        if isinstance(block, m.Chart):
            return self.chart(block, st)
        if isinstance(block, m.NotesHere):
            notes = () if self.pub.notes.restart == "page" else tuple(  # page notes print at each foot
                d.RNote(st.markers.assigned[nid][2], st.note_text.get(nid, ()))
                for nid in st.markers.in_print_order())
            return d.RNotes(notes, block.span)
        if isinstance(block, m.ReferencesHere):
            title = self.runs(block.title, None) if block.title else (d.Run(self.labels["references"]),)
            refs = tuple(d.RReference(n, self.runs(self.ref_markup[k], None, located=self.refs[k].text is not None))
                         for n, k in listed)
            return d.RReferences(title, refs, block.span)
        if hasattr(block, "children"):
            return block.with_children(tuple(tuple(self._finish(b, st, listed) for b in inner)
                                             for inner in block.children()))
        return block

    def block(self, b, st: _DocState):
        silenced = dict(st.doc.silenced).get(b.span)
        if not silenced or st.items is None:
            return RULES[type(b)](self, b, st)
        first = len(st.items)
        out = RULES[type(b)](self, b, st)
        for item in st.items[first:]:  # `lints:` on the block: its findings of those names
            item.block_lints = {**dict(silenced), **item.block_lints}
        return out

    def _heading(self, b: m.Heading, st: _DocState) -> d.RHeading:
        return d.RHeading(self.runs(b.text, st), b.level, b.span)

    def _paragraph(self, b: m.Paragraph, st: _DocState) -> d.RParagraph:
        return d.RParagraph(self.runs(b.text, st), b.span)

    def _bullets(self, b: m.Bullets, st: _DocState) -> d.RBullets:
        return d.RBullets(tuple(self.runs(t, st) for t in b.items), b.span)

    def _table(self, b: m.Table, st: _DocState) -> d.RTable:
        first = len(st.items) if st.items is not None else 0
        header = tuple(self.runs(t, st) for t in b.header) if b.header else None
        cited = tuple(i for i in range(first, len(st.items)) if st.items[i].kind == "citation") \
            if st.items is not None else ()  # a citation in the header covers every row
        return d.RTable(header, tuple(self._unit(st, lambda: tuple(self.runs(t, st) for t in row), cited)
                                      for row in b.rows), b.widths, b.span)

    def _callouts(self, b: m.Callouts, st: _DocState) -> d.RCallouts:
        return d.RCallouts(tuple(self._unit(st, lambda: (self.runs(c.value, st), self.runs(c.label, st)))
                                 for c in b.items), b.span)

    def _image(self, b: m.Image, st: _DocState) -> d.RImage:
        return d.RImage(b.file, b.width, b.span, b.alt)

    def _panel(self, b: m.Panel, st: _DocState) -> d.RPanel:
        return d.RPanel(self.runs(b.title, st) if b.title else None, tuple(self.block(x, st) for x in b.body), b.span)

    def _columns(self, b: m.Columns, st: _DocState) -> d.RColumns:
        return d.RColumns(tuple(tuple(self.block(x, st) for x in col) for col in b.columns), b.span)

    def _spacer(self, b: m.Spacer, st: _DocState) -> d.RSpacer:
        return d.RSpacer(b.length, b.span)

    def _page_break(self, b: m.PageBreak, st: _DocState) -> d.RPageBreak:
        return d.RPageBreak(b.span)

    def _later(self, b, st: _DocState):
        """Notes, references and charts: filled in by _finish, once the whole document is read."""
        return b

    @staticmethod
    def _unit(st: _DocState, read, inherit: tuple = ()):
        """Read texts that make one unit for the reviewer (a table row, a callout)."""
        start = len(st.units)
        out = read()
        st.units[start:] = merge_units(st.units[start:])
        st.units[-1].inherit = inherit
        return out

    def chart(self, b: m.Chart, st: _DocState) -> d.RChart:
        def plain(t) -> str:
            """Chart text is drawn by matplotlib: no superscript groups (an error if written,
            so no number is spent on them), whitespace on one line."""
            return " ".join(d.plain_text(self.runs(t, None)).split()) if t else ""

        chart = resolve_chart(b, self.env, self.diags, st.printed, plain, data_lost="data" in self.pub.lost)
        if st.items is None:
            return chart
        claims = []  # each bar's stat, for the claims matrix, with the spec its label printed
        if b.title is not None and chart.title:  # numbers typed into the title are rows too
            toks = typed_tokens(chart.title)
            found = [self.review.typed_item(st.items, tok, b.title.span_at(min(tok.start, len(b.title.source) - 1)))
                     for tok in toks]
            claims += found
            if found:
                st.units.append(Unit(f"Chart: {chart.title}", found, lint=False, pos=[t.start + 7 for t in toks]))
        for s, rs in zip(b.series, chart.series):
            for j, ((text, span), label) in enumerate(zip(s.values, rs.labels)):
                name, _, written = (part.strip() for part in text.partition(":"))
                if name not in self.env.stats:
                    continue
                spec = label_spec(name, written or None, st.printed, self.env.fmt.decimals)
                claims.append(self.review.stat_item(st.items, name, spec, label, span))
                category = chart.categories[j] if j < len(chart.categories) else ""
                st.units.append(Unit(f"Chart: {chart.title} — {category} ({rs.name})", [claims[-1]], lint=False))
        return replace(chart, claims=tuple(claims))


# One rule per block kind of the content model (tests/test_block_registry.py holds every
# kind to having one); each reads its texts in reading order, which numbers citations and notes.
RULES = {
    m.Heading: Resolver._heading, m.Paragraph: Resolver._paragraph, m.Bullets: Resolver._bullets,
    m.Table: Resolver._table, m.Callouts: Resolver._callouts, m.Image: Resolver._image, m.Panel: Resolver._panel,
    m.Columns: Resolver._columns, m.Spacer: Resolver._spacer, m.PageBreak: Resolver._page_break,
    m.Chart: Resolver._later, m.NotesHere: Resolver._later, m.ReferencesHere: Resolver._later,
}


def resolve_publication(pub: m.Publication, only: Optional[str] = None,
                        resolved_one: Optional[Callable[[d.ResolvedDocument], None]] = None,
                        ) -> tuple[list[d.ResolvedDocument], list[Diagnostic]]:
    """The resolve stage: every document resolved, and every diagnostic found. `resolved_one`
    hears of each document as soon as it is resolved (a build hands it to a worker)."""
    diags = Diagnostics()
    r = Resolver(pub, diags)
    keys = [ref.id for ref in pub.references]
    shared = ReferenceNumbers(pub.citations, keys)
    docs = []
    for doc in pub.documents:
        numbers = shared if pub.citations.scope == "publication" else ReferenceNumbers(pub.citations, keys)
        resolved = r.document(doc, numbers)
        if only is None or doc.id == only:
            docs.append(resolved)
            if resolved_one is not None:
                resolved_one(resolved)
    for ref in pub.references:
        if ref.id not in r.cited_anywhere and not pub.partial_documents:  # a failed part may cite it
            diags.warning(ref.span, f"reference '{ref.id}' is never cited")
    return docs, diags.items


def document_format(pub: m.Publication, doc: m.Document) -> tuple[NumberFormat, dict]:
    """How a document prints numbers, and its labels: its own `format:` keys over the data's
    (an edition has already put its own over the publication's); labels by the locale, the
    theme's `labels:` over them."""
    data = pub.data
    given = {"decimals": data.decimals, "rounding": data.rounding, "locale": data.locale, **dict(doc.format)}
    labels = labels_for(given["locale"], pub.theme.labels if pub.theme is not None else ())
    return NumberFormat(**given, ci=labels["ci"], range=labels["range"]), labels


def footer_date(written: str, prepared, locale: str) -> str:
    """The date of preparation as the footer prints it: as typed, unless it was typed with an
    English month name in a document of another language ("November 2026" prints "November
    2026" in German, "novembre 2026" in French, by CLDR via babel)."""
    if prepared is None or locale.split("_")[0] == "en" or not any(c.isalpha() for c in written):
        return written
    from babel.dates import format_date

    day = any(c.isdigit() for c in written.replace(str(prepared.year), "", 1))
    return format_date(prepared, "long" if day else "LLLL y", locale=locale)


def _footer(template: str, doc: m.Document, labels: dict, locale: str = "en_US") -> str:
    """The footer with the document's own fields filled in; {page} and {pages} are layout's.
    The built-in page words ("Page {page} of {pages}") are the locale's."""
    template = template.replace(ENGLISH_PAGE, labels["page"])
    template = template.replace("{date}", footer_date(doc.date, doc.prepared, locale))
    for key, value in (("code", doc.code), ("date", doc.date), ("title", doc.title)):
        template = template.replace("{" + key + "}", value)
    return template


def hyphenation_for(locale: str) -> str:
    """pyphen's dictionary for a locale (de_CH falls back to de), or US English when pyphen
    has none for the language."""
    import pyphen

    return pyphen.language_fallback(locale) or "en_US"
