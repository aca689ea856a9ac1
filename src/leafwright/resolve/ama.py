"""AMA (11th ed.) reference formatting: CSL-JSON dicts in, inline markup and problems out.

citeproc-py formats with the AMA style vendored in `styles/` (CC BY-SA 3.0, from the
Citation Style Language project, with one branch per kind of source a medical writer
cites: see the note at the top of that file). This module feeds it clean input, turns its
HTML into leafwright inline markup, and says what it could not do: a field the style did
not print, a journal without an NLM abbreviation, a journal article without a DOI.

Working around citeproc-py's quirks:

- it does not HTML-escape field text, so a title containing `<x>` or `&` would be
  indistinguishable from its own tags, and an entity at the end of a field ("Q &gt;")
  looks to it like a ";" that swallows the next delimiter: `&`, `<` and `>` travel as
  private-use characters (`_protect`) and come back on the way out, where every text run
  is `escape()`d for our markup;
- it prints its own number ("1.Clark ..."): stripped, the caller numbers;
- it lowercases ids (so `Smith2019` and `smith2019` would collide): we pass our own;
- CSL's rule that a variable used by `<substitute>` is suppressed elsewhere fails when
  the substitute is a macro, so an author-less book printed its title twice: see
  `_AUTHOR_PLACEHOLDER`;
- it knows CSL 1.0.1's `event`, not 1.0.2's `event-title`: renamed on the way in;
- it ignores the style's page-range-format="expanded" ("688-96"): we expand pages;
- it keeps the group delimiter after a title ending in "?" or "!" ("dead?. J"): dropped;
- one malformed entry makes the whole batch raise: we then format entry by entry and
  fall back to the bare title for the one that still fails.
"""

from __future__ import annotations

import html
import re
import warnings
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from leafwright.dates import iso_date
from leafwright.resolve.inline import escape
from leafwright.resolve.journals import nlm_abbreviation
from leafwright.resolve.titlecase import title_case

# Author-less entries get this as a literal author, so that the style prints the title
# once, in the title position (with its italics), instead of once as the substitute for
# the author and again as the title. The placeholder and its ". " are then removed.
_AUTHOR_PLACEHOLDER = "\ue000"

_NUMBER = re.compile(r"^\s*\d+\.\s*")
# The editors' label, when they translated too (AMA: "Bland KP, ed and trans.")
_ED_TRANS = re.compile(r"(, eds?)\.(?= )")
_TAG = re.compile(r"<(/?)(i|b|sup|sub|u|l|span)\b[^>]*>")
_ANY_TAG = re.compile(r"<[^>]*>")
_MARK = {"i": "*", "b": "**", "sup": "^", "sub": "~"}  # <u>, <l>, small caps: plain
_NAMES = {"author", "editor", "translator", "container-author", "collection-editor",
          "composer", "director", "editorial-director", "illustrator", "interviewer",
          "original-author", "recipient", "reviewed-author"}
_DATES = {"issued", "accessed", "event-date", "original-date", "submitted"}
_RANGE = re.compile(r"^([A-Za-z]*)(\d+)\s*[-\u2010-\u2015]+\s*([A-Za-z]*)(\d+)$")
_PERIODICALS = {"article", "article-journal", "article-magazine", "article-newspaper",
                "periodical", "review", "review-book"}
# leafwright's names for CSL variables citeproc-py knows under another name. `updated`
# (a web page's or registry record's "Updated" date) has no CSL variable: it travels as
# `submitted`, a date AMA never prints, and the style prints it as "Updated DATE".
_RENAMED = {"event-title": "event", "updated": "submitted"}
# Fields AMA 11 leaves out by rule (identifiers, indexing, abstracts, the short title, a
# URL or access date where a DOI is given): not printed and not warned about.
_NEVER_PRINTED = {"id", "type", "ISSN", "ISBN", "PMID", "PMCID", "abstract", "keyword",
                  "language", "source", "call-number", "archive", "archive_location",
                  "archive-location", "archive-place", "dimensions", "number-of-pages",
                  "number-of-volumes", "title-short", "shortTitle", "container-title-short",
                  "journalAbbreviation", "citation-key", "citation-label", "annote", "medium",
                  "references", "scale"}
