"""Bounds on work, not on seconds: how many function calls a piece of code makes and how deep
its call stack gets. A runaway case (an alias bomb expanded, a quadratic scan, a recursion
per nesting level) fails these on any machine; a machine busy with other builds does not."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator


@dataclass
class Work:
    calls: int = 0  # Python and C function calls made inside the block
    depth: int = 0  # deepest call stack reached inside the block, counted from the block (depth=True)


@contextmanager
def counted(depth: bool = False) -> Iterator[Work]:
    """Count the calls of the `with` block (this thread). cProfile counts them in C, at about
    twice the block's time; `depth=True` follows every call in Python to know the stack depth
    too, some ten times slower: for small inputs only."""
    work = Work()
    if not depth:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        try:
            yield work
        finally:
            profiler.disable()
            work.calls = pstats.Stats(profiler).total_calls
        return
    level = low = high = 0

    def profile(frame, event, arg) -> None:
        nonlocal level, low, high
        if event in ("call", "c_call"):
            work.calls += 1
            level += 1
            high = max(high, level)
        else:  # return, c_return, c_exception
            level -= 1
            low = min(low, level)

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield work
    finally:
        sys.setprofile(previous)
        work.depth = high - low
