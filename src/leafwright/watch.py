"""`leafwright watch`: build, then rebuild in the same process on every save of a file the
publication read, keeping what did not change (see `pipeline.Reuse`).

`Watcher.rebuild` is the whole of one round and takes the changed paths as plain data, so
tests drive it without waiting on the file system; `watch` only feeds it from watchfiles
(Rust's notify: inotify/FSEvents, editors' rename-on-save included).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from .build import BuildResult, Reuse, build
from .diagnostics import Diagnostic
from .variants import Variant, default_variant, get_variant


@dataclass
class Round:
    """One build: what it did, how long it took, and the problems it found."""
    result: BuildResult
    seconds: float
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def summary(self) -> str:
        """The one line `watch` prints per rebuild."""
        r = self.result
        errors = sum(d.severity == "error" for d in r.diagnostics)
        warnings = len(r.diagnostics) - errors
        clock = time.strftime("%H:%M:%S")
        counts = f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"
        if r.usage_error:
            return f"[{clock}] {r.usage_error}"
        if not r.ok:
            return f"[{clock}] {counts} in {self.seconds:.2f} s; the last good PDFs are kept"
        wrote = ", ".join(p.name for p in r.written) or "nothing changed"
        return f"[{clock}] built in {self.seconds:.2f} s: {wrote}; {counts}"


class Watcher:
    """The state `watch` keeps between builds of one publication."""

    def __init__(self, publication: Path, out_dir: Path, variant: Optional[Variant] = None, strict: bool = False,
                 only: Optional[str] = None, editions: Sequence[str] = ()):
        self.publication = Path(publication).resolve()
        self.out_dir, self.strict, self.only, self.editions = Path(out_dir), strict, only, tuple(editions)
        self.variant = get_variant(variant or default_variant())
        self.reuse = Reuse()
        self.files: frozenset[Path] = frozenset({self.publication / "publication.yaml"})

    def relevant(self, changed: Iterable[Path]) -> bool:
        """Whether a change touches a file the last build read or named."""
        return any(Path(p).resolve() in self.files for p in changed)

    def rebuild(self, changed: Optional[Iterable[Path]] = None) -> Optional[Round]:
        """Build again when `changed` (None: unconditionally) touches the publication; None
        when it does not. A publication.yaml that cannot be read keeps the files watched
        so far, so fixing any of them rebuilds."""
        if changed is not None and not self.relevant(changed):
            return None
        start = time.perf_counter()
        result = build(self.publication, self.out_dir, self.only, self.variant, strict=self.strict,
                       reuse=self.reuse, editions=self.editions)
        seconds = time.perf_counter() - start
        watched = {self.publication / "publication.yaml", *result.files}
        self.files = frozenset(watched) if result.files else self.files | watched
        return Round(result, seconds, sorted(result.diagnostics, key=_position) + sorted(result.elsewhere,
                                                                                          key=_position))


def watch(publication: Path, out_dir: Path, variant: Optional[Variant] = None, strict: bool = False,
          only: Optional[str] = None, echo: Callable[[str], None] = print, stop_event=None,
          editions: Sequence[str] = ()) -> None:
    """Build, then rebuild on every relevant save until interrupted (Ctrl-C raises
    KeyboardInterrupt to the caller) or `stop_event` is set."""
    import watchfiles

    watcher = Watcher(publication, out_dir, variant, strict, only, editions)
    _report(watcher.rebuild(None), echo)
    for changes in watchfiles.watch(watcher.publication, stop_event=stop_event, raise_interrupt=True):
        done = watcher.rebuild(Path(path) for _, path in changes)
        if done is not None:
            _report(done, echo)


def _report(done: Round, echo: Callable[[str], None]) -> None:
    for diag in done.diagnostics:
        echo(str(diag))
    echo(done.summary())


def _position(diag) -> tuple:
    return diag.span.file, diag.span.line, diag.span.col


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
