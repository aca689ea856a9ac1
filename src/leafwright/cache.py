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
import os
import tempfile
from pathlib import Path
from typing import Optional


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
