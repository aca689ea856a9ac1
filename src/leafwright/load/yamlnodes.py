"""Safe YAML into located nodes: every mapping, list and scalar keeps its Span.

PyYAML's composer already records marks; we keep them and build plain values
ourselves, so no tag can construct a Python object (safe by construction) and
alias bombs, duplicate keys and runaway nesting end as content errors.
"""

from __future__ import annotations

import os

import datetime
import re
from dataclasses import dataclass, field
from typing import Any, Union

import yaml

from ..diagnostics import Diagnostics, Span
from .yamlerrors import explain, quote

try:  # the C loader is ~8x faster on large files and keeps marks too
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
MAX_NODES = 200_000
MAX_DEPTH = 64
MAX_BYTES = 5_000_000
MAX_TEXT = 100_000  # characters in one scalar: a leaflet paragraph is a few thousand
MAX_KEY = 1_000
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class YScalar:
    value: Union[str, int, float, bool, None]
    span: Span
    quoted: bool = False
    raw: str = ""  # the source text, so numbers can become exact Fractions
    style: str = ""  # the YAML style: '' plain, "'", '"', '|' or '>'
    index: int = -1  # character index of the scalar's start in `text`
    text: str = field(default="", repr=False, compare=False)  # the whole file, for `positions`


@dataclass(frozen=True)
class YList:
    items: tuple["YNode", ...]
    span: Span
    flow: str = field(default="", compare=False, repr=False)  # `[a, b]` as written, when on one line


@dataclass(frozen=True)
class YMap:
    entries: tuple[tuple[str, Span, "YNode"], ...]
    span: Span
    flow: str = field(default="", compare=False, repr=False)  # `{a: b}` as written, when on one line

    def get(self, key: str) -> "YNode | None":
        for k, _, v in self.entries:
            if k == key:
                return v
        return None

    def keys(self) -> list[str]:
        return [k for k, _, _ in self.entries]

    def key_span(self, key: str) -> Span:
        for k, s, _ in self.entries:
            if k == key:
                return s
        return self.span


YNode = Union[YScalar, YList, YMap]

_TYPE_NAMES = {YScalar: "a scalar", YList: "a list", YMap: "a mapping"}


def type_name(node: YNode) -> str:
    if isinstance(node, YScalar):
        v = node.value
        if v is None:
            return "nothing"
        if isinstance(v, bool):
            return "a boolean"
        if isinstance(v, (int, float)):
            return "a number"
        return "text"
    return _TYPE_NAMES[type(node)]


def _span(file: str, node: yaml.Node) -> Span:
    return Span(file, node.start_mark.line + 1, node.start_mark.column + 1)


