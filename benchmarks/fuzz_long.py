"""The long fuzzing profile: at least 10,000 cases per target, with a tally per target.

    python benchmarks/fuzz_long.py [--cases N] [--seed S] [--jobs J] [--render-every K] [--only TARGET]

Targets:
- pipeline: mutations of tests/fixtures/full/ (removed keys, wrong types, odd Unicode, huge
  numbers, empty and very long strings, YAML-level cuts and insertions; see tests/fuzzkit.py)
  built in-process with `leafwright.build.check` — load, resolve and the glyph
  check; every K-th case is rendered and written as well (K=0: never);
- inline: arbitrary and markup-heavy text through the inline parser;
- expr: arbitrary and grammar-like text through the expression parser and evaluator.

The allowed outcomes are success or diagnostics with a position on one line (pipeline),
parse results with in-range offsets (inline), a value or an ExprError with an in-range
offset (expr). Anything else — an exception, a bad diagnostic, a case slower than
--timeout seconds — is a failure; failures are grouped by signature and the first case
of each is saved to --failures (JSON) to reproduce.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import re
import signal
import sys
import tempfile
import time
import traceback
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.fuzzkit
sys.path.insert(0, str(ROOT / "src"))

from tests import fuzzkit  # noqa: E402


class _Slow(Exception):
    pass


def _alarm(signum, frame):
    raise _Slow()


def _signature(failure: str) -> str:
    """The exception line and the innermost leafwright frame: one per distinct bug."""
    lines = [ln for ln in failure.strip().splitlines() if ln.strip()]
    where = [ln.strip() for ln in lines if ln.strip().startswith("File ") and "leafwright" in ln]
    last = re.sub(r"'[^']*'?|\"[^\"]*\"?|\d+", "…", lines[-1])[:160]  # one bug, whatever the content
    return (where[-1] + " | " if where else "") + last


# --- targets -------------------------------------------------------------------------

_FOLDER: Path | None = None
_OUTCOME = [""]  # the pipeline's last outcome: built / written / errors


def _pipeline(seed: int, render_every: int) -> tuple[int, str | None, object]:
    rng = random.Random(seed)
    mutations = fuzzkit.random_mutations(rng)
    write = bool(render_every) and seed % render_every == 0
    del fuzzkit.STRAY_WARNINGS[:]
    failure, outcome = fuzzkit.run_case_outcome(_FOLDER, mutations, write)
    _OUTCOME[0] = outcome + "".join(f"|warning {w}" for w in dict.fromkeys(fuzzkit.STRAY_WARNINGS))
    return seed, failure, [m.__dict__ for m in mutations]


def _inline_text(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return fuzzkit.random_text(rng, 120)
    return "".join(rng.choice(list("*^~[]{}()\\@;:.-_ a1\n\u00a0é†<&^!#|")) for _ in range(rng.randint(0, 200)))


def _inline(seed: int, _: int) -> tuple[int, str | None, object]:
    from leafwright.resolve.inline import MAX_DEPTH, Text, parse

    rng = random.Random(seed)
    s = _inline_text(rng)
    try:
        nodes, errors = parse(s)
        todo = [(n, 1) for n in nodes]
        while todo:
            node, depth = todo.pop()
            if not 0 <= node.offset < len(s) or depth > MAX_DEPTH + 1:
                return seed, f"node out of range or too deep: {node!r}", s
            if isinstance(node, Text) and not node.text:
                return seed, f"empty text node: {node!r}", s
            todo.extend((c, depth + 1) for c in getattr(node, "children", ()))
        for e in errors:
            if not (0 <= e.offset < len(s) and e.message):
                return seed, f"error out of range: {e!r}", s
    except Exception:
        return seed, traceback.format_exc(), s
    return seed, None, s


def _expr_text(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.3:
        return fuzzkit.random_text(rng, 80)
    if r < 0.8:
        return "".join(rng.choice(["a", "b", "c.d", "1", "0", "9" * 30, ".", "5", "+", "-", "*", "/", "(", ")",
                                   "<", ">", "=", "!", " ", "==", "<=", "__x", "e", "1e5"])
                       for _ in range(rng.randint(0, 120)))
    return "*".join(rng.choice(["a", "big", "tiny", "(a/b)"]) for _ in range(rng.randint(1, 600)))


def _expr(seed: int, _: int) -> tuple[int, str | None, object]:
    from leafwright.resolve.expr import ExprError, evaluate, parse

    rng = random.Random(seed)
    s = _expr_text(rng)
    env = {"a": Fraction(3, 7), "b": Fraction(0), "c.d": Fraction(-5), "big": Fraction(10**99 + 1),
           "tiny": Fraction(1, 10**99 - 1)}
    try:
        result = evaluate(parse(s), env)
        if not isinstance(result, (Fraction, bool)):
            return seed, f"result of type {type(result).__name__}", s
    except ExprError as e:
        if not (0 <= e.offset <= len(s) and e.message):
            return seed, f"ExprError offset {e.offset} outside 0..{len(s)}", s
    except Exception:
        return seed, traceback.format_exc(), s
    return seed, None, s


TARGETS = {"pipeline": _pipeline, "inline": _inline, "expr": _expr}


def _init(workdir: str, timeout: float) -> None:
    global _FOLDER
    _FOLDER = Path(tempfile.mkdtemp(prefix="pub.", dir=workdir))
    fuzzkit.prepare(_FOLDER)
    signal.signal(signal.SIGALRM, _alarm)
    _init.timeout = timeout  # type: ignore[attr-defined]


def _run(args: tuple[str, int, int]) -> tuple[int, str | None, object, float, str]:
    target, seed, render_every = args
    _OUTCOME[0] = ""
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, _init.timeout)  # type: ignore[attr-defined]
    try:
        seed, failure, case = TARGETS[target](seed, render_every)
    except _Slow:
        failure, case = f"Slow: over {_init.timeout} s", seed  # type: ignore[attr-defined]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return seed, failure, case, time.perf_counter() - start, _OUTCOME[0]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cases", type=int, default=10_000, help="cases per target (default 10,000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--render-every", type=int, default=50, help="render and write every K-th pipeline case")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds before a case counts as a hang")
    p.add_argument("--only", choices=sorted(TARGETS), action="append")
    p.add_argument("--failures", default="fuzz_failures.json")
    args = p.parse_args()

    summary, saved = [], {}
    with tempfile.TemporaryDirectory(prefix="leafwright-fuzz.") as work:
        fuzzkit.env_for_fuzzing(Path(work) / "cache")
        for target in args.only or list(TARGETS):
            start = time.perf_counter()
            failures: dict[str, list] = {}
            slowest = 0.0
            outcomes: dict[str, int] = {}
            stray_warnings: dict[str, int] = {}  # warning -> first seed
            cases = [(target, args.seed * 1_000_003 + i, args.render_every) for i in range(args.cases)]
            with mp.get_context("fork").Pool(args.jobs, _init, (work, args.timeout)) as pool:
                for done, (seed, failure, case, took, outcome) in enumerate(
                        pool.imap_unordered(_run, cases, chunksize=8), 1):
                    slowest = max(slowest, took)
                    if outcome:
                        outcome, *stray = outcome.split("|warning ")
                        outcomes[outcome] = outcomes.get(outcome, 0) + 1
                        for w in stray:
                            stray_warnings.setdefault(w, seed)
                    if failure:
                        failures.setdefault(_signature(failure), []).append((seed, failure, case))
                    if done % 1000 == 0:
                        print(f"  {target}: {done} cases, {sum(map(len, failures.values()))} failures",
                              file=sys.stderr, flush=True)
            elapsed = time.perf_counter() - start
            n_fail = sum(map(len, failures.values()))
            summary.append((target, args.cases, n_fail, len(failures), elapsed, slowest))
            print(f"{target:9} {args.cases:6} cases  {n_fail:5} failures ({len(failures)} distinct)  "
                  f"{elapsed:7.1f} s  slowest case {slowest:.2f} s", flush=True)
            if outcomes:
                print("    outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
            for w, seed in stray_warnings.items():  # not failures, but they reach a user's stderr
                print(f"    stray Python warning (first at seed {seed}): {w[:200]}")
            for sig, items in failures.items():
                print(f"    {len(items):5} x {sig}")
                seed, failure, case = items[0]
                saved.setdefault(target, []).append({"signature": sig, "count": len(items), "seed": seed,
                                                     "case": case, "failure": failure})
    if saved:
        Path(args.failures).write_text(json.dumps(saved, indent=1, ensure_ascii=True, default=repr))
        print(f"failing cases written to {args.failures}")
    total = sum(s[2] for s in summary)
    print(f"total: {sum(s[1] for s in summary)} cases, {total} failures")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
