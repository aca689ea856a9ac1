"""Citation numbers, note markers and superscript groups, unit by unit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leafwright.load.model import DEFAULT_SERIES, Citations, NoteSettings
from leafwright.markers import marker
from leafwright.resolve.citations import NoteMarkers, ReferenceNumbers, compress, group_text

SYMBOLS = dict(DEFAULT_SERIES)["symbol"]
LETTERS = dict(DEFAULT_SERIES)["letter"]


# --- compress / group_text ---------------------------------------------------------------

@pytest.mark.parametrize("numbers, expected", [
    ([], []),
    ([1], ["1"]),
    ([2, 3], ["2", "3"]),
    ([1, 2, 3, 4], ["1-4"]),
    ([4, 3, 2, 1], ["1-4"]),
    ([1, 2, 4, 5, 6], ["1", "2", "4-6"]),
    ([1, 3, 5], ["1", "3", "5"]),
    ([3, 3, 2, 2, 1], ["1-3"]),
    ([1, 2, 2], ["1", "2"]),
    ([7, 1, 2, 3, 9, 10], ["1-3", "7", "9", "10"]),
])
def test_compress(numbers, expected):
    assert compress(numbers) == expected


@given(st.lists(st.integers(min_value=1, max_value=60), max_size=30))
def test_compress_round_trips_and_keeps_pairs_apart(numbers):
    parts = compress(numbers)
    expanded = []
    for part in parts:
        lo, _, hi = part.partition("-")
        assert not hi or int(hi) - int(lo) >= 2  # a range covers three or more
        expanded.extend(range(int(lo), int(hi or lo) + 1))
    assert expanded == sorted(set(numbers))
    for a, b in zip(parts, parts[1:]):  # two neighbours that could have been one range never are
        assert not ("-" in a and int(a.split("-")[1]) + 1 == int(b.split("-")[0]))


@pytest.mark.parametrize("numbers, markers, expected", [
    ([1, 2, 3, 4], [], "1-4"),
    ([3, 2], [], "2,3"),
    ([6, 1, 5, 2, 4], [], "1,2,4-6"),
    ([2, 2, 4], [], "2,4"),
    ([4, 2], ["c"], "2,4,c"),
    ([], ["*", "a"], "*,a"),
    ([], ["b", "a"], "b,a"),  # markers keep the order written
    ([1], ["a", "a"], "1,a"),  # the same marker twice prints once
    ([], [], ""),
])
def test_group_text(numbers, markers, expected):
    assert group_text(numbers, markers) == expected


# --- marker --------------------------------------------------------------------------------

def test_letter_markers_double_then_triple():
    assert [marker(LETTERS, i) for i in range(26)] == list("abcdefghijklmnopqrstuvwxyz")
    assert marker(LETTERS, 26) == "aa"
    assert marker(LETTERS, 27) == "bb"
    assert marker(LETTERS, 51) == "zz"
    assert marker(LETTERS, 52) == "aaa"
    assert marker(LETTERS, 53) == "bbb"


def test_symbol_markers_double_after_seven():
    assert [marker(SYMBOLS, i) for i in range(7)] == ["*", "†", "‡", "§", "‖", "¶", "#"]
    assert marker(SYMBOLS, 7) == "**"
    assert marker(SYMBOLS, 8) == "††"
    assert marker(SYMBOLS, 13) == "##"
    assert marker(SYMBOLS, 14) == "***"


# --- NoteMarkers ---------------------------------------------------------------------------

def test_markers_in_order_of_first_reference_per_series():
    nm = NoteMarkers(NoteSettings())
    assert nm.marker("x", "letter") == ("a", True)
    assert nm.marker("p", "symbol") == ("*", True)
    assert nm.marker("y", "letter") == ("b", True)
    assert nm.marker("x", "letter") == ("a", False)  # cited again: keeps its marker
    assert nm.marker("q", "symbol") == ("†", True)
    assert nm.marker("p", "symbol") == ("*", False)
    assert nm.marker("z", "letter") == ("c", True)


def test_print_order_series_by_order_then_marker():
    nm = NoteMarkers(NoteSettings())
    for nid, series in [("l1", "letter"), ("s1", "symbol"), ("l2", "letter"), ("s2", "symbol")]:
        nm.marker(nid, series)
    assert nm.in_print_order() == ["s1", "s2", "l1", "l2"]
    nm = NoteMarkers(NoteSettings(order=("letter", "symbol")))
    for nid, series in [("s1", "symbol"), ("l1", "letter"), ("s2", "symbol"), ("l2", "letter")]:
        nm.marker(nid, series)
    assert nm.in_print_order() == ["l1", "l2", "s1", "s2"]


def test_print_order_past_doubling_sorts_by_position_not_text():
    nm = NoteMarkers(NoteSettings())
    ids = [f"n{i}" for i in range(28)]
    for nid in ids:
        nm.marker(nid, "letter")
    assert nm.in_print_order() == ids
    assert [nm.assigned[i][2] for i in ids[-3:]] == ["z", "aa", "bb"]


def test_custom_series():
    settings = NoteSettings(series=(("dagger", ("†", "‡")),), order=("dagger",))
    nm = NoteMarkers(settings)
    assert [nm.marker(f"n{i}", "dagger")[0] for i in range(5)] == ["†", "‡", "††", "‡‡", "†††"]


# --- ReferenceNumbers -------------------------------------------------------------------------

KEYS = ["a", "b", "c", "d", "e"]


def test_first_cited_numbers():
    rn = ReferenceNumbers(Citations(), KEYS)
    assert [rn.cite(k) for k in ["c", "a", "c", "e"]] == [1, 2, 1, 3]
    assert rn.listed({"c", "a", "e"}) == [(1, "c"), (2, "a"), (3, "e")]


def test_master_numbers():
    rn = ReferenceNumbers(Citations(numbering="master"), KEYS)
    assert [rn.cite(k) for k in ["c", "a", "e", "c"]] == [3, 1, 5, 3]
    assert rn.listed({"c", "a", "e"}) == [(1, "a"), (3, "c"), (5, "e")]


def test_list_all_first_cited_appends_uncited_in_file_order():
    rn = ReferenceNumbers(Citations(list="all"), KEYS)
    rn.cite("d")
    rn.cite("b")
    assert rn.listed({"d", "b"}) == [(1, "d"), (2, "b"), (3, "a"), (4, "c"), (5, "e")]


def test_list_all_master_is_the_file():
    rn = ReferenceNumbers(Citations(numbering="master", list="all"), KEYS)
    rn.cite("d")
    assert rn.listed({"d"}) == [(i + 1, k) for i, k in enumerate(KEYS)]


def test_list_cited_with_nothing_cited_is_empty():
    assert ReferenceNumbers(Citations(), KEYS).listed(set()) == []
