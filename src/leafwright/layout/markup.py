"""Runs to ReportLab paragraph markup: the one place content text is escaped."""

from __future__ import annotations

from html import escape as _html_escape  # not xml.sax.saxutils: it imports urllib, http and ssl
from typing import Optional

from ..resolve.document import RText, Run
from .claimpages import CALLBACK
from .pagenotes import CALLBACK as NOTE_CALLBACK


def escape(text: str) -> str:
    return _html_escape(text, quote=False)


def quoteattr(text: str) -> str:
    return '"' + _html_escape(text) + '"'


def ref_anchor(number: int | str) -> str:
    """The named destination of a reference list entry."""
    return f"ref-{number}"


def note_anchor(marker: str, page: Optional[int] = None) -> str:
    """The named destination of a note: markers are unique per document (per page with
    `restart: page`); written as code points so `*` or `†` make a plain ASCII name."""
    name = "-".join(f"{ord(c):x}" for c in marker)
    return f"note-p{page}-{name}" if page is not None else f"note-{name}"


def para_markup(text: RText, sup_rise: float, sup_size: float, links: Optional[str] = None,
                page_notes=None, claim_pages=None, anchor: Optional[str] = None,
                fallback: Optional[dict] = None) -> str:
    """Escape every run's text; styles become tags, never the other way round.

    `links` (Styles.link_look: the attributes of every `<a href>`) makes URLs, citation
    numbers and note markers links, and `anchor` a named destination at the text's start;
    None (print) makes neither. `page_notes` (a pagenotes.NotePass, or a livenotes.LivePage
    while a paragraph is set for one page) supplies markers for notes that restart per page; with `claim_pages` (a ClaimPages), runs that print a claim record
    their page. `fallback` (character -> registered font family) sets each character the
    document's fonts lack in the theme's fallback font that has it.
    """
    def esc(plain: str) -> str:
        if not fallback or not set(plain) & fallback.keys():
            return escape(plain)
        return "".join(f'<font face="{fallback[c]}">{escape(c)}</font>' if c in fallback else escape(c)
                       for c in plain)

    out = [f'<a name="{anchor}"/>'] if anchor and links is not None else []
    for run in text:
        s = esc(run.text)
        # A claim records its page with a zero-width callback after its first character, inside
        # its word ("7<cb/>0%"): before it, after a space, the callback would stay on the line
        # above when the number wraps. label "N+" says the place is one character in.
        if run.inner and claim_pages is not None:  # numbers typed inside the run: each records its page
            cuts = [0] + [offset for offset, _ in run.inner] + [len(run.text)]
            s = esc(run.text[:cuts[1]]) + "".join(
                esc(run.text[a:a + 1]) + f'<onDraw name="{CALLBACK}" label="{claim}+"/>' + esc(run.text[a + 1:b])
                for (_, claim), a, b in zip(run.inner, cuts[1:], cuts[2:]))
        if run.marks:
            s = _group(run, None if run.href else links, page_notes,  # inside a URL: the URL wins
                       claim_pages if run.claim is not None else None)
            if run.claim is not None and claim_pages is not None:
                s = f'<onDraw name="{CALLBACK}" label="{run.claim}"/>' + s
        elif run.claim is not None and claim_pages is not None and run.text:
            s = esc(run.text[:1]) + f'<onDraw name="{CALLBACK}" label="{run.claim}+"/>' + esc(run.text[1:])

        if run.marks or "sup" in run.styles:
            s = f'<super rise="{sup_rise:.2f}" size="{sup_size:.2f}">{s}</super>'
        if "sub" in run.styles:
            s = f'<sub rise="{sup_rise * 0.6:.2f}" size="{sup_size:.2f}">{s}</sub>'
        if "italic" in run.styles:
            s = f"<i>{s}</i>"
        if "bold" in run.styles:
            s = f"<b>{s}</b>"
        if run.href and links is not None:
            s = f"<a href={quoteattr(run.href)}{links}>{s}</a>"
        out.append(s)
    return "".join(out)


def _group(run: Run, links: Optional[str], page_notes, claim_pages=None) -> str:
    """A superscript group, each citation number and note marker linked to its entry.

    A range `1-4` links its first and last numbers to their own references (the hyphen
    stays plain): a reader who clicks a number lands on that number. Parts the resolver did
    not describe (Run.parts) print unlinked rather than guessed."""
    pieces = run.text.split(",") if run.text else []
    kinds = run.parts if len(run.parts) == len(pieces) else ("",) * len(pieces)
    targets: list[tuple[str, str, Optional[int]]] = [(p, k, None) for p, k in zip(pieces, kinds)]
    tail = ""
    if run.notes and page_notes is not None:
        markers, occ, page = page_notes.markers_for(run.notes)  # page: where this pass expects them
        if claim_pages is not None:  # the claims matrix prints the markers as this page does
            claim_pages.marked(run.claim, dict(zip(run.notes, markers)))
        targets += [(mk, "note", page) for mk in markers]
        tail = f'<onDraw name="{NOTE_CALLBACK}" label="{occ}"/>'
    return ",".join(_linked(piece, kind, page, links) for piece, kind, page in targets) + tail


def _linked(piece: str, kind: str, page: Optional[int], links: Optional[str]) -> str:
    if links is None or not kind:
        return escape(piece)
    if kind == "ref":
        piece, paren, locator = piece.partition("(")  # `5(p4)`: the number links, its locator follows
        if paren:
            return _linked(piece, kind, page, links) + escape(paren + locator)
        numbers = piece.split("-")
        if not all(n.isdigit() for n in numbers):
            return escape(piece)
        return "-".join(f'<a href="#{ref_anchor(n)}"{links}>{n}</a>' for n in numbers)
    return f'<a href="#{note_anchor(piece, page)}"{links}>{escape(piece)}</a>'