@dataclass
class _Builder:
    file: str
    diags: Diagnostics
    text: str = ""
    count: int = 0
    chars: int = 0  # scalar text built so far; aliases count again each time they are used
    constructor: Any = field(default_factory=yaml.constructor.SafeConstructor)
    # node -> (what it built, its nodes, its characters, its height): an alias is the same
    # node again, so what it expands to is known; without this an alias bomb is refused only
    # after its 200,000 nodes were built one by one (2 s) instead of at once
    built: dict = field(default_factory=dict)
    deepest: int = 0  # the deepest level the node being built reached so far

    def build(self, node: yaml.Node, depth: int = 0) -> YNode | None:
        known = self.built.get(id(node))
        if known is not None and depth + known[3] <= MAX_DEPTH:
            ynode, count, chars, height = known
            self.count += count
            self.chars += chars
            if self.count > MAX_NODES:
                raise _TooBig(ynode.span, f"more than {MAX_NODES} YAML nodes (an alias bomb?)")
            if self.chars > MAX_BYTES:
                raise _TooBig(ynode.span, f"more than {MAX_BYTES // 1_000_000} million characters of text "
                                          f"once aliases are expanded (an alias bomb?)")
            self.deepest = max(self.deepest, depth + height)
            return ynode
        count, chars, deepest = self.count, self.chars, self.deepest
        self.deepest = depth
        ynode = self._build(node, depth)
        if ynode is not None:
            self.built[id(node)] = (ynode, self.count - count, self.chars - chars, self.deepest - depth)
        self.deepest = max(deepest, self.deepest)
        return ynode

    def _build(self, node: yaml.Node, depth: int) -> YNode | None:
        self.count += 1
        span = _span(self.file, node)
        if self.count > MAX_NODES:
            raise _TooBig(span, f"more than {MAX_NODES} YAML nodes (an alias bomb?)")
        if depth > MAX_DEPTH:
            raise _TooBig(span, f"nesting deeper than {MAX_DEPTH} levels")
        if isinstance(node, yaml.ScalarNode):
            self.chars += len(node.value)
            if self.chars > MAX_BYTES:  # without aliases the text is never longer than the file
                raise _TooBig(span, f"more than {MAX_BYTES // 1_000_000} million characters of text "
                                    f"once aliases are expanded (an alias bomb?)")
            if len(node.value) > MAX_TEXT:
                self.diags.error(span, f"text of {len(node.value):,} characters; the limit is {MAX_TEXT:,}")
                return YScalar("", span, node.style in ("'", '"'), "", node.style or "", node.start_mark.index,
                               self.text)
            value = self._scalar(node, span)
            if not node.style and isinstance(value, str):
                self._comment_after(node)
            return YScalar(value, span, node.style in ("'", '"'), node.value,
                           node.style or "", node.start_mark.index, self.text)
        if node.tag not in _COLLECTION_TAGS:
            self.diags.error(span, f"YAML tag '{node.tag}' is not allowed; content is plain data")
        flow = ""  # a writer's `{name} of patients` or `[@key]` that YAML read as a collection
        if node.flow_style and node.start_mark.line == node.end_mark.line:
            flow = self.text[node.start_mark.index:node.end_mark.index]
        if isinstance(node, yaml.SequenceNode):
            return YList(tuple(self.build(n, depth + 1) for n in node.value), span, flow)
        entries: list[tuple[str, Span, YNode]] = []
        seen: set[str] = set()
        for knode, vnode in node.value:
            kspan = _span(self.file, knode)
            if not isinstance(knode, yaml.ScalarNode):
                self.diags.error(kspan, "a mapping key must be plain text")
                continue
            if len(knode.value) > MAX_KEY:
                self.diags.error(kspan, f"a key of {len(knode.value):,} characters; the limit is {MAX_KEY:,}")
                continue
            self._scalar(knode, kspan)  # refuses tags on keys as on values
            key = knode.value  # as written: a note id `no` stays "no", not "False"
            if key in seen:
                self.diags.error(kspan, f"duplicate key '{key}'")
                continue
            seen.add(key)
            entries.append((key, kspan, self.build(vnode, depth + 1)))
        return YMap(tuple(entries), span, flow)

    def _comment_after(self, node: yaml.ScalarNode) -> None:
        """Text after ' #' on a plain scalar's line is a YAML comment: a sentence and its
        citation can vanish from the page without a word, so say so where it starts."""
        end = node.end_mark.index
        if _COMMENT_AFTER.match(self.text, end):
            self.diags.warning(Span(self.file, node.end_mark.line + 1, node.end_mark.column + 2),
                               "text after ' #' is a YAML comment and is not printed; quote the line to keep it")

    def _scalar(self, node: yaml.ScalarNode, span: Span) -> Any:
        tag = node.tag
        try:
            if tag.endswith(":str") or node.style in ("'", '"', "|", ">"):
                return node.value
            if tag.endswith(":timestamp"):
                value = self.constructor.construct_yaml_timestamp(node)
                return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else str(value)
            if tag.endswith((":int", ":float", ":bool", ":null")):
                return self.constructor.construct_object(node)
        except (ValueError, yaml.YAMLError, OverflowError):
            pass
        if tag not in _PLAIN_TAGS:
            written = self.text[node.start_mark.index:node.end_mark.index]
            hint = f"; if it is text, quote this text: {quote(written)}" \
                if tag.startswith("!") and "\n" not in written else ""  # `!important` meant as words
            self.diags.error(span, f"YAML tag '{tag}' is not allowed; content is plain data{hint}")
        return node.value


_COMMENT_AFTER = re.compile(r" #[^\S\n]*[^\s#]")  # one space, then '#', then text: a sentence cut short


class _TooBig(Exception):
    def __init__(self, span: Span, message: str):
        self.span, self.message = span, message


def _parse_error(text: str) -> "yaml.MarkedYAMLError | None":
    """The syntax error in `text`, if any: how a suggested fix is tried before it is given."""
    loader = _Loader(text)
    try:
        loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return exc
    except (yaml.YAMLError, RecursionError):
        pass
    finally:
        loader.dispose()
    return None


