"""What BibTeX cannot express, written where reference managers put it (`note`,
`addendum`, Zotero's Extra lines), read onto the CSL variables AMA 11 prints."""

from __future__ import annotations

from leafwright.load.bibtex import parse_bibtex


def one(text: str) -> dict:
    (entry, *_), = parse_bibtex(text)[0]
    return entry


def test_updated_and_original_dates_in_a_note_become_dates():
    entry = one("@online{r, title = {T}, organization = {ISRCTN registry}, number = {ISRCTN1},"
                " url = {https://x.org}, note = {Updated: 2015-07-23. Original Date: 1998."
                " Status: recruiting}}")
    assert entry["updated"] == {"date-parts": [[2015, 7, 23]]}
    assert entry["original-date"] == {"date-parts": [[1998]]}
    assert entry["note"] == "Status: recruiting"


def test_a_database_entry_keeps_database_and_publisher_apart():
    entry = one("@online{a, title = {Atorvastatin}, organization = {AccessPharmacy},"
                " publisher = {McGraw-Hill Medical}, urldate = {2020-06-11}}")
    assert (entry["container-title"], entry["publisher"]) == ("AccessPharmacy", "McGraw-Hill Medical")
