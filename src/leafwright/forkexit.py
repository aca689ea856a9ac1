"""Imported first by the fork server leafwright starts (its preload list), and by nothing else:
when the run ends, the server leaves at once instead of tearing down ReportLab, Pillow and
pikepdf, which took it 40-45 ms while it still held the run's stdout and stderr, so a pipe
reading the command (`| tee`, a CI step, subprocess with captured output) saw its end that
much after the command had exited. Registered first, it runs after every other exit handler
of the server. Processes forked from the server (the workers, the Dask gateway) end in
os._exit and never run it."""

from __future__ import annotations

import atexit
import os
import sys


def _leave() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(0)


atexit.register(_leave)
