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
    if only is not None and result.ok and only not in [doc.id for doc in pub.documents]:
        from .diagnostics import did_you_mean

        ids = [doc.id for doc in pub.documents]
        result.usage_error = f"--only: no document '{only}'{did_you_mean(only, ids)} (ids: {', '.join(ids)})"
        return result
    # Resolve even after load errors: bad nodes were dropped, and the writer sees every problem at once.
    docs, diags = resolve_publication(pub, only)
    result.diagnostics.extend(diags)
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
    from .preflight import preflight

    trim, bleed = pub.theme.page_size, pub.theme.bleed
    for doc, (pdf, *_) in zip(docs, rendered):
        for problem in preflight(pdf, variant, trim, bleed):
            result.diagnostics.append(Diagnostic("error", doc.span, f"preflight: {problem}"))
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
