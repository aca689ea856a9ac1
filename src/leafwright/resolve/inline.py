"""The inline markup grammar of every TEXT: a tokenizer/parser into plain nodes.

Content text never reaches ReportLab markup from here; layout escapes the plain
strings held in `Text` nodes. Offsets count characters from the start of the
source string so errors can point at a column.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Text:
    text: str
    offset: int = 0


@dataclass(frozen=True)
class Styled:
    """Emphasis, strong, superscript or subscript around child nodes."""

    style: str  # "italic" | "bold" | "sup" | "sub"
    children: tuple["Inline", ...]
    offset: int = 0


@dataclass(frozen=True)
class Link:
    children: tuple["Inline", ...]
    url: str
    offset: int = 0


@dataclass(frozen=True)
class Cite:
    keys: tuple[str, ...]
    key_offsets: tuple[int, ...]
    offset: int = 0
    # per key, where in the work it is supported ("table 2", "p 4"), "" for none: AMA prints
    # it after the number (`5(p4)`), and the claims matrix shows it
    locators: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ok:
    """`[!ok: reason]`: prints nothing; silences the review findings on what precedes it in
    its text, and the reason becomes a column of the claims matrix."""

    reason: str
    offset: int = 0


@dataclass(frozen=True)
class NoteRef:
    id: str
    offset: int = 0


@dataclass(frozen=True)
class Value:
    name: str
    spec: str | None
    offset: int = 0


Inline = Union[Text, Styled, Link, Cite, NoteRef, Value, Ok]


@dataclass(frozen=True)
class InlineError:
    offset: int
    message: str


MAX_DEPTH = 32
"""Deepest nesting of Styled/Link nodes parse builds. Real text nests two or
three levels; a cap keeps recursive consumers (layout, dataclass ==, repr)
safe from hostile input such as 10,000 nested asterisks."""

_PUNCT = string.punctuation
_P = re.escape(_PUNCT)
_PLAIN = re.compile(r"[^*^~\[\]{}\\]+")
_WS = re.compile(r"\s")
_STARS = re.compile(r"\*+")
# Citation keys as in pandoc: word characters with internal punctuation only,
# so `[@smith.]` is not silently read as key 'smith.'.
_KEY = r"\w(?:[\w:.#$%&+?<>~/-]*\w)?"
_LOC = r"(?:\s*,\s*[^;\[\]@{}\s][^;\[\]@{}]*)?"  # `, table 2` after a key: a locator
_CITE = re.compile(rf"\[@{_KEY}{_LOC}(?:\s*;\s*@{_KEY}{_LOC})*\s*\]")
_CITE_KEY = re.compile(rf"@({_KEY})(?:\s*,\s*([^;\]]*[^;\]\s]))?")
_OK = re.compile(r"\[!ok:\s*([^\[\]]*?)\s*\]")
_EMPTY_CITE = re.compile(r"\[@\s*\]")
_NOTE = re.compile(r"\[\^([A-Za-z0-9_-]+)\]")
_BRACE_BODY = re.compile(r"[^{}]*")
_VALUE = re.compile(
    r"\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*(?::\s*([A-Za-z0-9_-]+)\s*)?"
)
# A link target: no whitespace or brackets, one level of balanced parentheses
# (wikipedia-style URLs), backslash escapes. Stopping at brackets keeps every
# attempt inside its own stretch of text, so parsing stays linear.
_URL = re.compile(
    rf"\(\s*((?:[^\s()\[\]\\]|\\[{_P}]|\\(?![{_P}])|\([^\s()\[\]\\]*\))+)\s*\)"
)
_URL_ESCAPE = re.compile(rf"\\([{_P}])")


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def _clip(s: str, limit: int = 40) -> str:
    """Quote source text for a message, cut short: messages are one line."""
    s = " ".join(s.split())
    return repr(s if len(s) <= limit else s[: limit - 1] + "…")


class _Delim:
    """A possible opener still on the stack: a '*' run, '^', '~' or '['.

    It becomes literal text if nothing closes it; `error` is reported then.
    """

    __slots__ = ("char", "pos", "count", "ws", "error")

    def __init__(self, char: str, pos: int, count: int = 1, ws: int = 0, error: str = "") -> None:
        self.char, self.pos, self.count, self.ws, self.error = char, pos, count, ws, error


class _Parser:
    """One left-to-right pass with an explicit stack, no recursion.

    `out` holds finished nodes, text pieces and open delimiters. When a closer
    matches an opener, everything above the opener is popped into the new
    node's children, so each piece is moved once per enclosing node: linear
    time however the delimiters are arranged.
    """

    def __init__(self, src: str) -> None:
        self.src = src
        self.out: list[Inline | _Delim] = []
        self.depth: list[int] = []  # nesting depth of each entry of `out`
        self.openers: dict[str, list[int]] = {"*": [], "^": [], "~": [], "[": []}
        self.floor = 0  # '[' openers below this stack index sit around a link: inactive
        self.ws = 0  # whitespace runs seen so far; '^'/'~' pairs may not span one
        self.errors: list[InlineError] = []
        self.parts: list[str] = []  # text not yet pushed: one Text per run, not per escape
        self.start = 0

    def error(self, pos: int, message: str) -> None:
        self.errors.append(InlineError(pos, message))

    def flush(self) -> None:
        if self.parts:
            self.out.append(Text("".join(self.parts), self.start))
            self.depth.append(0)
            self.parts = []

    def push(self, item: Inline | _Delim, depth: int = 0) -> None:
        self.flush()
        self.out.append(item)
        self.depth.append(depth)

    def text(self, s: str, pos: int) -> None:
        if _WS.search(s):
            self.ws += 1
        if not self.parts:
            self.start = pos
        self.parts.append(s)

    def opener(self, d: _Delim) -> None:
        self.flush()
        self.openers[d.char].append(len(self.out))
        self.push(d)

    def literal(self, d: _Delim) -> Text:
        if d.char == "*":
            self.error(d.pos, f"unclosed '{'*' * d.count}'; write \\* for a literal asterisk")
        elif d.error:
            self.error(d.pos, d.error)
        return Text(d.char * d.count, d.pos)

    def finish(self, items: list[Inline | _Delim]) -> tuple[Inline, ...]:
        """Unclosed delimiters become text; adjacent text merges into one node."""
        nodes: list[Inline] = []
        parts: list[str] = []
        start = 0
        for item in items:
            if isinstance(item, _Delim):
                item = self.literal(item)
            if isinstance(item, Text):
                if not parts:
                    start = item.offset
                parts.append(item.text)
                continue
            if parts:
                nodes.append(Text("".join(parts), start))
                parts = []
            nodes.append(item)
        if parts:
            nodes.append(Text("".join(parts), start))
        return tuple(nodes)

    def trim(self, k: int) -> None:
        """Forget openers above out[k] (they are being popped)."""
        for stack in self.openers.values():
            while stack and stack[-1] > k:
                stack.pop()
        self.floor = min(self.floor, len(self.openers["["]))

    def wrap(self, k: int, use: int, style: str = "", url: str = "") -> bool:
        """Close the opener at out[k], using `use` of its characters: everything
        above it becomes the children of a Styled (or, without style, a Link).

        Refuses past MAX_DEPTH, and then gives up on every opener of that kind,
        so a hostile input cannot make us rescan the same deep region again.
        """
        self.flush()
        d = self.out[k]
        assert isinstance(d, _Delim)
        depth = 1 + max(self.depth[k + 1 :], default=0)
        if depth > MAX_DEPTH:
            self.error(d.pos, f"markup nested more than {MAX_DEPTH} levels deep")
            stack = self.openers[d.char]
            for j in stack:
                self.out[j] = self.literal(self.out[j])  # type: ignore[arg-type]
            stack.clear()
            self.floor = min(self.floor, len(self.openers["["]))
            return False
        children = self.finish(self.out[k + 1 :])
        del self.out[k + 1 :], self.depth[k + 1 :]
        self.trim(k)
        d.count -= use
        offset = d.pos + d.count  # an opener run is used from its inner end
        if not d.count:
            self.out.pop()
            self.depth.pop()
            self.trim(k - 1)
        self.push(Styled(style, children, offset) if style else Link(children, url, offset), depth)
        return True

    def star(self, i: int) -> int:
        """A '*' run: CommonMark flanking decides whether it may open or close."""
        src = self.src
        end = _STARS.match(src, i).end()  # type: ignore[union-attr]
        before = src[i - 1] if i else " "
        after = src[end] if end < len(src) else " "
        can_open = not after.isspace() and (
            not _is_punct(after) or before.isspace() or _is_punct(before)
        )
        can_close = not before.isspace() and (
            not _is_punct(before) or after.isspace() or _is_punct(after)
        )
        d = _Delim("*", i, end - i)
        stack = self.openers["*"]
        while can_close and d.count and stack:
            use = 2 if d.count >= 2 and self.out[stack[-1]].count >= 2 else 1  # type: ignore[union-attr]
            if not self.wrap(stack[-1], use, "bold" if use == 2 else "italic"):
                break
            d.pos += use
            d.count -= use
        if d.count:
            if can_open:
                self.opener(d)
            else:
                self.text("*" * d.count, d.pos)
        return end

    def script(self, i: int) -> None:
        """'^'/'~' pair up like pandoc: non-empty, no whitespace in between."""
        c = self.src[i]
        stack = self.openers[c]
        if stack:
            k = stack[-1]
            if (
                self.out[k].ws == self.ws  # type: ignore[union-attr]
                and (self.parts or k < len(self.out) - 1)
                and self.wrap(k, 1, "sup" if c == "^" else "sub")
            ):
                return
        nxt = self.src[i + 1 : i + 2]
        if nxt and not nxt.isspace():
            self.opener(_Delim(c, i, ws=self.ws))
        else:
            self.text(c, i)

    def bracket(self, i: int) -> int:
        src = self.src
        if m := _CITE.match(src, i):
            found = [(km.group(1), km.start(1), km.group(2) or "") for km in _CITE_KEY.finditer(src, i, m.end())]
            locators = tuple(loc for _, _, loc in found)
            self.push(Cite(tuple(k for k, _, _ in found), tuple(o for _, o, _ in found), i,
                           locators if any(locators) else ()))
            return m.end()
        if m := _OK.match(src, i):
            if not m.group(1):
                self.error(i, "'[!ok:]' needs a reason, e.g. [!ok: definition threshold]")
            self.push(Ok(m.group(1), i))
            return m.end()
        if m := _NOTE.match(src, i):
            self.push(NoteRef(m.group(1), i))
            return m.end()
        if m := _EMPTY_CITE.match(src, i):
            self.error(i, "empty citation; write [@key], or \\[ for a literal bracket")
            self.text(m.group(), i)
            return m.end()
        # '[@' and '[^' are almost surely meant as markup: a typo is an error
        # (unless the bracket turns out to be a link), not silently printed.
        error = ""
        if src.startswith("[@", i):
            error = "malformed citation; write [@key] or [@key1; @key2], or \\[ for a literal bracket"
        elif src.startswith("[^", i):
            error = "malformed note reference; write [^id] (letters, digits, '-', '_'), or \\[ for a literal bracket"
        self.opener(_Delim("[", i, error=error))
        return i + 1

    def close_bracket(self, i: int) -> int:
        stack = self.openers["["]
        if stack:
            k = stack[-1]
            m = _URL.match(self.src, i + 1) if len(stack) > self.floor else None
            if m is None:
                stack.pop()
                self.floor = min(self.floor, len(stack))
                self.out[k] = self.literal(self.out[k])  # type: ignore[arg-type]
            elif self.wrap(k, 1, url=_URL_ESCAPE.sub(lambda e: e.group(1), m.group(1))):
                self.floor = len(stack)  # no links inside links
                return m.end()
        self.text("]", i)
        return i + 1

    def brace(self, i: int) -> int:
        src = self.src
        if src.startswith("{{", i):
            self.text("{", i)
            return i + 2
        end = _BRACE_BODY.match(src, i + 1).end()  # type: ignore[union-attr]
        if end == len(src) or src[end] != "}":
            self.error(i, "'{' without a matching '}'; write {{ for a literal brace")
            self.text("{", i)
            return i + 1
        body = src[i + 1 : end]
        if m := _VALUE.fullmatch(body):
            self.push(Value(m.group(1), m.group(2), i))
        else:
            self.error(
                i,
                "empty '{}'; write {name}, or {{}} for literal braces"
                if not body.strip()
                else f"{_clip(src[i : end + 1])} is not {{name}} or {{name:spec}} with a"
                " dotted name like mrcc.cr; write {{ for a literal brace",
            )
            self.text(src[i : end + 1], i)
        return end + 1

    def run(self) -> tuple[tuple[Inline, ...], tuple[InlineError, ...]]:
        src, n, i = self.src, len(self.src), 0
        while i < n:
            if m := _PLAIN.match(src, i):
                self.text(m.group(), i)
                i = m.end()
                continue
            c = src[i]
            if c == "\\":
                if src[i + 1 : i + 2] and src[i + 1] in _PUNCT:
                    self.text(src[i + 1], i)
                    i += 2
                else:
                    self.text("\\", i)
                    i += 1
            elif c == "*":
                i = self.star(i)
            elif c in "^~":
                self.script(i)
                i += 1
            elif c == "[":
                i = self.bracket(i)
            elif c == "]":
                i = self.close_bracket(i)
            elif c == "{":
                i = self.brace(i)
            else:  # "}"
                if not src.startswith("}}", i):
                    self.error(i, "'}' without a matching '{'; write }} for a literal brace")
                self.text("}", i)
                i += 2 if src.startswith("}}", i) else 1
        self.flush()
        nodes = self.finish(self.out)
        return nodes, tuple(sorted(self.errors, key=lambda e: e.offset))


def parse(source: str) -> tuple[tuple[Inline, ...], tuple[InlineError, ...]]:
    """Parse one TEXT into inline nodes plus every markup error found.

    Never raises: errors are collected and the offending characters come back
    as literal text, so a caller can report all problems of a run at once.
    """
    return _Parser(source).run()


_ESCAPES = str.maketrans(
    {"*": "\\*", "[": "\\[", "\\": "\\\\", "{": "{{", "}": "}}", "^": "\\^", "~": "\\~"}
)


def escape(text: str) -> str:
    """Quote plain text so that `parse` gives it back as one `Text` node."""
    return text.translate(_ESCAPES)
