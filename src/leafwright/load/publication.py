"""Read a publication folder into the immutable model, collecting every problem."""

from __future__ import annotations

import math
import os
import re
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Optional

from ..dates import iso_date, preparation_date
from ..diagnostics import Diagnostics, Span, did_you_mean, display_path
from ..exact import MAX_DIGITS_EXACT, too_large
from . import model as m
from .blocks import ROLE, SCOPE_KEYS, BlockReader
from .images import image_problem
from .schema import Reader
from .theme import read_footer, read_page, read_theme
from .yamlnodes import MAX_BYTES, YList, YMap, YNode, YScalar, load_yaml, positions

PUBLICATION_KEYS = ("id", "title", "theme", "data", "references", "citations", "notes", "documents",
                    "requires", "lints", "editions")
EDITION_KEYS = ("id", "locale", "code", "page", "data", "references", "requires", "translation", "format", "footer")
DOCUMENT_KEYS = ("id", "title", "code", "date", "notes", "body", "page", "format", "footer")
FORMAT_KEYS = ("percent", "locale")
_FILE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")


class Loader:
    def __init__(self, root: Path, diags: Diagnostics, parsed: Optional[dict] = None):
        """`parsed` carries parsed YAML from one load to the next in the same process
        (`leafwright watch`): checked against the file's text, so an unchanged file is not
        parsed again, whatever its timestamp says."""
        self.root = root.resolve()
        self.diags = diags
        self.reader = Reader(diags)
        self.parsed = parsed
        self.files: dict[Path, None] = {}  # every file read or named, in order: what `watch` watches
        self.edition_ids: tuple[str, ...] = ()  # what `editions:`/`except:` in documents may name

    def inside(self, name: str, base: Path, span: Span) -> Optional[Path]:
        """A path named in content, kept inside the publication folder."""
        if os.path.isabs(name):
            self.diags.error(span, f"'{name}' is an absolute path; name files relative to the publication")
            return None
        if "\x00" in name or not name.strip():
            self.diags.error(span, f"'{name}' is not a file name")
            return None
        try:
            path = (base / name).resolve()
            if path != self.root and self.root not in path.parents:
                self.diags.error(span, f"'{name}' is outside the publication folder")
                return None
            self.files[path] = None  # named, even when missing: creating it is a change
            if not path.is_file():
                self.diags.error(span, f"file '{name}' not found")
                return None
        except (OSError, RuntimeError, ValueError) as exc:  # a name too long, a symlink loop
            self.diags.error(span, f"cannot open '{name}': {getattr(exc, 'strerror', None) or exc}")
            return None
        return path

    def image(self, name: str, base: Path, span: Span) -> Optional[Path]:
        """An image file inside the publication that layout will be able to place."""
        path = self.inside(name, base, span)
        problem = image_problem(path, self.root) if path else None
        if problem:
            self.diags.error(span, f"'{name}': {problem}")
            return None
        return path

    def read_text(self, path: Path) -> Optional[str]:
        """A content file's text; the size is checked before anything is read, and no more than
        the limit is ever read (a file that grows meanwhile is still refused)."""
        shown = display_path(path)
        too_big = f"file is larger than {MAX_BYTES // 1_000_000} MB"
        self.files[path] = None
        try:
            if path.stat().st_size > MAX_BYTES:
                self.diags.error(Span(shown), too_big)
                return None
            with open(path, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            self.diags.error(Span(shown), f"cannot read: {exc.strerror or exc}")
            return None
        if len(data) > MAX_BYTES:
            self.diags.error(Span(shown), too_big)
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            col = len(data[data.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
            self.diags.error(Span(shown, line, col), f"not UTF-8 text (byte {exc.start})")
            return None

    def read_yaml(self, path: Path) -> Optional[YNode]:
        text = self.read_text(path)
        if text is None:
            return None
        if text.startswith("\ufeff"):  # a byte order mark, as Windows editors write
            text = text[1:]
        key = (display_path(path), "json" if path.suffix.lower() == ".json" else "yaml")
        kept = self.parsed.get(key) if self.parsed is not None else None
        if kept is not None and kept[0] == text:
            self.diags.items.extend(kept[2])
            return kept[1]
        before = len(self.diags.items)
        node = load_yaml(text, key[0], self.diags, key[1])
        if self.parsed is not None:  # one entry per file: the cache never outgrows the publication
            self.parsed[key] = (text, node, tuple(self.diags.items[before:]))
        return node

    # --- publication.yaml -------------------------------------------------------
    def publication(self) -> Optional[m.Publication]:
        path = self.root / "publication.yaml"
        if not path.is_file():
            self.diags.error(Span(display_path(path)), "no publication.yaml in this folder")
            return None
        r = self.reader
        node = r.fields(self.read_yaml(path), "publication.yaml", PUBLICATION_KEYS, ("documents",))
        if node is None:
            return None
        citations = self.citations(node.get("citations"))
        notes = self.note_settings(node.get("notes"))
        lost = set()
        before = self._errors()
        data = self.data(node.get("data"))
        if self._errors() > before:
            lost.add("data")
        before = self._errors()
        references = self.references(node.get("references"))
        if self._errors() > before:  # keys may be missing: citing them is not a second error
            lost.add("references")
        theme_node = None
        if node.get("theme") is not None:
            name = r.text(node.get("theme"), "theme")
            path = self.inside(name, self.root, node.get("theme").span) if name else None
            theme_node = self.read_yaml(path) if path else None
        theme = read_theme(theme_node, self.diags, self.root)
        self._font_files(theme)
        editions = self.editions(node.get("editions"), data.locale, {ref.id: ref.span for ref in references})
        self.edition_ids = tuple(e.id for e in editions)
        docs, files = [], []
        ids: dict[str, Span] = {}
        series = {name for name, _ in notes.series}
        partial = set()
        for dnode in r.items(node.get("documents"), "documents"):
            before = self._errors()
            name = r.text(dnode, "a document path")
            dpath = self.inside(name, self.root, dnode.span) if name else None
            files += [display_path(dpath)] if dpath else []
            doc = self.document(dpath, series) if dpath else None
            if self._errors() > before:
                partial.add(doc.id if doc else "")
            if doc is None:
                continue
            if doc.id in ids:
                self.diags.error(doc.span, f"document id '{doc.id}' is used twice (also at {ids[doc.id]})")
                continue
            ids[doc.id] = doc.span
            docs.append(doc)
        requires = self.requires(node.get("requires"))
        if not editions:  # else each edition checks its own documents (load.editions)
            self.diags.items.extend(requirement_problems(docs, requires))
        return m.Publication(
            root=self.root, id=r.text(node.get("id"), "id") or self.root.name,
            title=r.text(node.get("title"), "title") or "", citations=citations, notes=notes,
            documents=tuple(docs), data=data, references=references, theme=theme, span=node.span,
            partial_documents=frozenset(partial), lost=frozenset(lost),
            document_files=tuple(files), lints_off=self.lints(node.get("lints")), requires=requires,
            files=tuple(self.files), editions=editions)

    def _font_files(self, theme) -> None:
        """The theme's face files from the publication's fonts/ folder, and its fonts.yaml."""
        config = self.root / "fonts" / "fonts.yaml"
        if config.is_file():
            self.files[config] = None
        for faces in theme.font_files.values():
            for path in faces.values():
                path = Path(path).resolve()
                if self.root in path.parents:
                    self.files[path] = None

    def _errors(self) -> int:
        return sum(d.severity == "error" for d in self.diags.items)

    def lints(self, node: Optional[YNode]) -> frozenset:
        """`lints: {name: false}`: the warnings (reference and reviewer lints) this publication turns off."""
        if node is None:
            return frozenset()
        if not isinstance(node, YMap):
            self.diags.error(node.span, "lints must be a mapping of lint name: true or false")
            return frozenset()
        off = set()
        for name, kspan, value in node.entries:
            if name not in m.LINTS:
                self.diags.error(kspan, f"unknown lint '{name}'{did_you_mean(name, m.LINTS)} "
                                        f"(lints: {', '.join(m.LINTS)})")
            elif not self.reader.boolean(value, f"lint '{name}'", True):
                off.add(name)
        return frozenset(off)

    def requires(self, node: Optional[YNode]) -> tuple:
        """`requires:`: what every document must carry (publication.yaml's, or an edition's)."""
        wanted = []
        for item in self.reader.items(node, "requires"):
            name = self.reader.text(item, "a required element")
            if name is None:
                continue
            if name not in m.REQUIRABLE and not ROLE.match(name):
                self.diags.error(item.span, f"requires: '{name}' is not {', '.join(m.REQUIRABLE)} or a block role "
                                            f"(lowercase letters, digits and '-'){did_you_mean(name, m.REQUIRABLE)}")
                continue
            wanted.append((name, item.span))
        return tuple(wanted)

    def translation(self, name: str, span: Span) -> Optional[tuple]:
        """An edition's XLIFF file as (its name as shown, its text); the text is None while the
        file does not exist yet (`leafwright translate` writes it)."""
        if os.path.isabs(name) or "\x00" in name:
            self.diags.error(span, f"'{name}' is not a file name inside the publication")
            return None
        path = (self.root / name).resolve()
        if path != self.root and self.root not in path.parents:
            self.diags.error(span, f"'{name}' is outside the publication folder")
            return None
        self.files[path] = None
        if path.suffix.lower() not in (".xlf", ".xliff"):
            self.diags.error(span, f"a translation is an XLIFF 2.0 file (.xlf or .xliff), not '{path.suffix}'")
            return None
        return display_path(path), self.read_text(path) if path.is_file() else None

    # --- editions -------------------------------------------------------------------
    def editions(self, node: Optional[YNode], locale: str, refs: dict) -> tuple[m.Edition, ...]:
        """`editions:`: each market's id, locale, code, page, data, references, requires."""
        out: list[m.Edition] = []
        seen: dict[str, Span] = {}
        r = self.reader
        for item in r.items(node, "editions"):
            f = r.fields(item, "an edition", EDITION_KEYS, ("id",))
            if f is None or (eid := r.text(f.get("id"), "an edition id")) is None:
                continue
            if not _FILE_ID.match(eid):
                self.diags.error(f.get("id").span, f"edition id '{eid}' must be letters, digits, '.', '-' or '_' "
                                                   f"(it is the output folder's name)")
                continue
            if eid in seen:
                self.diags.error(f.get("id").span, f"edition id '{eid}' is used twice (also at {seen[eid]})")
                continue
            seen[eid] = f.get("id").span
            own = set(self.files)
            elocale = self._locale(f.get("locale")) or "" if f.get("locale") is not None else ""
            fmt = self.number_format(fmt_node) if (fmt_node := r.fields(f.get("format"), "format",
                                                                        FORMAT_KEYS)) is not None else {}
            data = self.data(f.get("data"), elocale or fmt.get("locale") or locale) \
                if f.get("data") is not None else None
            references = self.references(f.get("references")) if f.get("references") is not None else ()
            for ref in references:
                if ref.id in refs:
                    self.diags.error(ref.span, f"reference '{ref.id}' is defined twice (also at {refs[ref.id]}); "
                                               f"an edition's references are added to the publication's")
            translation = None
            if f.get("translation") is not None and (name := r.text(f.get("translation"), "a translation file")):
                translation = self.translation(name, f.get("translation").span)
            out.append(m.Edition(
                eid, f.span, elocale, r.text(f.get("code"), "code") if f.get("code") is not None else None,
                tuple(read_page(r, self.diags, f.get("page")).items()), data,
                tuple(ref for ref in references if ref.id not in refs),
                self.requires(f.get("requires")) if f.get("requires") is not None else None,
                tuple(fmt.items()), read_footer(r, self.diags, f.get("footer")) if f.get("footer") is not None else None,
                translation, tuple(display_path(p) for p in self.files if p not in own)))
        return tuple(out)

    def citations(self, node: Optional[YNode]) -> m.Citations:
        r = self.reader
        node = r.fields(node, "citations", ("numbering", "scope", "list", "punctuation"))
        if node is None:
            return m.Citations()
        return m.Citations(
            numbering=r.choice(node.get("numbering"), "numbering", ("first-cited", "master"), "first-cited"),
            scope=r.choice(node.get("scope"), "scope", ("document", "publication"), "document"),
            list=r.choice(node.get("list"), "list", ("cited", "all"), "cited"),
            punctuation=r.choice(node.get("punctuation"), "punctuation", ("as-written", "ama"), "as-written"))

    def note_settings(self, node: Optional[YNode]) -> m.NoteSettings:
        r = self.reader
        node = r.fields(node, "notes", ("series", "order", "restart"))
        if node is None:
            return m.NoteSettings()
        series = dict(m.DEFAULT_SERIES)
        snode = node.get("series")
        if isinstance(snode, YMap):  # a series named here replaces that default; the others stay
            for name, kspan, value in snode.entries:
                if isinstance(value, YList):
                    markers = tuple(t.source for t in r.markups(value, "a marker"))
                else:
                    text = r.text(value, "a marker series")
                    markers = tuple(text or "")
                if not markers or len(set(markers)) != len(markers) or any(not x.strip() for x in markers):
                    self.diags.error(value.span, f"series '{name}' needs distinct, non-empty markers")
                    continue
                series[name] = markers
        elif snode is not None:
            self.diags.error(snode.span, "notes series must be a mapping of name: markers")
        order = tuple(t.source for t in r.markups(node.get("order"), "notes order")) or tuple(series)
        for o in (node.get("order").items if isinstance(node.get("order"), YList) else ()):
            if isinstance(o, YScalar) and str(o.value) not in series:
                self.diags.error(o.span, f"unknown note series '{o.value}'{did_you_mean(str(o.value), series)}")
        order = tuple(o for o in order if o in series) + tuple(s for s in series if s not in order)
        restart = r.choice(node.get("restart"), "restart", ("document", "page"), "document")
        return m.NoteSettings(tuple(series.items()), order, restart)

    # --- documents --------------------------------------------------------------
    def document(self, path: Path, series: set[str]) -> Optional[m.Document]:
        r = self.reader
        node = r.fields(self.read_yaml(path), display_path(path), DOCUMENT_KEYS, ("id", "body"))
        if node is None:
            return None
        blocks = BlockReader(self.diags, lambda name, span: self.image(name, path.parent, span), self.edition_ids)
        notes = []
        nnode = node.get("notes")
        if isinstance(nnode, YMap):
            for nid, kspan, value in nnode.entries:
                if isinstance(value, YScalar):  # shorthand: id: text (default series)
                    text, sname, sspan = r.markup(value, "a note"), "symbol", kspan
                else:
                    fields = r.fields(value, f"note '{nid}'", ("series", "text", *SCOPE_KEYS), ("text",))
                    if fields is None:
                        continue
                    text = r.markup(fields.get("text"), "a note text")
                    sname = r.text(fields.get("series"), "a series") or "symbol"
                    sspan = fields.get("series").span if fields.get("series") is not None else kspan
                if sname not in series:  # also the default 'symbol' when the publication drops it
                    self.diags.error(sspan, f"unknown note series '{sname}'{did_you_mean(sname, series)}")
                    sname = "symbol" if "symbol" in series else min(series)  # the note exists: no cascade
                if text:
                    scope = blocks.scope(value) if isinstance(value, YMap) else None
                    notes.append(blocks.scoped(m.Note(nid, sname, text, kspan), scope))
        elif nnode is not None:
            self.diags.error(nnode.span, "notes must be a mapping of id: {series, text}")
        doc_id = r.text(node.get("id"), "id") or path.stem
        if not _FILE_ID.match(doc_id):  # it names the output file: no '/', '..' or spaces
            self.diags.error(node.get("id").span if node.get("id") is not None else node.span,
                             f"document id '{doc_id}' must be letters, digits, '.', '-' or '_' "
                             f"(it is the output file name)")
        body = blocks.blocks(node.get("body"))
        date = r.text(node.get("date"), "date") or ""
        prepared = preparation_date(date) if date.strip() else None
        if date.strip() and prepared is None:
            self.diags.warning(node.get("date").span, f"date '{date}' is not a date leafwright reads "
                                                      f"(2026-11-15, 2026-11, November 2026, 15 November 2026); "
                                                      f"it prints as written, but the PDF is dated 2000-01-01")
        title = r.text(node.get("title"), "title")
        cite = re.search(r"\[[@^]", title or "")
        if cite:  # the title band prints plain text: `[@key]` would print as written
            self.diags.error(r.markup(node.get("title"), "title").span_at(cite.start()),
                             "a citation or note marker cannot print in a document title; cite it in the text")
        return m.Document(
            id=doc_id, title=title or doc_id,
            code=r.text(node.get("code"), "code") or "", date=date,
            notes=tuple(notes), body=body, span=node.span, roles=tuple(blocks.roles), silenced=tuple(blocks.silenced),
            page=tuple(read_page(r, self.diags, node.get("page")).items()), prepared=prepared,
            format=tuple(self.number_format(f).items()) if (f := r.fields(node.get("format"), "format",
                                                                            FORMAT_KEYS)) is not None else (),
            footer=read_footer(r, self.diags, node.get("footer")) if node.get("footer") is not None else None,
            block_ids=tuple(blocks.ids.items()))

    # --- data -------------------------------------------------------------------
    def data(self, node: Optional[YNode], locale: str = "en_US") -> m.Data:
        """The data files named by `node`; `locale` is what their claims are read in unless
        one of them sets `format: {locale}` (an edition passes its own)."""
        if node is None:
            return m.Data()
        nodes = node.items if isinstance(node, YList) else (node,)
        values: list = []
        declared: list = []  # (name, unit, source keys) of values written {value:, unit:, source:}
        stats: list[m.Stat] = []
        checks: list[m.Check] = []
        fmt = {}
        format_at: Optional[Span] = None
        r = self.reader
        for n in nodes:
            name = r.text(n, "a data file")
            path = self.inside(name, self.root, n.span) if name else None
            root = r.fields(self.read_yaml(path), "a data file", ("values", "stats", "checks", "format")) \
                if path else None
            if root is None:
                continue
            self._values(root.get("values"), "", values, declared)
            for sname, kspan, snode in (root.get("stats").entries if isinstance(root.get("stats"), YMap) else ()):
                f = r.fields(snode, f"stat '{sname}'", ("count", "of", "source"), ("count", "of"))
                if f is not None and f.get("count") is not None and f.get("of") is not None:
                    stats.append(m.Stat(sname, self._expr(f.get("count")), self._expr(f.get("of")), kspan,
                                        self._keys(f.get("source"))))
            if root.get("stats") is not None and not isinstance(root.get("stats"), YMap):
                self.diags.error(root.get("stats").span, "stats must be a mapping of name: {count, of}")
            for c in r.items(root.get("checks"), "checks"):
                check = self._check(c)
                if check:
                    checks.append(check)
            f = r.fields(root.get("format"), "format", FORMAT_KEYS)
            if f is not None and format_at is not None:  # one format for the publication, never a silent winner
                self.diags.error(root.key_span("format"), f"'format' is set in two data files, here and at "
                                                          f"{format_at}; set it in one of them")
                f = None
            if f is not None:
                format_at = root.key_span("format")
                fmt.update(self.number_format(f))
        seen: dict[str, Span] = {}
        for name, _, span in values:
            if name in seen:
                self.diags.error(span, f"value '{name}' is defined twice (also at {seen[name]})")
            seen[name] = span
        for st in stats:
            if st.name in seen:
                self.diags.error(st.span, f"'{st.name}' is defined twice (also at {seen[st.name]})")
            seen[st.name] = st.span
        locale = fmt.get("locale", locale)  # a claim is read in the locale of the file that writes it
        checks = [replace(c, locale=c.locale or locale) for c in checks]
        return m.Data(tuple(values), tuple(stats), tuple(checks), **fmt, given=tuple(fmt), declared=tuple(declared))

    def number_format(self, f: YMap) -> dict:
        """A `format:` mapping (a data file's or a document's) as the Data fields it sets."""
        r, fmt = self.reader, {}
        p = r.fields(f.get("percent"), "format percent", ("decimals", "rounding"))
        if p is not None:
            fmt["decimals"] = r.integer(p.get("decimals"), "decimals", 0, 0, 6)
            fmt["rounding"] = r.choice(p.get("rounding"), "rounding", ("half-up", "half-even"), "half-up")
        if f.get("locale") is not None:
            fmt["locale"] = self._locale(f.get("locale")) or "en_US"
        return fmt

    def _locale(self, node: YNode) -> Optional[str]:
        """A locale babel knows (en-US is taken as en_US), or None after an error."""
        text = self.reader.text(node, "locale")
        if text is None:
            return None
        from ..cache import code_version, installed, remembered

        name = text.strip().replace("-", "_")
        if remembered("locales", ("babel", installed("babel"), code_version(__name__)), _babel_knows, name) != "yes":
            self.diags.error(node.span, f"unknown locale '{text}'; write a language and region such as en_US")
            return None
        return name

    def _values(self, node: Optional[YNode], prefix: str, out: list, declared: list) -> None:
        if node is None:
            return
        if not isinstance(node, YMap):
            self.diags.error(node.span, "values must be a mapping of names")
            return
        for key, kspan, value in node.entries:
            name = prefix + key
            if isinstance(value, YMap) and value.get("value") is not None and value.get("source") is not None:
                # a number declared with where it comes from: `{value: 37, unit: "%", source: [key]}`
                f = self.reader.fields(value, f"value '{name}'", ("value", "unit", "source"))
                unit = self.reader.choice(f.get("unit"), "unit", ("%",), "") if f.get("unit") is not None else ""
                declared.append((name, unit, self._keys(f.get("source"))))
                value = f.get("value")
            if isinstance(value, YMap):
                self._values(value, name + ".", out, declared)
            elif isinstance(value, YScalar) and isinstance(value.value, (int, float)) \
                    and not isinstance(value.value, bool):
                number, problem = exact_number(value)
                if number is None:
                    self.diags.error(value.span, problem)
                else:
                    out.append((name, number, value.span))
            elif isinstance(value, YScalar) and isinstance(value.value, str):
                out.append((name, value.value, value.span))
            else:
                self.diags.error(value.span, f"value '{name}' must be a number or text")

    def _keys(self, node: Optional[YNode]) -> tuple[str, ...]:
        """`source: key` or `source: [key, ...]`: reference keys (checked where printed)."""
        if node is None:
            return ()
        items = node.items if isinstance(node, YList) else (node,)
        return tuple(k for k in (self.reader.text(i, "a reference key") for i in items) if k)

    def _expr(self, node: YNode) -> m.Expr:
        text = self.reader.text(node, "an expression") or "0"
        segments = positions(node, text) if isinstance(node, YScalar) else ()
        return m.Expr(text, node.span, getattr(node, "quoted", False), segments)

    def _check(self, node: YNode) -> Optional[m.Check]:
        r = self.reader
        if isinstance(node, YScalar):
            return m.Check(node.span, expr=self._expr(node))
        f = r.fields(node, "a check", ("stat", "printed", "check", "severity", "message"))
        if f is None:
            return None
        severity = r.choice(f.get("severity"), "severity", ("error", "warning"), "error")
        message = r.text(f.get("message"), "a message")
        if f.get("check") is not None:
            return m.Check(f.span, severity, expr=self._expr(f.get("check")), message=message)
        if f.get("stat") is None or f.get("printed") is None:
            self.diags.error(f.span, "a check is an expression, {check: EXPR}, or {stat: NAME, printed: TEXT}")
            return None
        stat, printed = r.text(f.get("stat"), "a stat name"), r.text(f.get("printed"), "printed text")
        if stat is None or printed is None:  # reported by text()
            return None
        return m.Check(f.span, severity, stat=stat, printed=printed, message=message)

    # --- references ---------------------------------------------------------------
    def references(self, node: Optional[YNode]) -> tuple[m.Reference, ...]:
        r = self.reader
        files = node.items if isinstance(node, YList) else (() if node is None else (node,))
        refs: list[m.Reference] = []
        seen: dict[str, Span] = {}
        for n in files:
            name = r.text(n, "a references file")
            path = self.inside(name, self.root, n.span) if name else None
            if path is None:
                continue
            if path.suffix.lower() == ".bib":
                found = self._bibtex(path)
            elif path.suffix.lower() in (".yaml", ".yml", ".json"):
                found = self._csl(path)
            else:
                self.diags.error(n.span, f"references must be .yaml, .json or .bib, not '{path.suffix}'")
                continue
            for ref in found:
                if ref.id in seen:
                    self.diags.error(ref.span, f"reference '{ref.id}' is defined twice (also at {seen[ref.id]})")
                    continue
                seen[ref.id] = ref.span
                refs.append(ref)
        return tuple(refs)

    def _bibtex(self, path: Path) -> list[m.Reference]:
        shown = display_path(path)
        text = self.read_text(path)
        if text is None:
            return []
        from .bibtex import parse_bibtex  # bibtexparser only when a .bib is used

        entries, problems = parse_bibtex(text, shown)
        self.diags.items.extend(problems)
        return [m.Reference(str(csl["id"]), tuple(csl.items()), None, span, sources)
                for csl, span, sources in entries]

    def _csl(self, path: Path) -> list[m.Reference]:
        root = self.read_yaml(path)
        if isinstance(root, YMap) and isinstance(root.get("references"), YList):
            root = root.get("references")
        if root is None:
            return []
        out = []
        for n in self.reader.items(root, "a references file"):
            if not isinstance(n, YMap):
                self.diags.error(n.span, "a reference must be a mapping with an 'id'")
                continue
            rid = self.reader.text(n.get("id"), "a reference id")
            if rid is None:
                if n.get("id") is None:
                    self.diags.error(n.span, "a reference needs an 'id'")
                continue
            text = self.reader.markup(n.get("text"), "a reference text") if n.get("text") is not None else None
            csl = tuple((k, _csl_date(plain(v)) if k in _CSL_DATES else plain(v)) for k, _, v in n.entries
                        if k != "text")
            out.append(m.Reference(rid, csl, text, n.span, tuple((k, ks, k) for k, ks, _ in n.entries)))
        return out


def requirement_problems(docs, wanted: tuple) -> list:
    """An error at each document that lacks what `requires:` names (for one edition's
    documents, or the publication's when it has no editions)."""
    from ..diagnostics import Diagnostic

    out = []
    for doc in docs:
        roles = {role for role, _ in doc.roles}
        for name, span in wanted:
            if name == "job-code":
                missing, hint = ("" if doc.code.strip() else "a job code ('code:')"), ""
            elif name == "date-of-preparation":
                missing, hint = ("" if doc.date.strip() else "a date of preparation ('date:')"), ""
            else:
                missing, hint = ("" if name in roles else f"a block with 'role: {name}'"), did_you_mean(name, roles)
            if missing:
                out.append(Diagnostic("error", doc.span, f"document '{doc.id}' needs {missing}: publication.yaml "
                                                         f"requires '{name}' (at {span}){hint}"))
    return out


_CSL_DATES = ("issued", "accessed", "event-date", "original-date", "submitted")


def _csl_date(value):
    """A YAML date (`issued: 2021-02-04`) or ISO text ("2021-02") as CSL date-parts."""
    return (iso_date(value) if isinstance(value, str) else None) or value


_EXPONENT = re.compile(r"[eE]([-+]?\d+)$")


def exact_number(node: YScalar) -> tuple[Optional[Fraction], str]:
    """A YAML number as an exact Fraction, or None and why not.

    A float is taken from its source text (0.1 is 1/10), not its binary value. Infinities,
    NaN and numbers with more than MAX_DIGITS_EXACT digits are refused — an exponent such
    as 1.0e-99999999 before Fraction spends minutes building 10**99999999."""
    value = node.value
    too_big = f"'{node.raw[:40]}' is too large or too precise (over {MAX_DIGITS_EXACT} digits)"
    if isinstance(value, int):
        number = Fraction(value)
    elif not math.isfinite(value):
        return None, f"'{node.raw}' is not a finite number"
    else:
        raw = node.raw.replace("_", "")
        exponent = _EXPONENT.search(raw)
        digits = exponent.group(1).lstrip("+-").lstrip("0") if exponent else ""
        if len(digits) > 6 or int(digits or 0) > 2 * MAX_DIGITS_EXACT:
            zero = not any(c in "123456789" for c in raw[:exponent.start()])
            return (Fraction(0), "") if zero else (None, too_big)
        try:
            number = Fraction(raw)
        except (ValueError, ZeroDivisionError):  # sexagesimal 1:30.5 and other YAML 1.1 forms
            number = Fraction(repr(value))
    return (None, too_big) if too_large(number) else (number, "")


def plain(node: YNode):
    """Located nodes back to plain Python data (for CSL fields)."""
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YList):
        return [plain(n) for n in node.items]
    return {k: plain(v) for k, _, v in node.entries}


def load_publication(folder: Path, parsed: Optional[dict] = None) -> tuple[Optional[m.Publication], list]:
    """The load stage: a publication model (or None) and every diagnostic found. `parsed`
    (a dict the caller keeps) lets a later load in the same process skip unchanged files."""
    diags = Diagnostics()
    pub = Loader(Path(folder), diags, parsed).publication()
    return pub, diags.items


def _babel_knows(name: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(name)
    except (ValueError, TypeError, UnknownLocaleError):
        return "no"
    return "yes"
