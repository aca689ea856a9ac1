"""What a medical-legal reviewer checks, done while resolving: the claims matrix and the lints.

Each stat printed in the copy and each citation group becomes an `Item` (later a
`document.Claim`, one row of the matrix); the runs that print them carry its index so
layout can tell on which page they land. The lints are warnings at FILE:LINE:COL, each
turned off by name in publication.yaml (`lints: {typed-number: false}`):

- typed-number: a percentage or fraction typed into the copy, not printed from a stat;
- stat-precision: decimals on a percentage of fewer than 100 (AMA 11 §19);
- uncited-stat: a sentence (a table row, a callout) printing a stat but citing nothing,
  directly or through a footnote whose text cites;
- superscript-collision: a citation group right after a superscript (`cm^2^[@x]` would
  read "cm²⁵"); a no-break space, set at superscript size so it is thin, is printed
  between them (a thin space U+2009 would be a line-break opportunity to ReportLab);
- citation-punctuation: AMA puts superscripts outside periods and commas and inside
  colons and semicolons; with `citations.punctuation: ama` they are moved, else warned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Optional

from ..diagnostics import Diagnostics, Span
from ..load import model as m
from . import document as d
from . import inline as il
from .ama import unmarked
from .numformat import Spec, SpecError, format_stat, percent_decimals, plain_percent

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"
SEPARATOR = "\u00a0"  # no-break: never a line break between a unit and its citation
_TYPED = re.compile(r"(?<![\w.,])(?:\d+(?:[.,]\d+)*\s?%"  # 34%, 2.5 %
                    r"|\d+(?:\.\d+)?\s?/\s?\d+(?:\.\d+)?(?![\w/]))")  # 12/40, not PD-1/PD-L1
_SENTENCE_END = re.compile(r"(?<=[.!?])[)\"'”’]*(?:\x01[^\x02]*\x02)?\s+(?=[A-Z0-9(\"“\x01])")


@dataclass
class Item:
    kind: str  # "stat" | "citation"
    value: str
    span: Span
    stat: str = ""
    spec: Optional[str] = None
    keys: tuple = ()  # a citation's own keys; a stat's: those of its sentence
    notes: tuple = ()  # note ids of a citation group
    sentence: str = ""
    warnings: list = field(default_factory=list)


@dataclass
class Unit:
    """A sentence, table row or callout: the span of text the uncited-stat lint looks at."""

    text: str
    items: list  # item indices
    in_note: bool = False
    lint: bool = True  # False for chart bars: chart text cannot cite


class Reviewer:
    def __init__(self, pub: m.Publication, env, refs: dict, diags: Diagnostics):
        self.pub, self.env, self.refs, self.diags = pub, env, refs, diags

    def lint(self, name: str, span: Span, message: str, item: Optional[Item] = None, tagged: bool = True) -> bool:
        """The one path of every lint (model.LINTS): a warning unless publication.yaml turns
        `name` off, tagged with the name that turns it off (`tagged=False`: the reference lints,
        which have never been tagged), noted on the claims-matrix `item` if given. Whether it
        was on is returned. A name missing from LINTS is a bug: publication.yaml could not
        turn it off."""
        if name not in m.LINTS:
            raise KeyError(f"lint '{name}' is not in load.model.LINTS")
        if not self.pub.lint(name):
            return False
        self.diags.warning(span, f"{message} [{name}]" if tagged else message)
        if item is not None:
            item.warnings.append(message)
        return True

    # --- while resolving one text ----------------------------------------------------
    def stat_item(self, items: list, name: str, spec: Optional[str], printed: str, span: Span) -> int:
        item = Item("stat", printed, span, name, spec)
        items.append(item)
        count, total = self.env.stats[name]
        decimals = percent_decimals(spec, self.env.fmt.decimals)
        if decimals and total < 100:
            self.lint("stat-precision", span, f"'{printed}' has decimals on a percentage of "
                      f"{_num(total)} (fewer than 100; AMA 11 §19); print it as {{{name}:pct0}}", item)
        return len(items) - 1

    def group_item(self, items: list, value: str, keys: tuple, notes: tuple, span: Span) -> int:
        items.append(Item("citation", value, span, keys=keys, notes=notes))
        return len(items) - 1

    def typed_numbers(self, nodes, text: m.Markup) -> None:
        """Numbers written by hand: in Text nodes, never in printed values."""
        for node in _texts(nodes):
            for match in _TYPED.finditer(node.text):
                self.lint("typed-number", text.span_at(node.offset + match.start()),
                          f"'{match.group()}' is typed into the copy; print it from a stat "
                          f"({{name:pct}}, {{name:frac}}) so it is computed and checked")

    def fix_runs(self, runs: list, items: list) -> list:
        """Move superscripts across punctuation (AMA) or warn; separate colliding superscripts."""
        out = list(runs)
        ama = self.pub.citations.punctuation == "ama"
        i = 0
        while i < len(out):
            run = out[i]
            if not run.marks or run.claim is None:
                i += 1
                continue
            item = items[run.claim]
            nxt = out[i + 1] if i + 1 < len(out) else None
            if nxt is not None and not nxt.marks and nxt.text[:1] in (".", ",") and nxt.text[:3] != "...":
                mark = nxt.text[0]
                if ama:
                    out[i:i + 2] = [d.Run(mark, nxt.styles, nxt.href), run, _rest(nxt, 1)]
                    i += 1
                    continue
                self.lint("citation-punctuation", item.span, f"superscript '{run.text}' is before a "
                          f"{_NAMES[mark]}; AMA puts it after (set citations.punctuation: ama to move it)", item)
            prev = out[i - 1] if i else None
            if prev is not None and not prev.marks and prev.text[-1:] in (":", ";"):
                mark = prev.text[-1]
                if ama:
                    out[i - 1:i + 1] = [_rest(prev, -1), run, d.Run(mark, prev.styles, prev.href)]
                    continue
                self.lint("citation-punctuation", item.span, f"superscript '{run.text}' is after a "
                          f"{_NAMES[mark]}; AMA puts it before (set citations.punctuation: ama to move it)", item)
            if prev is not None and prev.text and ("sup" in prev.styles or prev.text[-1] in SUPERSCRIPTS):
                out.insert(i, d.Run(SEPARATOR, run.styles | {"sup"}, run.href))
                i += 1
                self.lint("superscript-collision", item.span, f"superscript '{run.text}' follows the superscript "
                          f"'{prev.text[-1]}' and would read as one number; a thin no-break space is printed "
                          f"between them", item)
            i += 1
        return [r for r in out if r.text or r.notes]

    def units(self, runs: list, in_note: bool) -> list[Unit]:
        """The sentences of one text, with the items each holds."""
        plain, starts = [], []
        for run in runs:
            starts.append((sum(len(p) for p in plain), run.claim))
            plain.append(f"\x01{run.text}\x02" if run.marks else run.text)
        text = "".join(plain)
        cuts = [0] + [mt.end() for mt in _SENTENCE_END.finditer(text)] + [len(text) + 1]
        units = []
        for a, b in zip(cuts, cuts[1:]):
            ids = [claim for pos, claim in starts if claim is not None and a <= pos < b]
            units.append(Unit(_shown(text[a:b]), ids, in_note))
        return units

    # --- once the document is read ---------------------------------------------------
    def finish(self, units: list[Unit], items: list, note_cites: dict) -> None:
        """Sentences onto items, a stat's references from its sentence, and uncited stats."""
        for unit in units:
            keys: list = []
            for i in unit.items:
                item = items[i]
                item.sentence = unit.text
                if item.kind == "citation":
                    keys += list(item.keys) + [k for n in item.notes for k in note_cites.get(n, ())]
            stats = [items[i] for i in unit.items if items[i].kind == "stat"]
            for item in stats:
                item.keys = tuple(dict.fromkeys(keys))
            if stats and not keys and unit.lint:
                shown = ", ".join(f"'{s.value}'" for s in stats)
                self.lint("uncited-stat", stats[0].span, f"{shown} printed in a sentence that cites nothing: "
                          f"'{_clip(unit.text)}'")
                for s in stats:
                    s.warnings.append("the sentence cites nothing")

    def claims(self, items: list, numbers: dict) -> tuple[d.Claim, ...]:
        return tuple(self._claim(item, numbers) for item in items)

    def _claim(self, item: Item, numbers: dict) -> d.Claim:
        refs = tuple(f"{numbers[k]}. {self.short(k)}" for k in sorted(item.keys, key=lambda k: numbers.get(k, 0))
                     if k in numbers)
        if item.kind == "citation":
            return d.Claim("citation", item.value, item.span, item.sentence, "; ".join(item.keys),
                           references=refs, warnings=tuple(item.warnings))
        checks = self.env.checked.get(item.stat)
        return d.Claim("stat", item.value, item.span, item.sentence, item.stat, self.formula(item.stat, item.spec),
                       "; ".join(checks) if checks else "unchecked", refs, tuple(item.warnings))

    def formula(self, name: str, spec: Optional[str]) -> str:
        """'mrcc.cr / mrcc.enrolled = 17/255 = 6.6% → 7%, half-up': the arithmetic behind a number."""
        count, total = self.env.stats[name]
        fmt = self.env.fmt
        frac = format_stat(count, total, "frac", fmt)
        stat = next((s for s in self.pub.data.stats if s.name == name), None)
        source = f"({stat.count.source}) / ({stat.of.source}) = " if stat else ""
        source = re.sub(r"\(([\w.]+)\)", r"\1", source)
        decimals = percent_decimals(spec, fmt.decimals)
        if spec == "ci":
            try:
                return f"{source}{frac}: exact (Clopper-Pearson) → {format_stat(count, total, 'ci', fmt)}"
            except SpecError:  # reported where it is printed
                return f"{source}{frac}"
        if decimals is None:
            return f"{source}{frac}"
        exact = _truncated(count / total * 100, decimals + 1)
        exact = plain_percent(exact, fmt.locale)  # the formula in one locale, as the claim it explains
        return f"{source}{frac} = {exact} → {format_stat(count, total, Spec('pct', decimals), fmt)}, {fmt.rounding}"

    def short(self, key: str) -> str:
        """'Clark, J Investig Med, 2021': first author, journal, year; a preformatted entry cut short."""
        ref = self.refs.get(key)
        if ref is None:
            return key
        if ref.text is not None:
            return _clip(re.sub(r"[*^~\\]", "", ref.text.source), 80)
        csl = dict(ref.csl)
        authors = csl.get("author") or csl.get("editor") or []
        first = authors[0] if isinstance(authors, list) and authors and isinstance(authors[0], dict) else {}
        # an authorless work (a package insert, a guideline) is known by its title, as AMA lists it
        who = first.get("family") or first.get("literal") or _clip(unmarked(str(csl.get("title") or "")), 40)
        where = csl.get("container-title-short") or csl.get("container-title") or csl.get("publisher") or ""
        issued = csl.get("issued")
        year = ""
        if isinstance(issued, dict):
            parts = issued.get("date-parts")
            head = parts[0] if isinstance(parts, list) and parts else None  # [[2020, 1]], or a slip
            year = str(head[0] if isinstance(head, list) and head else head if head is not None else
                       issued.get("raw", "") or issued.get("literal", ""))
        elif isinstance(issued, (int, str)):
            year = str(issued)[:4]
        return ", ".join(str(x) for x in (who, where, year) if x) or key


