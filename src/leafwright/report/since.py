"""`leafwright claims --since OLD.csv`: what changed since the last review round.

Rows are matched by claim id (stable across builds: a stat by name, a typed number by its
sentence with the digits blanked, each with its occurrence). A row whose printed text,
arithmetic, check, support or status differ is "changed" (naming what); one not in OLD is
"new"; one only in OLD comes back as "removed". The reviewer's columns (review status,
reviewer, comment) are carried over only for an unchanged row: a changed claim is signed
again.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

COMPARED = ("text", "value", "formula", "check", "references", "via notes", "status")


def read_since(path: Path) -> dict[str, dict[str, str]]:
    """OLD.csv's rows by id. Raises OSError or ValueError (said as a command-line error)."""
    text = Path(path).read_text(encoding="utf-8-sig")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    if not reader.fieldnames or "id" not in reader.fieldnames:
        raise ValueError(f"{path} is not a claims matrix written by `leafwright claims` (no 'id' column)")
    return {row["id"]: row for row in reader if row.get("id")}


def merge(cells: list[dict[str, str]], old: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """The new rows marked against OLD, reviewer columns kept where unchanged, removed rows last."""
    from .claims import COLUMNS, REVIEWER

    out = []
    for row in cells:
        before = old.get(row["id"])
        if before is None:
            out.append(dict(row, change="new"))
            continue
        differs = [k for k in COMPARED if (before.get(k) or "") != (row.get(k) or "")]
        if differs:
            what = "; ".join(f"{k}: '{before.get(k) or ''}' → '{row.get(k) or ''}'"
                             if k in ("value", "status", "page") else k for k in differs)
            out.append(dict(row, change=f"changed ({what})"))
        else:
            out.append(dict(row, change="", **{k: before.get(k) or "" for k in REVIEWER}))
    ids = {row["id"] for row in cells}
    for ident, before in old.items():
        if ident not in ids:
            out.append({k: before.get(k) or "" for k in COLUMNS} | {"change": "removed"})
    return out
