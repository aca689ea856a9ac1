"""An edition's text by XLIFF 2.0, the format translation vendors' tools (Trados, memoQ,
Phrase) read and write.

`extract` writes (or updates) the edition's file: one `<unit>` per text the edition prints,
its id the text's path in its document (`body.3.1`, `notes.cr-def`), stable while the text
stays where it is, or the block's own `id:` (`indication`, `indication.0` for its items); every stat, value, citation, note marker and inline markup is a
protected inline code (`<ph>`, `<pc>` with its markup in `<originalData>`), so a translator
moves codes but cannot change them. `apply` puts the targets into the publication before an
edition is filtered and resolved: a missing target, a stale one (its source changed since)
and a damaged one (a code lost, added or changed) are errors at the XLIFF file's line.

lxml, not translate-toolkit: translate-toolkit reads XLIFF 1.2 only (its XLIFF 2.0 support,
translate/translate#3369, is still open). Elements are built and read with lxml's tree API,
never by concatenating strings.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Optional

from ..diagnostics import Diagnostic, Span
from ..load import model as m
from . import inline as il

NS = "urn:oasis:names:tc:xliff:document:2.0"
_Q = "{%s}" % NS
_STYLE_MARKS = {"italic": ("*", "*"), "bold": ("**", "**"), "sup": ("^", "^"), "sub": ("~", "~")}
_SUBSTATE = "leafwright:stale"  # a target kept while its source changed: to be reviewed


# --- every text of a document, by a stable id ---------------------------------------------------

Visit = Callable[[str, m.Markup], m.Markup]


def map_texts(doc: m.Document, edition: Optional[str], fn: Visit) -> m.Document:
    """`doc` with fn(unit id, text) put in place of every text `edition` prints (items of other
    editions are left as they are). Ids come from positions in the source, before any
    edition drops anything, so one market's blocks do not move another's ids."""
    def scoped(item, path, visit):
        if isinstance(item, m.Scoped):
            return replace(item, item=visit(item.item, path)) if item.scope.keeps(edition) else item
        return visit(item, path)

    def text(value, path):
        return fn(path, value) if isinstance(value, m.Markup) else value

    def texts(values, path):
        return tuple(scoped(v, f"{path}.{k}", text) for k, v in enumerate(values))

    def block(b, path):
        if isinstance(b, (m.Heading, m.Paragraph)):
            return replace(b, text=fn(path, b.text))
        if isinstance(b, m.Bullets):
            return replace(b, items=texts(b.items, path))
        if isinstance(b, m.Table):
            return replace(b, header=texts(b.header, f"{path}.header") if b.header else b.header,
                           rows=tuple(scoped(r, f"{path}.rows.{k}", lambda row, p: texts(row, p))
                                      for k, r in enumerate(b.rows)))
        if isinstance(b, m.Callouts):
            return replace(b, items=tuple(scoped(c, f"{path}.{k}", lambda c, p: replace(
                c, value=fn(f"{p}.value", c.value), label=fn(f"{p}.label", c.label) if c.label.source else c.label))
                for k, c in enumerate(b.items)))
        if isinstance(b, m.Chart):
            return replace(b, title=text(b.title, f"{path}.title"), categories=texts(b.categories, f"{path}.categories"),
                           series=tuple(replace(s, name=fn(f"{path}.series.{k}", s.name)) for k, s in enumerate(b.series)))
        if isinstance(b, m.Panel):
            return replace(b, title=text(b.title, f"{path}.title"), body=blocks(b.body, f"{path}.body"))
        if isinstance(b, m.Columns):
            return replace(b, columns=tuple(blocks(col, f"{path}.{k}") for k, col in enumerate(b.columns)))
        if isinstance(b, m.ReferencesHere):
            return replace(b, title=text(b.title, f"{path}.title"))
        return b

    named = {span: bid for bid, span in doc.block_ids}

    def blocks(items, path):
        return tuple(scoped(b, named.get((b.item if isinstance(b, m.Scoped) else b).span, f"{path}.{k}"), block)
                     for k, b in enumerate(items))

    notes = tuple(scoped(n, f"notes.{n.item.id if isinstance(n, m.Scoped) else n.id}",
                         lambda note, p: replace(note, text=fn(p, note.text))) for n in doc.notes)
    title = fn("title", m.Markup(il.escape(doc.title), doc.span))
    return replace(doc, body=blocks(doc.body, "body"), notes=notes, title=_plain(title.source))


def _plain(markup: str) -> str:
    """A title's text (titles print as written: no inline markup)."""
    nodes, _ = il.parse(markup)
    return "".join(n.text for n in nodes if isinstance(n, il.Text))


