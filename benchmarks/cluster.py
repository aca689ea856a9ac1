"""Batch throughput: `--jobs 1` vs `--jobs 2`, and `--dask local:2` vs `--jobs 2`.

    python benchmarks/cluster.py [--docs 48] [--big 200] [--runs 3] [--memory 1000]

Run from the repository root with leafwright importable (installed, or PYTHONPATH=src) and
Dask installed (`pip install '.[cluster]'`). Each figure is the median wall time of whole
`leafwright build` processes over generated two-page documents (benchmarks/generate.py),
after one warm-up run that fills a private chart cache, with the CPU time of all their
processes beside it (needs psutil): on a shared machine the wall time says little. `--memory N` also reports the
parent's peak memory (max RSS) building N documents with `--jobs 2`.
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

HERE = Path(__file__).resolve().parent


def generate(folder: Path, n: int) -> Path:
    subprocess.run([sys.executable, str(HERE / "generate.py"), "batch", str(folder), str(n)], check=True,
                   capture_output=True)
    return folder


def timed(publication: Path, out: Path, *flags: str, runs: int) -> tuple[float, float]:
    """Median seconds of `runs` builds (after a warm-up): wall time, and CPU time (user +
    system) of every process the build started, workers and fork server included."""
    cmd = [sys.executable, "-m", "leafwright", "build", str(publication), "-o", str(out), *flags]
    subprocess.run(cmd, check=True, capture_output=True)
    walls, cpus = [], []
    for _ in range(runs):
        start = time.perf_counter()
        cpu = cpu_of(cmd)
        walls.append(time.perf_counter() - start)
        cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus)


def cpu_of(cmd: list[str]) -> float:
    """CPU seconds of a command and every process under it. Workers forked by a fork server
    are not the build's children, so rusage misses them: the tree is sampled every 20 ms
    (psutil) and each process's last reading kept (the last 20 ms of each are missed)."""
    import psutil

    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: dict[int, float] = {}
    while proc.poll() is None:
        try:
            tree = [proc, *proc.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for p in tree:
            try:
                t = p.cpu_times()
                seen[p.pid] = t.user + t.system
            except psutil.NoSuchProcess:
                pass
        time.sleep(0.02)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode})")
    return sum(seen.values())


def peak_parent_memory(publication: Path, out: Path) -> float:
    """MB of the build process itself (its workers are other processes), from a child that
    reports its own max RSS."""
    probe = ("import resource, sys; from leafwright.cli import main; main(sys.argv[1:]); "
             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", probe, "build", str(publication), "-o", str(out), "--jobs", "2"],
                          check=True, capture_output=True, text=True)
    return int(done.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=48)
    ap.add_argument("--big", type=int, default=200)  # 0: not measured
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--memory", type=int, default=0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ.setdefault("LEAFWRIGHT_CACHE", str(tmp / "cache"))
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; medians of {args.runs} runs")
        small = generate(tmp / "small", args.docs)
        one, one_cpu = timed(small, tmp / "o1", "--jobs", "1", runs=args.runs)
        two, two_cpu = timed(small, tmp / "o2", "--jobs", "2", runs=args.runs)
        print(f"{args.docs} documents: --jobs 1 {one:.2f} s (CPU {one_cpu:.2f} s), --jobs 2 {two:.2f} s "
              f"(CPU {two_cpu:.2f} s): {one / two:.2f}x; {one / args.docs * 1000:.0f} ms a document")
        if args.big:
            big = generate(tmp / "big", args.big)
            jobs, jobs_cpu = timed(big, tmp / "b2", "--jobs", "2", runs=args.runs)
            dask, dask_cpu = timed(big, tmp / "bd", "--dask", "local:2", runs=args.runs)
            print(f"{args.big} documents: --jobs 2 {jobs:.2f} s (CPU {jobs_cpu:.2f} s), --dask local:2 {dask:.2f} s "
                  f"(CPU {dask_cpu:.2f} s): {dask / jobs:.2f}x")
        if args.memory:
            many = generate(tmp / "many", args.memory)
            print(f"{args.memory} documents, --jobs 2: parent peak {peak_parent_memory(many, tmp / 'm'):.0f} MB")
        print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
