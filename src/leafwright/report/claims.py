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
from pathlib import Path
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


def write_claims(publication: Path, out_dir: Optional[Path] = None, strict: bool = False):
    """Load, resolve and lay out the publication; write DIR/ID-claims.csv and .html per document.

    Writes nothing if any document has an error (as `build`); returns a build.BuildResult.
    """
    from ..build import BuildResult, harden, resolve_into, write_into
    from ..layout.claimpages import ClaimPages
    from ..load.publication import load_publication
    from ..render.pdf import render_or_problem
    from .claims_html import to_html

    result = BuildResult()
    pub, diags = load_publication(Path(publication))
    result.diagnostics.extend(diags)
    docs = resolve_into(result, pub) if pub is not None else []
    if strict:
        harden(result)
    if pub is None or not result.ok:
        return result
    out_dir = Path(out_dir or "output")
    outputs = {}
    for doc in docs:
        recorder = ClaimPages()
        _, problem, _ = render_or_problem(doc, pub.theme, "screen", claim_pages=recorder)
        if problem is not None:
            result.diagnostics.append(Diagnostic("error", problem.span, problem.message))
            continue
        table = rows(doc, recorder.pages, recorder.order)
        warnings = [d for d in result.diagnostics if d.severity == "warning" and _in_document(d, doc)]
        outputs[out_dir / f"{doc.id}-claims.csv"] = to_csv(table)
        outputs[out_dir / f"{doc.id}-claims.html"] = to_html(doc, table, warnings).encode("utf-8")
    if not result.ok:
        return result
    write_into(result, outputs, out_dir)
    return result


def _in_document(diag: Diagnostic, doc: ResolvedDocument) -> bool:
    """A warning belongs to a document when it is in its file, or about one of its claims' checks."""
    return diag.span.file == doc.span.file or any(str(diag.span) in c.check for c in doc.claims)