def units(doc: m.Document, edition: Optional[str]) -> list[tuple[str, m.Markup]]:
    found: list[tuple[str, m.Markup]] = []

    def record(uid: str, text: m.Markup) -> m.Markup:
        found.append((uid, text))
        return text

    map_texts(doc, edition, record)
    return [(uid, text) for uid, text in found if text.source.strip()]


# --- a text as an XLIFF segment's content, and back ---------------------------------------------------

def _fill(elem, nodes, data: list[str], counter: list[int]) -> None:
    """Inline nodes into `elem`: text as text, everything else a protected code."""
    from lxml import etree

    def code(markup: str) -> str:
        data.append(markup)
        return f"d{len(data)}"

    def append_text(s: str) -> None:
        if len(elem):
            elem[-1].tail = (elem[-1].tail or "") + s
        else:
            elem.text = (elem.text or "") + s

    for node in nodes:
        if isinstance(node, il.Text):
            append_text(node.text)
            continue
        counter[0] += 1
        cid = str(counter[0])
        if isinstance(node, (il.Styled, il.Link)):
            start, end = _STYLE_MARKS[node.style] if isinstance(node, il.Styled) else ("[", f"]({node.url})")
            pc = etree.SubElement(elem, _Q + "pc", id=cid, dataRefStart=code(start), dataRefEnd=code(end))
            _fill(pc, node.children, data, counter)
        else:
            etree.SubElement(elem, _Q + "ph", id=cid, dataRef=code(_markup_of(node)))


def _markup_of(node) -> str:
    if isinstance(node, il.Value):
        return "{" + node.name + (f":{node.spec}" if node.spec else "") + "}"
    if isinstance(node, il.Cite):
        return "[" + "; ".join(f"@{k}" for k in node.keys) + "]"
    return f"[^{node.id}]"


def _flat(elem, data: dict[str, str], codes: dict[str, tuple]) -> str:
    """A segment's source or target back into leafwright markup; `codes` (id -> the source's
    ph/pc attributes) decides what each code prints, whatever the target's attributes say."""
    out = [il.escape(elem.text or "")]
    for child in elem:
        cid = child.get("id", "")
        refs = codes.get(cid, ())
        if child.tag == _Q + "ph" and len(refs) == 1:
            out.append(data.get(refs[0], ""))
        elif child.tag == _Q + "pc" and len(refs) == 2:
            out.append(data.get(refs[0], "") + _flat(child, data, codes) + data.get(refs[1], ""))
        out.append(il.escape(child.tail or ""))
    return "".join(out)


def _codes(elem) -> list[tuple[str, str]]:
    """(kind, id) of every code in a segment's source or target, in document order."""
    return [(c.tag[len(_Q):], c.get("id", "")) for c in elem.iter(_Q + "ph", _Q + "pc")]


