"""NLM journal title abbreviations (AMA 11 abbreviates journal names as the NLM catalogue does).

The table `data/nlm-journals.tsv.gz` is NLM's own abbreviations (MedAbbr) from the NLM
Catalog as the Citation Style Language project exports them (github.com/
citation-style-language/abbreviations, `ncbi/json/`, MIT, the data public domain): journals
currently indexed for MEDLINE first, then MEDLINE and PubMed Central, then every journal
NCBI's databases reference; JabRef's NLM lists (CC0) fill in titles those lack. The file's
header names both commits; tools/build_nlm_journals.py rebuilds it. NLM's own files
(J_Medline.txt) cannot be downloaded here, and no public copy carrying ISSNs was found, so
titles are the only key. ISO 4 packages on PyPI were evaluated and not used: they abbreviate
word by word from the LTWA, so they never say "unknown" and differ from NLM where NLM has its
own form (JAMA, BMJ; "J ImmunoTher Cancer"), and `pyiso4` takes 0.7 s to load.

Titles are matched case- and punctuation-insensitively, without a leading "The", and also
without NLM's qualifiers (" : official journal of ...", "(Clinical research ed.)"), so that
"Journal of Clinical Oncology" finds "Journal of clinical oncology : official journal of the
American Society of Clinical Oncology". A qualifier key that maps to two abbreviations is
dropped rather than guessed.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib.resources import files
from typing import Optional

_QUALIFIER = re.compile(r"\s*(\([^()]*\)|\s:\s.*)$")
_WORD = re.compile(r"[^\w]+")


def _key(title: str) -> str:
    words = _WORD.sub(" ", title.replace("&", " and ").casefold()).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def _base(title: str) -> str:
    """A title without NLM's trailing qualifiers ("(London, England)", " : official ...")."""
    previous = None
    while previous != title:
        previous, title = title, _QUALIFIER.sub("", title)
    return title


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Title key -> abbreviation ("" for a key that is an abbreviation itself); read once.

    The file holds keys already normalized by `_key` (tools/build_nlm_journals.py writes
    it), so that reading it costs a dict build, not 20,000 regular-expression passes."""
    raw = files("leafwright.resolve").joinpath("data/nlm-journals.tsv.gz").read_bytes()
    lines = gzip.decompress(raw).decode("utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if line and not line.startswith("#"))


def build_table(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """The lookup table from (full title, NLM abbreviation) pairs, first pair winning."""
    exact: dict[str, str] = {}
    loose: dict[str, set[str]] = {}
    for full, abbreviation in pairs:
        abbreviation = _base(abbreviation) or abbreviation
        exact.setdefault(_key(full), abbreviation)
        loose.setdefault(_key(_base(full)), set()).add(abbreviation)
    for key, found in loose.items():
        if len(found) == 1 and key:
            exact.setdefault(key, next(iter(found)))
    for abbreviation in {a for found in loose.values() for a in found}:
        exact.setdefault(_key(abbreviation), "")
    exact.pop("", None)
    return exact


def nlm_abbreviation(title: str) -> Optional[str]:
    """The NLM abbreviation of a journal title, the title itself if it already is one,
    or None when the table does not know it."""
    key = _key(title)
    if not key:
        return None
    table = _table()
    found = table.get(key)
    if found is None:
        found = table.get(_key(_base(title)))
    return (found or title.strip()) if found is not None else None
