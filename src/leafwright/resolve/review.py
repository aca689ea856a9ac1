"""What a medical-legal reviewer checks, done while resolving: the claims matrix and the lints.

Every number printed — a stat, a value, a number typed into the copy (resolve/typed.py) —
and each citation group becomes an `Item` (later a `document.Claim`, one row of the
matrix, with a status: computed, checked, mismatch, unverified or sourced); the runs that
print them carry its index so layout can tell on which page they land. A typed percentage
or fraction is compared with the stat beside it in its sentence (table row, callout) at its
own precision; a citation group supports the numbers before it back to the previous group
(in a table row or callout, every group of the row and its header's), and what a note's
marker brings is kept apart ("via"). An item's findings are held until the document is
read, so a `[!ok: reason]` after it, or `lints:` on its block, can silence them with a
reason the matrix shows. The lints are warnings at FILE:LINE:COL (typed-mismatch an error),
each turned off by name in publication.yaml (`lints: {typed-number: false}`):

- typed-number: a percentage or fraction typed into the copy with no stat beside it;
- typed-mismatch: a typed one that contradicts the stat beside it (an error);
- value-percent: `{value}%`, a percentage nothing computed (unless declared sourced);
- stat-source: a stat (or sourced value) whose `source:` its sentence does not cite;
- stat-precision: decimals on a percentage of fewer than 100 (AMA 11 §19);
- uncited-stat: a stat with no citation supporting it, directly or through a footnote;
- superscript-collision: a citation group right after a superscript (`cm^2^[@x]` would
  read "cm²⁵"); a no-break space, set at superscript size so it is thin, is printed
  between them (a thin space U+2009 would be a line-break opportunity to ReportLab);
- citation-punctuation: AMA puts superscripts outside periods and commas and inside
  colons and semicolons; with `citations.punctuation: ama` they are moved, else warned.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Optional

from ..diagnostics import Diagnostics, Span, did_you_mean
from ..load import model as m
from . import document as d
from . import inline as il
from .ama import unmarked
from .claims import compare_claim, mismatch_text
from .numformat import Spec, SpecError, format_stat, percent_decimals, plain_percent, round_decimal
from .typed import BOUNDS, Token

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"
SEPARATOR = "\u00a0"  # no-break: never a line break between a unit and its citation
_SENTENCE_END = re.compile(r"(?<=[.!?])[)\"'”’]*(?:\x01[^\x02]*\x02)?\s+(?=[A-Z0-9(\"“\x01])")
# "vs.", "et al.", "e.g." end no sentence
_ABBREVIATION = re.compile(r"(?:\b(?:vs|al|e\.g|i\.e|Fig|Figs|approx|No|Dr|Ref|cf|ca|incl|resp|Tab|vol|pp?)\.)[)\"'”’]*\Z", re.I)


@dataclass
class Item:
    kind: str  # "stat" | "value" | "typed" | "citation"
    value: str
    span: Span
    stat: str = ""  # a stat's or value's name
    spec: Optional[str] = None
    keys: tuple = ()  # a citation's own keys; a number's: those of the citations it follows
    notes: tuple = ()  # note ids of a citation group
    locators: tuple = ()  # a citation's: per key, "table 2" or ""
    via: tuple = ()  # a number's support through notes: (note marker, key)
    sentence: str = ""
    warnings: list = field(default_factory=list)
    status: str = ""
    check: str = ""
    silenced: str = ""
    token: Optional[Token] = None  # a typed number's
    block_lints: dict = field(default_factory=dict)  # lint -> reason, from `lints:` on its block
    findings: list = field(default_factory=list)  # (severity, lint, span, message), until finish


@dataclass
class Unit:
    """A sentence, table row or callout: the span of text the uncited-stat lint looks at."""

    text: str
    items: list  # item indices, in reading order
    in_note: bool = False
    lint: bool = True  # False for chart bars: chart text cannot cite
    pos: list = field(default_factory=list)  # each item's offset in `text`
    row: bool = False  # a table row or callout: every citation in it (and its header's) supports it
    inherit: tuple = ()  # citation items of a table header: they cover its rows


class Reviewer:
    def __init__(self, pub: m.Publication, env, refs: dict, diags: Diagnostics):
        self.pub, self.env, self.refs, self.diags = pub, env, refs, diags
        self._short: dict = {}
        self._formulas: dict = {}
        data = getattr(pub, "data", None) or m.Data()
        self.value_at = {name: span for name, _, span in data.values}
        self.declared = {name: (unit, keys) for name, unit, keys in data.declared}
        self.sources = {s.name: s.source for s in data.stats if s.source}
        if refs or "references" not in getattr(pub, "lost", ()):  # a `source:` names references
            named = [(s.span, f"stat '{s.name}'", s.source) for s in data.stats] + \
                [(self.value_at.get(n), f"value '{n}'", keys) for n, _, keys in data.declared]
            for span, what, keys in named:
                for key in keys:
                    if key not in refs and span is not None:
                        diags.error(span, f"{what}: source '{key}' is not a reference{did_you_mean(key, refs)}")

    def lint(self, name: str, span: Span, message: str, item: Optional[Item] = None, tagged: bool = True) -> bool:
        """The one path of every lint (model.LINTS): a warning unless publication.yaml turns
        `name` off, tagged with the name that turns it off (`tagged=False`: the reference lints,
        which have never been tagged). Whether it is on is returned. With a claims-matrix
        `item` the finding is held until the document is read (`flush`): a `[!ok: reason]`
        after it, or `lints:` on its block, may silence it. A name missing from LINTS is a
        bug: publication.yaml could not turn it off."""
        if name not in m.LINTS:
            raise KeyError(f"lint '{name}' is not in load.model.LINTS")
        if not self.pub.lint(name):
            return False
        if item is not None:
            item.findings.append(("warning", name, span, message))
        else:
            self.diags.warning(span, f"{message} [{name}]" if tagged else message)
        return True

    def flush(self, item: Item) -> None:
        """An item's findings as diagnostics, unless turned off or silenced where it stands."""
        for severity, lint, span, message in item.findings:
            if not self.pub.lint(lint):
                continue
            reason = item.silenced or item.block_lints.get(lint, "")
            if reason:
                item.silenced = reason
                item.warnings.append(f"{message} (silenced: {reason})")
                continue
            item.warnings.append(message)
            if severity == "error":
                self.diags.error(span, f"{message} [{lint}]")
            else:
                self.diags.warning(span, f"{message} [{lint}]")
        item.findings = []

    # --- while resolving one text ----------------------------------------------------
    def stat_item(self, items: list, name: str, spec: Optional[str], printed: str, span: Span,
                  percent_after: bool = False) -> int:
        """A stat printed from data. `percent_after`: a '%' typed right after it."""
        count, total = self.env.stats[name]
        item = Item("stat", printed, span, name, spec, status="computed")
        items.append(item)
        if percent_after and spec in ("count", "of"):
            pct = format_stat(count, total, "pct", self.env.fmt)
            frac = format_stat(count, total, "frac", self.env.fmt)
            what = "count" if spec == "count" else "total"
            item.value, item.status = f"{printed}%", "mismatch"
            item.check = f"'{printed}%' is the {what} {printed} with a typed '%'; {frac} is {pct}"
            self.diags.error(span, f"'{{{name}:{spec}}}%' prints the {what} {printed} with a typed '%', but "
                                   f"{frac} is {pct}; write {{{name}:pct}}")
            return len(items) - 1
        decimals = percent_decimals(spec, self.env.fmt.decimals)
        if decimals and total < 100:
            self.lint("stat-precision", span, f"'{printed}' has decimals on a percentage of "
                      f"{_num(total)} (fewer than 100; AMA 11 §19); print it as {{{name}:pct0}}", item)
        if spec == "ci" and total < 100 and self.env.fmt.decimals:
            self.lint("stat-precision", span, f"'{printed}' has decimals on an interval of a total of "
                      f"{_num(total)} (fewer than 100; AMA 11 §19)", item)
        checks = self.env.checked.get(name)
        item.check = f"computed from {format_stat(count, total, 'frac', self.env.fmt)}" + (
            "; data check " + "; ".join(checks) if checks else "")
        return len(items) - 1

    def value_item(self, items: list, name: str, printed: str, span: Span, percent_after: bool) -> int:
        """A value printed from data; with a '%' typed after it, a percentage nothing computed,
        unless the data file declares it a percentage from a source."""
        item = Item("value", printed, span, name, status="computed",
                    check=f"value from {self.value_at.get(name, '')}")
        items.append(item)
        if percent_after:
            item.value = f"{printed}%"
            unit, keys = self.declared.get(name, ("", ()))
            if unit == "%" and keys:
                item.status, item.check = "sourced", f"a percentage from {', '.join(keys)} ({self.value_at.get(name, '')})"
            else:
                item.status, item.check = "unverified", "a '%' typed after a value: nothing computed it"
                self.lint("value-percent", span, f"'{{{name}}}%' prints the value {printed} with a typed '%': a "
                          f"percentage nothing computed; make it a stat, or declare it in the data file as "
                          f"{{value: {printed}, unit: \"%\", source: [KEY]}}", item)
        return len(items) - 1

    def typed_item(self, items: list, token: Token, span: Span) -> int:
        items.append(Item("typed", token.text, span, token=token, status="unverified"))
        return len(items) - 1

    def group_item(self, items: list, value: str, keys: tuple, notes: tuple, span: Span,
                   locators: tuple = ()) -> int:
        items.append(Item("citation", value, span, keys=keys, notes=notes, locators=locators))
        return len(items) - 1

    @staticmethod
    def silence(items: list, start: int, reason: str) -> None:
        """`[!ok: reason]`: the findings on the items read since `start` are silenced."""
        for item in items[start:]:
            item.silenced = item.silenced or reason

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
        """The sentences of one text, with the items each holds and where."""
        plain, starts = [], []
        at = 0
        for run in runs:
            shown = ",".join([run.text] * bool(run.text) + [f"^{n}" for n in run.notes])  # per-page markers: by id
            piece = f"\x01{shown}\x02" if run.marks else run.text
            if run.claim is not None:
                starts.append((at, run.claim))
            starts += [(at + offset, claim) for offset, claim in run.inner]
            plain.append(piece)
            at += len(piece)
        text = "".join(plain)
        cuts = [0] + [mt.end() for mt in _SENTENCE_END.finditer(text) if not _ABBREVIATION.search(text, max(0, mt.start() - 12), mt.start())]
        cuts.append(len(text) + 1)
        units = []
        for a, b in zip(cuts, cuts[1:]):
            mine = sorted((pos, claim) for pos, claim in starts if a <= pos < b)
            raw = text[a:b]
            lead = len(raw) - len(raw.lstrip())
            units.append(Unit(_shown(raw), [c for _, c in mine], in_note,
                              pos=[_shown_len(raw[lead:pos - a]) for pos, _ in mine]))
        return units

    # --- once the document is read ---------------------------------------------------
    def finish(self, units: list[Unit], items: list, note_cites: dict, markers: dict) -> None:
        """Support per claim, typed numbers against their neighbours, uncited stats; then
        every finding, unless silenced where it stands."""
        for unit in units:
            for i in unit.items:
                items[i].sentence = unit.text
            self._support(unit, items, note_cites, markers)
            self._compare(unit, items)
            stats = [items[i] for i in unit.items if items[i].kind == "stat"]
            bare = [s for s in stats if not s.keys and not s.via]
            if bare and unit.lint:
                cites = any(items[i].kind == "citation" and (items[i].keys or any(
                    note_cites.get(n) for n in items[i].notes)) for i in unit.items)
                shown = ", ".join(f"'{s.value}'" for s in bare)
                why = ("has no citation after it in its sentence (a citation supports the claim it follows)"
                       if cites and not unit.row else "printed in a sentence that cites nothing")
                self.lint("uncited-stat", bare[0].span, f"{shown} {why}: '{_clip(unit.text)}'", bare[0])
                for s in bare[1:]:
                    s.warnings.append("the sentence cites nothing")
            for s in stats + [items[i] for i in unit.items if items[i].kind == "value"]:
                self._named_sources(s, unit)
        for item in items:
            self.flush(item)

    def _support(self, unit: Unit, items: list, note_cites: dict, markers: dict) -> None:
        """Each number's references: the citation group that follows it in its sentence (in a
        table row or callout, every group of the row and of its header); through a note, apart."""
        groups = [(p, i) for p, i in zip(unit.pos, unit.items) if items[i].kind == "citation"]
        if not groups and not unit.inherit:
            return
        following, after = {}, None  # item -> the first group after it, read from the end
        for p, i in sorted(zip(unit.pos, unit.items), reverse=True):
            if items[i].kind == "citation":
                after = i
            else:
                following[i] = after
        for p, i in zip(unit.pos, unit.items):
            item = items[i]
            if item.kind == "citation":
                continue
            if unit.row:
                chosen = [g for _, g in groups] + list(unit.inherit)
            else:
                chosen = [following[i]] if following.get(i) is not None else []
            keys: list = []
            via: list = []
            for g in chosen:
                group = items[g]
                keys += [k for k in group.keys if k not in keys]
                for note in group.notes:
                    via += [(markers.get(note, note), k) for k in note_cites.get(note, ()) if (markers.get(note, note), k) not in via]
            item.keys, item.via = tuple(keys), tuple(via)
            item.locators = tuple(_locator(items, chosen, k) for k in keys)

    def _compare(self, unit: Unit, items: list) -> None:
        """A typed percentage or fraction against the stat beside it, at its own precision."""
        stats = [(p, i) for p, i in zip(unit.pos, unit.items) if items[i].kind == "stat"
                 and items[i].stat in self.env.stats]
        for p, i in zip(unit.pos, unit.items):
            item = items[i]
            token = item.token
            if item.kind != "typed":
                continue
            if token.exempt:
                item.check = f"not checked: {token.exempt}"
                continue
            if not token.claim:
                item.check = "typed; nothing to compare it with"
                continue
            if not stats:
                item.check = "typed; no stat beside it to compare with"
                self.lint("typed-number", item.span, f"'{item.value}' is typed into the copy; print it from a stat "
                          f"({{name:pct}}, {{name:frac}}) so it is computed and checked", item)
                continue
            _, near = min(stats, key=lambda s: (abs(s[0] - p), s[0] > p))
            stat = items[near]
            self._against(item, stat)

    def _against(self, item: Item, stat: Item) -> None:
        count, total = self.env.stats[stat.stat]
        fmt = self.env.fmt
        frac = format_stat(count, total, "frac", fmt)
        token = item.token
        beside = f"{{{stat.stat}}} = {frac} printed beside it ('{stat.value}')"
        if token.qualifier and token.qualifier in BOUNDS and "/" not in item.value:
            shown = _bound(item.value, count / total * 100, BOUNDS[token.qualifier], fmt)
            if shown is not None:
                ok, exact = shown
                item.status = "checked" if ok else "mismatch"
                item.check = f"'{token.qualifier} {item.value}' against {frac} = {exact}%: " + (
                    "holds" if ok else "DOES NOT HOLD")
                if not ok:
                    item.findings.append(("error", "typed-mismatch", item.span,
                                          f"'{token.qualifier} {item.value}' does not hold for {beside}: "
                                          f"{frac} is {exact}%"))
                return
        result = compare_claim(item.value, count, total, fmt)
        if not result.understood:
            item.check = f"typed; not understood ({result.reason})"
            return
        if result.matches:
            item.status, item.check = "checked", f"matches {beside}"
            return
        item.status = "mismatch"
        item.check = f"DOES NOT MATCH {beside}: {mismatch_text(result, count, total, fmt)}"
        item.findings.append(("error", "typed-mismatch", item.span,
                              f"typed '{item.value}' does not match {beside}; {mismatch_text(result, count, total, fmt)}"
                              f" (print it from the stat, or say why with [!ok: reason])"))

    def _named_sources(self, item: Item, unit: Unit) -> None:
        """`source:` in the data file: the sentence printing it must cite one of them."""
        named = self.sources.get(item.stat) if item.kind == "stat" else self.declared.get(item.stat, ("", ()))[1]
        if not named or (item.kind == "value" and item.status != "sourced"):
            return
        cited = set(item.keys) | {k for _, k in item.via}
        if not cited & set(named):
            self.lint("stat-source", item.span, f"'{item.value}' ({item.stat}) is taken from "
                      f"{', '.join(named)} (source: in the data file), but its sentence cites "
                      f"{'none of them' if cited else 'nothing'}", item)

    def claims(self, items: list, numbers: dict, doc_id: str = "") -> tuple[d.Claim, ...]:
        seen: dict = {}
        out = []
        blanked: dict = {}  # sentence -> its digits blanked (many numbers share a sentence)
        self._formulas = {}  # per document: a document may print in its own format
        for item in items:
            key = _identity(item, blanked)
            seen[key] = seen.get(key, 0) + 1
            ident = hashlib.sha1(f"{doc_id}|{key}|{seen[key]}".encode()).hexdigest()[:10]
            out.append(self._claim(item, numbers, f"{item.kind[0]}{ident}"))
        return tuple(out)

    def _ref(self, key: str, numbers: dict, locator: str = "") -> str:
        if key not in self._short:  # thousands of rows name the same few references
            self._short[key] = self.short(key)
        return f"{numbers[key]}. {self._short[key]}" + (f", {locator}" if locator else "")

    def _claim(self, item: Item, numbers: dict, ident: str = "") -> d.Claim:
        locs = dict(zip(item.keys, item.locators))
        refs = tuple(self._ref(k, numbers, locs.get(k, "")) for k in
                     sorted(item.keys, key=lambda k: numbers.get(k, 0)) if k in numbers)
        via = tuple(f"{mk}: {self._ref(k, numbers)}" for mk, k in item.via if k in numbers)
        if item.kind == "citation":
            return d.Claim("citation", item.value, item.span, item.sentence, "; ".join(item.keys),
                           references=refs, warnings=tuple(item.warnings), via=via, silenced=item.silenced, id=ident)
        formula = ""
        if item.kind == "stat":
            if (item.stat, item.spec) not in self._formulas:
                self._formulas[(item.stat, item.spec)] = self.formula(item.stat, item.spec)
            formula = self._formulas[(item.stat, item.spec)]
        exempt = item.token.exempt if item.token else ""
        return d.Claim(item.kind, item.value, item.span, item.sentence, item.stat, formula, item.check, refs,
                       tuple(item.warnings), item.status, via, item.silenced, exempt, ident)

    def formula(self, name: str, spec: Optional[str]) -> str:
        """'mrcc.cr / mrcc.enrolled = 17/255 = 6.667% → 7%, half-up': the arithmetic behind a
        number, exact to enough digits to justify the rounding, a tie said as one."""
        count, total = self.env.stats[name]
        fmt = self.env.fmt
        frac = format_stat(count, total, "frac", fmt)
        stat = next((s for s in self.pub.data.stats if s.name == name), None)
        source = f"({stat.count.source}) / ({stat.of.source}) = " if stat else ""
        source = re.sub(r"\(([\w.]+)\)", r"\1", source)
        if re.fullmatch(r"[\d\s/=.]*", source):  # literal counts: the fraction says it all
            source = ""
        decimals = percent_decimals(spec, fmt.decimals)
        if spec == "ci":
            try:
                return f"{source}{frac}: exact (Clopper-Pearson) → {format_stat(count, total, 'ci', fmt)}"
            except SpecError:  # reported where it is printed
                return f"{source}{frac}"
        if decimals is None:
            return f"{source}{frac}"
        x = count / total * 100
        printed = format_stat(count, total, Spec("pct", decimals), fmt)
        exact = plain_percent(exact_digits(x, decimals), fmt.locale)  # the formula in one locale, as the claim
        if (x * 10**decimals - Fraction(1, 2)).denominator == 1:  # a tie: say so, and the rule that decided it
            rule = "half-up rounds a tie up" if fmt.rounding == "half-up" else "half-even rounds a tie to the even digit"
            return f"{source}{frac} = {exact} exactly, a tie → {printed} ({rule})"
        return f"{source}{frac} = {exact} → {printed}, {fmt.rounding}"

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
    own = [u for u in units if not u.in_note and (u.text or u.items)]
    pos, at = [], 0
    for u in own:
        pos += [at + p for p in u.pos]
        at += len(u.text) + 3
    merged = Unit(" | ".join(u.text for u in own), [i for u in own for i in u.items], pos=pos, row=True)
    return [u for u in units if u.in_note] + [merged]


