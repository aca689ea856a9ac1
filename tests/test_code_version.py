"""Every cache keys its entries by `cache.code_version`: the source of the caching code and of
every leafwright module it imports, found by reading the imports, so no list can go stale
(refcache once listed its modules by hand and missed load/model.py, whose iso_date it uses)."""

from __future__ import annotations

import pytest

from leafwright import cache


@pytest.fixture
def edit(monkeypatch):
    """Pretend a module's source was edited: `edit("load/model.py")` changes what is read."""
    def apply(suffix: str) -> None:
        real = cache._read
        monkeypatch.setattr(cache, "_read", lambda path: real(path) + (
            b"\n# edited\n" if path.as_posix().endswith(suffix) else b""))
        clear()

    def clear() -> None:
        cache.code_version.cache_clear()
        cache._module.cache_clear()

    clear()
    yield apply
    clear()


@pytest.mark.parametrize("user, edited", [
    ("leafwright.resolve.refcache", "dates.py"),  # refcache -> ama -> dates (iso_date)
    ("leafwright.resolve.refcache", "resolve/inline.py"),  # ama -> inline (escape)
    ("leafwright.resolve.numformat", "resolve/binomial.py"),  # imported inside a function
    ("leafwright.layout.charts.draw", "layout/charts/place.py"),  # draw -> place
    ("leafwright.layout.charts.convert", "load/theme.py"),  # convert -> palette -> load.theme
])
def test_editing_an_imported_module_changes_the_version(edit, user, edited):
    before = cache.code_version(user)
    edit(edited)
    assert cache.code_version(user) != before


def test_editing_a_module_not_imported_keeps_the_version(edit):
    before = cache.code_version("leafwright.resolve.numformat")
    edit("layout/pages.py")
    assert cache.code_version("leafwright.resolve.numformat") == before


def test_the_chart_key_follows_the_drawing_code(edit):
    from leafwright.layout.charts.spec import _code_version

    before = _code_version()
    edit("layout/charts/draw.py")  # imported by nothing spec.py imports: named by spec.py
    assert _code_version() != before


def test_the_import_forms_the_scan_reads():
    source = b'''
from __future__ import annotations
import leafwright.exact as exact, os
from .. import diagnostics, markers as mk
from .inline import (
    escape,  # a comment
    Text,
)
def f():
    from ..load.model import iso_date
    from . import binomial
'''
    found = cache._imported("leafwright.resolve.x", False, source)
    assert {"leafwright.exact", "leafwright", "leafwright.diagnostics", "leafwright.markers",
            "leafwright.resolve.inline", "leafwright.resolve.inline.Text", "leafwright.load.model",
            "leafwright.resolve", "leafwright.resolve.binomial"} <= found
    assert cache._imported("leafwright.resolve", True, b"from .data import x\n") >= {"leafwright.resolve.data"}


def test_a_name_that_is_not_a_leafwright_module_is_an_error():
    with pytest.raises(ValueError, match="not a leafwright module"):
        cache.code_version("leafwright.resolve.nothing")
    with pytest.raises(ValueError):
        cache.code_version("json")


def test_editing_iso_date_misses_the_reference_cache(edit):
    """The issue's case: iso_date (dates.py, once load/model.py) shapes formatted dates, so it keys the entries."""
    from leafwright.resolve import refcache

    entries = [{"id": "a", "type": "book", "title": "T", "issued": {"raw": "2020-01"}}]
    refcache._formatter_version.cache_clear()
    before = refcache._key(entries)
    edit("dates.py")
    refcache._formatter_version.cache_clear()
    try:
        assert refcache._key(entries) != before
    finally:
        refcache._formatter_version.cache_clear()