def _refs(source) -> dict[str, tuple]:
    return {c.get("id"): ((c.get("dataRef"),) if c.tag == _Q + "ph" else (c.get("dataRefStart"), c.get("dataRefEnd")))
            for c in source.iter(_Q + "ph", _Q + "pc")}


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _unit_element(uid: str, text: m.Markup):
    from lxml import etree

    unit = etree.Element(_Q + "unit", id=_nmtoken(uid))
    nodes, _ = il.parse(text.source)
    data: list[str] = []
    source = etree.Element(_Q + "source")
    _fill(source, nodes, data, [0])
    if data:
        original = etree.SubElement(unit, _Q + "originalData")
        for k, markup in enumerate(data, 1):
            etree.SubElement(original, _Q + "data", id=f"d{k}").text = markup
    segment = etree.SubElement(unit, _Q + "segment", state="initial")
    segment.append(source)
    etree.SubElement(segment, _Q + "target")
    return unit


def _nmtoken(uid: str) -> str:
    """A unit id as XML's NMTOKEN (letters, digits, '.', '-', '_', ':'); other characters of a
    note id as _xHHHH_."""
    return re.sub(r"[^\w.:-]", lambda c: f"_x{ord(c.group()):04X}_", uid)


def _data(unit) -> dict[str, str]:
    return {d.get("id"): d.text or "" for d in unit.iter(_Q + "data")}


# --- writing the file ----------------------------------------------------------------------------------

def extract(pub: m.Publication, edition: m.Edition, existing: Optional[bytes]) -> tuple[bytes, dict]:
    """The edition's XLIFF file: every unit it prints, targets of `existing` kept; a unit whose
    source changed keeps its target for review but goes back to state="initial". Returns the
    bytes and counts (units, new, changed)."""
    from lxml import etree

    old: dict[tuple[str, str], object] = {}
    if existing:
        root = etree.fromstring(existing, etree.XMLParser(resolve_entities=False, no_network=True))
        for f in root.iter(_Q + "file"):
            for u in f.iter(_Q + "unit"):
                old[(f.get("id"), u.get("id"))] = u
    root = etree.Element(_Q + "xliff", nsmap={None: NS}, version="2.0",
                         srcLang=pub.data.locale.replace("_", "-"),
                         trgLang=(edition.locale or pub.data.locale).replace("_", "-"))
    counts = {"units": 0, "new": 0, "changed": 0}
    for doc in pub.documents:
        f = etree.SubElement(root, _Q + "file", id=doc.id)
        for uid, text in units(doc, edition.id):
            fresh = _unit_element(uid, text)
            kept = old.get((doc.id, fresh.get("id")))
            counts["units"] += 1
            if kept is None:
                counts["new"] += 1
            elif not _same(_source_markup(kept), text.source):
                counts["changed"] += 1
                target = kept.find(f"{_Q}segment/{_Q}target")
                if target is not None and _inner(target):
                    fresh_segment = fresh.find(_Q + "segment")
                    fresh_segment.replace(fresh_segment.find(_Q + "target"), target)
                    fresh_segment.set("subState", _SUBSTATE)
            else:
                fresh = kept
            f.append(fresh)
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n", counts


_STRUCTURE = {_Q + tag for tag in ("xliff", "file", "unit", "originalData", "segment")}


def _indent(elem, level: int = 0) -> None:
    """Line breaks and indentation between structural elements only: lxml's pretty_print
    would also indent inside a <source> or <target> that holds only codes, changing the text."""
    if elem.tag not in _STRUCTURE or not len(elem):
        return
    inner = "\n" + "  " * (level + 1)
    elem.text = inner
    for child in elem:
        _indent(child, level + 1)
        child.tail = inner
    elem[-1].tail = "\n" + "  " * level


def _source_markup(unit) -> str:
    source = unit.find(f"{_Q}segment/{_Q}source")
    return _flat(source, _data(unit), _refs(source)) if source is not None else ""


def _inner(elem) -> str:
    return "".join(elem.itertext()).strip() or ("x" if len(elem) else "")


# --- reading it back into the publication -------------------------------------------------------------

