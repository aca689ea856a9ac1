"""Mutations of a valid publication, for the property tests and benchmarks/fuzz_long.py.

A case is a list of `Mutation`s applied to the YAML files of `tests/fixtures/full/` (parsed to
plain data, changed, dumped again) or to their text (a character inserted, a span cut). Every
choice is an integer taken modulo the number of options, so hypothesis can draw and shrink
cases and the long profile can draw them from `random`.

`run_case` builds the mutated copy in-process and returns None when the outcome is allowed —
a success, or diagnostics that each carry a position and print on one line — or a description
of what went wrong (an exception with its traceback, or a bad diagnostic).
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "full"
YAML_FILES = ("publication.yaml", "theme.yaml", "data.yaml", "references.yaml",
              "documents/alpha.yaml", "documents/beta.yaml")
TEXT_FILES = YAML_FILES + ("references.bib",)

# Wrong types for any node.
WRONG = ([], {}, [1, "x"], {"k": "v"}, 0, -1, 1.5, None, True, False, "", " ", [[]], [{}], {"": None})

# Raw YAML put in place of a node (single line, valid after "key: " and "- ").
RAW = (
    "1.0e+400", "-1.0e+400", "1.0e+99999999", "1.0e-99999999", "1e400", "10" + "0" * 5000, "9" * 4400,
    "-0", ".inf", "-.inf", ".nan", "0x1F", "0o17", "0b101", "190:20:30", "1_000", "0.1", "1.0e-400",
    "~", "null", "yes", "no", "2026-11-25", "2026-13-45", "2026-11-25T10:00:00Z", "!!binary aGVsbG8=",
    "!!python/object/apply:os.system ['true']", "!!set {a, b}", "!!float abc", "!!int 1.5", "!!str",
    "&x [*x]", "*undefined", '"a\\0b"', '"\\ud800"', '"\\U0010FFFF"', '"\\x01\\x7f\\x85"', '"a\\nb\\tc"',
    '"\\u2028\\u2029"', "'it''s'", "|-\n  block", ">-\n  folded\n  text", "[a, [b, [c]]]", "{a: {b: {c: d}}}",
    "{? [k] : v}", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]", "&a x", '"{trial.cr} of {trial.enrolled}"',
)

# Odd text put in place of a scalar.
UNICODE = (
    "", " ", "\t", "\u202eRTL override\u202c", "مرحبا بالعالم", "שלום", "e\u0301\u0301\u0301", "\u0000", "a\u0000b",
    "😀👍🏽", "\U0001F1FA\U0001F1F8", "\ufeffBOM", "\u200bzero\u200dwidth", "\u2028line\u2029", "\x85", "\x7f", "\x01",
    "漢字かな", "𝕏𝔂𝔷", "\U000E0001tag", "\ud800", "\udfff surrogate", "Ⅻ ⅞ ½", "ﬁ ligature", "İstanbul ß",
    "{trial.cr:ci}", "{orr:words}", "{trial.arms:Words}", "{orr:ci}", "{drug:words}", "{nope}", "{orr:nope}",
    "[@nope]", "[@clark2021; @pi]", "[^nope]", "[^orr-def][^again]", "*unclosed", "**", "^^", "~~", "[x](",
    "[a](javascript:alert(1))", "<b>&amp;</b>", "{{}}", "\\", "{", "}", "[@", "trial.cr / 0", "trial.cr ==",
    "1/0", "(((((1)))))", "trial.cr * 10000000000000000000000000000000000000000 * trial.cr * trial.cr",
    "-trial.cr", "orr", "../x.yaml", "/etc/passwd", "documents", "documents/", "images/checker.png", "a\nb",
    "NUL\x00in/path.yaml", "con", "x" * 300, "word " * 2000, "[@clark2021]" * 200, "*a*" * 500,
)

OPS = ("drop", "wrong", "raw", "text", "leaf", "long", "dup", "key", "copy", "char", "cut")
CHARS = ("\n", " ", "\t", ":", "-", "[", "]", "{", "}", "'", '"', "&", "*", "!", "%", "@", "#", "|", ">", "?",
         ",", "\\", "\x00", "\ufeff", "é", "😀", "\u202e", "0", "a")


@dataclass(frozen=True)
class Mutation:
    op: str
    file: int  # index into YAML_FILES (TEXT_FILES for char/cut)
    where: int  # which node (pre-order) or character offset
    arg: int  # which payload / length
    text: Optional[str] = None  # hypothesis-drawn text for "text" and "key"


def _nodes(data, path=()):
    """Every (path, node) in pre-order; the root first."""
    out = [(path, data)]
    if isinstance(data, dict):
        for k, v in data.items():
            out.extend(_nodes(v, path + (k,)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.extend(_nodes(v, path + (i,)))
    return out


def _get(data, path):
    for p in path:
        data = data[p]
    return data


def _set(data, path, value):
    if not path:
        return value
    _get(data, path[:-1])[path[-1]] = value
    return data


@dataclass
class _State:
    data: dict  # file -> parsed data
    text: dict  # file -> text (after dumping)
    raw: list  # raw YAML snippets by placeholder number


def _placeholder(state: _State, snippet: str) -> str:
    state.raw.append(snippet)
    return f"RAWSNIPPET{len(state.raw) - 1}X"


_NOT_PROSE = {"id", "series", "file", "kind", "values", "width", "widths", "height", "spacer"}


def _apply_data(state: _State, mut: Mutation) -> None:
    name = YAML_FILES[mut.file % len(YAML_FILES)]
    data = state.data[name]
    nodes = _nodes(data)
    path, node = nodes[mut.where % len(nodes)]
    op = mut.op
    if op == "drop" and path:
        parent = _get(data, path[:-1])
        del parent[path[-1]]
    elif op == "wrong":
        state.data[name] = _set(data, path, _copy(WRONG[mut.arg % len(WRONG)]))
    elif op == "raw":
        snippet = RAW[mut.arg % len(RAW)]
        if "\n" in snippet:  # block scalars need their own indentation: keep them flow
            snippet = repr(snippet)[1:-1].join('""')
        state.data[name] = _set(data, path, _placeholder(state, snippet))
    elif op == "text":
        value = mut.text if mut.text is not None else UNICODE[mut.arg % len(UNICODE)]
        state.data[name] = _set(data, path, value)
    elif op == "leaf":  # a text field keeps its place; only its text changes
        leaves = [p for p, v in nodes if isinstance(v, str) and p and not _NOT_PROSE.intersection(p)]
        if leaves:
            value = mut.text if mut.text is not None else UNICODE[mut.arg % len(UNICODE)]
            state.data[name] = _set(data, leaves[mut.where % len(leaves)], value)
    elif op == "long":
        n = (10, 1_000, 20_000, 120_000)[mut.arg % 4]
        state.data[name] = _set(data, path, ("{trial.cr} *x* [@pi] " * (n // 20 + 1))[:n])
    elif op == "dup" and isinstance(node, list) and node:
        node.append(_copy(node[mut.arg % len(node)]))
    elif op == "dup" and isinstance(node, dict) and node:
        key = list(node)[mut.arg % len(node)]
        node[f"{key}2"] = _copy(node[key])
    elif op == "key" and isinstance(node, dict):
        key = mut.text if mut.text is not None else ("bodyy", "", "id", "<<", "__class__", "1", "null")[mut.arg % 7]
        node[key] = _copy(WRONG[mut.arg % len(WRONG)])
    elif op == "key" and isinstance(node, list):
        node.insert(mut.arg % (len(node) + 1), _copy(WRONG[mut.arg % len(WRONG)]))
    elif op == "copy":
        src = nodes[mut.arg % len(nodes)][1]
        state.data[name] = _set(data, path, _copy(src))


def _copy(value):
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _apply_text(state: _State, mut: Mutation) -> None:
    name = TEXT_FILES[mut.file % len(TEXT_FILES)]
    text = state.text[name]
    at = mut.where % (len(text) + 1)
    if mut.op == "char":
        state.text[name] = text[:at] + CHARS[mut.arg % len(CHARS)] + text[at:]
    else:
        state.text[name] = text[:at] + text[at + 1 + mut.arg % 40:]


def _dump(data) -> str:
    """The data as YAML, by libyaml when there is one (PyYAML's own emitter took a tenth of
    the property tests' time)."""
    try:
        return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100)
    except (yaml.YAMLError, UnicodeError, ValueError):  # e.g. a key that cannot be written: keep it simple
        return yaml.safe_dump(data, sort_keys=False)


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


