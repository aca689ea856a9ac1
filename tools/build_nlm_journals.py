"""Rebuild src/leafwright/resolve/data/nlm-journals.tsv.gz from JabRef's abbreviation lists.

    python tools/build_nlm_journals.py ABBRV_CHECKOUT COMMIT

ABBRV_CHECKOUT is a checkout of github.com/JabRef/abbrv.jabref.org (CC0 1.0); the NLM
(MEDLINE, dotless) lists journals/journal_abbreviations_medicus.csv and ..._entrez.csv are
read, Index Medicus first so that it wins where the two differ.
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

from leafwright.resolve.journals import build_table

LISTS = ("journal_abbreviations_medicus.csv", "journal_abbreviations_entrez.csv")
OUT = Path(__file__).resolve().parents[1] / "src/leafwright/resolve/data/nlm-journals.tsv.gz"


def main(checkout: str, commit: str) -> None:
    pairs = []
    for name in LISTS:
        with open(Path(checkout) / "journals" / name, encoding="utf-8", newline="") as fh:
            pairs += [(row[0].strip(), row[1].strip()) for row in csv.reader(fh)
                      if len(row) >= 2 and row[0].strip() and row[1].strip()]
    table = build_table(pairs)
    header = (f"# NLM (MEDLINE) journal abbreviations from JabRef abbrv.jabref.org (CC0 1.0),\n"
              f"# commit {commit}: journals/{LISTS[0]}, then journals/{LISTS[1]}.\n"
              f"# normalized title key<TAB>abbreviation (empty: the key is an abbreviation).\n")
    body = "".join(f"{k}\t{v}\n" for k, v in sorted(table.items()) if "\t" not in k + v)
    with gzip.GzipFile(OUT, "wb", mtime=0) as out:
        out.write((header + body).encode("utf-8"))
    print(f"{len(table)} keys -> {OUT}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
