"""The library entry point: load → resolve → layout/render → preflight → write, as one function."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .diagnostics import Diagnostic, Span


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    usage_error: Optional[str] = None  # a bad command line (exit 2), e.g. --only naming no document
    elsewhere: list[Diagnostic] = field(default_factory=list)  # --only: other documents' problems, not its own

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


def build(publication: Path, out_dir: Optional[Path] = None, only: Optional[str] = None,
          variant: str = "print", write: bool = True, jobs: int = 1, strict: bool = False) -> BuildResult:
    """Build every document (or `only` one); write nothing unless all succeed.

    `strict` makes every warning an error, for teams that gate releases on a clean build.
    """
    from .load.publication import load_publication
    from .resolve.resolver import resolve_publication

    result = BuildResult()
    pub, diags = load_publication(Path(publication))
    result.diagnostics.extend(diags)
    if pub is None:
        if strict:
            result.diagnostics = [Diagnostic("error", x.span, x.message) for x in result.diagnostics]
        return result
    ids = [doc.id for doc in pub.documents]
    if only is not None and only not in ids and (result.ok or len(ids) == len(pub.document_files)):
        from .diagnostics import did_you_mean  # (a document that did not load might have been `only`)

        result.usage_error = f"--only: no document '{only}'{did_you_mean(only, ids)} (ids: {', '.join(ids)})"
        return result
    # Resolve even after load errors: bad nodes were dropped, and the writer sees every problem at once.
    docs, diags = resolve_publication(pub, only)
    result.diagnostics.extend(diags)
    if only is not None:
        apart = _unaffected_files(pub, only)
        result.elsewhere = [x for x in result.diagnostics if x.span.file in apart]
        result.diagnostics = [x for x in result.diagnostics if x.span.file not in apart]
    if result.ok:
        from .layout.glyphs import check_glyphs  # fontTools only; ReportLab is not needed to check

        for doc in docs:
            result.diagnostics.extend(check_glyphs(doc, pub.theme))
    if strict:
        result.diagnostics = [Diagnostic("error", x.span, x.message) for x in result.diagnostics]
    if not result.ok or not write:
        return result
    from .render.pdf import render_or_problem, write_all

    out_dir = Path(out_dir or "output")
    if jobs > 1 and len(docs) > 1:  # documents are independent plain data: render them in processes
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(docs))) as pool:
            rendered = list(pool.map(render_or_problem, docs, [pub.theme] * len(docs), [variant] * len(docs)))
    else:
        rendered = [render_or_problem(doc, pub.theme, variant) for doc in docs]
    for _, problem, warnings in rendered:  # every document's layout problem, not just the first
        result.diagnostics.extend(Diagnostic("error", w.span, w.message) if strict else w for w in warnings)
        if problem is not None:
            result.diagnostics.append(Diagnostic("error", problem.span, problem.message))
    if not result.ok:
        return result
    from .load.theme import with_page
    from .preflight import check
    from .variants import get_variant

    expect = get_variant(variant).expect
    for doc, (pdf, *_) in zip(docs, rendered):
        page = with_page(pub.theme, doc.page)
        for finding in check(pdf, expect, page.page_size, page.bleed if expect.boxes else None):
            severity = "error" if strict else finding.severity
            result.diagnostics.append(Diagnostic(severity, doc.span, f"preflight: {finding}"))
    if not result.ok:
        return result
    outputs = {out_dir / f"{doc.id}.pdf": pdf for doc, (pdf, *_) in zip(docs, rendered)}
    try:
        write_all(outputs)
    except OSError as exc:
        result.diagnostics.append(Diagnostic("error", Span(str(out_dir)),
                                             f"cannot write output: {exc.strerror or exc}"))
        return result
    result.written = list(outputs)
    return result


def _unaffected_files(pub, only: str) -> set[str]:
    """The document files whose problems cannot change document `only`: every other one when
    each document numbers its citations from 1 (scope `document`); none when one numbering
    runs across the publication (a document that fails to load changes the numbers)."""
    mine = [doc.span.file for doc in pub.documents if doc.id == only]
    if not mine or pub.citations.scope == "publication":
        return set()
    return set(pub.document_files) - set(mine)
