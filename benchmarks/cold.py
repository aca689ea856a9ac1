"""A cold `leafwright build` of the seed next to its floor, with hyperfine.

    python benchmarks/cold.py [--runs N]

Prints the machine load, then hyperfine's wall medians and mean CPU time (user + system,
steadier than wall time on a shared machine) for: importing ReportLab and PyYAML;
benchmarks/floor.py (a two-page platypus document); the seed built with a warm cache
(charts, converted drawings, formatted references, glyph coverage, hyphenation patterns,
babel's and num2words' answers); the seed built with
an empty cache (matplotlib draws every chart, citeproc formats the references). Every run
is a fresh process, as for a user. Needs `hyperfine` on the PATH.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    if shutil.which("hyperfine") is None:
        sys.exit("hyperfine is not installed (https://github.com/sharkdp/hyperfine)")
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        warm, out, report = Path(tmp) / "warm", Path(tmp) / "out", Path(tmp) / "times.json"
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "LEAFWRIGHT_CACHE": str(warm),
               # bytecode as an installed package has it (pip compiles at install): without it,
               # every run compiles leafwright's ~60 modules again, which no user pays
               "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        build = f"{py} -m leafwright build {ROOT / 'content'} -o {out}"
        subprocess.run(build, shell=True, env=env, check=True, capture_output=True)  # fills the cache
        commands = {
            "import reportlab.platypus, yaml": f"{py} -c 'import reportlab.platypus, yaml'",
            "floor.py (2-page platypus)": f"{py} {ROOT / 'benchmarks' / 'floor.py'}",
            "seed, warm cache": build,
            "seed, empty cache": f"rm -rf {tmp}/cold && LEAFWRIGHT_CACHE={tmp}/cold {build}",
        }
        print("load average before:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
        cmd = ["hyperfine", "-S", "sh", "-w", "2", "-r", str(args.runs), "--style", "none",
               "--export-json", str(report)]
        for name, command in commands.items():
            cmd += ["-n", name, command]
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        results = json.loads(report.read_text())["results"]
    floor = next(r["median"] for r in results if r["command"].startswith("floor"))
    floor_cpu = next(r["user"] + r["system"] for r in results if r["command"].startswith("floor"))
    for r in results:
        print(f"{r['command']:32} median {r['median']:.3f} s  (min {r['min']:.3f}, max {r['max']:.3f})"
              f"  {r['median'] / floor:.2f}x floor.py;  CPU {r['user'] + r['system']:.3f} s"
              f"  {(r['user'] + r['system']) / floor_cpu:.2f}x")
    print("load average after:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
