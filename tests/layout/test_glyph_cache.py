"""Glyph coverage is cached by the font file's content: a replaced font is read again, a
damaged cache entry is read again from the font, and both give fontTools' own answer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import reportlab

from leafwright.layout import glyphs
from leafwright.load.fonts import packaged_source_sans

VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"


def truth(path: Path) -> frozenset:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LEAFWRIGHT_CACHE", str(tmp_path / "cache"))
    glyphs._coverage.cache_clear()  # every read below is a new process's read
    yield tmp_path / "cache" / "glyphs"
    glyphs._coverage.cache_clear()


def source_sans() -> Path:
    return Path(packaged_source_sans()["regular"])


def test_coverage_is_cached_and_exact(cache, tmp_path):
    font = tmp_path / "body.ttf"
    shutil.copy(source_sans(), font)
    assert glyphs._cmap(font) == truth(font)
    assert len(list(cache.glob("*.txt"))) == 1
    glyphs._coverage.cache_clear()
    assert glyphs._cmap(font) == truth(font)  # read back from the entry
    assert len(list(cache.glob("*.txt"))) == 1


def test_a_replaced_font_is_read_again(cache, tmp_path):
    font = tmp_path / "body.ttf"
    shutil.copy(source_sans(), font)
    before = glyphs._cmap(font)
    shutil.copy(VERA, font)  # same path, other content
    glyphs._coverage.cache_clear()
    after = glyphs._cmap(font)
    assert after == truth(VERA) and after != before
    assert len(list(cache.glob("*.txt"))) == 2


@pytest.mark.parametrize("garbage", [b"", b"leafwright-glyphs 00\n0-ffff", b"\xff\xfe"])
def test_a_damaged_entry_is_read_again_from_the_font(cache, tmp_path, garbage):
    font = tmp_path / "body.ttf"
    shutil.copy(VERA, font)
    glyphs._cmap(font)
    [entry] = cache.glob("*.txt")
    entry.write_bytes(garbage)
    glyphs._coverage.cache_clear()
    assert glyphs._cmap(font) == truth(VERA)
    assert entry.read_bytes().startswith(b"leafwright-glyphs ")  # healed
