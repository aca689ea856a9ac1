"""Inline markup: the contract in CONTENT-FORMAT.md "Inline markup" and
"Superscript groups", plus robustness against arbitrary text."""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.workbound import Work, counted
from leafwright.resolve.inline import (
    MAX_DEPTH,
    Cite,
    Link,
    NoteRef,
    Styled,
    Text,
    Value,
    escape,
    parse,
)

pytestmark = pytest.mark.start_first  # its pathological cases follow every call in Python


def ok(source: str) -> tuple:
    """Parse text that must be error-free; return its nodes."""
    nodes, errors = parse(source)
    assert errors == (), errors
    return nodes


def errs(source: str) -> list[tuple[int, str]]:
    return [(e.offset, e.message) for e in parse(source)[1]]


def literal(source: str) -> str:
    """The text of a parse that must come back as one literal Text node."""
    nodes, _ = parse(source)
    assert len(nodes) == 1 and isinstance(nodes[0], Text), nodes
    return nodes[0].text


# --- plain text -----------------------------------------------------------


def test_empty() -> None:
    assert parse("") == ((), ())


@pytest.mark.parametrize(
    "s", ["<delta> & co", "≥ 5 †", "\"quoted\" 'x'", "a ^ b", "~50%", "2 * 3", "a]b", "x(y)", "@me", "10^"]
)
def test_plain_text_is_untouched(s: str) -> None:
    assert ok(s) == (Text(s, 0),)


def test_html_like_text_is_never_markup() -> None:
    assert ok("<b>bold</b> &amp; <delta>") == (Text("<b>bold</b> &amp; <delta>", 0),)


@pytest.mark.parametrize("s", ["5,*", "p<0.05*", "rate,* and", "ORR**", "word*, next"])
def test_star_that_cannot_open_is_literal(s: str) -> None:
    assert ok(s) == (Text(s, 0),)


# --- emphasis -------------------------------------------------------------


def test_italic() -> None:
    assert ok("an *italic* word") == (
        Text("an ", 0),
        Styled("italic", (Text("italic", 4),), 3),
        Text(" word", 11),
    )


def test_bold() -> None:
    assert ok("**bold**") == (Styled("bold", (Text("bold", 2),), 0),)


def test_triple_star_is_italic_around_bold() -> None:
    assert ok("***both***") == (Styled("italic", (Styled("bold", (Text("both", 3),), 1),), 0),)


def test_bold_with_inner_italic_closing_together() -> None:
    assert ok("**bold *and italic***") == (
        Styled("bold", (Text("bold ", 2), Styled("italic", (Text("and italic", 8),), 7)), 0),
    )


def test_italic_inside_bold_inside_italic() -> None:
    assert ok("*a **b *c* d** e*") == (
        Styled(
            "italic",
            (
                Text("a ", 1),
                Styled("bold", (Text("b ", 5), Styled("italic", (Text("c", 8),), 7), Text(" d", 10)), 3),
                Text(" e", 14),
            ),
            0,
        ),
    )


def test_two_separate_emphases() -> None:
    assert ok("*a* and *b*") == (
        Styled("italic", (Text("a", 1),), 0),
        Text(" and ", 3),
        Styled("italic", (Text("b", 9),), 8),
    )


def test_emphasis_may_span_lines() -> None:
    assert ok("*a\nb*") == (Styled("italic", (Text("a\nb", 1),), 0),)


def test_unclosed_italic_is_error_and_literal() -> None:
    nodes, errors = parse("say *hello")
    assert nodes == (Text("say *hello", 0),)
    assert [(e.offset, e.message) for e in errors] == [
        (4, "unclosed '*'; write \\* for a literal asterisk")
    ]


def test_unclosed_bold_is_error() -> None:
    assert errs("a **b") == [(2, "unclosed '**'; write \\* for a literal asterisk")]
    assert literal("a **b") == "a **b"


def test_half_closed_bold_leaves_one_star() -> None:
    nodes, errors = parse("**a*")
    assert nodes == (Text("*", 0), Styled("italic", (Text("a", 2),), 1))
    assert [e.offset for e in errors] == [0]


