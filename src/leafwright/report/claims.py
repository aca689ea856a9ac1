"""The claims matrix: every statistic and citation group of a document, in reading order,
with the page it printed on, as CSV (for a spreadsheet) and HTML (to read and print).

Reading order is drawing order: layout records each claim as it is drawn (see
layout/claimpages.py), so a note's numbers come where its note prints, not where its
marker is.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Optional

from ..diagnostics import Diagnostic
from ..resolve.document import Claim, ResolvedDocument

COLUMNS = ("page", "kind", "text", "value", "formula", "check", "references", "name", "source", "warnings")


@dataclass(frozen=True)
class Row:
    page: Optional[int]
    claim: Claim

    def cells(self) -> dict[str, str]:
        c = self.claim
        return {"page": "" if self.page is None else str(self.page), "kind": c.kind, "text": c.sentence,
                "value": c.value, "formula": c.formula, "check": c.check, "references": " | ".join(c.references),
                "name": c.name, "source": str(c.span), "warnings": " | ".join(c.warnings)}


def rows(doc: ResolvedDocument, pages: dict[int, int], order: list[int]) -> list[Row]:
    """Claims in drawing order; any never drawn follow in the order they were read."""
    drawn = [i for i in order if i < len(doc.claims)]
    rest = [i for i in range(len(doc.claims)) if i not in pages]
    return [Row(pages.get(i), doc.claims[i]) for i in drawn + rest]


def to_csv(table: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in table:
        writer.writerow(row.cells())
    return out.getvalue().encode("utf-8")


def matrix_files(doc: ResolvedDocument, pages: dict[int, int], order: list[int],
                 warnings: list[Diagnostic]) -> dict[str, bytes]:
    """The matrix of one document as files (name -> bytes), from its resolved claims, the
    pages layout recorded for them and the run's warnings that belong to it."""
    from .claims_html import to_html

    table = rows(doc, pages, order)
    mine = [x for x in warnings if _in_document(x, doc)]
    return {f"{doc.id}-claims.csv": to_csv(table), f"{doc.id}-claims.html": to_html(doc, table, mine).encode("utf-8")}


def _in_document(diag: Diagnostic, doc: ResolvedDocument) -> bool:
    """A warning belongs to a document when it is in its file, or about one of its claims' checks."""
    return diag.span.file == doc.span.file or any(str(diag.span) in c.check for c in doc.claims)
