"""BibTeX and biblatex files into CSL-JSON dicts, with every slip at its line.

bibtexparser 2 splits the file into entries and fields: it knows every block's and
every field's line, recovers after a broken entry and reports duplicate keys and
fields. Its middlewares are not used: its @string resolution replaces only a value
that is a macro name as a whole (so `dtv # { and Walter de Gruyter}` printed a literal
`#`), it never says a macro is undefined, it has no crossref or xdata, and a field
value that swallowed the next field (a missing comma) passes through it unnoticed.
So the raw values are evaluated here — `#` concatenation, @string and month macros —
and inherited (crossref, xdata, with biblatex's default rules), then decoded from LaTeX
(load/latex.py) and mapped to CSL-JSON (load/bibtex_csl.py).
"""

from __future__ import annotations

import logging
import re
from typing import Any, Optional

from leafwright.diagnostics import Diagnostic, Span
from leafwright.load.bibtex_csl import (BOOKISH, IN_BOOK, MONTHS, BibEntry, BibField, short,
                                        to_csl)

# bibtexparser logs each syntax error itself (to stderr when the application set up no
# logging); we return them as diagnostics instead. The usual library NullHandler.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_MONTH_MACROS = {m[:3]: m.capitalize() for m in MONTHS}
# Inherited by biblatex's defaults: never, and as what for a child inside a book.
_NOT_INHERITED = {"ids", "crossref", "xref", "entryset", "entrysubtype", "execute",
                  "label", "options", "presort", "related", "relatedoptions",
                  "relatedstring", "relatedtype", "shorthand", "shorthandintro",
                  "sortkey", "xdata", "shorttitle", "sorttitle", "indextitle",
                  "indexsorttitle"}
_AS_BOOK = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon",
            "author": "bookauthor"}
_AS_MAIN = {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon"}
_FIELD_IN_VALUE = re.compile(r"\n\s*([A-Za-z][\w-]*)\s*=\s*[{\"\w]")


class _Problems:
    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Diagnostic] = []

    def error(self, line: int, col: int, message: str) -> None:
        self.items.append(Diagnostic("error", Span(self.file, line, col), message))

    def warning(self, line: int, col: int, message: str) -> None:
        self.items.append(Diagnostic("warning", Span(self.file, line, col), message))


Sources = tuple[tuple[str, Span, str], ...]  # (CSL variable, span, BibTeX field) each


def parse_bibtex(text: str, file: str = "<bibtex>") -> tuple[list[tuple[dict, Span, Sources]],
                                                             list[Diagnostic]]:
    """Parse BibTeX `text` from `file`: ([(CSL-JSON dict, span of its entry, where each
    CSL variable came from)], problems)."""
    from leafwright.load.latex import LatexDecoder

    problems = _Problems(file)
    entries = _split(text, problems)
    by_key = {e.key.lower(): e for e in entries}
    decoder = LatexDecoder()
    out = []
    for entry in entries:
        if entry.kind in ("xdata", "set"):
            if entry.kind == "set":
                problems.warning(entry.line, entry.col, f"@set '{entry.key}' is a group of "
                                 "entries, not one reference: cite its members")
            continue
        fields = _inherit(entry, by_key, problems)
        csl, origin = to_csl(entry, fields, decoder, problems)
        sources = tuple((var, Span(file, f.line, f.col), f.name) for var, f in origin.items())
        out.append((csl, Span(file, entry.line, entry.col), sources))
    # An inherited field's problem is found once per child: report it once.
    items = sorted(dict.fromkeys(problems.items), key=lambda d: (d.span.line, d.span.col))
    return out, items


# --- splitting and evaluating ----------------------------------------------------------

