"""Every character of the seed leaflets, read back: nothing under 6 pt but the superscripts
of the notes block, and those at 5.5 pt or more (they were 4.2 pt, barely visible)."""

from __future__ import annotations

from collections import Counter

import pdfplumber
import pytest

NOTE_SIZE = 6.8  # the default theme's note style


def _lines(path):
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            lines = page.extract_text_lines(y_tolerance=4, return_chars=True)
            refs = [ln["top"] for ln in lines if ln["text"].strip() == "References"]
            for line in lines:
                yield line, bool(refs) and line["top"] > refs[0]


@pytest.mark.parametrize("name", ["proleukin-mrcc", "proleukin-mm"])
def test_no_text_under_6pt_but_note_block_superscripts_at_5_5pt(seed_build, name):
    markers = []
    for line, below_references in _lines(seed_build["out"] / f"{name}.pdf"):
        sizes = Counter(round(c["size"], 2) for c in line["chars"])
        main = sizes.most_common(1)[0][0]
        base = max(c["bottom"] for c in line["chars"] if round(c["size"], 2) == main)
        for c in line["chars"]:
            if c["size"] >= 6:
                continue
            where = f"{c['text']!r} at {c['size']:.2f} pt in {line['text']!r}"
            assert main == NOTE_SIZE and not below_references, f"under 6 pt outside the notes: {where}"
            assert c["bottom"] < base - 1, f"under 6 pt and not a superscript: {where}"
            assert c["size"] >= 5.5, f"a note-block superscript under 5.5 pt: {where}"
            markers.append(c["text"])
    assert len(markers) >= 10 and {"*", "a", "b"} <= set(markers)  # the note markers were seen
