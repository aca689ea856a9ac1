"""The library's entry points: what a run produces, each one loop of `pipeline.run`.

`build` writes each document's PDF; `check` stops before layout; `claims` writes the claims
matrix from the same run of the same stages (glyph check and preflight included).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from .pipeline import BuildResult, Options, Rendered, Reuse, run
from .variants import Variant, default_variant, get_variant

__all__ = ["BuildResult", "Options", "Reuse", "build", "check", "claims"]


def build(publication: Path, out_dir: Optional[Path] = None, only: Optional[str] = None,
          variant: Union[Variant, str, None] = None, jobs: int = 1, strict: bool = False,
          reuse: Optional[Reuse] = None, options: Optional[Options] = None) -> BuildResult:
    """Build every document (or `only` one) into DIR/ID.pdf; write nothing unless all succeed
    (unless `options.keep_going`). `options` says where documents render (--jobs, --dask)."""
    return run(publication, get_variant(variant or default_variant()), _pdf, out_dir, only, jobs, strict, reuse,
               options=options)


def check(publication: Path, strict: bool = False) -> BuildResult:
    """Load, resolve and check everything; lay out and write nothing."""
    return run(publication, default_variant(), None, strict=strict)


def claims(publication: Path, out_dir: Optional[Path] = None, strict: bool = False,
           since: Optional[dict] = None) -> BuildResult:
    """DIR/ID-claims.csv and DIR/ID-claims.html per document, with the pages the screen PDF
    prints each claim on, and that screen PDF (DIR/ID.pdf), whose SHA-256 both carry: the
    matrix's page links point into it. `since`: OLD.csv's rows (report.since.read_since)."""
    from .report.claims import matrix_files

    def emit(doc, done: Rendered, out_dir: Path, result: BuildResult) -> dict:
        warnings = [x for x in result.diagnostics if x.severity == "warning"]
        files = matrix_files(doc, dict(done.claim_pages), list(done.claim_order), warnings, done.pdf,
                             "screen", since, {c: dict(m) for c, m in done.claim_markers})
        return {out_dir / name: data for name, data in files.items()}

    return run(publication, get_variant("screen"), emit, out_dir, strict=strict, record_claims=True)


def _pdf(doc, done: Rendered, out_dir: Path, result: BuildResult) -> dict:
    return {out_dir / f"{doc.id}.pdf": done.pdf}
