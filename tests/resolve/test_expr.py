"""The data.yaml expression language: grammar, exact evaluation, and refusal of everything else."""

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leafwright.resolve.expr import (
    MAX_DEPTH,
    MAX_LENGTH,
    ExprError,
    evaluate,
    names,
    parse,
)

ENV = {"mrcc.enrolled": F(255), "mrcc.cr": F(17), "mrcc.pr": F(20), "a": F(1), "b": F(2), "c": F(3)}


def ev(source, env=ENV):
    return evaluate(parse(source), env)


def err(source, env=ENV):
    with pytest.raises(ExprError) as info:
        evaluate(parse(source), env)
    return info.value


@pytest.mark.parametrize(
    "source, expected",
    [
        ("37", F(37)),
        ("0.5", F(1, 2)),
        ("007", F(7)),
        ("mrcc.cr + mrcc.pr", F(37)),
        ("1 + 2 * 3", F(7)),
        ("(1 + 2) * 3", F(9)),
        ("10 - 4 - 3", F(3)),
        ("12 / 4 / 3", F(1)),
        ("1 / 3", F(1, 3)),
        ("0.1 + 0.2", F(3, 10)),
        ("-a", F(-1)),
        ("--a", F(1)),
        ("-(a + b) * c", F(-9)),
        ("2 * -3", F(-6)),
        ("a-b", F(-1)),
        ("  mrcc.cr\n  + mrcc.pr  ", F(37)),
        ("1" + "0" * 99, F(10**99)),
    ],
)
def test_arithmetic_is_exact(source, expected):
    result = ev(source)
    assert result == expected and isinstance(result, F)


@pytest.mark.parametrize(
    "source, expected",
    [
        ("mrcc.cr + mrcc.pr == 37", True),
        ("mrcc.cr + mrcc.pr == 38", False),
        ("0.1 + 0.2 == 0.3", True),
        ("a != b", True),
        ("a < b", True),
        ("b <= b", True),
        ("c > b", True),
        ("a >= b", False),
        ("a < b < c", True),  # chains read like Python: a < b and b < c
        ("a < c < b", False),
        ("c > b > a", True),
        ("a == 1 == a", True),
        ("(a < b)", True),
    ],
)
def test_comparisons(source, expected):
    assert ev(source) is expected


def test_chain_evaluates_every_operand():
    assert err("a > b > 1 / 0").message == "division by zero"


def test_names_in_source_order_with_offsets():
    assert names(parse("mrcc.cr + mrcc.pr == mrcc.enrolled - (a * -b)")) == [
        ("mrcc.cr", 0), ("mrcc.pr", 10), ("mrcc.enrolled", 21), ("a", 38), ("b", 43),
    ]
    assert names(parse("1 + 2")) == []


def test_nodes_are_frozen_and_comparable():
    tree = parse("a + b * 2")
    assert tree == parse("a + b * 2")
    assert hash(tree) == hash(parse("a + b * 2"))
    with pytest.raises(AttributeError):
        tree.first = None


def test_unknown_name_suggests():
    e = err("mrcc.cr + mrcc.p")
    assert e.message == "unknown name 'mrcc.p'; did you mean 'mrcc.cr'?" or \
        e.message == "unknown name 'mrcc.p'; did you mean 'mrcc.pr'?"
    assert e.offset == 10
    e = err("zzz")
    assert (e.message, e.offset) == ("unknown name 'zzz'", 0)


def test_division_by_zero_points_at_slash():
    e = err("a + b / (c - 3)")
    assert (e.message, e.offset) == ("division by zero", 6)


def test_non_number_value():
    e = err("a + s", {"a": F(1), "s": "text"})
    assert (e.message, e.offset) == ("'s' is not a number", 4)


def test_int_and_float_values_are_accepted():
    assert ev("x + y", {"x": 2, "y": 0.1}) == F(21, 10)


