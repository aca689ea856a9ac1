"""The expression language of data.yaml: numbers, value names, + - * /, parentheses, comparisons.

Our own tokenizer, recursive-descent parser and evaluator, so content can never reach
Python's `eval` (the contract says "nothing else is evaluated, ever"). Arithmetic is
exact (`Fraction`); rounding happens only at formatting.

Decisions:
- Comparisons chain with Python semantics (``a < b < c`` means ``a < b and b < c``), but
  every operand is evaluated (no short-circuit) so an error is never hidden.
- A comparison cannot be an operand of arithmetic or of another comparison (rejected at
  parse time), so arithmetic always sees numbers.
- Only unary minus exists; names are ASCII dotted identifiers, and a segment starting
  with ``__`` is rejected at parse time.
- Same-precedence operators are stored as one flat node (`Arith`, `Compare`), so the tree
  depth is bounded by nesting (parentheses and unary minus, at most `MAX_DEPTH`) and never
  by length; with `MAX_LENGTH` this keeps every stage far from RecursionError.
- Offsets are 0-based character indexes into the source; an error points at the offending
  token (for division by zero: the ``/``; for a call: the callee name).
"""

from __future__ import annotations

import numbers
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Iterator, Mapping, Union

from leafwright.diagnostics import did_you_mean
from leafwright.exact import MAX_DIGITS_EXACT, too_large

MAX_LENGTH = 10_000
MAX_DEPTH = 100
MAX_DIGITS = 100

_COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")
_TOKEN = re.compile(
    r"(?P<num>[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)"
    r"|(?P<op>==|!=|<=|>=|[-+*/()<>])",
    re.ASCII,
)


class ExprError(Exception):
    """A problem in an expression; `offset` is the 0-based index of the offending token."""

    def __init__(self, message: str, offset: int):
        super().__init__(message, offset)
        self.message = message
        self.offset = offset

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Num:
    value: Fraction
    offset: int


@dataclass(frozen=True)
class Name:
    name: str
    offset: int


@dataclass(frozen=True)
class Neg:
    operand: "Expr"
    offset: int


@dataclass(frozen=True)
class Step:
    """One ``op operand`` after the first operand of an `Arith` or `Compare`."""

    op: str
    offset: int
    operand: "Expr"


@dataclass(frozen=True)
class Arith:
    """``first op operand op operand ...`` at one precedence level, left to right."""

    first: "Expr"
    rest: tuple[Step, ...]


@dataclass(frozen=True)
class Compare:
    """A comparison chain: ``first < x <= y`` holds when every adjacent pair holds."""

    first: "Expr"
    rest: tuple[Step, ...]


Expr = Union[Num, Name, Neg, Arith, Compare]


def _show(text: str) -> str:
    """Quote a token for a message; long tokens are cut so messages stay readable."""
    if len(text) == 1 and not text.isprintable():
        return f"U+{ord(text):04X}"
    return f"'{text[:20]}...'" if len(text) > 20 else f"'{text}'"


def _tokenize(source: str) -> Iterator[tuple[str, str, int]]:
    """(kind, text, offset) triples ending with ("end", "", len(source)).

    Lazy, so the parser reports ``open('x')`` as a call before the tokenizer sees the string.
    """
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch in " \t\r\n":
            i += 1
            continue
        m = _TOKEN.match(source, i)
        if m is None:
            if ch in "\"'":
                raise ExprError(f"unexpected {_show(ch)}: strings are not allowed", i)
            if ch in "=!":
                raise ExprError(f"unexpected {_show(ch)}; did you mean '{ch}='?", i)
            raise ExprError(f"unexpected character {_show(ch)}", i)
        kind, text = m.lastgroup or "", m.group()
        end = m.end()
        if kind == "num":
            if end < n and (source[end].isalnum() or source[end] in "._"):
                j = end
                while j < n and (source[j].isalnum() or source[j] in "._"):
                    j += 1
                raise ExprError(f"malformed number {_show(source[i:j])}", i)
            if len(text) - text.count(".") > MAX_DIGITS:
                raise ExprError(f"number {_show(text)} is too long (over {MAX_DIGITS} digits)", i)
        elif kind == "name":
            if end < n and source[end] == ".":
                raise ExprError(f"incomplete name {_show(source[i:end + 1])}", i)
        elif text == "*" and source.startswith("**", i):
            raise ExprError("unexpected '**': powers are not allowed", i)
        yield kind, text, i
        i = end
    yield "end", "", n


