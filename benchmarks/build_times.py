"""Median wall time of `leafwright build` with a cold and a warm chart cache.

    python benchmarks/build_times.py [PUBLICATION] [--runs N] [--variant print|screen]

Every run is a fresh process (start-up and imports count, as they do for a user); output goes
to a temporary folder. Cold: each run gets an empty cache folder, so matplotlib draws every
chart. Warm: the cache is filled once, then every run reads the SVGs from it and never
imports matplotlib.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_build(publication: Path, out: Path, cache: Path, variant: str) -> float:
    env = {**os.environ, "LEAFWRIGHT_CACHE": str(cache)}
    cmd = [sys.executable, "-m", "leafwright.cli", "build", str(publication), "-o", str(out), "--variant", variant]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"build failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed


def report(name: str, times: list[float]) -> None:
    runs = " ".join(f"{t:.2f}" for t in times)
    print(f"{name:5} median {statistics.median(times):.2f} s   (min {min(times):.2f}, max {max(times):.2f}; runs: {runs})")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("publication", nargs="?", default=str(ROOT / "content"))
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--variant", choices=("print", "print-x4", "print-x1a", "screen"), default="print")
    args = p.parse_args()
    publication = Path(args.publication).resolve()
    with tempfile.TemporaryDirectory(prefix="leafwright-bench-") as tmp:
        tmp = Path(tmp)
        cold = []
        for i in range(args.runs):
            cold.append(one_build(publication, tmp / "out", tmp / f"cold-cache-{i}", args.variant))
        warm_cache = tmp / "warm-cache"
        one_build(publication, tmp / "out", warm_cache, args.variant)  # fill it
        charts = len(list((warm_cache / "charts").glob("*.svg")))
        warm = [one_build(publication, tmp / "out", warm_cache, args.variant) for _ in range(args.runs)]
    print(f"leafwright build {publication} --variant {args.variant}: {args.runs} runs each, "
          f"{charts} chart(s) cached, Python {sys.version.split()[0]}")
    report("cold", cold)
    report("warm", warm)
    print(f"saved by the cache: {statistics.median(cold) - statistics.median(warm):.2f} s per build")


if __name__ == "__main__":
    main()
