"""YAML syntax errors in the writer's terms: where the mistake is and how to fix it.

PyYAML reports where its parser gave up, in its own vocabulary ("while scanning an
alias"). Most errors in leaflet content are text that YAML reads as syntax (`*italic*`
or `[@key]` at the start of a paragraph, `{name}` inside a `[..., ...]` list, `: ` in
a sentence) or a line indented wrongly. For the first kind the message shows the text
properly quoted, and the quoting is tried on the file before it is suggested, so the
advice is never wrong; for the second it points at the line that is wrong rather than
the line where the parser noticed.
"""

from __future__ import annotations

import re
from typing import Callable, Optional

import yaml

Parse = Callable[[str], Optional[yaml.MarkedYAMLError]]

# indentation, "- " item markers, an optional "key:" — what is left on the line is the value
_LINE = re.compile(r"""^(?P<indent>[ ]*)(?P<dashes>(?:-[ ]+)*)"""
                   r"""(?:(?P<key>"[^"]*"|'[^']*'|[^\s#'"\[\]{},&*!|>%@`?:-][^#]*?|-[^\s#][^#]*?)[ ]*:(?:[ ]+|$))?"""
                   r"""(?P<value>.*?)[ ]*$""")
_TEXT_KEYS = {"paragraph", "heading", "subheading", "text", "title", "label", "value", "name", "message",
              "printed", "footer", "code", "date", "check", "count", "of"}  # text, even when it looks like [a, b]
_OPEN, _CLOSE = "[{", "]}"
_LONGEST = 5_000  # characters in a line worth re-reading the file for; written text is shorter
_WHY = {
    "*": "'*' at the start of text is YAML for an alias",
    "&": "'&' at the start of text is YAML for an anchor",
    "@": "YAML text cannot start with '@'",
    "`": "YAML text cannot start with '`'",
    "[": "'[' at the start of text begins a YAML list",
    "{": "'{' at the start of text begins a YAML mapping",
    "|": "'|' at the start of text begins a YAML block of text",
    ">": "'>' at the start of text begins a YAML block of text",
    "!": "'!' at the start of text is a YAML tag",
    "%": "'%' at the start of text is a YAML directive",
    "-": "'- ' at the start of text begins a YAML list item",
    "?": "'? ' at the start of text begins a YAML key",
    '"': "text that starts with a quote must end with it",
    "'": "text that starts with a quote must end with it",
}


def quote(text: str) -> str:
    """Text in YAML single quotes: only the quote itself is doubled, backslashes stay as written."""
    return "'" + text.replace("'", "''") + "'"


def explain(exc: yaml.MarkedYAMLError, text: str, parse: Parse) -> tuple[int, int, str]:
    """(line, column, message), both counting from 1, for a YAML error in `text`."""
    lines = [line.rstrip("\r") for line in text.split("\n")]
    problem, context = exc.problem_mark, exc.context_mark
    mark = problem or context
    if mark is None:  # pragma: no cover - every PyYAML syntax error carries a mark
        return 1, 1, f"YAML syntax: {exc.problem or exc.context}"
    if mark.line < len(lines) and "\t" in _leading(lines[mark.line]) and mark.column <= len(_leading(lines[mark.line])):
        return mark.line + 1, 1, "YAML syntax: a tab in the indentation; YAML indents with spaces only"
    trap = _quoting(exc, lines, parse)
    if trap:
        return trap
    moved = _earlier(exc, lines)
    if moved:
        return moved
    message = exc.problem or exc.context
    if exc.problem and exc.context and context is not None and mark is problem:
        message += f" ({exc.context} at line {context.line + 1}, column {context.column + 1})"
    return mark.line + 1, mark.column + 1, f"YAML syntax: {message}"


def _leading(line: str) -> str:
    return line[:len(line) - len(line.lstrip(" \t"))]


# --- text that YAML read as syntax ------------------------------------------------------------

