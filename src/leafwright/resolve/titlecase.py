"""AMA title case for the titles AMA capitalizes (books, reports, a chapter's book).

Done here, not by citeproc-py's `text-case="title"`: its stop-word list lowercases
prepositions of four or more letters ("with", "from", "into"), which AMA capitalizes
("Caring for the Patient With Cancer at Home"), and it capitalizes only the first part of
a hyphenated compound ("Long-term"; AMA: "Long-Term").

AMA (11th ed.) capitalizes the first and last words, the first word after
a colon, and every major word, and lowercases articles, coordinating conjunctions and
prepositions of three or fewer letters. A word that already has a capital or a digit
(mRNA, COVID-19, TeXbook, pH) is kept as written, and so is bracketed text, and text in
CSL-JSON rich-text tags that say so: `<span class="nocase">` (BibTeX's case-protecting
braces) and `<i>` (a species or a foreign term: "*E. coli*" stays lowercase).
"""

from __future__ import annotations

import re

_MINOR = frozenset("a an and as at but by for if in nor of off on or per so the to up via vs yet"
                   .split())
_TOKEN = re.compile(r"<[^<>]*>|\[[^\[\]]*\]|[^\s\[\]<]+|\s+|.", re.S)
_KEEP = ("<i>", '<span class="nocase">')


def title_case(text: str) -> str:
    """`text` in AMA title case (see the module docstring)."""
    tokens = _TOKEN.findall(text)
    kept, opened = set(), []  # indexes of words inside a tag that keeps case; open tags
    for i, t in enumerate(tokens):
        if t.startswith("<") and t.endswith(">") and len(t) > 1:
            if t.startswith("</"):
                opened = opened[:-1]
            else:
                opened.append(t in _KEEP)
        elif any(opened):
            kept.add(i)
    words = [i for i, t in enumerate(tokens) if not t.isspace() and not t.startswith("[")
             and not (t.startswith("<") and t.endswith(">") and len(t) > 1)]
    out = list(tokens)
    after_colon = True
    for n, i in enumerate(words):
        edge = after_colon or n == len(words) - 1
        if i not in kept:
            out[i] = "-".join(_word(part, edge and k == 0)
                              for k, part in enumerate(tokens[i].split("-")))
        after_colon = tokens[i].endswith((":", ".", "?", "!"))
    return "".join(out)


def _word(word: str, force: bool) -> str:
    core = word.strip("\"'‘’“”(")
    if not core or not core.islower() or any(c.isdigit() for c in core):
        return word
    if not force and core.rstrip(".,;:?!)”’\"'") in _MINOR:
        return word
    at = word.index(core[0])
    return word[:at] + word[at].upper() + word[at + 1:]
