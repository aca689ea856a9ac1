"""Formatted references kept between builds, so a warm build does not import citeproc.

The key is everything the output is made of: the entries as given, the vendored AMA
style, the NLM journal list, the formatting code (this module and every leafwright module
it imports: `cache.code_version`) and the installed citeproc-py. One entry per
publication's batch (citeproc formats a bibliography as a whole), so an edit to any
reference formats the batch again. An entry that does not read back
as what `format_entries` returns is a miss, never an error.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..cache import cache_root, code_version, digest, installed, read_entry, write_entry
from .ama import Formatted, Problem
from .ama import format_entries as _format_entries

_KIND = "references"
# The data files whose change changes the formatted text (the code is found by code_version).
_DATA = ("styles/american-medical-association.csl", "data/nlm-journals.tsv.gz")


def format_entries(entries: list[dict]) -> list[Formatted]:
    """`ama.format_entries`, from the cache when these entries were formatted before."""
    if not entries:
        return []
    path = cache_root() / "references" / f"{_key(entries)}.json"
    cached = _decode(read_entry(path, _KIND), len(entries))
    if cached is not None:
        return cached
    done = _format_entries(entries)
    body = [{"markup": f.markup, "problems": [[p.lint, p.message] for p in f.problems]} for f in done]
    write_entry(path, json.dumps(body, ensure_ascii=False).encode("utf-8"), _KIND)
    return done


def _key(entries: list[dict]) -> str:
    text = json.dumps(entries, sort_keys=True, ensure_ascii=False, default=_tagged)
    return digest("references-v2", text, *_formatter_version())


def _tagged(value: Any) -> str:
    """Non-JSON values (a date YAML read) keyed by their type and value."""
    return f"{type(value).__module__}.{type(value).__qualname__}:{value!r}"


@lru_cache(maxsize=1)
def _formatter_version() -> tuple[str, ...]:
    here = Path(__file__).parent
    parts = [installed("citeproc"), code_version(__name__)]
    for name in _DATA:
        try:
            parts.append(digest((here / name).read_bytes()))
        except OSError:
            parts.append("missing")
    return tuple(parts)


def _decode(body: bytes | None, count: int) -> list[Formatted] | None:
    if body is None:
        return None
    try:
        items = json.loads(body.decode("utf-8"))
        out = [Formatted(item["markup"], tuple(Problem(lint, message) for lint, message in item["problems"]))
               for item in items]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if len(out) != count or not all(isinstance(f.markup, str) and all(
            isinstance(p.lint, str) and isinstance(p.message, str) for p in f.problems) for f in out):
        return None
    return out
