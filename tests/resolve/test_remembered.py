"""Answers of babel and num2words are remembered across builds, per library version, and
a damaged or foreign answers file is asked again, never trusted."""

from __future__ import annotations

from fractions import Fraction

import pytest

from leafwright import cache
from leafwright.resolve.numformat import NumberFormat, format_stat, format_value


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("LEAFWRIGHT_CACHE", str(tmp_path))
    return tmp_path / "answers"


def asked(log):
    def compute(value="x"):
        log.append(value)
        return value
    return compute


def test_asked_once_then_remembered(root):
    log = []
    assert cache.remembered("k", ("lib", "1"), "a", lambda: asked(log)("A")) == "A"
    assert cache.remembered("k", ("lib", "1"), "a", lambda: asked(log)("other")) == "A"
    assert cache.remembered("k", ("lib", "2"), "a", lambda: asked(log)("B")) == "B"  # a new version asks again
    assert log == ["A", "B"]


def test_an_error_is_not_remembered(root):
    def fails():
        raise ValueError("no")

    with pytest.raises(ValueError):
        cache.remembered("k", ("lib", "1"), "a", fails)
    assert cache.remembered("k", ("lib", "1"), "a", lambda: "A") == "A"


@pytest.mark.parametrize("garbage", [b"", b"leafwright-answers 00\n{}", b"\xff"])
def test_a_damaged_file_is_asked_again(root, garbage):
    cache.remembered("k", ("lib", "1"), "a", lambda: "A")
    [path] = root.glob("k-*.json")
    path.write_bytes(garbage)
    assert cache.remembered("k", ("lib", "1"), "a", lambda: "fresh") == "fresh"
    assert path.read_bytes().startswith(b"leafwright-answers ")


def test_numbers_and_words_read_back_the_same(root):
    fmt = NumberFormat(locale="de_DE")
    first = [format_stat(1234567, 2345678, "pct2", fmt), format_value(1234567, None, fmt),
             format_value(21, "Words", NumberFormat(locale="en_US"))]
    assert first == ["52,63%", "1.234.567", "Twenty-one"]
    assert len(list(root.glob("*.json"))) >= 2
    again = [format_stat(1234567, 2345678, "pct2", fmt), format_value(Fraction(1234567), None, fmt),
             format_value(21, "Words", NumberFormat(locale="en_US"))]
    assert again == first