@pytest.mark.parametrize(
    "source, message, offset",
    [
        ("__import__('os')", "function calls are not allowed: '__import__'", 0),
        ("open('x')", "function calls are not allowed: 'open'", 0),
        ("1 + f(x)", "function calls are not allowed: 'f'", 4),
        ("mrcc.cr(1)", "function calls are not allowed: 'mrcc.cr'", 0),
        ("(a)(b)", "unexpected '('; function calls are not allowed", 3),
        ("mrcc.__class__", "name part '__class__' is not allowed (starts with '__')", 5),
        ("__builtins__", "name part '__builtins__' is not allowed (starts with '__')", 0),
        ("1 ** 2", "unexpected '**': powers are not allowed", 2),
        ("7 % 2", "unexpected character '%'", 2),
        ('"a"', "unexpected '\"': strings are not allowed", 0),
        ("'a'", "unexpected ''': strings are not allowed", 0),
        ("[1]", "unexpected character '['", 0),
        ("a[0]", "unexpected character '['", 1),
        ("{}", "unexpected character '{'", 0),
        ("lambda: 1", "unexpected character ':'", 6),
        ("a if b else c", "unexpected 'if'; expected an operator or the end", 2),
        ("a and b", "unexpected 'and'; expected an operator or the end", 2),
        ("a = b", "unexpected '='; did you mean '=='?", 2),
        ("!a", "unexpected '!'; did you mean '!='?", 0),
        ("a <> b", "unexpected '>'; expected a number, a name or '('", 3),
        ("1e3", "malformed number '1e3'", 0),
        ("1.5.2", "malformed number '1.5.2'", 0),
        ("2x", "malformed number '2x'", 0),
        ("1.", "malformed number '1.'", 0),
        (".5", "unexpected character '.'", 0),
        ("mrcc.", "incomplete name 'mrcc.'", 0),
        ("a.1", "incomplete name 'a.'", 0),
        ("", "empty expression", 0),
        ("   ", "empty expression", 0),
        ("1 +", "expected a number, a name or '(', found the end", 3),
        ("* 2", "unexpected '*'; expected a number, a name or '('", 0),
        ("+2", "unexpected '+'; expected a number, a name or '('", 0),
        ("(1 + 2", "unclosed '('", 0),
        ("(1 2)", "unexpected '2'; expected ')'", 3),
        ("1)", "unexpected ')'; expected an operator or the end", 1),
        ("1 2", "unexpected '2'; expected an operator or the end", 2),
        ("()", "unexpected ')'; expected a number, a name or '('", 1),
        ("(a < b) + 1", "a comparison cannot be used in arithmetic", 8),
        ("1 + (a < b)", "a comparison cannot be used in arithmetic", 2),
        ("-(a < b)", "a comparison cannot be negated", 0),
        ("(a < b) == (b < c)", "a comparison cannot be compared; write a chain like 'a < b < c'", 8),
        ("é", "unexpected character 'é'", 0),
        ("a\u00a0+ b", "unexpected character U+00A0", 1),
    ],
)
def test_refused_with_message_and_offset(source, message, offset):
    with pytest.raises(ExprError) as info:
        parse(source)
    assert (info.value.message, info.value.offset) == (message, offset)
    assert str(info.value) == message


def test_messages_are_lower_case_without_period():
    for source in ["open('x')", "1 +", "(1", "%", "1e3", "", "a ="]:
        with pytest.raises(ExprError) as info:
            parse(source)
        assert info.value.message[0].islower() and not info.value.message.endswith(".")


def test_number_literal_length_is_capped():
    parse("9" * 100)
    parse("1" * 50 + "." + "1" * 50)
    with pytest.raises(ExprError) as info:
        parse("a + " + "9" * 101)
    assert info.value.offset == 4 and "too long" in info.value.message


def test_huge_results_stay_exact():
    assert ev(" * ".join(["9" * 100] * 20)) == F(int("9" * 100) ** 20)


def test_nesting_limit():
    ok = "(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH
    assert ev(ok) == 1
    assert repr(parse(ok))  # dataclass repr/eq/hash must not overflow either
    with pytest.raises(ExprError) as info:
        parse("(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1))
    assert info.value.offset == MAX_DEPTH and "nested too deeply" in info.value.message
    with pytest.raises(ExprError):
        parse("(" * 5000)
    with pytest.raises(ExprError):
        parse("-" * 5000 + "a")
    deep_mixed = "-(" * 50 + "a + 1" + ")" * 50
    assert ev(deep_mixed) == 2


def test_deep_nested_arithmetic_tree_is_usable():
    source = "(a + " * 99 + "a" + ")" * 99
    tree = parse(source)
    assert ev(source) == 100
    assert len(names(tree)) == 100
    assert tree == parse(source) and hash(tree) == hash(parse(source)) and repr(tree)


def test_long_flat_expression_does_not_recurse():
    source = "+".join(["a"] * 4999)
    assert len(source) < MAX_LENGTH
    tree = parse(source)
    assert ev(source) == 4999 and len(names(tree)) == 4999
    assert repr(tree) and hash(tree)


def test_length_limit():
    with pytest.raises(ExprError) as info:
        parse("1" + " " * MAX_LENGTH)
    assert info.value.offset == MAX_LENGTH and "too long" in info.value.message


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_parse_returns_or_raises_expr_error(source):
    try:
        parse(source)
    except ExprError as e:
        assert 0 <= e.offset <= len(source)


@settings(max_examples=300)
@given(st.text(alphabet="ab1.0+-*/()<>=! _", max_size=300))
def test_parse_and_evaluate_on_grammar_like_text(source):
    try:
        result = evaluate(parse(source), {"a": F(1), "b": F(0)})
    except ExprError as e:
        assert 0 <= e.offset <= len(source)
    else:
        assert isinstance(result, (F, bool))
