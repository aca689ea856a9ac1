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


_MAX_ANSWERS = 4096


def remembered(kind: str, version: tuple[str, ...], key: str, compute: Callable[[], str]) -> str:
    """`compute()`'s answer for `key`, computed once across builds: the answers of one
    `kind` and `version` (the library and code that compute them) share one JSON file, so
    a warm build asks babel or num2words nothing and does not import them. An exception
    from `compute` is not remembered."""
    path = cache_root() / "answers" / f"{kind}-{digest(*version)[:40]}.json"
    answers = _answers(path, *_stamp(path))
    if key in answers:
        return answers[key]
    value = compute()
    answers = _answers(path, *_stamp(path))
    kept = dict(answers) if len(answers) < _MAX_ANSWERS else {}  # bounded: a full file starts again
    write_entry(path, json.dumps({**kept, key: value}, ensure_ascii=False).encode("utf-8"), "answers")
    return value


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return 0, -1
    return st.st_mtime_ns, st.st_size


@lru_cache(maxsize=64)
def _answers(path: Path, mtime_ns: int, size: int) -> MappingProxyType:
    """Read once per version of the file (its stamp is part of the lru key)."""
    body = read_entry(path, "answers") if size >= 0 else None
    try:
        table = json.loads(body.decode("utf-8")) if body is not None else {}
    except ValueError:
        table = {}
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
        table = {}
    return MappingProxyType(table)


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
