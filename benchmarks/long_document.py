"""Build generated long publications and time them: layout must never fail on valid content.

    python benchmarks/long_document.py [--sections 400] [--seeds 1] [--keep DIR]

Each seed writes one document of about a page per section (tests/longdoc.py: headings, cited
paragraphs with notes, bold runs and hyphenated words, a table, bullets, now and then
callouts; then the notes and references), builds it in-process for print and prints the
wall time, the page count and any error. Exit status 1 if any build fails.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.longdoc
sys.path.insert(0, str(ROOT / "src"))

from tests.longdoc import long_publication  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sections", type=int, default=400)
    p.add_argument("--seeds", type=int, default=1, help="how many documents (seeds 1..N)")
    p.add_argument("--keep", type=Path, help="write the publications and PDFs here instead of a temporary folder")
    args = p.parse_args()

    from leafwright.build import build
    from pypdf import PdfReader

    failed = 0
    with tempfile.TemporaryDirectory(prefix="leafwright-long.") as tmp:
        base = args.keep or Path(tmp)
        for seed in range(1, args.seeds + 1):
            folder = long_publication(base / f"seed{seed}", args.sections, seed)
            start = time.perf_counter()
            result = build(folder, folder / "out")
            took = time.perf_counter() - start
            errors = [str(d) for d in result.diagnostics if d.severity == "error"]
            pages = len(PdfReader(folder / "out" / "long.pdf").pages) if not errors else 0
            print(f"seed {seed}: {args.sections} sections, {pages} pages, {took:.2f} s"
                  + (f", {len(errors)} errors: {errors[0]}" if errors else ""), flush=True)
            failed += bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
