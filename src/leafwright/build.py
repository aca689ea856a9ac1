"""The library's entry points: what a run produces, each one loop of `pipeline.run`.

`build` writes each document's PDF; `check` stops before layout; `claims` writes the claims
matrix from the same run of the same stages (glyph check and preflight included).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence, Union

from .pipeline import BuildResult, Options, Rendered, Reuse, run
from .variants import Variant, default_variant, get_variant

__all__ = ["BuildResult", "Options", "Reuse", "build", "check", "claims", "translate"]


def build(publication: Path, out_dir: Optional[Path] = None, only: Optional[str] = None,
          variant: Union[Variant, str, None] = None, strict: bool = False,
          reuse: Optional[Reuse] = None, options: Optional[Options] = None,
          editions: Sequence[str] = ()) -> BuildResult:
    """Build every document (or `only` one) into DIR/ID.pdf, DIR/EDITION/ID.pdf for a
    publication with editions (all, or those named); write nothing unless all succeed
    (unless `options.keep_going`). `options` says where documents render (--jobs, --dask)."""
    return run(publication, get_variant(variant or default_variant()), _pdf, out_dir, only, strict, reuse,
               options=options, editions=editions)


def check(publication: Path, strict: bool = False, editions: Sequence[str] = (),
          allow_untranslated: bool = False) -> BuildResult:
    """Load, resolve and check everything (every edition, or those named); lay out and write nothing."""
    return run(publication, default_variant(), None, strict=strict, editions=editions,
               options=Options(allow_untranslated=allow_untranslated))


def claims(publication: Path, out_dir: Optional[Path] = None, strict: bool = False,
           editions: Sequence[str] = (), since: Optional[dict] = None) -> BuildResult:
    """DIR/ID-claims.csv and DIR/ID-claims.html per document, with the pages the screen PDF
    prints each claim on, and that screen PDF (DIR/ID.pdf), whose SHA-256 both carry: the
    matrix's page links point into it. `since`: OLD.csv's rows (report.since.read_since)."""
    from .report.claims import matrix_files

    screen = get_variant("screen")  # the matrix links into the screen PDF, which it writes beside itself

    def emit(doc, done: Rendered, out_dir: Path, result: BuildResult) -> dict:
        warnings = [x for x in result.diagnostics if x.severity == "warning"]
        files = matrix_files(doc, dict(done.claim_pages), list(done.claim_order), warnings, done.pdf,
                             screen.name, since, {c: dict(m) for c, m in done.claim_markers})
        return {out_dir / name: data for name, data in files.items()}

    return run(publication, screen, emit, out_dir, strict=strict, record_claims=True,
               editions=editions)


def _pdf(doc, done: Rendered, out_dir: Path, result: BuildResult) -> dict:
    return {out_dir / f"{doc.id}.pdf": done.pdf}


def translate(publication: Path, edition: str) -> tuple[BuildResult, dict]:
    """Write or update edition EDITION's XLIFF 2.0 file (its `translation:`): every text it
    prints a unit; targets kept, changed sources back to state="initial". Returns the result
    and the counts (units, new, changed)."""
    from .pipeline import load, select_editions, write
    from .resolve.translation import extract

    result = BuildResult()
    loaded = load(Path(publication))
    pub = loaded.publication
    result.diagnostics.extend(x for x in loaded.diagnostics if x.severity == "error")
    if pub is None or not result.ok:
        return result, {}
    chosen, problem = select_editions(pub, [edition])
    if problem:
        result.usage_error = problem
        return result, {}
    [chosen_edition] = chosen
    if chosen_edition.translation is None:
        result.usage_error = (f"--edition {edition}: the edition names no translation file; add "
                              f"'translation: translations/{edition}.xlf' to it in publication.yaml")
        return result, {}
    shown, existing = chosen_edition.translation
    data, counts = extract(pub, chosen_edition, existing.encode("utf-8") if existing is not None else None)
    path = Path(shown)  # as shown: relative to the working directory, or absolute
    write(result, {path: data}, path.parent)
    return result, counts
