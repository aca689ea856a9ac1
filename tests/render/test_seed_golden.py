"""Golden text of the seed leaflets: every word, number, marker and reference, as printed.

Regenerate after an intended change with LEAFWRIGHT_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("doc", ["mrcc", "mm"])
def test_seed_text_matches_golden(seed_build, doc):
    text = "\n".join(line.rstrip() for line in seed_build[doc].splitlines()) + "\n"
    path = GOLDEN / f"proleukin-{doc}.txt"
    if os.environ.get("LEAFWRIGHT_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