_PRISTINE: dict = {}
STRAY_WARNINGS: list[str] = []  # Python warnings a build let out (they would reach the CLI's stderr)


def pristine() -> tuple[dict, dict]:
    """The fixture's YAML files as data, and every file as text (read once)."""
    if not _PRISTINE:
        for name in YAML_FILES:
            _PRISTINE.setdefault("data", {})[name] = yaml.safe_load((FIXTURE / name).read_text("utf-8"))
        for name in TEXT_FILES:
            _PRISTINE.setdefault("text", {})[name] = (FIXTURE / name).read_text("utf-8")
    return _PRISTINE["data"], _PRISTINE["text"]


def mutated_files(mutations: list[Mutation]) -> dict[str, str]:
    """The text of every file after the mutations: data mutations first, then text ones."""
    data, text = pristine()
    state = _State({k: _copy(v) for k, v in data.items()}, dict(text), [])
    touched = set()
    for mut in mutations:
        if mut.op not in ("char", "cut"):
            _apply_data(state, mut)
            touched.add(YAML_FILES[mut.file % len(YAML_FILES)])
    for name in touched:
        out = _dump(state.data[name])
        for i, snippet in enumerate(state.raw):
            out = out.replace(f"RAWSNIPPET{i}X", snippet)
        state.text[name] = out
    for mut in mutations:
        if mut.op in ("char", "cut"):
            _apply_text(state, mut)
    return state.text