def _rest(run: d.Run, cut: int) -> d.Run:
    """The run without its first (cut=1) or last (cut=-1) character."""
    if cut > 0:
        return replace(run, text=run.text[1:], where=run.where.without_first() if run.where else None,
                       inner=tuple((o - 1, c) for o, c in run.inner if o >= 1))
    return replace(run, text=run.text[:-1], inner=tuple((o, c) for o, c in run.inner if o < len(run.text) - 1))


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


def exact_digits(x: Fraction, decimals: int) -> str:
    """`x` to enough places to show how it rounds at `decimals`: all of them when it ends
    within three more, else three more, and more while the shown digits would read as a
    tie (6.667 for 17/255 at 0 places; 47.0588 for 8/17 at 1: never 47.05)."""
    places = decimals + 3
    while True:
        scaled = x * 10**places
        if scaled.denominator == 1:  # exact: trailing zeros beyond the rounding digit dropped
            text = round_decimal(x, places, "half-up")
            whole, _, part = text.partition(".")
            part = part.rstrip("0")
            part = part.ljust(decimals, "0")
            return f"{whole}.{part}" if part else whole
        text = round_decimal(x, places, "half-up")
        tail = text.partition(".")[2][decimals:]
        if not (tail.startswith("5") and set(tail[1:]) <= {"0"}) and not set(tail) <= {"0", "9"} or places >= 12:
            return text
        places += 1