def test_escaped_star_is_literal() -> None:
    assert ok(r"\*not italic\*") == (Text("*not italic*", 0),)


# --- superscript and subscript --------------------------------------------


def test_superscript() -> None:
    assert ok("cm^2^") == (Text("cm", 0), Styled("sup", (Text("2", 3),), 2))


def test_subscript() -> None:
    assert ok("H~2~O") == (Text("H", 0), Styled("sub", (Text("2", 2),), 1), Text("O", 4))


@pytest.mark.parametrize("s", ["~50% of patients", "a ^ b ^ c", "x^ 2^", "a~b c~", "^^", "~~", "x^2 3^"])
def test_unpaired_or_spaced_markers_are_literal(s: str) -> None:
    assert ok(s) == (Text(s, 0),)


def test_script_may_contain_markup() -> None:
    assert ok("10^*9*^") == (
        Text("10", 0),
        Styled("sup", (Styled("italic", (Text("9", 4),), 3),), 2),
    )
    assert ok("x^{n}^") == (Text("x", 0), Styled("sup", (Value("n", None, 2),), 1))


def test_escaped_caret_and_tilde() -> None:
    assert ok(r"a\^2\^ \~b\~") == (Text("a^2^ ~b~", 0),)


def test_tilde_before_a_later_pair() -> None:
    assert ok("~5 mg/m~2~") == (Text("~5 mg/m", 0), Styled("sub", (Text("2", 8),), 7))


# --- links ------------------------------------------------------------------


def test_link() -> None:
    assert ok("see [the label](https://example.org/x?a=1&b=2).") == (
        Text("see ", 0),
        Link((Text("the label", 5),), "https://example.org/x?a=1&b=2", 4),
        Text(".", 46),
    )


def test_link_label_with_emphasis() -> None:
    assert ok("[a *b*](u)") == (Link((Text("a ", 1), Styled("italic", (Text("b", 4),), 3)), "u", 0),)


def test_emphasis_around_link() -> None:
    assert ok("**[a](u)**") == (Styled("bold", (Link((Text("a", 3),), "u", 2),), 0),)


def test_link_url_with_balanced_parens_and_escape() -> None:
    assert ok(r"[w](https://en.wikipedia.org/wiki/A_(b))")[0].url == "https://en.wikipedia.org/wiki/A_(b)"
    assert ok(r"[w](http://x/\)y)")[0].url == "http://x/)y"


@pytest.mark.parametrize("s", ["[a]", "[a] (u)", "[a](b c)", "[a]()", "[a](u", "[ x", "a [b] c"])
def test_incomplete_link_is_literal(s: str) -> None:
    assert ok(s) == (Text(s, 0),)


def test_no_links_inside_links() -> None:
    assert ok("[a [b](u) c](v)") == (
        Text("[a ", 0),
        Link((Text("b", 4),), "u", 3),
        Text(" c](v)", 9),
    )


def test_bracket_before_link_stays_literal() -> None:
    assert ok("[x [a](u)") == (Text("[x ", 0), Link((Text("a", 4),), "u", 3))


# --- citations and note references ------------------------------------------


def test_single_citation() -> None:
    assert ok("text.[@clark2021]") == (Text("text.", 0), Cite(("clark2021",), (7,), 5))


@pytest.mark.parametrize("s", ["[@a; @b]", "[@a;@b]", "[@a ;  @b]", "[@a; @b ]"])
def test_citation_separators(s: str) -> None:
    (cite,) = ok(s)
    assert cite.keys == ("a", "b")
    assert [s[o] for o in cite.key_offsets] == ["a", "b"]


def test_citation_key_punctuation_inside_only() -> None:
    (cite,) = ok("[@doi:10.1/x-y_z]")
    assert cite.keys == ("doi:10.1/x-y_z",)
    assert errs("[@smith.]")[0][0] == 0


def test_citation_then_note_ref_touch() -> None:
    assert ok("patients.[@a; @b][^ps]") == (
        Text("patients.", 0),
        Cite(("a", "b"), (11, 15), 9),
        NoteRef("ps", 17),
    )