def _quoting(exc, lines: list[str], parse: Parse) -> Optional[tuple[int, int, str]]:
    if (exc.context or "").startswith("while scanning a quoted scalar"):
        return None  # an unclosed quote: the writer did quote
    mark = exc.problem_mark or exc.context_mark
    places = [(mark.line, mark.column, False)]
    if (exc.context or "").startswith("while parsing a flow") and exc.context_mark is not None \
            and exc.context_mark.line < mark.line:  # `[unclosed` text: YAML read on to later lines
        places.insert(0, (exc.context_mark.line, exc.context_mark.column, True))
    for line_no, col, text_only in places:
        if line_no >= len(lines) or len(lines[line_no]) > _LONGEST:
            continue
        m = _LINE.match(lines[line_no])
        start = m.start("value")
        value = m.group("value")
        if not value or col < start:
            continue
        key = (m.group("key") or "").strip("'\"")
        if text_only and key not in _TEXT_KEYS:  # a list the writer forgot to close
            continue
        flow = value[0] in _OPEN and _match(value, 0) == len(value) - 1 and key not in _TEXT_KEYS
        candidates = [_flow_item(lines, line_no, start, value, col - start), _whole(lines, line_no, start, m)]
        for found in (candidates if flow else candidates[::-1]):
            if found is None:
                continue
            first, begin, last, end, shown, why = found
            fixed = _replace(lines, first, begin, last, end, quote(shown))
            after = parse(fixed)
            if after is None or _past(after, first, begin + len(quote(shown))):
                return first + 1, begin + 1, f"YAML syntax in text: {why}; quote this text: {quote(shown)}"
    return None


def _match(s: str, i: int) -> int:
    """Index of the bracket closing the one at `i` (brackets of either kind counted), or -1."""
    depth = 0
    for j in range(i, len(s)):
        if s[j] in _OPEN:
            depth += 1
        elif s[j] in _CLOSE:
            depth -= 1
            if depth == 0:
                return j
    return -1


def _whole(lines, line_no, start, m) -> Optional[tuple]:
    """The value from its start to the end of its line and of any more-indented lines after it
    (a plain scalar continues there)."""
    value = m.group("value")
    key_col = len(m.group("indent")) + len(m.group("dashes"))
    last = line_no
    while last + 1 < len(lines) and lines[last + 1].strip() and \
            len(lines[last + 1]) - len(lines[last + 1].lstrip(" ")) > key_col and \
            not lines[last + 1].lstrip().startswith("#"):
        last += 1
    parts = [value] + [lines[k].strip() for k in range(line_no + 1, last + 1)]
    shown = " ".join(parts)
    end = len(lines[last].rstrip(" "))
    return line_no, start, last, end, shown, _why(shown)


def _why(shown: str) -> str:
    if shown[0] in _WHY:
        return _WHY[shown[0]]
    if ": " in shown or shown.endswith(":"):
        return "': ' inside text makes YAML read 'key: value'"
    if " #" in shown:
        return "' #' inside text starts a YAML comment"
    return "YAML reads part of this text as syntax"


def _flow_item(lines, line_no, start, value, col) -> Optional[tuple]:
    """The item of a one-line `[..., ...]` list (or a value of a `{key: value}` mapping) that holds
    column `col` of `value`; brackets inside an item's text are counted, so `two [@a]` is one item."""
    if not value or value[0] not in _OPEN:
        return None
    item = _item_at(value, 0, col)
    if item is None:
        return None
    i, j = item
    shown = value[i:j].strip()
    if not shown:
        return None
    i += len(value[i:j]) - len(value[i:j].lstrip())
    why = _WHY.get(shown[0]) if shown[0] in "*&@`!|>%'\"" else \
        "inside a [..., ...] list, brackets, braces, commas and ': ' in text are YAML syntax"
    return line_no, start + i, line_no, start + i + len(shown), shown, why


def _item_at(s: str, open_at: int, col: int, depth: int = 0) -> Optional[tuple[int, int]]:
    """(start, end) in `s` of the innermost text item that holds `col`, in the collection that
    opens at `open_at`; content is at most a table's rows of cells deep."""
    if depth > 4:
        return None
    close = _match(s, open_at)
    if close < 0:
        close = len(s)
    mapping = s[open_at] == "{"
    i = open_at + 1
    while i <= close:
        j, level = i, 0
        while j < close and not (level == 0 and s[j] == ","):
            level += s[j] in _OPEN
            level -= s[j] in _CLOSE
            j += 1
        lo = i
        if mapping and ": " in s[i:j]:
            lo = s.index(": ", i) + 2
        stripped = s[lo:j].strip()
        if lo <= col <= j:
            first = lo + len(s[lo:j]) - len(s[lo:j].lstrip())
            if stripped and stripped[0] in _OPEN and _match(s, first) == first + len(stripped) - 1 \
                    and first < col:
                return _item_at(s, first, col, depth + 1)  # a nested list of cells: look inside it
            return lo, j
        i = j + 1
    return None


