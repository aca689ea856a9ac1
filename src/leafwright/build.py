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
    files: tuple[Path, ...] = ()  # every file the publication read or named (see Publication.files)
    laid_out: list[str] = field(default_factory=list)  # ids laid out by this build (not reused)

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


@dataclass
class Reuse:
    """What one build hands the next in the same process (`leafwright watch`). Each entry is
    checked against everything its result was made from, so a stale one is never used:
    parsed YAML against the file's text; a document's PDF against its resolved document,
    the theme, the variant and the size and time of the images and fonts it may draw; a
    written file against its bytes and the file's own size and time."""
    parsed: dict = field(default_factory=dict)
    rendered: dict = field(default_factory=dict)  # id -> (key, render_checked result)
    written: dict = field(default_factory=dict)  # path -> (pdf, (size, mtime_ns) after writing)


def build(publication: Path, out_dir: Optional[Path] = None, only: Optional[str] = None,
          variant: str = "print", write: bool = True, jobs: int = 1, strict: bool = False,
          reuse: Optional[Reuse] = None) -> BuildResult:
    """Build every document (or `only` one); write nothing unless all succeed.

    `strict` makes every warning an error, for teams that gate releases on a clean build.
    `reuse` (kept by the caller between builds) skips what did not change since the last one.
    """
    from .load.publication import load_publication

    result = BuildResult()
    pub, diags = load_publication(Path(publication), reuse.parsed if reuse is not None else None)
    result.diagnostics.extend(diags)
    result.files = pub.files if pub is not None else ()
    if pub is None:
        return harden(result) if strict else result
    ids = [doc.id for doc in pub.documents]
    if only is not None and only not in ids and (result.ok or len(ids) == len(pub.document_files)):
        from .diagnostics import did_you_mean  # (a document that did not load might have been `only`)

        result.usage_error = f"--only: no document '{only}'{did_you_mean(only, ids)} (ids: {', '.join(ids)})"
        return result
    workers = None
    if write and jobs > 1 and only is None and len(ids) > 1:  # they import layout while this process resolves
        from .render.pdf import Workers

        workers = Workers(min(jobs, len(ids)))
    try:
        return _resolve_and_render(pub, result, out_dir, only, variant, write, strict, reuse, workers)
    finally:
        if workers is not None:
            workers.close()


def _resolve_and_render(pub, result: BuildResult, out_dir: Optional[Path], only: Optional[str], variant: str,
                        write: bool, strict: bool, reuse: Optional[Reuse], workers) -> BuildResult:
    docs = resolve_into(result, pub, only)
    if result.ok:
        from .layout.glyphs import check_glyphs  # fontTools only; ReportLab is not needed to check

        for doc in docs:
            result.diagnostics.extend(check_glyphs(doc, pub.theme))
    if strict:
        harden(result)
    if not result.ok or not write:
        return result
    out_dir = Path(out_dir or "output")
    rendered, keys = _render(docs, pub, variant, workers, reuse)
    result.laid_out = [doc.id for doc, key in zip(docs, keys)
                       if reuse is None or reuse.rendered.get(doc.id, (None,))[0] != key]
    for _, problem, warnings, _ in rendered:  # every document's layout problem, not just the first
        result.diagnostics.extend(Diagnostic("error", w.span, w.message) if strict else w for w in warnings)
        if problem is not None:
            result.diagnostics.append(Diagnostic("error", problem.span, problem.message))
    if not result.ok:
        return result
    for doc, key, done in zip(docs, keys, rendered):  # preflight ran where the PDF was rendered
        if reuse is not None:
            reuse.rendered[doc.id] = (key, done)
        for finding in done[3]:
            severity = "error" if strict else finding.severity
            result.diagnostics.append(Diagnostic(severity, doc.span, f"preflight: {finding}"))
    if not result.ok:
        return result
    outputs = {out_dir / f"{doc.id}.pdf": pdf for doc, (pdf, *_) in zip(docs, rendered)}
    if reuse is not None:  # the same bytes still in the file written last time: leave it be
        outputs = {path: pdf for path, pdf in outputs.items() if reuse.written.get(path) != (pdf, _stat(path))}
    if write_into(result, outputs, out_dir) and reuse is not None:
        reuse.written.update((path, (pdf, _stat(path))) for path, pdf in outputs.items())
    return result


def write_into(result: BuildResult, outputs: dict, out_dir: Path) -> bool:
    """Write every output or none, recording what was written in `result`; a folder that cannot
    be written is a diagnostic on it, not a traceback. Shared by `build` and the claims matrix."""
    from .render.pdf import write_all

    try:
        write_all(outputs)
    except OSError as exc:
        result.diagnostics.append(Diagnostic("error", Span(str(out_dir)),
                                             f"cannot write output: {exc.strerror or exc}"))
        return False
    result.written = list(outputs)
    return True


def resolve_into(result: BuildResult, pub, only: Optional[str] = None) -> list:
    """Resolve the loaded publication, adding its diagnostics to `result`; with `only`, the
    problems other documents' files alone have go to `result.elsewhere`. Shared by `build`
    and the claims matrix, so both see a publication the same way."""
    from .resolve.resolver import resolve_publication

    # Resolve even after load errors: bad nodes were dropped, and the writer sees every problem at once.
    docs, diags = resolve_publication(pub, only)
    result.diagnostics.extend(diags)
    if only is not None:
        apart = _unaffected_files(pub, only)
        result.elsewhere = [x for x in result.diagnostics if x.span.file in apart]
        result.diagnostics = [x for x in result.diagnostics if x.span.file not in apart]
    return docs


def harden(result: BuildResult) -> BuildResult:
    """--strict: every warning becomes an error, for teams that gate releases on a clean build."""
    result.diagnostics = [Diagnostic("error", x.span, x.message) for x in result.diagnostics]
    return result


_CONTENT = (".yaml", ".yml", ".json", ".bib")  # read into the model: a change shows in the resolved document


def _render(docs: list, pub, variant: str, workers, reuse: Optional[Reuse]) -> tuple[list, list]:
    """Each document's render_checked result (kept from the last build when its key is the
    same) and the key it is kept under."""
    from .render.pdf import render_all

    drawn = tuple((p, _stat(p)) for p in pub.files if p.suffix.lower() not in _CONTENT)  # images, fonts
    keys = [(doc, pub.theme, variant, drawn) for doc in docs]
    kept = [reuse.rendered.get(doc.id) if reuse is not None else None for doc in docs]
    kept = [entry if entry is not None and entry[0] == key else None for entry, key in zip(kept, keys)]
    fresh = iter(render_all([doc for doc, entry in zip(docs, kept) if entry is None], pub.theme, variant, workers))
    return [entry[1] if entry is not None else next(fresh) for entry in kept], keys


def _stat(path: Path) -> Optional[tuple]:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _unaffected_files(pub, only: str) -> set[str]:
    """The document files whose problems cannot change document `only`: every other one when
    each document numbers its citations from 1 (scope `document`); none when one numbering
    runs across the publication (a document that fails to load changes the numbers)."""
    mine = [doc.span.file for doc in pub.documents if doc.id == only]
    if not mine or pub.citations.scope == "publication":
        return set()
    return set(pub.document_files) - set(mine)