def test_note_refs() -> None:
    assert ok("CR[^cr-def] + PR[^pr-def]") == (
        Text("CR", 0),
        NoteRef("cr-def", 2),
        Text(" + PR", 11),
        NoteRef("pr-def", 16),
    )


def test_note_ref_inside_emphasis() -> None:
    assert ok("*ORR[^a]*") == (Styled("italic", (Text("ORR", 1), NoteRef("a", 4)), 0),)


def test_empty_citation_is_error() -> None:
    nodes, errors = parse("x [@] y")
    assert nodes == (Text("x [@] y", 0),)
    assert [e.offset for e in errors] == [2]
    assert "empty citation" in errors[0].message


@pytest.mark.parametrize("s", ["[@a, @b]", "[@a b]", "[@a", "[^]", "[^a b]", "[^a"])
def test_malformed_citation_or_note_is_error_and_literal(s: str) -> None:
    assert literal(s) == s
    assert [o for o, _ in errs(s)] == [0]


def test_escaped_bracket_is_never_a_citation() -> None:
    assert ok(r"\[@a] \[^b]") == (Text("[@a] [^b]", 0),)


# --- values -------------------------------------------------------------------


def test_values() -> None:
    assert ok("{mrcc_orr} of {mrcc.enrolled:words}") == (
        Value("mrcc_orr", None, 0),
        Text(" of ", 10),
        Value("mrcc.enrolled", "words", 14),
    )


def test_value_whitespace_inside_braces() -> None:
    assert ok("{ a.b : pct1 }") == (Value("a.b", "pct1", 0),)


def test_doubled_braces_are_literal() -> None:
    assert ok("{{x}} and }}{{") == (Text("{x} and }{", 0),)
    assert ok("{{{x}}}") == (Text("{", 0), Value("x", None, 2), Text("}", 5))


@pytest.mark.parametrize(
    "s, offset, fragment",
    [
        ("a { b", 2, "'{' without a matching '}'; write {{ for a literal brace"),
        ("a {x {y}", 2, "'{' without a matching '}'"),
        ("a } b", 2, "write }} for a literal brace"),
        ("a {} b", 2, "empty '{}'"),
        ("a {  } b", 2, "empty '{}'"),
        ("a {x y} b", 2, "is not {name}"),
        ("a {1x} b", 2, "is not {name}"),
        ("a {x:} b", 2, "is not {name}"),
        ("a {x:p:q} b", 2, "is not {name}"),
        ("a {x.} b", 2, "is not {name}"),
    ],
)
def test_brace_errors(s: str, offset: int, fragment: str) -> None:
    (error,) = parse(s)[1]
    assert error.offset == offset and fragment in error.message


def test_bad_brace_comes_back_literal() -> None:
    assert parse("a {x y} b")[0] == (Text("a {x y} b", 0),)
    nodes, _ = parse("a {x {y}")
    assert nodes == (Text("a {x ", 0), Value("y", None, 5))


# --- escapes ------------------------------------------------------------------


@pytest.mark.parametrize(
    "s, text",
    [
        (r"\*", "*"),
        (r"\[", "["),
        (r"\{", "{"),
        (r"\}", "}"),
        (r"\\", "\\"),
        (r"\]", "]"),
        (r"\_", "_"),
        (r"\q", "\\q"),
        ("\\", "\\"),
        ("a\\ b", "a\\ b"),
        (r"\é", "\\é"),
    ],
)
def test_escapes(s: str, text: str) -> None:
    assert ok(s) == (Text(text, 0),)


def test_escaped_delimiter_does_not_close() -> None:
    nodes, errors = parse(r"*a\*")
    assert nodes == (Text("*a*", 0),) and [e.offset for e in errors] == [0]


def test_all_errors_are_reported_in_order() -> None:
    assert [o for o, _ in errs("} *a {x y} [@]")] == [0, 2, 5, 11]


# --- escape() -----------------------------------------------------------------


