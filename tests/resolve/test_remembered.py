"""Answers of babel and num2words are remembered across builds, per library version, and
a damaged or torn answers file is asked again, never trusted."""

from __future__ import annotations

from fractions import Fraction

import pytest

from leafwright import cache
from leafwright.resolve.numformat import NumberFormat, format_stat, format_value

LOG: list[str] = []


def upper(text: str) -> str:
    LOG.append(text)
    return text.upper()


def fails(text: str) -> str:
    raise ValueError(text)


def new_process() -> None:
    cache.remembered.cache_clear()
    cache._answers.cache_clear()


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("LEAFWRIGHT_CACHE", str(tmp_path))
    new_process()
    LOG.clear()
    yield tmp_path / "answers"
    new_process()


def test_asked_once_then_remembered_across_processes(root):
    assert cache.remembered("k", ("lib", "1"), upper, "a") == "A"
    new_process()
    assert cache.remembered("k", ("lib", "1"), upper, "a") == "A"
    assert cache.remembered("k", ("lib", "1"), upper, "b") == "B"
    assert LOG == ["a", "b"]
    new_process()
    assert cache.remembered("k", ("lib", "2"), upper, "a") == "A"  # another version asks again
    assert LOG == ["a", "b", "a"]
    assert len(list(root.glob("k-*.txt"))) == 2


def test_an_error_is_not_remembered(root):
    with pytest.raises(ValueError):
        cache.remembered("k", ("lib", "1"), fails, "a")
    assert not list(root.glob("*.txt"))


@pytest.mark.parametrize("damage", ["replace", "flip", "torn"])
def test_a_damaged_line_is_asked_again(root, damage):
    cache.remembered("k", ("lib", "1"), upper, "a")
    cache.remembered("k", ("lib", "1"), upper, "b")
    [path] = root.glob("k-*.txt")
    data = path.read_bytes()
    path.write_bytes({"replace": b"\xff\x00 junk\n", "flip": data.replace(b'"A"', b'"Z"'),
                      "torn": data[:-7]}[damage])
    new_process()
    LOG.clear()
    assert [cache.remembered("k", ("lib", "1"), upper, x) for x in "ab"] == ["A", "B"]
    assert LOG == {"replace": ["a", "b"], "flip": ["a"], "torn": ["b"]}[damage]
    new_process()
    LOG.clear()
    assert [cache.remembered("k", ("lib", "1"), upper, x) for x in "ab"] == ["A", "B"]
    assert LOG == []  # healed: the answers asked again were appended


def test_numbers_and_words_read_back_the_same(root):
    fmt = NumberFormat(locale="de_DE")

    def printed():
        return [format_stat(1234567, 2345678, "pct2", fmt), format_value(Fraction(1234567), None, fmt),
                format_value(21, "Words", NumberFormat(locale="en_US"))]

    first = printed()
    assert first == ["52,63\u00a0%", "1.234.567", "Twenty-one"]
    assert {p.name.split("-")[0] for p in root.glob("*.txt")} == {"localized", "percent", "words"}
    new_process()
    assert printed() == first