# The titles the style italicizes, and a chapter's book title, are in title case (AMA).
_TITLE_CASED = {"book", "graphic", "legal_case", "motion_picture", "report", "song", "thesis"}
_IN_BOOK = {"chapter", "entry", "entry-dictionary", "entry-encyclopedia", "paper-conference"}
_WHY_NOT = {"publisher-place": "AMA 11 leaves out the place of publication"}
# Hyphens a font may lack (Crossref and Wiley deliver U+2010 in titles): ASCII's.
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})
# AMA 11 §3.15.8: a registry record's label, by what a reference manager calls the site.
_REGISTRIES = {"clinicaltrials.gov": "ClinicalTrials.gov", "eudract": "EudraCT",
               "eu clinical trials register": "EudraCT", "eu ctr": "EudraCT",
               "clinicaltrialsregister.eu": "EudraCT", "isrctn": "ISRCTN",
               "isrctn registry": "ISRCTN", "anzctr": "ANZCTR",
               "australian new zealand clinical trials registry": "ANZCTR"}
# A `genre` that only says the item is a talk: AMA prints "Presented at:", not the genre.
_BARE_TALK = {"presentation", "conference presentation", "talk", "lecture", "speech"}
_FIRST_EDITION = re.compile(r"^\s*(?:1|1st|first)(?:\s*ed(?:ition|\.)?)?\s*$", re.I)


@dataclass(frozen=True)
class Problem:
    """Something to tell the writer about one reference; `lint` names the switch in
    publication.yaml `lints:` that turns it off."""

    lint: str  # "doi" | "journal-abbreviation" | "unprinted-field"
    message: str
    field: str = ""  # the CSL field it is about, so the warning can point at its line


@dataclass(frozen=True)
class Formatted:
    markup: str
    problems: tuple[Problem, ...] = ()


def format_references(entries: list[dict]) -> list[str]:
    """Format CSL-JSON `entries` in AMA style, in order, as inline markup (no numbers)."""
    return [f.markup for f in format_entries(entries)]


def format_entries(entries: list[dict]) -> list[Formatted]:
    """Each entry formatted, with what it lost or lacks (see `Problem`)."""
    if not entries:
        return []
    entries = [_as_exported(entry) for entry in entries]
    cleaned = [_clean(entry, f"r{i}") for i, entry in enumerate(entries)]
    try:
        rendered = _render([c for c, _ in cleaned])
    except Exception:  # one bad entry spoils the batch; isolate it
        rendered = []
        for c, _ in cleaned:
            try:
                rendered.extend(_render([c]))
            except Exception:
                rendered.append(None)
    out = []
    for entry, (clean, problems), html_text in zip(entries, cleaned, rendered):
        if html_text is None:  # never silently: the writer learns it printed as its title
            out.append(Formatted(escape(unmarked(_plain(entry.get("title") or entry.get("id") or ""))),
                                 (Problem("unprinted-field", "could not be formatted in AMA "
                                          "style: only its title is printed"),)))
            continue
        if entry.get("translator") and "translator" not in clean:
            html_text = _ED_TRANS.sub(r"\1 and trans.", html_text, count=1)
        markup = _no_breaks(_link_ids(_to_markup(html_text, entry)).replace("et al., ed", "et al, ed"),
                            _plain(entry.get("type")) in _PERIODICALS - {"article-newspaper"})
        printed = _printed_text(html_text)
        out.append(Formatted(markup, tuple(problems) + _unprinted(entry, clean, printed)))
    return out


_SUPPL = re.compile(r"\b(suppl)\s+(?=\w+\))")
_ET_AL = re.compile(r"\bet al\b")
_JOURNAL_RUN = re.compile(r"(?<=\. )\*([^*\n]+)\*(?=\. )")
_SHORT_WORD = re.compile(r"(?<![\w\u00a0])([A-Z][A-Za-z]{0,2}) (?=\S)")


