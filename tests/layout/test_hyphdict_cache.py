"""pyphen's parsed patterns come from the cache on a warm build, and a damaged entry is
parsed again: either way pyphen hyphenates as it does after parsing the .dic itself."""

from __future__ import annotations

import pyphen
import pytest

from leafwright.layout.hyphdict import preload

PATH = pyphen.LANGUAGES[pyphen.language_fallback("en_US")]
WORDS = ("hyphenation", "aldesleukin", "interleukin", "metastatic", "responders")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LEAFWRIGHT_CACHE", str(tmp_path))
    saved = pyphen.hdcache.pop(PATH, None)
    yield tmp_path / "hyphenation"
    pyphen.hdcache.pop(PATH, None)
    if saved is not None:
        pyphen.hdcache[PATH] = saved


def hyphenated() -> list[str]:
    dic = pyphen.Pyphen(lang="en_US", left=2, right=3)
    return [dic.inserted(w) for w in WORDS]


def truth() -> list[str]:
    dic = pyphen.Pyphen(lang="en_US", left=2, right=3, cache=False)
    return [dic.inserted(w) for w in WORDS]


def test_patterns_come_back_from_the_cache(cache):
    preload("en_US")
    [entry] = cache.glob("*.pickle")
    pyphen.hdcache.pop(PATH)
    preload("en_US")
    assert PATH in pyphen.hdcache and hyphenated() == truth()
    assert pyphen.hdcache[PATH].patterns == pyphen.HyphDict(PATH).patterns
    assert list(cache.glob("*.pickle")) == [entry]


@pytest.mark.parametrize("garbage", [b"", b"leafwright-hyphenation 00\n\x80", b"\x80\x05junk"])
def test_a_damaged_entry_is_parsed_again(cache, garbage):
    preload("en_US")
    [entry] = cache.glob("*.pickle")
    entry.write_bytes(garbage)
    pyphen.hdcache.pop(PATH)
    preload("en_US")
    assert hyphenated() == truth()
    assert entry.read_bytes().startswith(b"leafwright-hyphenation ")  # healed
