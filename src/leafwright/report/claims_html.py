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


def to_html(doc: ResolvedDocument, table: list, warnings: list[Diagnostic], meta=None, since=None) -> str:
    """`table`: report.claims.Row values in reading order; `meta`: report.claims.Meta."""
    from .claims import table_cells

    pdf = quote(f"{doc.id}.pdf")
    cells = table_cells(table, since)
    numbers = sum(c["kind"] != "citation" for c in cells)
    statuses = {}
    for c in cells:
        if c["kind"] != "citation" and c["change"] != "removed":
            key = c["status"].split(" ")[0]
            statuses[key] = statuses.get(key, 0) + 1
    counted = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
    described = " · ".join(f"{escape(k)} <code>{escape(v)}</code>" for k, v in meta.pairs()) if meta else ""
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>Claims matrix: {escape(doc.title)}</title>", f"<style>{_STYLE}</style></head><body>",
           f"<h1>Claims matrix: {escape(doc.title)}</h1>",
           f'<p class="meta">Document <code>{escape(doc.id)}</code>'
           + (f" · job code {escape(doc.code)}" if doc.code else "")
           + (f" · prepared {escape(doc.date)}" if doc.date else "")
           + f' · <a href="{pdf}">{escape(doc.id)}.pdf</a> · {numbers} numbers ({counted}), '
           f"{len(cells) - numbers} citation groups, {len(warnings)} warnings</p>",
           f'<p class="meta">{described}</p>' if described else ""]
    if warnings:
        out.append('<h2>Warnings</h2><ul class="warnings">')
        out += [f'<li class="warn"><code>{escape(str(w.span))}</code> {escape(w.message)}</li>' for w in warnings]
        out.append("</ul>")
    out.append("<h2>Numbers and citations in reading order</h2>")
    heads = ["Page", "Kind", "Sentence", "Value", "Status", "Formula", "Check", "References", "Source", "Id"]
    if since is not None:
        heads.append("Change")
    out.append("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in heads) + "</tr></thead><tbody>")
    for c in cells:
        failed = c["status"].startswith("mismatch") or any(f in c["check"] for f in _FAILED)
        cls = "fail" if failed else "warn" if c["warnings"] else ""
        page = f'<a href="{pdf}#page={c["page"]}">{c["page"]}</a>' if c["page"] else ""
        notes = "".join(f'<p class="w">⚠ {escape(w)}</p>' for w in c["warnings"].split(" | ") if w)
        if c["silenced"]:
            notes += f'<p class="w">silenced: {escape(c["silenced"])}</p>'
        refs = "<br>".join(escape(r) for r in c["references"].split(" | ") if r)
        refs += "".join(f"<br>via note {escape(v)}" for v in c["via notes"].split(" | ") if v)
        row = (f'<td class="page">{page}</td><td>{escape(c["kind"])}</td><td>{escape(c["text"])}{notes}</td>'
               f'<td class="num">{escape(c["value"])}</td><td>{escape(c["status"])}</td><td>{escape(c["formula"])}</td>'
               f'<td>{escape(c["check"])}</td><td>{refs}</td><td><code>{escape(c["source"])}</code></td>'
               f'<td><code>{escape(c["id"])}</code></td>')
        if since is not None:
            row += f"<td>{escape(c['change'])}</td>"
        out.append(f'<tr{f" class={chr(34)}{cls}{chr(34)}" if cls else ""}>{row}</tr>')
    out.append("</tbody></table></body></html>\n")
    return "\n".join(out)
