"""Formatted references are cached on disk: reused when nothing changed, formatted again
when an entry changes, and a damaged cache file is formatted again, never a traceback."""

from __future__ import annotations

import json

import pytest

from leafwright.cache import write_entry
from leafwright.resolve import refcache
from leafwright.resolve.ama import format_entries as uncached

ENTRY = {"id": "smith", "type": "article-journal", "title": "A trial of aldesleukin",
         "author": [{"family": "Smith", "given": "Ann"}], "container-title": "Journal of Clinical Oncology",
         "volume": 12, "page": "688-96", "issued": {"date-parts": [[2019]]}, "DOI": "10.1000/x1"}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LEAFWRIGHT_CACHE", str(tmp_path))
    return tmp_path / "references"


def files(cache):
    return sorted(cache.glob("*.json"))


def test_a_warm_call_reads_the_cache(cache):
    first = refcache.format_entries([ENTRY])
    assert first == uncached([ENTRY])
    [path] = files(cache)
    # What the cache holds is what comes back: the second call does not format.
    write_entry(path, json.dumps([{"markup": "FROM CACHE", "problems": [["doi", "x"]]}]).encode(), "references")
    again = refcache.format_entries([ENTRY])
    assert again[0].markup == "FROM CACHE" and again[0].problems[0].lint == "doi"


def test_a_changed_reference_is_formatted_again(cache):
    before = refcache.format_entries([ENTRY])
    after = refcache.format_entries([{**ENTRY, "title": "A second trial of aldesleukin"}])
    assert len(files(cache)) == 2
    assert "second trial" in after[0].markup and "second trial" not in before[0].markup
    assert refcache.format_entries([{**ENTRY, "issued": {"date-parts": [[2020]]}}])[0].markup != before[0].markup


@pytest.mark.parametrize("garbage", [b"", b"\x00\xff junk", b'leafwright-references 00\n[]', None])
def test_a_damaged_entry_is_formatted_again(cache, garbage):
    good = refcache.format_entries([ENTRY])
    [path] = files(cache)
    if garbage is None:  # intact digest, wrong shape: one item for two entries is not trusted
        write_entry(path, json.dumps([{"markup": 3}]).encode(), "references")
    else:
        path.write_bytes(garbage)
    assert refcache.format_entries([ENTRY]) == good
    assert refcache.format_entries([ENTRY]) == good  # and the file was healed
    assert path.read_bytes().startswith(b"leafwright-references ")
