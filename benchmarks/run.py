"""Print issue 10's performance figures, each beside the same run's peer figure.

    python benchmarks/run.py [--runs N] [--peer-python PATH] [--quick]

Run it from the repository root with leafwright importable (installed, or PYTHONPATH=src).
Every figure is the median of N whole-process runs after one warm-up run (the chart cache is
warm: it is a private one in a temporary folder, filled by the warm-up). Peers are timed the
same way when their PyPI packages import in --peer-python (default: this Python): `typst`
(Typst's compiler) and `weasyprint`; a peer that is not installed is reported as skipped.
The peers typeset twins with the same text (benchmarks/twins.py), not leaflets of the same
design. --quick runs 100 sections and a batch of 8 instead of 400 and 48.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import batch, sections  # noqa: E402
from twins import write_twins  # noqa: E402


def timed(cmd: list[str], runs: int, env: dict) -> tuple[float, int]:
    """Median wall seconds over `runs` after one warm-up, and peak memory (KiB) of one run."""
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    probe = [sys.executable, "-c", "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
             "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)", *cmd]
    peak = int(subprocess.run(probe, env=env, check=True, capture_output=True, text=True).stdout)
    return statistics.median(times), peak


def has(python: str, module: str) -> bool:
    return subprocess.run([python, "-c", f"import {module}"], capture_output=True).returncode == 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--peer-python", default=sys.executable)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    root = HERE.parent
    tmp = Path(tempfile.mkdtemp(prefix="leafwright-bench-"))
    env = {**os.environ, "LEAFWRIGHT_CACHE": str(tmp / "cache"),
           # bytecode as an installed package has it (pip compiles at install): without it,
           # every run compiles leafwright's modules again, which no user pays
           "PYTHONPYCACHEPREFIX": str(tmp / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join([str(root / "src"), env.get("PYTHONPATH", "")])
    py, lw = sys.executable, [sys.executable, "-m", "leafwright"]
    peer = args.peer_python
    typst = has(peer, "typst")
    weasy = has(peer, "weasyprint")
    rows: list[tuple[str, str, str]] = []

    def peer_typst(typ: Path) -> Optional[float]:
        cmd = [peer, "-c", "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])", str(typ),
               str(typ.with_suffix(".pdf"))]
        return timed(cmd, args.runs, env)[0] if typst else None

    def show(name: str, ours: float, peers: list[tuple[str, Optional[float]]], extra: str = "") -> None:
        cells = [f"{label} {t:.3f} s ({ours / t:.1f}x)" if t else f"{label}: not installed, skipped"
                 for label, t in peers]
        rows.append((name, f"{ours:.3f} s{extra}", "; ".join(cells)))
        print(f"{name}: {ours:.3f} s{extra}  |  {'; '.join(cells)}", flush=True)

    try:
        seed = tmp / "seed"
        shutil.copytree(root / "content", seed)
        typ, page = write_twins(seed, tmp / "seed-twin")
        floor, _ = timed([py, str(HERE / "floor.py"), str(tmp / "floor.pdf")], args.runs, env)
        imports, _ = timed([py, "-c", "import reportlab.platypus, yaml"], args.runs, env)
        cold, _ = timed([*lw, "build", str(seed), "-o", str(tmp / "out")], args.runs, env)
        typst_seed = peer_typst(typ)
        weasy_seed = (timed([peer, "-m", "weasyprint", str(page), str(tmp / "w.pdf")], args.runs, env)[0]
                      if weasy else None)
        show("floor: import reportlab.platypus, yaml", imports, [])
        show("floor: a minimal 2-page platypus script", floor, [])
        show("seed, cold build, warm chart cache", cold,
             [("Typst", typst_seed), ("WeasyPrint", weasy_seed), ("platypus floor", floor)])
        watch = subprocess.run([py, str(HERE / "watch_edit.py"), str(seed), str(2 * args.runs + 1)], env=env,
                               check=True, capture_output=True, text=True)
        show("watch: rebuild after a one-word edit", float(watch.stdout), [("Typst cold compile", typst_seed)])
        counts = (100,) if args.quick else (100, 400)
        per = {}
        for n in counts:
            folder = sections(tmp / f"sections{n}", n)
            per[n], peak = timed([*lw, "build", str(folder), "-o", str(tmp / "out")], max(1, args.runs // 2), env)
            show(f"{n} sections, notes per page", per[n], [("Typst", peer_typst(folder / "twin.typ"))],
                 f", peak {peak / 1024:.0f} MB")
        if len(per) == 2:
            print(f"t(400)/t(100) = {per[400] / per[100]:.2f}")
        docs = 8 if args.quick else 48
        folder = batch(tmp / "batch", docs)
        one, _ = timed([*lw, "build", str(folder), "-o", str(tmp / "out"), "--jobs", "1"], max(1, args.runs // 2), env)
        two, _ = timed([*lw, "build", str(folder), "-o", str(tmp / "out"), "--jobs", "2"], max(1, args.runs // 2), env)
        show(f"batch of {docs} two-page documents, --jobs 1", one, [])
        show(f"batch of {docs} two-page documents, --jobs 2", two, [], f" ({one / two:.2f}x faster than --jobs 1)")
        print(f"\nload average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
              f"{time.strftime('%Y-%m-%d')}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