def prepare(folder: Path) -> Path:
    """A copy of the fixture in `folder` (images included), to write mutated files into."""
    if not (folder / "publication.yaml").exists():
        shutil.copytree(FIXTURE, folder, dirs_exist_ok=True)
    return folder


def write_files(folder: Path, files: dict[str, str]) -> None:
    """Each file whose bytes differ from what is there: most cases mutate one or two of the
    fixture's files, and rewriting the others costs more than reading them."""
    for name, text in files.items():
        path, data = folder / name, text.encode("utf-8", "surrogatepass")
        if not (path.exists() and path.read_bytes() == data):
            path.write_bytes(data)


def check_diagnostics(diagnostics) -> Optional[str]:
    """Each diagnostic has a position, a message and prints as one line."""
    for d in diagnostics:
        s = d.span
        if not (isinstance(s.file, str) and s.file and isinstance(s.line, int) and isinstance(s.col, int)
                and s.line >= 1 and s.col >= 1):
            return f"bad position: {d!r}"
        if d.severity not in ("error", "warning") or not d.message:
            return f"bad diagnostic: {d!r}"
        line = str(d)
        if "\n" in line or "\r" in line or "\u2028" in line or "\x85" in line:
            return f"diagnostic on more than one line: {line!r}"
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:
            return f"diagnostic that cannot be printed as UTF-8: {line!r}"
    return None


def run_case(folder: Path, mutations: list[Mutation], write: bool) -> Optional[str]:
    """Build the mutated publication in `folder`; None when the outcome is allowed."""
    return run_case_outcome(folder, mutations, write)[0]


