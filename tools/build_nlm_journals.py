"""Rebuild src/leafwright/resolve/data/nlm-journals.tsv.gz from NLM's catalogue as exported
by the Citation Style Language project, with JabRef's lists as the fallback.

    python tools/build_nlm_journals.py CSL_ABBREVIATIONS_CHECKOUT CSL_COMMIT \
        [JABREF_ABBRV_CHECKOUT JABREF_COMMIT]

CSL_ABBREVIATIONS_CHECKOUT is a checkout of github.com/citation-style-language/abbreviations
(MIT; its ncbi/README.md says the data, NLM's own MedAbbr forms from the NLM Catalog, is in
the public domain). Its lists are read most authoritative first, the first form of a title
winning: ncbi/json/medline-abbreviations.json (journals currently indexed for MEDLINE),
nlm-abbreviations.json (MEDLINE and PubMed Central), ncbi-abbreviations.json (every journal
NCBI's databases reference). JABREF_ABBRV_CHECKOUT, a checkout of
github.com/JabRef/abbrv.jabref.org (CC0 1.0), adds its NLM lists
(journals/journal_abbreviations_medicus.csv, then ..._entrez.csv) for titles the CSL lists
lack (they were built in 2021; JabRef's are kept up to date).
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path

from leafwright.resolve.journals import build_table

CSL_LISTS = ("medline-abbreviations.json", "nlm-abbreviations.json", "ncbi-abbreviations.json")
JABREF_LISTS = ("journal_abbreviations_medicus.csv", "journal_abbreviations_entrez.csv")
OUT = Path(__file__).resolve().parents[1] / "src/leafwright/resolve/data/nlm-journals.tsv.gz"


def csl_pairs(checkout: str) -> list[tuple[str, str]]:
    pairs = []
    for name in CSL_LISTS:
        data = json.loads((Path(checkout) / "ncbi" / "json" / name).read_text(encoding="utf-8"))
        titles = data["default"]["container-title"]
        pairs += [(full.strip(), short.strip()) for full, short in titles.items()
                  if full.strip() and short.strip()]
    return pairs


def jabref_pairs(checkout: str) -> list[tuple[str, str]]:
    pairs = []
    for name in JABREF_LISTS:
        with open(Path(checkout) / "journals" / name, encoding="utf-8", newline="") as fh:
            pairs += [(row[0].strip(), row[1].strip()) for row in csv.reader(fh)
                      if len(row) >= 2 and row[0].strip() and row[1].strip()]
    return pairs


def main(csl: str, csl_commit: str, jabref: str = "", jabref_commit: str = "") -> None:
    pairs = csl_pairs(csl) + (jabref_pairs(jabref) if jabref else [])
    table = build_table(pairs)
    header = (f"# NLM journal abbreviations (MedAbbr) from the NLM Catalog, as exported by\n"
              f"# github.com/citation-style-language/abbreviations (MIT; data public domain),\n"
              f"# commit {csl_commit}: ncbi/json/{', '.join(CSL_LISTS)}.\n")
    if jabref:
        header += (f"# Fallback: JabRef abbrv.jabref.org (CC0 1.0), commit {jabref_commit}:\n"
                   f"# journals/{', '.join(JABREF_LISTS)}.\n")
    header += "# normalized title key<TAB>abbreviation (empty: the key is an abbreviation).\n"
    body = "".join(f"{k}\t{v}\n" for k, v in sorted(table.items()) if "\t" not in k + v)
    with gzip.GzipFile(OUT, "wb", mtime=0) as out:
        out.write((header + body).encode("utf-8"))
    print(f"{len(table)} keys -> {OUT}")


if __name__ == "__main__":
    main(*sys.argv[1:5])
