"""The claims matrix as one self-contained HTML page: readable on screen, printable, no scripts.

Every content string goes through html.escape; the page links only to the screen PDF
beside it (`ID.pdf#page=N`, the open-parameters form PDF viewers understand).
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from ..diagnostics import Diagnostic
from ..resolve.document import ResolvedDocument

_STYLE = """
body { font: 10pt/1.35 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5em; color: #111; }
h1 { font-size: 15pt; margin: 0 0 .2em; } h2 { font-size: 12pt; margin: 1.2em 0 .4em; }
p.meta { color: #444; margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #e8edf3; }
td.num, td.page { white-space: nowrap; }
tr.warn td, li.warn { background: #fff1c2; }
tr.fail td { background: #ffd6d6; }
p.w { margin: .2em 0 0; color: #7a4b00; font-size: 9pt; }
ul.warnings { padding-left: 1.2em; } ul.warnings li { margin: .15em 0; }
code { font-size: 9pt; }
@media print {
  body { margin: 0; font-size: 8.5pt; } a { color: inherit; text-decoration: none; }
  thead { display: table-header-group; } tr { break-inside: avoid; }
  tr.warn td, tr.fail td, li.warn { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
_FAILED = ("DOES NOT MATCH", "FAILS", "not understood")


def to_html(doc: ResolvedDocument, table: list, warnings: list[Diagnostic]) -> str:
    """`table`: report.claims.Row values in reading order."""
    pdf = quote(f"{doc.id}.pdf")
    stats = sum(r.claim.kind == "stat" for r in table)
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>Claims matrix: {escape(doc.title)}</title>", f"<style>{_STYLE}</style></head><body>",
           f"<h1>Claims matrix: {escape(doc.title)}</h1>",
           f'<p class="meta">Document <code>{escape(doc.id)}</code>'
           + (f" · job code {escape(doc.code)}" if doc.code else "")
           + (f" · prepared {escape(doc.date)}" if doc.date else "")
           + f' · <a href="{pdf}">{escape(doc.id)}.pdf</a> · {stats} statistics, '
           f"{len(table) - stats} citation groups, {len(warnings)} warnings</p>"]
    if warnings:
        out.append('<h2>Warnings</h2><ul class="warnings">')
        out += [f'<li class="warn"><code>{escape(str(w.span))}</code> {escape(w.message)}</li>' for w in warnings]
        out.append("</ul>")
    out.append("<h2>Statistics and citations in reading order</h2>")
    out.append("<table><thead><tr><th>Page</th><th>Kind</th><th>Sentence</th><th>Value</th><th>Formula</th>"
               "<th>Check</th><th>References</th><th>Source</th></tr></thead><tbody>")
    for row in table:
        c = row.claim
        cls = "fail" if any(f in c.check for f in _FAILED) else "warn" if c.warnings else ""
        page = "" if row.page is None else f'<a href="{pdf}#page={row.page}">{row.page}</a>'
        notes = "".join(f'<p class="w">⚠ {escape(w)}</p>' for w in c.warnings)
        refs = "<br>".join(escape(r) for r in c.references)
        out.append(f'<tr{f" class={chr(34)}{cls}{chr(34)}" if cls else ""}><td class="page">{page}</td>'
                   f"<td>{escape(c.kind)}</td><td>{escape(c.sentence)}{notes}</td>"
                   f'<td class="num">{escape(c.value)}</td><td>{escape(c.formula)}</td>'
                   f"<td>{escape(c.check)}</td><td>{refs}</td><td><code>{escape(str(c.span))}</code></td></tr>")
    out.append("</tbody></table></body></html>\n")
    return "\n".join(out)
