"""Batch throughput: `--jobs 1` vs `--jobs 2`, and `--dask local:2` vs `--jobs 2`.

    python benchmarks/cluster.py [--docs 48] [--big 200] [--runs 3] [--memory 1000]

Run from the repository root with leafwright importable (installed, or PYTHONPATH=src) and
Dask installed (`pip install '.[cluster]'`). Each figure is the median wall time of whole
`leafwright build` processes over generated two-page documents (benchmarks/generate.py),
after one warm-up run that fills a private chart cache, with the CPU time of all their
processes beside it (Linux counts the fork server's workers too): on a shared machine the
wall time says little. The two commands compared take turns. `--memory N` also reports the
parent's peak memory (max RSS) building N documents with `--jobs 2`.
"""

from __future__ import annotations

import argparse
import os
import resource
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


def timed(publication: Path, out: Path, *variants: tuple[str, ...], runs: int) -> list[tuple[float, float]]:
    """For each set of flags, the median seconds of `runs` builds (after a warm-up): wall
    time, and CPU time (user + system) of every process the build started, workers and fork
    server included. The variants take turns, run by run, so a load that comes and goes on
    a shared machine weighs on each alike; each writes into a folder of its own in `out`."""
    cmds = [[sys.executable, "-m", "leafwright", "build", str(publication), "-o", str(out / str(i)), *flags]
            for i, flags in enumerate(variants)]
    for cmd in cmds:
        subprocess.run(cmd, check=True, capture_output=True)
        _reap_orphans()
    walls: list[list[float]] = [[] for _ in cmds]
    cpus: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            walls[i].append(time.perf_counter() - start)
            _reap_orphans()
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[i].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus)]


def _become_subreaper() -> bool:
    """Workers forked by a fork server are the build's grandchildren, left behind when it
    exits: as a subreaper (Linux) this process inherits and reaps them, so their CPU time is
    counted in its RUSAGE_CHILDREN like that of the build itself. Nothing is sampled while
    the build runs (sampling the process tree costs a core's share on a 2-core machine)."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def _reap_orphans(patience: float = 10.0) -> None:
    """Wait for what the build left running (a fork server ends when it sees its parent gone)."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.01)


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
    if not _become_subreaper():
        print("(not Linux: the CPU time misses workers forked by a fork server)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ.setdefault("LEAFWRIGHT_CACHE", str(tmp / "cache"))
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; medians of {args.runs} runs")
        small = generate(tmp / "small", args.docs)
        (one, one_cpu), (two, two_cpu) = timed(small, tmp / "o", ("--jobs", "1"), ("--jobs", "2"), runs=args.runs)
        print(f"{args.docs} documents: --jobs 1 {one:.2f} s (CPU {one_cpu:.2f} s), --jobs 2 {two:.2f} s "
              f"(CPU {two_cpu:.2f} s): {one / two:.2f}x; {one / args.docs * 1000:.0f} ms a document")
        if args.big:
            big = generate(tmp / "big", args.big)
            (jobs, jobs_cpu), (dask, dask_cpu) = timed(big, tmp / "b", ("--jobs", "2"), ("--dask", "local:2"),
                                                        runs=args.runs)
            print(f"{args.big} documents: --jobs 2 {jobs:.2f} s (CPU {jobs_cpu:.2f} s), --dask local:2 {dask:.2f} s "
                  f"(CPU {dask_cpu:.2f} s): {dask / jobs:.2f}x")
        if args.memory:
            many = generate(tmp / "many", args.memory)
            print(f"{args.memory} documents, --jobs 2: parent peak {peak_parent_memory(many, tmp / 'm'):.0f} MB")
        print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
