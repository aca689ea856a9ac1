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
import re
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


def file_digest(path) -> Optional[str]:
    """The SHA-256 of a file's content (None when it cannot be read), read again only when
    its size or time changed: what a file *is*, wherever it lies (a worker's copy of a font
    is the same font as the parent's, under another path)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _file_digest(str(path), st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=256)
def _file_digest(path: str, size: int, mtime_ns: int) -> Optional[str]:
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None


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


_ROOT = Path(__file__).parent  # the leafwright package
# `from X import a, (b, c)` and `import X as y`, at any indent (imports inside functions count).
# A pattern, not ast: parsing every module a cache depends on costs a warm build 0.1-0.3 s,
# scanning them a few ms; a stray match in a docstring only adds a module to the hash.
_IMPORT = re.compile(rb"[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)"
                     rb"|import[ \t]+([^\n#;]*))")
_COMMENT = re.compile(r"#[^\n]*")


@lru_cache(maxsize=64)
def code_version(*modules: str) -> str:
    """What a cache entry's code is: a digest of the source of `modules` (dotted names under
    leafwright, usually the caching module's `__name__`) and of every leafwright module they
    import, transitively, found in the sources themselves, so a new import is covered without
    anyone listing it. Modules are read, never imported (a warm build must not import
    matplotlib to learn the chart code's version)."""
    for name in modules:
        if _module(name) is None:
            raise ValueError(f"{name!r} is not a leafwright module")
    seen: dict[str, bytes] = {}
    todo = list(modules)
    while todo:
        name = todo.pop()
        found = _module(name) if name not in seen else None
        if found is not None:  # else seen, a library, or a name imported from a module
            seen[name], imports = found
            todo.extend(imports)
    return digest("code-v1", *(part for name in sorted(seen) for part in (name, seen[name])))


@lru_cache(maxsize=256)
def _module(name: str) -> Optional[tuple[bytes, frozenset[str]]]:
    """The source of leafwright module `name` and the names it imports (None: not one)."""
    found = _find(name)
    if found is None:
        return None
    path, package = found
    source = _read(path)
    return source, frozenset(_imported(name, package, source))


@lru_cache(maxsize=1024)
def _find(name: str) -> Optional[tuple[Path, bool]]:
    """The file of leafwright module `name` and whether it is a package, or None."""
    head, *parts = name.split(".")
    if head != "leafwright" or not all(p.isidentifier() for p in parts):
        return None
    if len(parts) > 1 and not (_find(name.rpartition(".")[0]) or (None, False))[1]:
        return None  # a name imported from a module, not a submodule: no file to look for
    base = _ROOT.joinpath(*parts)
    if parts and base.with_name(parts[-1] + ".py").is_file():
        return base.with_name(parts[-1] + ".py"), False
    return (base / "__init__.py", True) if (base / "__init__.py").is_file() else None


def _read(path: Path) -> bytes:
    return path.read_bytes()


def _imported(name: str, package: bool, source: bytes) -> set[str]:
    """The dotted names an import statement in `source` may load: each module, and each
    imported name as a possible submodule (`from . import document`)."""
    here = name.split(".") if package else name.split(".")[:-1]
    out: set[str] = set()
    for m in _import_lines(source):
        origin, names, plain = (g.decode("utf-8", "replace") if g is not None else None for g in m.groups())
        if plain is not None:
            out.update(part.split()[0] for part in plain.split(",") if part.split())
            continue
        dots = len(origin) - len(origin.lstrip("."))
        if dots:
            base = here[:len(here) - dots + 1] if dots <= len(here) else []
            origin = ".".join(base + ([origin[dots:]] if origin[dots:] else []))
        out.add(origin)
        for part in _COMMENT.sub("", names).strip("()").replace("\\", " ").split(","):
            if part.split() and part.split()[0] != "*":
                out.add(f"{origin}.{part.split()[0]}")
    return out


def _import_lines(source: bytes):
    """The import statements of `source`: the pattern tried only at the start of a line that
    says "import" (trying it at every line costs ten times as much)."""
    starts = set()
    at = source.find(b"import")
    while at >= 0:
        starts.add(source.rfind(b"\n", 0, at) + 1)
        at = source.find(b"import", at + 6)
    for start in sorted(starts):
        m = _IMPORT.match(source, start)
        if m:
            yield m
