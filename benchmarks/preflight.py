"""Preflight speed (issue 21, "Fast, and not twice"): figures, medians of several runs.

    python benchmarks/preflight.py [--runs 3] [--only heavy,pages,share] [--keep DIR]

- heavy: a generated heavy vector file (20 pages of matplotlib scatter plots, 11,500 marks a
  page, about 6.5 MB): `leafwright.preflight.check` against pikepdf parsing every content
  stream (pages and forms) and Ghostscript's `-sDEVICE=inkcov`. CPU seconds (user+sys: the
  machine is shared, wall time is noise); Ghostscript's as a child process's, wall time too.
  Targets: at most 2x pikepdf, never slower than Ghostscript.
- pages: 2,000 simple pages (a ReportLab page of 40 lines of CMYK text and a rule each):
  `check` CPU and wall seconds. Target: at most 10 s.
- share: a generated 400-section document (tests/longdoc.py) built in-process; the seconds
  spent in preflight (`preflight.check`, timed where the pipeline calls it) over the build,
  and what noting the marks while drawing costs layout (CPU of `lay_out` with and without
  the recorder, medians). Run it with PYTHONPATH pointing at another checkout's src for its
  "before" (there is no recorder there).

Run from the repository root with leafwright importable (PYTHONPATH=src). Prints the load
average with the figures: quote them with it.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.longdoc


def cpu(fn, runs: int) -> tuple[float, float]:
    """Median (CPU seconds, wall seconds) of `runs` calls of fn()."""
    cpus, walls = [], []
    for _ in range(runs):
        c, w = time.process_time(), time.perf_counter()
        fn()
        cpus.append(time.process_time() - c)
        walls.append(time.perf_counter() - w)
    return statistics.median(cpus), statistics.median(walls)


def heavy_vector(path: Path, pages: int = 20, marks: int = 11_500) -> Path:
    """The matplotlib scatter plots (fixed seed: the same bytes each time)."""
    if path.exists():
        return path
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.backends.backend_pdf import PdfPages

    rng = np.random.default_rng(1)
    with PdfPages(path, metadata={"CreationDate": None}) as pdf:
        for page in range(pages):
            fig, ax = plt.subplots(figsize=(8, 6))
            ax.scatter(rng.normal(size=marks), rng.normal(size=marks), s=4, c=rng.random(marks), linewidths=0)
            ax.set_title(f"page {page + 1}")
            pdf.savefig(fig)
            plt.close(fig)
    return path


def parse_all(path: Path) -> int:
    """pikepdf parsing every page's and every form's content stream: the floor."""
    import pikepdf

    count = 0
    with pikepdf.open(path) as doc:
        for page in doc.pages:
            count += len(pikepdf.parse_content_stream(page))
            for xobject in (page.Resources.get("/XObject") or {}).values():
                if xobject.get("/Subtype") == "/Form":
                    count += len(pikepdf.parse_content_stream(xobject))
    return count


def ghostscript(path: Path, runs: int) -> tuple[float, float] | None:
    gs = shutil.which("gs")
    if gs is None:
        return None
    cpus, walls = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=inkcov", "-o", os.devnull, str(path)],
                       check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(cpus), statistics.median(walls)


def simple_pages(n: int = 2000) -> bytes:
    from reportlab.lib.colors import CMYKColor
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(595, 842), invariant=1)
    for page in range(n):
        canvas.setFillColor(CMYKColor(0, 0, 0, 1))
        canvas.setFont("Helvetica", 9)
        for line in range(40):
            canvas.drawString(56, 780 - 18 * line, f"Page {page + 1}, line {line + 1}: the quick brown fox jumps")
        canvas.setLineWidth(0.5)
        canvas.line(56, 40, 540, 40)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def recording_cost(publication: Path, runs: int) -> tuple[float, float] | None:
    """Median CPU seconds of laying out the document without and with the drawing recorder
    (None where there is no recorder)."""
    try:
        from leafwright.layout.drawn import Drawn
    except ImportError:
        return None
    from leafwright import pipeline
    from leafwright.layout import lay_out
    from leafwright.variants import get_variant

    doc = pipeline.printable(list(pipeline.resolve(pipeline.load(publication).publication).documents))[0]
    variant = get_variant("print")
    without = cpu(lambda: lay_out(doc, variant), runs)[0]
    return without, cpu(lambda: lay_out(doc, variant, (Drawn(),)), runs)[0]


def share(sections: int, folder: Path) -> tuple[float, float, int, Path]:
    """(build seconds, preflight seconds, calls, the publication) of one in-process build:
    preflight is timed where the pipeline calls it (`leafwright.preflight.check`)."""
    import leafwright.preflight as preflight
    from leafwright.build import build
    from tests.longdoc import long_publication

    spent = [0.0, 0]
    original = preflight.check

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start
            spent[1] += 1

    publication = long_publication(folder / "long", sections, 1)
    build(publication, folder / "warm")  # charts, fonts, hyphenation: cached, as in a real build
    preflight.check = timed
    try:
        start = time.perf_counter()
        result = build(publication, folder / "out")
        took = time.perf_counter() - start
    finally:
        preflight.check = original
    assert result.ok, [str(d) for d in result.diagnostics if d.severity == "error"][:3]
    return took, spent[0], spent[1], publication


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--only", default="heavy,pages,share")
    p.add_argument("--sections", type=int, default=400)
    p.add_argument("--keep", type=Path, help="keep the generated heavy file here (default: a temporary folder)")
    args = p.parse_args()
    which = set(args.only.split(","))

    from leafwright.preflight import check

    print(f"load average before: {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores; medians of {args.runs} runs")
    with tempfile.TemporaryDirectory(prefix="leafwright-preflight.") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if "heavy" in which:
            path = heavy_vector(folder / "heavy-vector.pdf")
            data = path.read_bytes()
            ours = cpu(lambda: check(data), args.runs)  # (the profile its claim picks: print)
            floor = cpu(lambda: parse_all(path), args.runs)
            print(f"heavy vector file ({len(data) / 1e6:.1f} MB, {parse_all(path):,} operators):")
            print(f"  preflight          {ours[0]:6.2f} s CPU  {ours[1]:6.2f} s wall")
            print(f"  pikepdf parse      {floor[0]:6.2f} s CPU  {floor[1]:6.2f} s wall   "
                  f"preflight / parse = {ours[0] / floor[0]:.2f}x (target <= 2x)")
            gs = ghostscript(path, args.runs)
            if gs is None:
                print("  Ghostscript: not installed, skipped")
            else:
                print(f"  gs inkcov          {gs[0]:6.2f} s CPU  {gs[1]:6.2f} s wall   "
                      f"preflight / gs = {ours[0] / gs[0]:.2f}x CPU, {ours[1] / gs[1]:.2f}x wall (target <= 1x)")
        if "pages" in which:
            data = simple_pages()
            taken = cpu(lambda: check(data), args.runs)
            print(f"2,000 simple pages ({len(data) / 1e6:.1f} MB): preflight {taken[0]:.2f} s CPU, "
                  f"{taken[1]:.2f} s wall (target <= 10 s)")
        if "share" in which:
            took, spent, calls, publication = share(args.sections, folder)
            print(f"{args.sections}-section build: {took:.2f} s, of which preflight {spent:.2f} s "
                  f"({100 * spent / took:.1f}%, {calls} call(s))")
            cost = recording_cost(publication, args.runs)
            if cost is not None:
                print(f"  noting marks while drawing: lay_out {cost[0]:.2f} s CPU without, {cost[1]:.2f} s with "
                      f"(+{cost[1] - cost[0]:.2f} s)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