def run_case_outcome(folder: Path, mutations: list[Mutation], write: bool) -> tuple[Optional[str], str]:
    """(failure or None, outcome): outcome is 'built', 'written' or 'errors'.

    Different mutations often give the same files (a key removed that the fixture does not
    have, a change undone by the next, a mutation of a value to what it was: one build in five
    of the quick profile repeated an earlier one, the fixture itself eleven times). The build
    is deterministic, so files built before in this folder give the outcome and the warnings
    they gave then, without building them again: every distinct case is still built once."""
    files = mutated_files(mutations)
    key = (str(folder), write, hashlib.sha256(repr(sorted(files.items())).encode("utf-8", "surrogatepass")).digest())
    known = _OUTCOMES.get(key)
    if known is None:
        stray = len(STRAY_WARNINGS)
        known = _OUTCOMES[key] = (*_build_case(folder, files, write), STRAY_WARNINGS[stray:])
    else:
        STRAY_WARNINGS.extend(known[2])
    return known[0], known[1]


_OUTCOMES: dict[tuple, tuple] = {}


def _build_case(folder: Path, files: dict[str, str], write: bool) -> tuple[Optional[str], str]:
    from leafwright.build import build, check

    prepare(folder)
    write_files(folder, files)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = build(folder, folder / "out") if write else check(folder)
    except Exception:  # the one outcome that must never happen
        return traceback.format_exc(), "crash"
    STRAY_WARNINGS.extend(f"{w.category.__name__}: {w.message} ({Path(w.filename).name}:{w.lineno})"
                          for w in caught)
    outcome = "errors" if not result.ok else ("written" if result.written else "built")
    if write and result.ok:
        for path in result.written:
            if not path.read_bytes().startswith(b"%PDF-"):
                return f"{path} is not a PDF", outcome
    return check_diagnostics(result.diagnostics), outcome


def random_mutations(rng: random.Random, unicode_text: bool = True) -> list[Mutation]:
    """One case for the long profile: one to four mutations; a third of the cases only put odd
    text into the documents' text fields, so that more of them get through to layout."""
    out = []
    if rng.random() < 1 / 3:
        for _ in range(rng.randint(1, 3)):
            text = random_text(rng, printable=True) if rng.random() < 0.7 else None
            out.append(Mutation("leaf", rng.choice((4, 5)), rng.randrange(100_000), rng.randrange(1000), text))
        return out
    for _ in range(rng.randint(1, 4)):
        op = rng.choice(OPS)
        text = None
        if op in ("text", "key") and unicode_text and rng.random() < 0.3:
            text = random_text(rng)
        out.append(Mutation(op, rng.randrange(64), rng.randrange(100_000), rng.randrange(1000), text))
    return out


_PRINTABLE = [chr(c) for c in (*range(0x20, 0x7f), *range(0xa0, 0x180), *range(0x391, 0x3ca), *range(0x410, 0x450))] \
    + list("≥≤±†‡§¶‖•–—‘’“”…€™")


def random_text(rng: random.Random, size: int = 40, printable: bool = False) -> str:
    """Arbitrary text, with markup characters and every Unicode plane well represented
    (`printable`: characters the default font has, so the case gets through to layout)."""
    pieces = []
    for _ in range(rng.randint(0, size)):
        r = rng.random()
        if printable:
            pieces.append(rng.choice("*^~[]{}\\@ ") if r < 0.03 else rng.choice(_PRINTABLE))
            continue
        if r < 0.4:
            pieces.append(rng.choice("*^~[]{}()\\@;:.-_ a1\n<>&'\"#|"))
        elif r < 0.6:
            pieces.append(chr(rng.randrange(0x20, 0x250)))
        elif r < 0.9:
            pieces.append(chr(rng.randrange(0x250, 0x30000)))
        else:
            pieces.append(rng.choice(UNICODE[:25]))
    return "".join(pieces)


def env_for_fuzzing(cache: Union[str, os.PathLike]) -> None:
    """Keep chart drawings out of the user's cache."""
    os.environ["LEAFWRIGHT_CACHE"] = str(cache)