@pytest.mark.parametrize("s", ["*", "**a**", "[@a]", "[^b]", "{x}", "}", "\\", "\\*", "^2^", "~x~", "]", "[a](u)"])
def test_escape_round_trip_examples(s: str) -> None:
    assert parse(escape(s)) == ((Text(s, 0),), ())


@given(st.text())
def test_escape_round_trip(s: str) -> None:
    expected = ((Text(s, 0),), ()) if s else ((), ())
    assert parse(escape(s)) == expected


# --- robustness -----------------------------------------------------------------

_MARKUP = st.text(alphabet=st.sampled_from(list("*^~[]{}()\\@;:.-_ a1\n\u00a0é†<&")), max_size=80)


def _walk(nodes: tuple) -> list[tuple[object, int]]:
    """Every node with its depth, without recursion."""
    found, todo = [], [(n, 1) for n in nodes]
    while todo:
        node, depth = todo.pop()
        found.append((node, depth))
        todo.extend((c, depth + 1) for c in getattr(node, "children", ()))
    return found


def _check(s: str) -> None:
    nodes, errors = parse(s)
    for node, depth in _walk(nodes):
        assert 0 <= node.offset < len(s)
        assert depth <= MAX_DEPTH + 1
        if isinstance(node, Text):
            assert node.text
    for error in errors:
        assert 0 <= error.offset < len(s) and error.message
    assert [e.offset for e in errors] == sorted(e.offset for e in errors)


@settings(max_examples=300)
@given(st.one_of(st.text(), _MARKUP))
def test_parse_never_raises(s: str) -> None:
    _check(s)


@given(st.text(alphabet=st.characters(blacklist_characters="*^~[]{}\\")))
def test_text_without_markup_chars_is_one_node(s: str) -> None:
    assert parse(s) == (((Text(s, 0),) if s else ()), ())


def test_text_nodes_never_adjacent() -> None:
    nodes = parse("a\\*b{{c}}d]e[f~g")[0]
    assert nodes == (Text("a*b{c}d]e[f~g", 0),)


def _work(s: str) -> Work:
    with counted(depth=True) as work:
        _check(s)
    return work


def test_one_megabyte_of_plain_text_is_fast() -> None:
    """Plain text is taken in large pieces: a handful of calls for a megabyte."""
    assert _work("Lorem ipsum <dolor> & sit ≥ amet, 50% † " * 26000).calls < 1000


# Each case as a function of its size n: the work is counted at two sizes (counting makes the
# code much slower, so the sizes are small) and the full-size input must also parse.
PATHOLOGICAL = {
    "stars-around": lambda n: "*" * n + "a" + "*" * n,
    "unclosed-then-closing": lambda n: "*a " * n + "b* " * n,
    "open-brackets": lambda n: "[" * (10 * n),
    "balanced-brackets": lambda n: "[" * (5 * n) + "]" * (5 * n),
    "link-starts": lambda n: "[a](" * (5 * n // 2),
    "citation-starts": lambda n: "[@a;" * (5 * n // 2),
    "superscripts": lambda n: "^a" * (5 * n),
    "braces": lambda n: "{a" * (5 * n),
    "mixed": lambda n: "[*a ^b ~c " * n + "d~ e^ f*](u) " * n,
    "escapes": lambda n: "\\*" * (5 * n),
}


@pytest.mark.parametrize("make", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_input_is_linear_and_shallow(make) -> None:
    small, double = _work(make(200)), _work(make(400))
    assert double.calls <= 2.2 * small.calls + 200, (small, double)  # linear: twice the text, twice the work
    assert double.calls <= 30 * len(make(400)), double  # and little of it per character
    assert double.depth <= 40 and small.depth == double.depth, (small, double)  # no level per nesting
    _check(make(10_000))  # the full-size input (as before this test counted) parses too


def test_deep_nesting_is_capped_with_an_error() -> None:
    s = "*a **b " * 40 + "c** d* " * 40
    nodes, errors = parse(s)
    assert max(d for n, d in _walk(nodes) if isinstance(n, (Styled, Link))) == MAX_DEPTH
    assert any("nested" in e.message for e in errors)
