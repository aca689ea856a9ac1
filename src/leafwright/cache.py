"""The on-disk cache for what does not change between builds: one file per key, each
checked against its own digest.

Charts (SVG and converted drawings), formatted references and font glyph coverage live
here, so a warm build imports neither matplotlib, svglib, citeproc nor fontTools. A file
is ``leafwright-<kind> <sha256 of the rest>\\n`` followed by the entry. A file that is
truncated, foreign or tampered with reads as a miss and is made again; a cache that
cannot be written only costs time. Stages share it, so it sits above them all.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Optional


def cache_root() -> Path:
    """$LEAFWRIGHT_CACHE, else the XDG cache folder's leafwright/."""
    base = os.environ.get("LEAFWRIGHT_CACHE")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "leafwright"


def digest(*parts: bytes | str) -> str:
    """A key made of every part (length-prefixed, so parts cannot run into each other)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(b"%d:" % len(data) + data)
    return h.hexdigest()


def read_entry(path: Path, kind: str = "chart") -> Optional[bytes]:
    header = f"leafwright-{kind} ".encode("ascii")
    try:
        data = path.read_bytes()
    except (OSError, ValueError):
        return None
    head, sep, body = data.partition(b"\n")
    if not sep or not head.startswith(header):
        return None
    if head[len(header):].decode("ascii", "replace") != hashlib.sha256(body).hexdigest():
        return None
    return body


def write_entry(path: Path, body: bytes, kind: str = "chart") -> None:
    """Atomic: a temporary file beside the target, renamed into place."""
    header = f"leafwright-{kind} ".encode("ascii")
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem[:16]}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(header + hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass  # a cache that cannot be written only costs time
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


_MAX_ANSWERS_BYTES = 1 << 20  # a file grown past this starts again


@lru_cache(maxsize=8192)
def remembered(kind: str, version: tuple[str, ...], compute: Callable[..., str], *args: str) -> str:
    """`compute(*args)`, asked once across builds: a warm build asks babel or num2words
    nothing and does not import them. The answers of one `kind` and `version` (the library
    and code that compute them) share one file, read once per process; a new answer is one
    line appended with its own checksum, so a cold build of a long document costs one short
    write per answer, and a torn or damaged line is asked again. An exception from
    `compute` is not remembered."""
    path = cache_root() / "answers" / f"{kind}-{digest(*version)[:40]}.txt"
    key = "\x1f".join(args)
    answers = _answers(path)
    if key in answers:
        return answers[key]
    value = compute(*args)
    _append(path, json.dumps([key, value], ensure_ascii=True))
    return value


def _line_sum(payload: str) -> str:
    return hashlib.sha256(payload.encode("ascii")).hexdigest()[:16]


@lru_cache(maxsize=32)
def _answers(path: Path) -> MappingProxyType:
    table: dict[str, str] = {}
    try:
        text = path.read_bytes().decode("ascii", "replace")
    except OSError:
        return MappingProxyType(table)
    for line in text.split("\n"):
        check, _, payload = line.partition(" ")
        if not payload or _line_sum(payload) != check:
            continue  # torn, damaged or foreign: asked again
        try:
            key, value = json.loads(payload)
        except (ValueError, TypeError):
            continue
        if isinstance(key, str) and isinstance(value, str):
            table[key] = value
    return MappingProxyType(table)


def _append(path: Path, payload: str) -> None:
    """One short O_APPEND write per answer (a line is written whole or fails its checksum;
    it starts with a newline of its own, so a torn line before it cannot swallow it)."""
    line = f"\n{_line_sum(payload)} {payload}".encode("ascii")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if path.stat().st_size > _MAX_ANSWERS_BYTES:
                path.unlink()
        except OSError:
            pass
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
    except OSError:
        pass  # a cache that cannot be written only costs time


@lru_cache(maxsize=16)
def installed(module: str) -> str:
    """Which installed copy of a package answers: its top file's path, size and time (an
    upgrade rewrites them). Found without importing the package, or importlib.metadata,
    which imports the email package: more than the warm build it would key."""
    from importlib.util import find_spec

    try:
        origin = find_spec(module).origin
        st = os.stat(origin)
    except Exception:
        return "unknown"
    return f"{origin}:{st.st_size}:{st.st_mtime_ns}"