def load_yaml(text: str, file: str, diags: Diagnostics, syntax: str = "yaml") -> YNode | None:
    """Parse one YAML document; problems go to `diags` and give None.

    With `syntax="json"` (a CSL-JSON file) a syntax error is reported in JSON's terms by the
    json module; the located nodes still come from the YAML reader (JSON is YAML)."""
    if len(text) > MAX_BYTES:
        diags.error(Span(file), f"file is larger than {MAX_BYTES // 1_000_000} MB")
        return None
    if syntax == "json":
        import json

        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            diags.error(Span(file, exc.lineno, exc.colno), f"JSON syntax: {exc.msg}")
            return None
        except RecursionError:
            diags.error(Span(file), f"nesting far deeper than {MAX_DEPTH} levels")
            return None
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        line, col, message = explain(exc, text, _parse_error)
        diags.error(Span(file, line, col), message)
        return None
    except yaml.reader.ReaderError as exc:  # its position counts bytes in libyaml: find the character
        bad = _NOT_YAML.search(text)
        if bad is None:  # pragma: no cover - libyaml and this pattern agree on what YAML allows
            diags.error(Span(file), f"YAML: {exc.reason}")
            return None
        i = bad.start()
        span = Span(file, text.count("\n", 0, i) + 1, i - text.rfind("\n", 0, i))
        diags.error(span, f"character U+{ord(bad.group()):04X} is not allowed in YAML text "
                          f"(write it as an escape in double quotes if you need it)")
        return None
    except RecursionError:  # the pure-Python composer recurses once per nesting level
        diags.error(Span(file), f"nesting far deeper than {MAX_DEPTH} levels")
        return None
    except yaml.YAMLError as exc:
        diags.error(Span(file), f"YAML: {exc.__class__.__name__}: cannot read this file")
        return None
    if root is None:
        return YMap((), Span(file))
    try:
        return _Builder(file, diags, text).build(root)
    except _TooBig as exc:
        diags.error(exc.span, exc.message)
        return None


def positions(node: YScalar, value: str) -> tuple[tuple[int, int, int], ...]:
    """Where each character of `value` (the scalar's text) sits in the file.

    Folded, multi-line and escaped scalars do not map onto one source line, so the
    value is aligned with the source: the answer is a tuple of segments
    (value offset, line, col), each the start of a run of characters that sit side
    by side on one line. Empty when the alignment fails (the caller falls back to
    the scalar's start).
    """
    text, style = node.text, node.style
    if not text or node.index < 0:
        return ()
    j, line, col = node.index, node.span.line, node.span.col
    if style in ("|", ">"):  # the content starts on the line after the header
        nl = text.find("\n", j)
        if nl < 0:
            return ()
        j, line, col = nl + 1, line + 1, 1
    elif style in ("'", '"'):
        j, col = j + 1, col + 1
    if "\n" not in value and text.startswith(value, j):  # the common case: verbatim on one line
        return ((0, line, col),)
    segments: list[tuple[int, int, int]] = []
    last = (-2, 0, 0)

    def record(i: int) -> None:
        nonlocal last
        li, ll, lc = last
        if not (ll == line and i - li == col - lc):
            segments.append((i, line, col))
        last = (i, line, col)

    def advance(n: int) -> None:
        nonlocal j, line, col
        for _ in range(n):
            if j < len(text) and text[j] == "\n":
                line, col = line + 1, 1
            else:
                col += 1
            j += 1

    i = 0
    while i < len(value):
        if j >= len(text):
            return ()
        c, v = text[j], value[i]
        if style == '"' and c == "\\":
            nxt = text[j + 1:j + 2]
            if nxt in ("\r", "\n"):  # an escaped line break: it and the next indentation vanish
                advance(3 if text.startswith("\r\n", j + 1) else 2)
                while j < len(text) and text[j] in " \t":
                    advance(1)
                continue
            record(i)
            i += 1
            advance({"x": 4, "u": 6, "U": 10}.get(nxt, 2))
        elif style == "'" and c == "'" and text[j + 1:j + 2] == "'":
            record(i)
            i += 1
            advance(2)
        elif c == v and c not in "\r\n":  # a run copied verbatim: to the line's end or the next escape
            record(i)
            end = text.find("\n", j)
            run = text[j:end if end >= 0 else len(text)]
            stop = {'"': "\\", "'": "'"}.get(style)
            if stop is not None and stop in run:
                run = run[:max(run.index(stop), 1)]
            # (commonprefix compares in Python, a character at a time: most runs match whole)
            k = len(run) if value.startswith(run, i) else len(os.path.commonprefix([run, value[i:i + len(run)]]))
            last = (i + k - 1, line, col + k - 1)
            i, j, col = i + k, j + k, col + k
        elif c == v or (c in "\r\n" and v in " \n"):
            record(i)
            i += 1
            advance(1)
        elif c in " \t\r\n":  # indentation and line breaks folded away
            advance(1)
        else:
            return ()
    return tuple(segments)
