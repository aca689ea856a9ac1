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
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

_MINOR = frozenset("a an and as at but by for if in nor of off on or per so the to up via vs yet"
                   .split())
_TOKEN = re.compile(r"<[^<>]*>|\[[^\[\]]*\]|[^\s\[\]<]+|\s+|.", re.S)
_KEEP = ("<i>", '<span class="nocase">')


def title_case(text: str) -> str:
    """`text` in AMA title case (see the module docstring)."""
    tokens = _TOKEN.findall(text)
    kept = _kept_words(tokens)
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


def _kept_words(tokens: list[str]) -> set[int]:
    """Indexes of the tokens inside a tag that keeps case (see `_KEEP`) or in brackets."""
    kept, opened = set(), []
    for i, t in enumerate(tokens):
        if t.startswith("<") and t.endswith(">") and len(t) > 1:
            if t.startswith("</"):
                opened = opened[:-1]
            else:
                opened.append(t in _KEEP or t in ("<sup>", "<sub>"))
        elif any(opened) or t.startswith("["):
            kept.add(i)
    return kept


# Sentence case ----------------------------------------------------------------------------

_EDGE = re.compile(r"^([^\w]*)(.*?)([^\w]*)$", re.S)
_PART = re.compile(r"[-\u2010\u2011\u2013]")
_TITLE_WORD = re.compile(r"^[A-Z][a-z]+(?:['’][a-z]+)?$")
# A word that names a body when it ends a run of capitalized words ("American Heart
# Association", "Johns Hopkins Hospital") and one that names a trial or group after an
# acronym ("the HomeBASE Trial", "CheckMate 214 Investigators"): kept, with the run.
_NAMES_A_BODY = frozenset("association associations hospital hospitals clinic center centre "
                          "centers centres service services board network group city county "
                          "state states province region island islands river valley bay lake "
                          "coast republic kingdom union school".split())
_NAMES_A_TRIAL = frozenset("trial trials study studies group investigators collaborative "
                           "collaboration consortium network registry program programme project "
                           "initiative cohort".split())
# A body's word and the words that carry its name on ("National Institutes of Health",
# "Centers for Disease Control and Prevention", "Ministry of Health").
_BODIES = frozenset("institute institutes centers centres center centre college colleges academy "
                    "ministry department society organization organisation association council "
                    "commission committee agency foundation school university federation "
                    "board office bureau".split())
_NAME_LINKS = frozenset("of for and on".split())
# Function words: a name does not reach back over them ("Patients With Parkinson").
_FUNCTION = _MINOR | frozenset("with from into onto upon about after before between among "
                               "against during without within through toward towards versus "
                               "than that this these those is are be was were its their our "
                               "your not no how what when where which who why".split())


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    text = files("leafwright.resolve").joinpath("data/sentence-case-words.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#")
                     for w in line.split())


def _common(word: str) -> bool:
    """Whether `word` (lower case) or its stem without a plural, verb or adverb ending
    (-s, -es, -ies, -ed, -d, -ing, -ly) is listed."""
    common = _common_words()
    word = re.sub(r"['’]s$", "", word)
    stems = [word]
    for ending, put in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                        ("d", ""), ("ing", ""), ("ing", "e"), ("ly", "")):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            stems.append(stem + put)
            if ending in ("ed", "ing") and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
                stems.append(stem[:-1])  # "admitted", "stopping"
    return any(s in common for s in stems)


@dataclass
class _Part:
    token: int  # index of its word among the tokens
    start: int  # where it starts in that word
    text: str
    kind: str  # "title" (Cased), "lower", "keep" (acronym, inner capital, digit, protected)
    joined: bool  # to the part before it, by a hyphen or a plain space
    first: bool  # the title's first word
    opens: bool  # the first word after a colon (a subtitle), "?" or "!"
    proper: bool = False
    carried: bool = False  # a name's words after "of", "for", "and" ("of Health")