def _no_breaks(markup: str, journal: bool) -> str:
    """No-break spaces where AMA never breaks a line: "(suppl 1)", "et al", and after a
    journal abbreviation's short words ("J Immunother", "N Engl J Med"). Only the short
    words are tied, not the whole abbreviation: a MEDLINE abbreviation runs to 61
    characters, and a word wider than its column is an error, never cut."""
    markup = _SUPPL.sub("\\1\u00a0", markup)
    markup = _ET_AL.sub("et\u00a0al", markup)
    if not journal:
        return markup
    return _JOURNAL_RUN.sub(lambda m: "*" + _SHORT_WORD.sub("\\1\u00a0", m[1]) + "*", markup)


def _style_path() -> str:
    return str(files("leafwright.resolve").joinpath("styles/american-medical-association.csl"))


def _render(cleaned: list[dict]) -> list[str]:
    # Imported here: citeproc costs ~0.1 s and only publications with references need it.
    from citeproc import (Citation, CitationItem, CitationStylesBibliography,
                          CitationStylesStyle, formatter)
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():  # it warns about every variable it does not know
        warnings.simplefilter("ignore")
        style = CitationStylesStyle(_style_path(), validate=False)
        bib = CitationStylesBibliography(style, CiteProcJSON(cleaned), formatter.html)
        for item in cleaned:
            bib.register(Citation([CitationItem(item["id"])]))
        return [str(item) for item in bib.bibliography()]


_DOI = re.compile(r"doi:(10\.\S+?)(?=\.?(?:\s|$))")
_URL = re.compile(r"(?<![(\[])\b(https?://[^\s\[\]()]+?)(?=\.?(?:\s|$))")


def _link_ids(markup: str) -> str:
    """DOIs and URLs become links, so the screen variant can open them."""
    markup = _URL.sub(lambda m: f"[{m[1]}]({m[1]})", markup)
    return _DOI.sub(lambda m: f"[doi:{m[1]}](https://doi.org/{m[1]})", markup)


_DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def _as_exported(entry: dict) -> dict:
    """Reference managers' spellings: Zotero's `journalAbbreviation`, a DOI as a link."""
    entry = dict(entry)
    if entry.get("journalAbbreviation") and not entry.get("container-title-short"):
        entry["container-title-short"] = entry.pop("journalAbbreviation")
    if isinstance(entry.get("DOI"), str):
        entry["DOI"] = _DOI_PREFIX.sub("", entry["DOI"]).strip()
    return entry


def _clean(entry: dict, new_id: str) -> tuple[dict[str, Any], list[Problem]]:
    """A copy citeproc can digest (known keys only, HTML-escaped text, numeric dates),
    with the journal abbreviation filled in, and the problems found on the way."""
    from citeproc import VARIABLES

    known = {v.replace("_", "-") for v in VARIABLES}
    kind = _plain(entry.get("type") or "document")
    # CSL title-cases English items only: "Les rites de passage" stays as written
    english = _plain(entry.get("language") or "en").lower().startswith("en")
    out: dict[str, Any] = {"id": new_id, "type": kind}
    for key, value in entry.items():
        key = _RENAMED.get(key, key)
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
            out[key] = _protect(_pages(_plain(value).translate(_HYPHENS)))
        else:
            text = _rich(_plain(value).translate(_HYPHENS))
            if key == "version":  # the style says "Version"; "v3.2021" or "Version 3" once
                text = re.sub(r"^(?:version\s*|v(?=\d))", "", text, flags=re.I)
            if english and (key == "title" and (kind in _TITLE_CASED or kind in ("document", "pamphlet")
                                    and not entry.get("genre"))) \
                    or english and (key == "container-title" and kind in _IN_BOOK):
                text = title_case(text)
            out[key] = text
    _ama_rules(entry, kind, out)
    if supplement := _plain(entry.get("supplement-number") or ""):  # citeproc-py lacks it
        out["issue"] = " ".join(filter(None, [out.get("issue"), _protect(f"suppl {supplement}")]))
    if kind == "patent":
        _patent(out)
    if out.get("translator") and out.get("translator") == out.get("editor"):
        del out["translator"]  # "Bland KP, ed and trans." (see `_ED_TRANS`), not twice
    if _norm(unmarked(out.get("genre", ""))) == _norm(unmarked(out.get("title", "-"))):
        del out["title"]  # "Data on file. Data on file.": the genre's form, once
    if not any(k in out for k in ("author", "editor", "composer")):
        out["author"] = [{"literal": _AUTHOR_PLACEHOLDER}]
    problems: list[Problem] = []
    if kind in _PERIODICALS and kind != "article-newspaper":
        problems += _journal(entry, out)
    return out, problems


