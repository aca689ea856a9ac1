"""Runs to ReportLab paragraph markup: the one place content text is escaped."""

from __future__ import annotations

from html import escape as _html_escape  # not xml.sax.saxutils: it imports urllib, http and ssl

from ..resolve.document import RText


def escape(text: str) -> str:
    return _html_escape(text, quote=False)


def quoteattr(text: str) -> str:
    return '"' + _html_escape(text) + '"'


def para_markup(text: RText, sup_rise: float, sup_size: float, links: bool = True,
                page_notes=None, claim_pages=None) -> str:
    """Escape every run's text; styles become tags, never the other way round.

    `page_notes` (a PageNoteState) supplies markers for notes that restart per page;
    with `claim_pages` (a ClaimPages), runs that print a claim record their page.
    """
    out = []
    for run in text:
        s = escape(run.text)
        if run.notes and page_notes is not None:
            markers, occ = page_notes.markers_for(run.notes)
            s = escape(",".join(([run.text] if run.text else []) + markers))
            s += f'<onDraw name="leafnote" label="{occ}"/>'
        if run.claim is not None and claim_pages is not None:
            s = f'<onDraw name="leafclaim" label="{run.claim}"/>' + s

        if run.marks or "sup" in run.styles:
            s = f'<super rise="{sup_rise:.2f}" size="{sup_size:.2f}">{s}</super>'
        if "sub" in run.styles:
            s = f'<sub rise="{sup_rise * 0.6:.2f}" size="{sup_size:.2f}">{s}</sub>'
        if "italic" in run.styles:
            s = f"<i>{s}</i>"
        if "bold" in run.styles:
            s = f"<b>{s}</b>"
        if run.href and links:
            s = f"<a href={quoteattr(run.href)}>{s}</a>"
        out.append(s)
    return "".join(out)
