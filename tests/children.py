"""The CLI in child processes that are killed, stopped and signalled (tests/cli/test_faults.py),
or whose memory is measured (tests/load/test_limits.py).

Each child is a real process of its own — SIGKILL, SIGTERM and SIGINT reach it as they reach
`leafwright build` — but it is forked from a server that has already imported leafwright and
the libraries a build imports (multiprocessing's forkserver), so a child starts building at
once instead of spending most of a second on imports. The server imports modules only; it
builds nothing, so no cache of a build is warm in a child.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional

# What a build of the seed imports (found with sys.modules before and after one).
# The forkserver skips a name that does not import: test_preload_names_import keeps them real.
PRELOAD = ["leafwright.cli", "leafwright.build", "leafwright.pipeline", "leafwright.load.publication",
           "leafwright.load.editions", "leafwright.resolve.resolver", "leafwright.resolve.translation",
           "leafwright.layout.pages", "leafwright.layout.charts", "leafwright.render", "leafwright.preflight",
           "leafwright.preflight.profiles", "leafwright.preflight.rules", "leafwright.write", "reportlab.platypus",
           "reportlab.pdfbase.ttfonts", "reportlab.graphics.shapes", "pikepdf", "pyphen", "PIL.Image", "lxml.etree",
           "yaml"]

_context: Optional[multiprocessing.context.BaseContext] = None


def _server() -> multiprocessing.context.BaseContext:
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


def _main(args: list[str], env: dict, cwd: str, prelude: str, out: str, err: str) -> None:
    """In the child: its output to files, the caller's environment and folder, the prelude
    (to stop or slow a chosen step), then the CLI; its status is the child's exit code."""
    for fd, path in ((1, out), (2, err)):
        os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    exec(compile(prelude, "<prelude>", "exec"), {"__name__": "__prelude__"})
    from leafwright.cli import main

    sys.exit(main(args))


class Child:
    """A started child, with the parts of subprocess.Popen the fault tests use."""

    def __init__(self, args: list[str], env: dict, cwd: Path, prelude: str = ""):
        logs = Path(tempfile.mkdtemp(prefix=".child-", dir=cwd))
        self._out, self._err = logs / "stdout", logs / "stderr"
        self.process = _server().Process(target=_main, args=(list(args), dict(env), str(cwd), prelude,
                                                             str(self._out), str(self._err)))
        self.process.start()
        self.pid = self.process.pid
        # Signals go through a pidfd: it names this process even after it has ended and the
        # forkserver has reaped it, when its pid may already be another process's.
        self._pidfd = os.pidfd_open(self.pid)

    def __del__(self) -> None:
        try:
            os.close(self._pidfd)
        except (AttributeError, OSError):
            pass

    @property
    def returncode(self) -> Optional[int]:
        return self.process.exitcode  # -N when killed by signal N, as Popen says it

    def poll(self) -> Optional[int]:
        return self.returncode

    def join(self, timeout: float) -> None:
        """Until the child has ended or `timeout` seconds have passed, whichever comes first."""
        self.process.join(timeout)

    def send_signal(self, sig: int) -> None:
        """As Popen.send_signal: nothing when the child has already ended."""
        try:
            signal.pidfd_send_signal(self._pidfd, sig)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def communicate(self, timeout: Optional[float] = None) -> tuple[str, str]:
        """Wait for the child's end; (stdout, stderr) as text."""
        self.process.join(timeout)
        if self.process.exitcode is None:
            raise subprocess.TimeoutExpired(f"child {self.pid}", timeout)
        read = lambda p: p.read_text(encoding="utf-8", errors="replace") if p.exists() else ""  # noqa: E731
        return read(self._out), read(self._err)


def _measure(args: list[str], env: dict, cwd: str, out: str, err: str, result: str) -> None:
    """In the child: the CLI with its stderr captured, its function calls counted, and how much
    its peak resident memory grew (ru_maxrss: the child starts with the server's pages, the
    stage modules already imported) written to `result` as JSON."""
    for fd, path in ((1, out), (2, err)):
        os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    import contextlib
    import importlib
    import io
    import json
    import resource

    from leafwright.cli import main
    from tests.workbound import counted

    # The stage modules, imported before the baseline: this process has one fork server, and a
    # test that started it first (`--jobs`, a Dask gateway) set another preload list.
    for name in PRELOAD:
        importlib.import_module(name)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    captured = io.StringIO()
    with contextlib.redirect_stderr(captured), counted() as work:
        status = main(args)
    grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024  # KiB on Linux
    Path(result).write_text(json.dumps({"status": status, "stderr": captured.getvalue(), "calls": work.calls,
                                        "mb": grew}), encoding="utf-8")


def measured(args: list[str], cwd: Path, timeout: float = 120) -> dict:
    """`leafwright ARGS` in a child of its own, as tests/load/test_limits.py bounds it: exit
    status, stderr, function calls and memory growth in MB. The child must end by itself,
    without a crash or a traceback outside the CLI."""
    logs = Path(tempfile.mkdtemp(prefix=".child-", dir=cwd))
    files = [str(logs / name) for name in ("stdout", "stderr", "result.json")]
    process = _server().Process(target=_measure, args=(list(args), dict(os.environ), str(cwd), *files))
    process.start()
    process.join(timeout)
    if process.exitcode is None:
        process.kill()
        process.join()
        raise subprocess.TimeoutExpired(f"child {process.pid}", timeout)
    stderr = Path(files[1]).read_text(encoding="utf-8", errors="replace") if Path(files[1]).exists() else ""
    assert process.exitcode == 0 and "Traceback" not in stderr, (process.exitcode, stderr)  # no crash, no segfault
    return json.loads(Path(files[2]).read_text(encoding="utf-8"))