def _ama_rules(entry: dict, kind: str, out: dict) -> None:
    """AMA 11 chapter 3 rules that CSL cannot say, each with its section."""
    if _FIRST_EDITION.match(unmarked(out.get("edition", ""))):
        del out["edition"]  # §3.12.1: "do not indicate first edition"
    if "publisher" in out:  # §3.12.2 and §13.x: "Alfred A Knopf", "Dept of Health"
        out["publisher"] = publisher_name(out["publisher"])
    if kind == "article-newspaper":  # §3.13.1: not abbreviated, section with the page
        out.pop("container-title-short", None)
        if "container-title" in out:
            out["container-title"] = re.sub(r"^The\s+", "", out["container-title"])
        section = unmarked(out.get("section", ""))
        if out.get("page") and re.fullmatch(r"[A-Za-z]{1,2}\d*", section):
            out["page"] = section + out["page"]
            del out["section"]
    if kind == "webpage" and out.get("number") and "container-title" in out:  # §3.15.8
        site = _norm(unmarked(_unprotect(out["container-title"])))
        out["container-title"] = _protect(_REGISTRIES.get(site, _unprotect(out["container-title"])))
    if _norm(unmarked(out.get("genre", ""))) in _BARE_TALK and out.get("event"):
        del out["genre"]  # §3.13.4: "Presented at:", not "Presentation presented at:"
    if isinstance(entry.get("author"), list) and (names := _with_group(out.get("author", []))):
        out["author"] = [{"literal": names}]


def publisher_name(name: str) -> str:
    """A publisher as AMA 11 prints it: no periods after initials or abbreviations
    ("Alfred A. Knopf" -> "Alfred A Knopf", "Inc." -> "Inc"), "Department" -> "Dept"."""
    name = re.sub(r"\bDepartment\b", "Dept", name)
    name = re.sub(r"\b(Inc|Co|Corp|Ltd|Dept|Bros|Assn|Univ|Natl|Intl)\.", r"\1", name)
    return re.sub(r"\b([A-Z])\.(?=[\sA-Z,;]|$)", r"\1", name)


def _with_group(names: list[dict]) -> str:
    """AMA 11 §3.7.2: a list with a group author, as one string, in the order given:
    persons separated by commas (more than 6: the first 3 and "et al"), a group by
    semicolons ("Doe JF, Roe JP III, Coe RT Jr, et al; Laser ROP Study Group").
    "" when the list has no group and a person."""
    persons = [n for n in names if "literal" not in n]
    if len(persons) == len(names) or not persons:
        return ""
    keep = persons[:3] if len(persons) > 6 else persons
    runs: list[list[str]] = []
    last_person = False
    for n in names:
        if "literal" in n:
            runs.append([n["literal"]])
        elif any(n is k for k in keep):
            if not last_person:
                runs.append([])
            runs[-1].append(_initialed(n) + (", et al" if n is keep[-1] and keep != persons else ""))
        last_person = "literal" not in n
    return "; ".join(", ".join(run) for run in runs if run)


def _initialed(name: dict) -> str:
    """"Franklin N., Jr" -> "Adkinson NF Jr"; "Xiao-Ling" -> "X-L" (AMA keeps the hyphen)."""
    family = " ".join(filter(None, [name.get("non-dropping-particle"), name.get("family")]))
    initials = "".join("-".join(part[:1].upper() for part in word.split("-"))
                       for word in re.split(r"[\s.]+", name.get("given", "")) if word)
    return " ".join(filter(None, [family, initials, name.get("suffix")]))