def apply(pub: m.Publication, edition: m.Edition, allow_untranslated: bool = False
          ) -> tuple[m.Publication, list[Diagnostic]]:
    """`pub` with the edition's texts from its XLIFF targets, and the problems of the file."""
    if edition.translation is None:
        return pub, []
    shown, content = edition.translation
    if content is None:
        return pub, [Diagnostic("error", edition.span, f"translation file '{shown}' does not exist yet; write it "
                                                        f"with 'leafwright translate --edition {edition.id}'")]
    from lxml import etree

    try:
        root = etree.fromstring(content.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (1, 1)
        return pub, [Diagnostic("error", Span(shown, line, col), f"not an XLIFF file: {exc.msg}")]
    if root.tag != _Q + "xliff" or root.get("version", "").split(".")[0] != "2":
        return pub, [Diagnostic("error", Span(shown, root.sourceline or 1), "not an XLIFF 2.0 file (the root must be "
                                                                            f"<xliff version=\"2.0\" xmlns=\"{NS}\">)")]
    found = {(f.get("id"), u.get("id")): u for f in root.iter(_Q + "file") for u in f.iter(_Q + "unit")}
    problems: list[Diagnostic] = []

    def target_for(doc_id: str):
        def fn(uid: str, text: m.Markup) -> m.Markup:
            if not text.source.strip():
                return text
            unit = found.get((doc_id, _nmtoken(uid)))
            name = f"unit '{_nmtoken(uid)}' of '{doc_id}'"
            where = Span(shown, unit.sourceline or 1) if unit is not None else Span(shown)
            if unit is None:
                return _untranslated(problems, allow_untranslated, where, text,
                                     f"{name} is missing; run 'leafwright translate --edition {edition.id}'")
            segment = unit.find(_Q + "segment")
            source = segment.find(_Q + "source") if segment is not None else None
            target = segment.find(_Q + "target") if segment is not None else None
            if source is None or not _same(_flat(source, _data(unit), _refs(source)), text.source):
                return _untranslated(problems, allow_untranslated, where, text,
                                     f"{name} is stale: its source changed since the file was written; run "
                                     f"'leafwright translate --edition {edition.id}' and translate it again")
            if target is None or not _inner(target):
                return _untranslated(problems, allow_untranslated, Span(shown, (target if target is not None
                                                                               else unit).sourceline or 1), text,
                                     f"{name} has no translation yet")
            if segment.get("subState") == _SUBSTATE:
                return _untranslated(problems, allow_untranslated, Span(shown, target.sourceline or 1), text,
                                     f"{name} is stale: its source changed; review the target and remove "
                                     f"subState=\"{_SUBSTATE}\"")
            damage = _damage(_codes(source), _codes(target))
            if damage:
                problems.append(Diagnostic("error", Span(shown, target.sourceline or 1), f"{name}: {damage}"))
                return text
            refs = _refs(source)
            return m.Markup(_flat(target, _data(unit), refs), Span(shown, target.sourceline or 1))
        return fn

    docs = tuple(map_texts(doc, edition.id, target_for(doc.id)) for doc in pub.documents)
    return replace(pub, documents=docs), problems


def _untranslated(problems: list, allowed: bool, where: Span, text: m.Markup, message: str) -> m.Markup:
    if allowed:
        problems.append(Diagnostic("warning", where, f"{message}; the source prints (--allow-untranslated)"))
    else:
        problems.append(Diagnostic("error", where, f"{message} (--allow-untranslated prints the source)"))
    return text


def _damage(source: list, target: list) -> str:
    """What a target did to the source's protected codes, or ""."""
    want, got = sorted(source), sorted(target)
    if want == got:
        return ""
    lost = [f"{k} {i}" for k, i in want if (k, i) not in got]
    added = [f"{k} {i}" for k, i in got if (k, i) not in want]
    twice = sorted({f"{k} {i}" for k, i in got if got.count((k, i)) > 1})
    parts = ([f"lost the protected code(s) {', '.join(lost)}"] if lost else []) + \
            ([f"added code(s) {', '.join(added)} the source does not have"] if added else []) + \
            ([f"repeats {', '.join(twice)}"] if twice else [])
    return "the target " + "; ".join(parts) + " (a stat, value, citation, note marker or markup must stay exactly once)"