def _split(text: str, problems: _Problems) -> list[BibEntry]:
    import bibtexparser
    from bibtexparser import model

    lines = text.splitlines()
    library = bibtexparser.parse_string(text, parse_stack=[])
    macros: dict[str, str] = dict(_MONTH_MACROS)
    entries: list[BibEntry] = []
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, model.String):
            value = _evaluate(block.value, macros, line, f"@string '{block.key}'", problems, lines)
            macros[block.key.lower()] = value if value is not None else ""
        elif isinstance(block, model.DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            for f in _duplicates(entry):
                problems.error(f.start_line + 1, _col(lines, f.start_line + 1, f.key),
                               f"field '{f.key}' given twice in entry '{entry.key}'")
            entries.append(_entry(entry, macros, lines, problems))
        elif isinstance(block, model.DuplicateBlockKeyBlock):
            problems.error(line, _col(lines, line, "@"), f"duplicate reference key "
                           f"'{block.key}' (first at line {block.previous_block.start_line + 1})")
        elif isinstance(block, model.ParsingFailedBlock):
            reason = getattr(block.error, "abort_reason", "") or str(block.error)
            end = line + (block.raw or "").count("\n")
            where = f" (read up to line {end})" if end != line else ""
            problems.error(line, _col(lines, line, "@"), "this entry did not parse"
                           f"{where}: {reason.strip()} — an unbalanced brace or quote?")
        elif isinstance(block, model.Entry):
            if not block.key.strip():
                problems.error(line, _col(lines, line, "@"),
                               f"@{block.entry_type} entry without a key")
                continue
            entries.append(_entry(block, macros, lines, problems))
        elif isinstance(block, model.ImplicitComment):
            m = re.search(r"^\s*,?\s*([A-Za-z][\w-]*)\s*=\s*[{\"\w]", block.comment, re.M)
            if m:
                at = line + block.comment[:m.start(1)].count("\n")
                problems.error(at, _col(lines, at, m.group(1)), f"'{m.group(1)} = ...' is "
                               "outside any entry: a closing brace too many above it?")
    return entries


def _duplicates(entry: Any) -> list[Any]:
    seen: set[str] = set()
    twice = []
    for f in entry.fields:
        if f.key.lower() in seen:
            twice.append(f)
        seen.add(f.key.lower())
    return twice


def _entry(block: Any, macros: dict[str, str], lines: list[str],
           problems: _Problems) -> BibEntry:
    line = (block.start_line or 0) + 1
    entry = BibEntry(block.entry_type.lower(), block.key.strip(), line, _col(lines, line, "@"))
    for f in block.fields:
        key = f.key.strip().lower()
        at = f.start_line + 1
        value = _evaluate(f.value, macros, at, f"field '{key}'", problems, lines)
        if value is None or key in entry.fields:
            continue
        entry.fields[key] = BibField(value, at, _col(lines, at, f.key.strip()), key)
    return entry


def _col(lines: list[str], line: int, word: str) -> int:
    """The column of `word` (a field name, `@`, a macro) on `line`, else 1."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    m = re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text, re.I) \
        if word[:1].isalnum() else None
    pos = m.start() if m else text.find(word)
    return pos + 1 if pos >= 0 else 1


_TOKEN = re.compile(r"\s*(?:(?P<brace>\{)|(?P<quote>\")|(?P<number>\d+)(?![\w])|"
                    r"(?P<name>[^\s\"#%'(),={}]+))")


def _evaluate(raw: str, macros: dict[str, str], line: int, what: str,
              problems: _Problems, lines: list[str]) -> Optional[str]:
    """A raw value (`{a} # "b" # macro # 12`) as one LaTeX string; slips reported at
    the line (and column) where they are."""
    col = _col(lines, line, what.split("'")[1]) if "'" in what else 1
    parts: list[str] = []
    pos = 0
    while True:
        m = _TOKEN.match(raw, pos)
        if not m:
            break
        if m.group("brace") or m.group("quote"):
            end = _closing(raw, m.end() - 1)
            if end is None:
                problems.error(line, col, f"{what}: the brace or quote that opens it is "
                               "never closed")
                return None
            inner = raw[m.end():end]
            parts.append(inner)
            _check_swallowed(inner, line + raw[:m.end()].count("\n"), what, problems, lines)
            pos = end + 1
        elif m.group("number"):
            parts.append(m.group("number"))
            pos = m.end()
        else:
            name = m.group("name")
            if name.lower() not in macros:
                at = line + raw[:m.start("name")].count("\n")
                problems.error(at, _col(lines, at, name), f"{what}: undefined @string '{name}'")
                parts.append(name)
            else:
                parts.append(macros[name.lower()])
            pos = m.end()
        hash_ = re.match(r"\s*#", raw[pos:])
        if not hash_:
            break
        pos += hash_.end()
    rest = raw[pos:].strip()
    if rest:
        at = line + raw[:pos + raw[pos:].find(rest[0])].count("\n")
        m = re.match(r"([A-Za-z][\w-]*)\s*=", rest)
        if m:
            problems.error(at, _col(lines, at, m.group(1)), f"{what} swallowed the next "
                           f"field '{m.group(1)}': a comma missing before it?")
        else:
            problems.error(at, col, f"{what}: unexpected '{short(rest)}' after the "
                           "value (a missing '#' or comma?)")
    return "".join(parts)


def _closing(raw: str, start: int) -> Optional[int]:
    """Index of the brace or quote that closes the one at `start` (braces nest)."""
    depth = 0
    quote = raw[start] == '"'
    for i in range(start, len(raw)):
        c = raw[i]
        if c == "\\":
            continue
        if i > 0 and raw[i - 1] == "\\" and c in "{}\"":
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if not quote and depth == 0:
                return i
        elif c == '"' and quote and i > start and depth == 0:
            return i
    return None


def _check_swallowed(inner: str, line: int, what: str, problems: _Problems,
                     lines: list[str]) -> None:
    """`title = {Foo,\\n year = 2016, ...` — a brace left open takes the next fields."""
    m = _FIELD_IN_VALUE.search(inner)
    if m:
        at = line + inner[:m.start(1)].count("\n")
        problems.error(at, _col(lines, at, m.group(1)), f"{what} runs into "
                       f"'{m.group(1)} = ...': a brace or quote not closed before it?")


# --- inheritance ------------------------------------------------------------------------

def _inherit(entry: BibEntry, by_key: dict[str, BibEntry], problems: _Problems,
             seen: Optional[set[str]] = None) -> dict[str, BibField]:
    """The entry's fields with those of its xdata and crossref parents, biblatex's way."""
    seen = (seen or set()) | {entry.key.lower()}
    fields = dict(entry.fields)
    for name in ("xdata", "crossref"):
        ref = entry.fields.get(name)
        if ref is None:
            continue
        keys = [k.strip() for k in ref.value.split(",")] if name == "xdata" else [ref.value.strip()]
        for key in filter(None, keys):
            parent = by_key.get(key.lower())
            if parent is None:
                problems.error(ref.line, ref.col, f"{name} '{key}' names no entry in this file")
                continue
            if key.lower() in seen:
                problems.error(ref.line, ref.col, f"{name} '{key}' leads back to '{entry.key}'")
                continue
            for fname, value in _inherit(parent, by_key, problems, seen).items():
                for target in _targets(fname, entry.kind, parent.kind, name):
                    fields.setdefault(target, value)
    return fields


def _targets(fname: str, child: str, parent: str, how: str) -> list[str]:
    """What a parent's field becomes in the child (biblatex's default inheritance): a
    book's title is a chapter's booktitle, a multi-volume work's title a maintitle."""
    if how == "xdata":
        return [] if fname in _NOT_INHERITED else [fname]
    if fname in _NOT_INHERITED:
        return []
    if parent.startswith("mv") and fname in _AS_MAIN:
        return [_AS_MAIN[fname]]
    if child in IN_BOOK and parent in BOOKISH and fname in _AS_BOOK:
        # biblatex copies a book's author as bookauthor; and for inbook-from-book also
        # as author when the chapter has none (the book's author wrote it).
        return [_AS_BOOK[fname]] + (["author"] if fname == "author" and child == "inbook" else [])
    if fname in ("title", "subtitle", "titleaddon"):
        return []
    return [fname]