def _patent(out: dict) -> None:
    """AMA's patent: "Inventors, inventors; Holder, assignee. Title. US patent 5,668,842."
    The inventors travel as `composer` (see the style's locale); CSL has no assignee, so
    the holder is the publisher, labelled here."""
    if "author" in out:
        out["composer"] = out.pop("author")
    if holder := out.get("publisher"):
        many = [h.strip() for h in holder.split(";") if h.strip()]  # BibTeX's `holder`s
        out["publisher"] = ", ".join(many) + (", assignees" if len(many) > 1 else ", assignee")
    number, genre = out.get("number", ""), out.get("genre", "")
    if number.isdigit() and len(number) > 4 and genre.lower().startswith("us"):
        out["number"] = f"{int(number):,}"


def _journal(entry: dict, out: dict) -> list[Problem]:
    """The NLM abbreviation in `container-title-short`, and the journal lints."""
    problems = []
    journal = unmarked(_plain(entry.get("container-title") or ""))
    if journal and not entry.get("container-title-short"):
        abbreviation = nlm_abbreviation(journal)
        if abbreviation:
            out["container-title-short"] = _protect(abbreviation)
        else:
            problems.append(Problem("journal-abbreviation", (
                f"journal '{journal}' is not in leafwright's NLM list: printed in full; "
                f"give its NLM abbreviation as container-title-short"), "container-title"))
    if entry.get("type") == "article-journal" and not entry.get("DOI"):
        problems.append(Problem("doi", "journal article without a DOI (AMA 11 asks for one)"))
    return problems


def _unprinted(entry: dict, clean: dict, printed: str) -> tuple[Problem, ...]:
    """A problem for each field of `entry` whose content is not in the printed text."""
    missing = []
    for key, value in entry.items():
        if key in _NEVER_PRINTED or value in (None, "", [], {}):
            continue
        if key in ("URL", "accessed") and entry.get("DOI"):
            continue  # AMA 11: the DOI replaces the URL and the access date
        if key == "container-title" and clean.get("container-title-short") \
                and _plain(entry.get("type")) in _PERIODICALS:
            continue  # printed as its abbreviation
        if not _shows(_RENAMED.get(key, key), value, clean, printed):
            missing.append(key)
    return tuple(Problem("unprinted-field", f"field '{key}' is not printed"
                         + (f" ({_WHY_NOT[key]})" if key in _WHY_NOT else
                            "" if key in _known_keys() else " (not a field the formatter knows)"),
                         key)
                 for key in missing)


def _known_keys() -> set[str]:
    from citeproc import VARIABLES

    return {v.replace("_", "-") for v in VARIABLES} | set(_RENAMED) | {"supplement-number"}


def _shows(key: str, value: Any, clean: dict, printed: str) -> bool:
    """Whether the printed text carries `value` (compared without case, space or dashes)."""
    if key == "supplement-number":  # printed within the issue (see `_clean`)
        return f"suppl {_norm(_plain(value))}" in printed
    if key == "edition" and key not in clean and _FIRST_EDITION.match(_plain(value)):
        return True  # AMA leaves out a first edition
    if key == "genre" and key not in clean and _norm(_plain(value)) in _BARE_TALK:
        return "presented at" in printed
    if key == "section" and key not in clean:  # printed before the page ("A24")
        page = _norm(_unprotect(clean.get("page", "")))
        return page.startswith(_norm(_plain(value))) and page in printed
    if key == "translator" and key not in clean:  # the editor (see `_clean`)
        return " and trans" in printed
    if key == "title" and key not in clean:  # the same as the genre (see `_clean`)
        return _norm(_unprotect(unmarked(_plain(value)))) in printed
    if key not in clean and key != "author":
        return False
    if key in _NAMES or key == "author":
        names = clean.get(key) or clean.get("composer") or []
        first = names[0] if names else {}
        word = first.get("literal") or first.get("family") or ""
        return _norm(_unprotect(word)) in printed
    if key in _DATES:
        parts = (clean[key].get("date-parts") or [[]])[0]
        shown = str(parts[0]) if parts else _unprotect(clean[key].get("literal", ""))
        return _norm(shown) in printed and (key != "accessed" or "accessed" in printed)
    text = _norm(_unprotect(_ANY_TAG.sub("", str(clean[key]))))
    if key == "container-title":  # a journal prints without periods ("J Organomet Chem")
        return text.replace(".", "") in printed.replace(".", "")
    if key == "edition" and text.isdigit():
        return f"{text}{_ordinal(int(text))} ed" in printed
    # as a whole word: a version "3" is not printed by a URL ending "v3"
    return re.search(rf"(?<!\w){re.escape(text)}(?!\w)", printed) is not None