def sentence_case(text: str) -> str:
    """`text`, a journal article's or a chapter's title, in AMA sentence case (AMA 11
    §3.9.1: capitalize only the first word, proper names, names of trials and groups and
    abbreviations; §3.10: a journal article's subtitle begins lower case).

    Only a title that looks Title-Cased is changed (at least two capitalized words of four
    or more letters, three times as many as lower-case ones): one in sentence case, or
    mixed, is the author's and stays as given. In a changed title a word is lowercased only
    when all of these hold, since a wrong lowercase ("parkinson disease") is worse than a
    capital kept:

    - it is capitalized and otherwise lower case ("Outcomes", "Long-Term"); a word with a
      capital inside or all capitals (mRNA, iPhone, PD-L1, DNA), a digit (COVID-19), or in
      markup that protects it (`<span class="nocase">`, which BibTeX braces become, `<i>`,
      `<sup>`, `<sub>`, brackets) is kept, and so is a single letter ("Vitamin A",
      "T-cell"), except a subtitle's opening "A";
    - it is not the title's first word;
    - it is a common English word: leafwright's own list, data/sentence-case-words.txt
      (function words and the common words of medical article titles, without the words
      that are also names: Down, Graves, Bell, March; and without the words that open
      names of places and bodies: New, United, National). Not a general dictionary: one
      large enough to hold every common word holds "down" and "graves" too, and no package
      installed here ships one that marks proper nouns;
    - it is not part of a name: a word right before a word kept as a name ("New York",
      "World Health Organization", "Non-Hodgkin"), a body's word after a name ("American
      Heart Association"), a trial's or group's word after an acronym ("HomeBASE Trial"),
      and the words a body's name carries on ("National Institutes of Health").

    Drug and gene names written capitalized ("Aspirin") are not on the list, so they stay
    as written, and so do the common words right before them; the title reads "Low-Dose
    Aspirin and stroke" rather than risk lowercasing a name. A title with fewer words to
    lowercase than names kept ("New York City" is one) is left as given: Title Case reads
    better than a half-converted title."""
    tokens = _TOKEN.findall(text)
    kept = _kept_words(tokens)
    parts = _parts(tokens, kept)
    content = [p for p in parts if not p.first and p.kind != "keep" and len(p.text) > 3]
    cased = sum(p.kind == "title" for p in content)
    if cased < 2 or cased < 3 * (len(content) - cased):
        return text
    _mark_names(parts)
    lowered = [p for p in parts if not p.first and not p.proper and (
        p.kind == "title" or p.kind == "keep" and p.opens and p.text == "A")]
    names = sum(p.proper and not p.first and not p.carried and not (
        n and p.joined and parts[n - 1].proper) for n, p in enumerate(parts))  # "New York City": 1
    if len(lowered) < names:
        return text  # more of it undecided than decided: as given, not half converted
    out = list(tokens)
    for p in reversed(lowered):  # right to left: each replacement keeps earlier offsets
        word = out[p.token]
        out[p.token] = word[:p.start] + p.text.lower() + word[p.start + len(p.text):]
    return "".join(out)


def _parts(tokens: list[str], kept: set[int]) -> list[_Part]:
    """The words of `tokens` cut at hyphens, each with what sentence case needs to know."""
    parts: list[_Part] = []
    joinable, opens, first = False, False, True
    for i, t in enumerate(tokens):
        if t.isspace():
            continue
        if t.startswith("<") or t.startswith("["):
            joinable = False
            if t.startswith("["):
                first = False
            continue
        lead, core, trail = _EDGE.match(t).groups()
        joined = joinable and not lead
        pos = len(lead)
        for k, piece in enumerate(_PART.split(core)):
            if piece:
                plain = re.sub(r"['’]s$", "", piece)
                kind = ("keep" if i in kept or not plain.isalpha() or len(plain) == 1 else
                        "title" if _TITLE_WORD.match(piece) else
                        "lower" if piece.islower() else "keep")
                parts.append(_Part(i, pos, piece, kind, joined if k == 0 else True,
                                   first and k == 0, opens and k == 0))
            pos += len(piece) + 1
        if core:
            first = False
            opens = trail.endswith((":", "?", "!"))
        joinable = bool(core) and not trail
    return parts


def _mark_names(parts: list[_Part]) -> None:
    """Mark the capitalized words that are (part of) a name: see `sentence_case`."""
    for p in parts:
        p.proper = p.kind == "title" and not _common(p.text.lower())
    for n, p in enumerate(parts):
        before = parts[n - 1] if n and p.joined else None
        if p.kind != "title" or before is None:
            continue
        word = p.text.lower()
        if word in _NAMES_A_BODY and _after_a_name(parts, n):
            p.proper = True
        if word in _NAMES_A_TRIAL and before.kind == "keep":
            p.proper = True
    for n in range(len(parts) - 2, -1, -1):  # right to left: "World Health Organization"
        p, after = parts[n], parts[n + 1]
        if p.kind == "title" and after.joined and after.proper \
                and p.text.lower() not in _FUNCTION:
            p.proper = True
    for n, p in enumerate(parts[:-1]):  # "Institutes of Health", "for Disease Control"
        link = parts[n + 1]
        if p.proper and link.kind == "lower" and link.text in _NAME_LINKS and n + 2 < len(parts) \
                and parts[n + 2].kind == "title" and p.text.lower() in _BODIES:
            m = n + 2
            while m < len(parts) and parts[m].kind == "title" and (m == n + 2 or parts[m].joined):
                parts[m].proper = parts[m].carried = True
                m += 1


def _after_a_name(parts: list[_Part], n: int) -> bool:
    """Whether the run of capitalized words joined to `parts[n]` holds a name or acronym."""
    while n and parts[n].joined and parts[n - 1].kind != "lower":
        n -= 1
        if parts[n].proper or parts[n].kind == "keep" and parts[n].text.isupper():
            return True
    return False