class _Parser:
    """Recursive descent; `depth` counts open parentheses and unary minuses."""

    def __init__(self, source: str):
        self.tokens = _tokenize(source)
        self.current = next(self.tokens)
        self.depth = 0

    def peek(self) -> tuple[str, str, int]:
        return self.current

    def take(self) -> tuple[str, str, int]:
        tok = self.current
        if tok[0] != "end":
            self.current = next(self.tokens)
        return tok

    def enter(self, offset: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"expression nested too deeply (over {MAX_DEPTH} levels)", offset)

    def parse(self) -> Expr:
        expr = self.comparison()
        kind, text, offset = self.peek()
        if kind != "end":
            raise ExprError(f"unexpected {_show(text)}; expected an operator or the end", offset)
        return expr

    def comparison(self) -> Expr:
        first = self.arith(self.term, "+-")
        rest: list[Step] = []
        while self.peek()[1] in _COMPARISONS and self.peek()[0] == "op":
            _, op, offset = self.take()
            rest.append(Step(op, offset, self.arith(self.term, "+-")))
        if not rest:
            return first
        for operand, at in ((first, rest[0].offset), *((s.operand, s.offset) for s in rest)):
            if isinstance(operand, Compare):
                raise ExprError("a comparison cannot be compared; write a chain like 'a < b < c'", at)
        return Compare(first, tuple(rest))

    def arith(self, operand: Callable[[], Expr], ops: str) -> Expr:
        first = operand()
        rest: list[Step] = []
        while self.peek()[0] == "op" and self.peek()[1] in ops:
            _, op, offset = self.take()
            rest.append(Step(op, offset, operand()))
        if not rest:
            return first
        for operand_, at in ((first, rest[0].offset), *((s.operand, s.offset) for s in rest)):
            if isinstance(operand_, Compare):
                raise ExprError("a comparison cannot be used in arithmetic", at)
        return Arith(first, tuple(rest))

    def term(self) -> Expr:
        return self.arith(self.unary, "*/")

    def unary(self) -> Expr:
        kind, text, offset = self.peek()
        if kind == "op" and text == "-":
            self.take()
            self.enter(offset)
            operand = self.unary()
            self.depth -= 1
            if isinstance(operand, Compare):
                raise ExprError("a comparison cannot be negated", offset)
            return Neg(operand, offset)
        return self.atom()

    def atom(self) -> Expr:
        kind, text, offset = self.take()
        if kind == "num":
            node: Expr = Num(Fraction(text), offset)
        elif kind == "name":
            node = Name(text, offset)
        elif text == "(":
            self.enter(offset)
            node = self.comparison()
            self.depth -= 1
            if self.peek()[1] != ")":
                nkind, ntext, noffset = self.peek()
                if nkind == "end":
                    raise ExprError("unclosed '('", offset)
                raise ExprError(f"unexpected {_show(ntext)}; expected ')'", noffset)
            self.take()
        elif kind == "end":
            raise ExprError("expected a number, a name or '(', found the end", offset)
        else:
            raise ExprError(f"unexpected {_show(text)}; expected a number, a name or '('", offset)
        if self.peek()[1] == "(" and self.peek()[0] == "op":
            if kind == "name":
                raise ExprError(f"function calls are not allowed: {_show(text)}", offset)
            raise ExprError("unexpected '('; function calls are not allowed", self.peek()[2])
        if kind == "name":
            at = offset
            for part in node.name.split("."):
                if part.startswith("__"):
                    raise ExprError(f"name part {_show(part)} is not allowed (starts with '__')", at)
                at += len(part) + 1
        return node


def parse(source: str) -> Expr:
    """Parse `source` into a tree of frozen nodes, or raise ExprError."""
    if len(source) > MAX_LENGTH:
        raise ExprError(f"expression too long ({len(source)} characters, limit {MAX_LENGTH})",
                        MAX_LENGTH)
    if not source.strip():
        raise ExprError("empty expression", 0)
    return _Parser(source).parse()


def _children(expr: Expr) -> tuple[Expr, ...]:
    if isinstance(expr, Neg):
        return (expr.operand,)
    if isinstance(expr, (Arith, Compare)):
        return (expr.first, *(s.operand for s in expr.rest))
    return ()


def names(expr: Expr) -> list[tuple[str, int]]:
    """Every name the expression reads, as (name, offset) in source order."""
    found: list[tuple[str, int]] = []
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Name):
            found.append((node.name, node.offset))
        stack.extend(reversed(_children(node)))
    return found


def _lookup(node: Name, env: Mapping[str, Fraction]) -> Fraction:
    if node.name not in env:
        raise ExprError(f"unknown name '{node.name}'{did_you_mean(node.name, env.keys())}",
                        node.offset)
    value = env[node.name]
    if isinstance(value, bool) or not isinstance(value, (numbers.Rational, float)):
        raise ExprError(f"'{node.name}' is not a number", node.offset)
    # A YAML float such as 0.5 is taken at its shortest repr, not its binary value.
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def _number(expr: Expr, env: Mapping[str, Fraction]) -> Fraction:
    if isinstance(expr, Num):
        return expr.value
    if isinstance(expr, Name):
        return _lookup(expr, env)
    if isinstance(expr, Neg):
        return -_number(expr.operand, env)
    assert isinstance(expr, Arith)  # the parser keeps comparisons out of arithmetic
    result = _number(expr.first, env)
    for step in expr.rest:
        right = _number(step.operand, env)
        if step.op == "+":
            result += right
        elif step.op == "-":
            result -= right
        elif step.op == "*":
            result *= right
        elif right == 0:
            raise ExprError("division by zero", step.offset)
        else:
            result /= right
        if too_large(result):
            raise ExprError(f"the result is too large or too precise to compute exactly "
                            f"(over {MAX_DIGITS_EXACT} digits)", step.offset)
    return result


_COMPARE = {
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


def evaluate(expr: Expr, env: Mapping[str, Fraction]) -> Fraction | bool:
    """The exact value of `expr` (a bool for a comparison); raises ExprError."""
    if not isinstance(expr, Compare):
        return _number(expr, env)
    values = [_number(expr.first, env)] + [_number(s.operand, env) for s in expr.rest]
    return all(_COMPARE[s.op](values[i], values[i + 1]) for i, s in enumerate(expr.rest))