def _ordinal(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _norm(text: str) -> str:
    text = re.sub(r"[\u2010-\u2015]", "-", text.casefold())
    return " ".join(text.split()).rstrip(".")


def _printed_text(rendered: str) -> str:
    return _norm(_unprotect(html.unescape(_ANY_TAG.sub("", rendered))))


_PROTECT = str.maketrans({"&": "\ue001", "<": "\ue002", ">": "\ue003"})
_UNPROTECT = str.maketrans({"\ue001": "&", "\ue002": "<", "\ue003": ">"})


def _protect(text: str) -> str:
    return text.translate(_PROTECT)


def _unprotect(text: str) -> str:
    return text.translate(_UNPROTECT)


# CSL-JSON rich text (the convention citeproc-js reads and BibTeX loading writes): these
# tags in a field are markup; any other `<`, `&` or `>` is text and prints as itself.
_RICH = re.compile(r'<(/?)(i|b|sup|sub)>|<span\s+class="nocase">|'
                   r'<span\s+style="font-variant:\s*small-caps;?">|</span>')


def _rich(text: str) -> str:
    """`text` ready for citeproc: markup tags kept (an unbalanced one is text), every
    other `&`, `<`, `>` protected (see the module docstring)."""
    out: list[str] = []
    open_at: list[tuple[int, str, str]] = []  # unclosed tags: index in out, name, as written
    pos = 0
    for m in _RICH.finditer(text):
        out.append(_protect(text[pos:m.start()]))
        pos = m.end()
        tag = m[2] or "span"
        if m[1] or m[0] == "</span>":  # a closing tag closes the innermost open one
            if open_at and open_at[-1][1] == tag:
                open_at.pop()
                out.append(f"</{tag}>")
            else:
                out.append(_protect(m[0]))
            continue
        open_at.append((len(out), tag, m[0]))
        out.append(m[0] if tag != "span" else
                   '<span class="nocase">' if "nocase" in m[0] else '<span class="sc">')
    out.append(_protect(text[pos:]))
    for at, _, written in open_at:  # never closed: it was text after all
        out[at] = _protect(written)
    return "".join(out)


def unmarked(text: str) -> str:
    """`text` without its rich-text tags (for a lookup or a message)."""
    return _RICH.sub("", text)


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
        if (pre2 or pre1) == pre1 and first == last:  # "564-564" (Crossref): one page
            parts.append(f"{pre1}{first}")
            continue
        if len(last) < len(first) and (pre2 or pre1) == pre1:
            last = first[: len(first) - len(last)] + last
        parts.append(f"{pre1}{first}-{pre2 or pre1}{last}")
    return ", ".join(parts)


def _name(name: Any) -> dict[str, str] | None:
    if isinstance(name, str):
        return {"literal": _protect(name.strip())} if name.strip() else None
    if not isinstance(name, dict):
        return None
    keys = ("literal",) if name.get("literal") else (
        "family", "given", "dropping-particle", "non-dropping-particle", "suffix")
    parts = {k: _protect(_plain(name[k])) for k in keys if name.get(k)}
    if "suffix" in parts:  # AMA 11 §3.7: "Adkinson NF Jr", no period ("Jr." from BibTeX)
        parts["suffix"] = re.sub(r"\b(Jr|Sr)\.$", r"\1", parts["suffix"])
    return parts or None


def _date(value: Any) -> dict | None:
    """Accept CSL `{date-parts: [[y, m, d]]}` (two for a range), `{literal: ...}`, an ISO
    date ("2021-03-22", as YAML writes it) or a bare year."""
    raw = value.get("raw") if isinstance(value, dict) else value
    if isinstance(raw, (int, str)) and (iso := iso_date(str(raw))):
        value = iso
    if not isinstance(value, dict):
        return None
    if value.get("literal"):
        return {"literal": _protect(_plain(value["literal"]))}
    date_parts = value.get("date-parts") or []
    if not isinstance(date_parts, list) or not all(isinstance(d, list) for d in date_parts):
        date_parts = [date_parts if isinstance(date_parts, list) else [date_parts]]
    parts = []
    for dp in date_parts:
        nums = [int(p) for p in (dp if isinstance(dp, list) else [dp])
                if str(p).strip().isdigit()][:3]
        if len(nums) > 1 and not 1 <= nums[1] <= 12:  # citeproc prints "Published 1, 2019"
            nums = nums[:1]
        if len(nums) > 2 and not 1 <= nums[2] <= 31:
            nums = nums[:2]
        if nums:
            parts.append(nums)
    if len(parts) > 1:  # citeproc-py garbles ranges ("20,–24, June 2004")
        return {"literal": _date_range(parts[0], parts[1])}
    return {"date-parts": parts} if parts else None


def _date_range(first: list[int], last: list[int]) -> str:
    """AMA's date ranges: "June 20-24, 2004", "September 30-October 2, 2002",
    "December 30, 2003-January 2, 2004", "2019-2020"."""
    def md(parts: list[int]) -> str:
        if len(parts) < 2 or not 1 <= parts[1] <= 12:
            return ""
        return _MONTHS[parts[1] - 1] + (f" {parts[2]}" if len(parts) > 2 else "")

    (y1, m1), (y2, m2) = (first[0], md(first)), (last[0], md(last))
    if y1 != y2 or not m1 or not m2:
        return f"{m1 + ', ' if m1 else ''}{y1}-{m2 + ', ' if m2 else ''}{y2}"
    if m1.split()[0] == m2.split()[0] and len(last) > 2:
        return f"{m1}-{last[2]}, {y1}"
    return f"{m1}-{m2}, {y1}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _to_markup(rendered: str, entry: dict) -> str:
    """citeproc HTML -> inline markup: tags become `*`/`**`/`^`/`~`, text is escaped.
    Italics inside italics (a species in a book title) print roman, as CSL has it."""
    rendered = re.sub(r"<(i|b|sup|sub)></\1>", "", _NUMBER.sub("", rendered, count=1))
    runs: list[tuple[str, tuple[str, ...]]] = []
    depth = dict.fromkeys(_MARK, 0)
    pos = 0
    for tag in [*_TAG.finditer(rendered), None]:
        end = tag.start() if tag else len(rendered)
        styles = tuple(s for s in _MARK if depth[s] % 2 if s == "i") + tuple(
            s for s in _MARK if s != "i" and depth[s])
        runs.append((_unprotect(html.unescape(rendered[pos:end])), styles))
        if tag is None:
            break
        if tag.group(2) in depth:
            depth[tag.group(2)] += -1 if tag.group(1) else 1
        pos = tag.end()
    text = _styled(runs)
    # The placeholder author sits first, followed by the group delimiter ". " (or by
    # the final "." when the entry has nothing else).
    text = re.sub("^" + _AUTHOR_PLACEHOLDER + r"\.\s*", "", text)
    text = text.replace(_AUTHOR_PLACEHOLDER, "").strip()
    text = re.sub(r"([?!]\**)\.(?=\s|$)", r"\1", text)
    return text or escape(unmarked(_plain(entry.get("title") or entry.get("id") or "")))


def _styled(runs: list[tuple[str, tuple[str, ...]]]) -> str:
    """Text runs with their styles as inline markup. Marks open and close around words,
    never next to a space ("*A* B", not "*A *B"), which the markup would read as nesting."""
    out: list[str] = []
    stack: list[str] = []
    pending = ""
    for text, styles in runs:
        core = text.strip()
        if not core:
            pending += text
            continue
        lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        pending += lead
        keep = 0
        while keep < min(len(stack), len(styles)) and stack[keep] == styles[keep]:
            keep += 1
        out.extend(_MARK[s] for s in reversed(stack[keep:]))
        out.append(pending)
        out.extend(_MARK[s] for s in styles[keep:])
        stack = list(styles)
        out.append(escape(core))
        pending = trail
    out.extend(_MARK[s] for s in reversed(stack))
    out.append(pending)
    return "".join(out)
