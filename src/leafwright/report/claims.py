"""The claims matrix: every number printed and every citation group of a document, in
reading order, with the page it printed on and a status, as CSV (for a spreadsheet and the
next review round) and HTML (to read and print).

Reading order is drawing order: layout records each claim as it is drawn (see
layout/claimpages.py), so a note's numbers come where its note prints, not where its
marker is. Both files carry what they describe: job code, date, variant, tool version and
the SHA-256 of the screen PDF their page links point into (written beside them).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, replace
from typing import Optional

from ..diagnostics import Diagnostic
from ..resolve.document import Claim, ResolvedDocument

COLUMNS = ("id", "page", "kind", "status", "text", "value", "formula", "check", "references", "via notes",
           "name", "source", "silenced", "warnings", "change", "review status", "reviewer", "comment")
REVIEWER = ("review status", "reviewer", "comment")  # the reviewer's own: kept by --since


@dataclass(frozen=True)
class Row:
    page: Optional[int]
    claim: Claim

    def cells(self) -> dict[str, str]:
        c = self.claim
        status = c.status + (f" ({c.exempt})" if c.exempt else "")
        return {"id": c.id, "page": "" if self.page is None else str(self.page), "kind": c.kind, "status": status,
                "text": c.sentence, "value": c.value, "formula": c.formula, "check": c.check,
                "references": " | ".join(c.references), "via notes": " | ".join(c.via), "name": c.name,
                "source": str(c.span), "silenced": c.silenced, "warnings": " | ".join(c.warnings),
                "change": "", "review status": "", "reviewer": "", "comment": ""}


@dataclass(frozen=True)
class Meta:
    """What a matrix describes, so a signed copy can be matched to the PDF it was signed from."""
    document: str
    code: str
    date: str
    variant: str
    version: str
    pdf: str  # file name
    sha256: str

    def pairs(self) -> list[tuple[str, str]]:
        return [("document", self.document), ("job code", self.code), ("date", self.date), ("variant", self.variant),
                ("leafwright", self.version), ("pdf", self.pdf), ("pdf sha256", self.sha256)]


def rows(doc: ResolvedDocument, pages: dict[int, int], order: list[int],
         markers: Optional[dict] = None) -> list[Row]:
    """Claims in drawing order; any never drawn follow in the order they were read. With
    notes that restart per page, `markers` (claim -> {note id: marker}) puts the markers
    each page printed where resolve could only write `^id`."""
    drawn = [i for i in order if i < len(doc.claims)]
    rest = [i for i in range(len(doc.claims)) if i not in pages]
    table = [Row(pages.get(i), doc.claims[i]) for i in drawn + rest]
    if not markers:
        return table
    on_page: dict = {}
    for claim, marks in markers.items():
        for nid, mk in marks.items():
            on_page.setdefault((pages.get(claim), nid), mk)
    return [Row(r.page, _marked(r.claim, markers.get(i), on_page, r.page))
            for i, r in zip(drawn + rest, table)]


def _marked(claim: Claim, own: Optional[dict], on_page: dict, page: Optional[int]) -> Claim:
    def put(text: str) -> str:
        return re.sub(r"\^([A-Za-z0-9_-]+)", lambda m: on_page.get((page, m.group(1)), m.group()), text)

    value = claim.value
    if own:
        value = ",".join(p for p in [claim.value] + list(own.values()) if p)
    return replace(claim, value=value, sentence=put(claim.sentence))


def to_csv(table: list[Row], meta: Optional[Meta] = None, since: Optional[dict] = None) -> bytes:
    """`since`: reviewer columns and change marks from --since (see report/since.py)."""
    out = io.StringIO()
    if meta is not None:  # one comment line: spreadsheets show it, `--since` skips it
        out.write("# " + "; ".join(f"{k}: {v}" for k, v in meta.pairs()) + "\r\n")
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for cells in table_cells(table, since):
        writer.writerow(cells)
    return out.getvalue().encode("utf-8")


def table_cells(table: list[Row], since: Optional[dict] = None) -> list[dict[str, str]]:
    cells = [row.cells() for row in table]
    if since is not None:
        from .since import merge

        cells = merge(cells, since)
    return cells


def matrix_files(doc: ResolvedDocument, pages: dict[int, int], order: list[int],
                 warnings: list[Diagnostic], pdf: Optional[bytes] = None, variant: str = "screen",
                 since: Optional[dict] = None, markers: Optional[dict] = None) -> dict[str, bytes]:
    """The matrix of one document as files (name -> bytes), from its resolved claims, the
    pages layout recorded for them, the run's warnings that belong to it and the PDF the
    page links point into (written beside them, and fingerprinted in both)."""
    from .. import __version__
    from .claims_html import to_html

    table = rows(doc, pages, order, markers)
    mine = [x for x in warnings if _in_document(x, doc)]
    meta = Meta(doc.id, doc.code, doc.date, variant, __version__, f"{doc.id}.pdf",
                hashlib.sha256(pdf).hexdigest() if pdf is not None else "")
    files = {f"{doc.id}-claims.csv": to_csv(table, meta, since),
             f"{doc.id}-claims.html": to_html(doc, table, mine, meta, since).encode("utf-8")}
    if pdf is not None:
        files[f"{doc.id}.pdf"] = pdf
    return files


def _in_document(diag: Diagnostic, doc: ResolvedDocument) -> bool:
    """A warning belongs to a document when it is in its file, or about one of its claims' checks."""
    return diag.span.file == doc.span.file or any(str(diag.span) in c.check for c in doc.claims)
