"""The on-disk chart cache: one text file per key, each checked against its own digest.

A file is ``leafwright-chart <sha256 of the rest>\\n`` followed by the entry. A file that
is truncated, foreign or tampered with reads as a miss and is drawn again; a cache that
cannot be written only costs time.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Optional

_HEADER = b"leafwright-chart "


def cache_dir() -> Path:
    """$LEAFWRIGHT_CACHE/charts, else the XDG cache folder."""
    base = os.environ.get("LEAFWRIGHT_CACHE")
    if base:
        return Path(base) / "charts"
    xdg = os.environ.get("XDG_CACHE_HOME")
    root = Path(xdg) if xdg else Path.home() / ".cache"
    return root / "leafwright" / "charts"


def read_entry(path: Path) -> Optional[bytes]:
    try:
        data = path.read_bytes()
    except (OSError, ValueError):
        return None
    head, sep, body = data.partition(b"\n")
    if not sep or not head.startswith(_HEADER):
        return None
    if head[len(_HEADER):].decode("ascii", "replace") != hashlib.sha256(body).hexdigest():
        return None
    return body


def write_entry(path: Path, body: bytes) -> None:
    """Atomic: a temporary file beside the target, renamed into place."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem[:16]}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_HEADER + hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body)
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