def _last_open(line: str) -> int:
    """Column of the first bracket on `line` left open at its end, or -1."""
    stack: list[int] = []
    for j, c in enumerate(line):
        if c in _OPEN:
            stack.append(j)
        elif c in _CLOSE and stack:
            stack.pop()
    return stack[0] if stack else -1


def _replace(lines, first, begin, last, end, replacement) -> str:
    out = lines[:first] + [lines[first][:begin] + replacement + lines[last][end:]] + lines[last + 1:]
    return "\n".join(out)


def _past(exc: yaml.MarkedYAMLError, line: int, col: int) -> bool:
    """Is the error left after the fix beyond the fixed text (so the fix did its job there)?"""
    mark = exc.problem_mark or exc.context_mark
    return mark is not None and (mark.line, mark.column) > (line, col)


# --- errors noticed after the line that is wrong ------------------------------------------------

_STRUCTURE = re.compile(r"^\s*(?:-(?:\s|$)|[^\s#][^#]*?:(?:\s|$))")  # a "- item" or "key:" line


def _earlier(exc, lines: list[str]) -> Optional[tuple[int, int, str]]:
    problem, context = exc.problem_mark, exc.context_mark
    ctx = exc.context or ""
    if problem is None:
        return None
    for k in range(problem.line - 1, -1, -1):  # "-item" without its space, on the line above
        if lines[k].strip():
            m = re.match(r"^([ ]*)-[^\s-]", lines[k])
            if m and problem.column <= len(m.group(1)):
                return k + 1, len(m.group(1)) + 1, ("YAML syntax: '-' starts a list item only with a space "
                                                    "after it; write '- ' here")
            break
    if context is None:
        if (exc.problem or "").startswith("mapping values are not allowed"):
            line = lines[problem.line] if problem.line < len(lines) else ""
            indent = len(line) - len(line.lstrip(" "))
            if line[indent:problem.column].strip() and ": " not in line[indent:problem.column] \
                    and problem.line > 0:
                return problem.line + 1, indent + 1, (
                    "YAML syntax: this line is indented deeper than the one above, so YAML reads it as more "
                    "of that line's text and the ':' is out of place; line it up with its sibling keys")
        return None
    if ctx.startswith("while scanning a simple key"):
        line = lines[problem.line] if problem.line < len(lines) else ""
        indent = len(line) - len(line.lstrip(" "))
        if line.strip() and indent < context.column and not _STRUCTURE.match(line):
            return problem.line + 1, indent + 1, (  # text that lost its indentation, e.g. after `>`
                "YAML syntax: this line is indented less than the text above it; indent it like the lines "
                "it continues (or make it 'key: value' or '- item')")
        return context.line + 1, context.column + 1, (
            "YAML syntax: this line is neither 'key: value' nor '- item': is a ': ' or '- ' missing? "
            "(if it continues the text of the line above, indent it further)")
    if ctx.startswith("while scanning a quoted scalar") and problem.line > context.line:
        q = lines[context.line][context.column:context.column + 1] if context.line < len(lines) else '"'
        return context.line + 1, context.column + 1, (
            f"YAML syntax: the quoted text that starts here is never closed; end it with {q}")
    opened_at = (context.line, context.column)
    if ctx.startswith("while parsing a flow node") and not "".join(lines[problem.line:]).strip():
        for k in range(min(problem.line, len(lines) - 1), -1, -1):  # the end came inside a '[': whose?
            if _last_open(lines[k]) >= 0:
                opened_at, ctx = (k, _last_open(lines[k])), "while parsing a flow"
                break
    if ctx.startswith(("while parsing a flow", "while scanning a flow")) and problem.line > opened_at[0]:
        line, col = opened_at
        c = lines[line][col:col + 1] if line < len(lines) else "["
        close = "]" if c == "[" else "}"
        return line + 1, col + 1, (
            f"YAML syntax: the '{c}' here is never closed with '{close}' (YAML gave up at line "
            f"{problem.line + 1}); close it, or quote the text if it is text")
    if (exc.problem or "").startswith(("did not find expected key", "expected <block end>",
                                       "did not find expected '-' indicator")) and problem.line > context.line:
        return problem.line + 1, problem.column + 1, (
            f"YAML syntax: bad indentation: YAML cannot place this line (column {problem.column + 1}) in "
            f"the block above it (which starts at line {context.line + 1}, column {context.column + 1}); "
            f"indent it exactly like the keys or '- ' items it belongs with")
    return None