def _bound(printed: str, x: Fraction, relation: str, fmt) -> Optional[tuple[bool, str]]:
    """Whether 'nearly 60%' (x < 60), 'over 70%' (x > 70), 'about 45%' (rounds to 45) holds."""
    number = re.fullmatch(r"(\d+(?:\.\d+)?)\s?%", printed.replace(",", ""))
    if number is None:
        return None
    value = Fraction(number.group(1))
    places = len(number.group(1).partition(".")[2])
    ok = {"<": x < value, "<=": x <= value, ">": x > value, ">=": x >= value,
          "~": Fraction(round_decimal(x, places, fmt.rounding)) == value}[relation]
    return ok, exact_digits(x, places)


def _locator(items: list, groups: list, key: str) -> str:
    for g in groups:
        group = items[g]
        if key in group.keys and group.locators:
            return group.locators[group.keys.index(key)]
    return ""


def _identity(item: Item, blanked: dict) -> str:
    """What a row is across builds: a stat or value by name, a citation by its keys, a typed
    number by its sentence with the digits blanked (so a corrected number is "changed")."""
    if item.kind == "typed":
        if item.sentence not in blanked:
            blanked[item.sentence] = re.sub(r"[0-9]+", "#", item.sentence)
        return f"typed|{blanked[item.sentence]}"
    if item.kind == "citation":
        return f"citation|{';'.join(item.keys)}|{';'.join(item.notes)}"
    return f"{item.kind}|{item.stat}|{item.spec}"


def _shown_len(raw: str) -> int:
    """Length of the start of a sentence as `_shown` prints it (markers as [..], spaces collapsed)."""
    return len(_shown(raw + "x")) - 1
