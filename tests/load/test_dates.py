"""One date reader: every form a writer types for `date:` is read at load, and a form it
cannot read is a warning at its line (the PDF would otherwise silently say 2000-01-01)."""

from __future__ import annotations

import datetime

import pytest

from leafwright.dates import Y2K, epoch_of, iso_date, preparation_date, source_date_epoch
from tests.conftest import load


@pytest.mark.parametrize("text,expected", [
    ("2026-11-15", datetime.date(2026, 11, 15)), ("2026-11", datetime.date(2026, 11, 1)),
    ("2026", datetime.date(2026, 1, 1)), ("November 2026", datetime.date(2026, 11, 1)),
    ("Nov 2026", datetime.date(2026, 11, 1)), ("Nov. 2026", datetime.date(2026, 11, 1)),
    ("15 November 2026", datetime.date(2026, 11, 15)), ("November 15, 2026", datetime.date(2026, 11, 15)),
    ("  November   2026 ", datetime.date(2026, 11, 1)),
])
def test_forms_a_writer_types(text, expected):
    assert preparation_date(text) == expected


@pytest.mark.parametrize("text", ["2026/11", "11/2026", "Q4 2026", "2026-13", "", "soon"])
def test_forms_it_does_not_guess(text):
    assert preparation_date(text) is None


def test_epoch_is_midnight_utc_or_y2k():
    assert epoch_of(datetime.date(2026, 11, 1)) == 1793491200
    assert epoch_of(None) == Y2K


def test_iso_date_as_csl_parts():
    assert iso_date("2021-02-04") == {"date-parts": [[2021, 2, 4]]}
    assert iso_date("2021") == {"date-parts": [[2021]]}
    assert iso_date("Feb 2021") is None


@pytest.mark.parametrize("value,expected", [(None, (None, None)), ("", (None, None)), (" 5 ", (5, None))])
def test_source_date_epoch(value, expected):
    assert source_date_epoch(value) == expected


def test_source_date_epoch_that_is_not_seconds_says_so():
    seconds, problem = source_date_epoch("2026-11-01")
    assert seconds is None and "whole seconds since 1970" in problem


def test_date_read_at_load(tmp_path):
    loaded = load(tmp_path, {"a.yaml": "id: a\ndate: Nov. 2026\nbody:\n  - paragraph: Hi.\n"})
    assert loaded.pub.documents[0].prepared == datetime.date(2026, 11, 1)
    assert not loaded.diags


def test_unreadable_date_is_a_warning_at_its_line(tmp_path):
    loaded = load(tmp_path, {"a.yaml": "id: a\ndate: 2026/11\nbody:\n  - paragraph: Hi.\n"})
    warning = loaded.find("is not a date leafwright reads", severity="warning")
    assert loaded.at(warning) == ("a.yaml", 2, 7)
    assert loaded.pub.documents[0].prepared is None
