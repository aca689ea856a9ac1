"""BibTeX reference files into CSL-JSON dicts, the one shape the formatter takes.

bibtexparser 2.x does the parsing (it recovers after a broken entry and reports
duplicate keys), its middlewares split authors and name parts. Its LaTeX decoding
middleware is run on plain fields only: it skips the list of name parts that the
name middlewares produce, so names are decoded here with the same pylatexenc
decoder, after splitting, so that a braced corporate author such as
`{World Health Organization}` stays one name.
"""

from __future__ import annotations

import logging
import re
from typing import Any

_TYPES = {
    "article": "article-journal", "book": "book", "booklet": "pamphlet",
    "inbook": "chapter", "incollection": "chapter", "inproceedings": "paper-conference",
    "conference": "paper-conference", "proceedings": "book", "manual": "book",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report", "misc": "document",
    "unpublished": "manuscript", "online": "webpage", "www": "webpage",
    "electronic": "webpage", "patent": "patent", "dataset": "dataset",
}
# BibTeX/BibLaTeX field -> CSL variable; the first field present wins.
_FIELDS = {
    "title": "title", "journal": "container-title", "journaltitle": "container-title",
    "booktitle": "container-title", "shortjournal": "container-title-short",
    "journalabbrev": "container-title-short", "journal-abbrev": "container-title-short",
    "volume": "volume", "issue": "issue", "pages": "page", "doi": "DOI", "url": "URL",
    "publisher": "publisher", "institution": "publisher", "school": "publisher",
    "organization": "publisher", "address": "publisher-place",
    "location": "publisher-place", "edition": "edition", "note": "note",
    "isbn": "ISBN", "issn": "ISSN", "pmid": "PMID", "series": "collection-title",
    "chapter": "chapter-number", "language": "language", "version": "version",
}
# bibtexparser logs each syntax error itself (to stderr when the application set up no
# logging); we return them as errors instead. The usual library NullHandler.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def parse_bibtex(text: str) -> tuple[list[tuple[dict, int]], list[tuple[int, str]]]:
    """Parse BibTeX `text`: ([(csl_dict, 1-based line)], [(1-based line, message)])."""
    import bibtexparser
    from bibtexparser import middlewares as mw
    from bibtexparser.model import (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock,
                                    MiddlewareErrorBlock)
    from pylatexenc.latex2text import LatexNodes2Text

    library = bibtexparser.parse_string(text, append_middleware=[
        mw.MonthIntMiddleware(), mw.SeparateCoAuthors(), mw.SplitNameParts(),
        mw.LatexDecodingMiddleware(keep_math_mode=False)])  # $\alpha$ -> α
    decode = LatexNodes2Text(math_mode="text").latex_to_text

    entries: list[tuple[dict, int]] = []
    errors: list[tuple[int, str]] = []
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            errors.append((line, f"duplicate reference key '{block.key}'"))
        elif isinstance(block, DuplicateFieldKeyBlock):
            keys = ", ".join(sorted(block.duplicate_keys))
            errors.append((line, f"field given twice in one entry: {keys}"))
        elif isinstance(block, MiddlewareErrorBlock):
            errors.append((line, f"cannot read entry: {block.error}"))
        else:
            reason = getattr(block.error, "abort_reason", "") or str(block.error)
            errors.append((line, f"BibTeX syntax error: {reason.strip()}"))
    for entry in library.entries:
        line = (entry.start_line or 0) + 1
        if not entry.key.strip():
            errors.append((line, f"@{entry.entry_type} entry without a key"))
        else:
            entries.append((_to_csl(entry, decode), line))
    errors.sort()
    return entries, errors


def _to_csl(entry: Any, decode: Any) -> dict:
    fields = {f.key.lower(): f.value for f in entry.fields}
    csl: dict[str, Any] = {"id": entry.key.strip(),
                           "type": _TYPES.get(entry.entry_type.lower(), "document")}
    for role in ("author", "editor", "translator"):
        if isinstance(fields.get(role), list) and fields[role]:
            csl[role] = [_name(parts, decode) for parts in fields[role]]
    for field, var in _FIELDS.items():
        value = fields.get(field)
        if var not in csl and isinstance(value, (str, int)) and str(value).strip():
            csl[var] = " ".join(str(value).split())
    if "page" in csl:  # "--" was decoded to an en dash; the formatter wants "-"
        csl["page"] = re.sub(r"\s*[\u2013\u2014-]+\s*", "-", csl["page"])
    if "number" in fields:  # an article's number is its issue; a report's, its number
        key = "issue" if csl["type"] == "article-journal" else "number"
        csl.setdefault(key, str(fields["number"]).strip())
    if issued := _date(fields.get("date"), fields.get("year"), fields.get("month")):
        csl["issued"] = issued
    if accessed := _date(fields.get("urldate")):
        csl["accessed"] = accessed
    return csl


def _name(parts: Any, decode: Any) -> dict[str, str]:
    """NameParts -> CSL name; a lone braced last name is an organisation (literal)."""
    join = lambda words: " ".join(decode(" ".join(words)).split())  # noqa: E731
    if not parts.first and not parts.von and len(parts.last) == 1 \
            and parts.last[0].startswith("{") and parts.last[0].endswith("}"):
        return {"literal": join(parts.last)}
    name = {"family": join(parts.last), "given": join(parts.first),
            "non-dropping-particle": join(parts.von), "suffix": join(parts.jr)}
    return {k: v for k, v in name.items() if v}


def _date(date: Any, year: Any = None, month: Any = None) -> dict | None:
    """BibLaTeX `date = 2021-03-22` or BibTeX year/month -> CSL date-parts."""
    if isinstance(date, str) and (m := _ISO_DATE.match(date.strip())):
        return {"date-parts": [[int(p) for p in m.groups() if p]]}
    if year is None or not str(year).strip()[:4].isdigit():
        return None
    parts = [int(str(year).strip()[:4])]
    if isinstance(month, int) and 1 <= month <= 12:
        parts.append(month)
    return {"date-parts": [parts]}