_NAMES = {".": "period", ",": "comma", ":": "colon", ";": "semicolon"}


def merge_units(units: list[Unit]) -> list[Unit]:
    """A table row's or callout's sentences as one unit (its notes' sentences stay their own)."""
    own = [u for u in units if not u.in_note]
    merged = Unit(" | ".join(u.text for u in own if u.text), [i for u in own for i in u.items])
    return [u for u in units if u.in_note] + [merged]


def _rest(run: d.Run, cut: int) -> d.Run:
    """The run without its first (cut=1) or last (cut=-1) character."""
    if cut > 0:
        return replace(run, text=run.text[1:], where=run.where.without_first() if run.where else None)
    return replace(run, text=run.text[:-1])


def _texts(nodes):
    for node in nodes:
        if isinstance(node, il.Text):
            yield node
        elif isinstance(node, (il.Styled, il.Link)):
            yield from _texts(node.children)


def cites_in(nodes) -> tuple[str, ...]:
    """Reference keys cited anywhere in parsed text (a note's own citations)."""
    out: list = []
    for node in nodes:
        if isinstance(node, il.Cite):
            out += node.keys
        elif isinstance(node, (il.Styled, il.Link)):
            out += cites_in(node.children)
    return tuple(out)


def _shown(text: str) -> str:
    return " ".join(text.replace("\x01", "[").replace("\x02", "]").split())


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _num(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):g}"


def _truncated(x: Fraction, decimals: int) -> str:
    """x cut (not rounded) to `decimals` places: the digits the rounding step then looks at."""
    scaled = int(x * 10**decimals)
    digits = str(scaled).rjust(decimals + 1, "0")
    return f"{digits[:-decimals]}.{digits[-decimals:]}" if decimals else digits
