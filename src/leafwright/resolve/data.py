"""Values, stats and checks: exact numbers from counts, and claims verified against them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Optional, Union

from ..diagnostics import Diagnostics, did_you_mean
from ..load.model import Data, Expr
from . import expr as ex
from .claims import compare_claim, mismatch_text, understood_hint
from .numformat import NumberFormat, format_stat, format_value

@dataclass(frozen=True)
class DataEnv:
    """Everything `{name:spec}` can print: values, and stats as (count, total)."""

    values: dict = field(default_factory=dict)
    stats: dict = field(default_factory=dict)
    fmt: NumberFormat = NumberFormat()
    defined: frozenset = frozenset()  # every stat name, computed or not
    misused: frozenset = frozenset()  # text values already reported at their definition
    checked: dict = field(default_factory=dict)  # stat name -> ["FILE:LINE:COL: what was verified"]

    def names(self) -> list[str]:
        return list(self.values) + list(self.stats)

    def format(self, name: str, spec: Optional[str]) -> str:
        """Raises KeyError for an unknown name, SpecError for a bad spec."""
        if name in self.stats:
            count, total = self.stats[name]
            return format_stat(count, total, spec, self.fmt)
        return format_value(self.values[name], spec, self.fmt)


def _evaluate(e: Expr, env: dict, diags: Diagnostics, misused: Optional[dict] = None
              ) -> Optional[Union[Fraction, bool]]:
    try:
        return ex.evaluate(ex.parse(e.source), env)
    except ex.ExprError as err:
        diags.error(e.span_at(err.offset), err.message)
        name = _NAME.match(e.source, err.offset)
        if misused is not None and name and isinstance(env.get(name.group()), str):
            misused.setdefault(name.group(), e.span_at(err.offset))
        return None


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


def text_used_as_number(name: str, value: str, definition, use, diags: Diagnostics) -> None:
    """The other half of "'x' is not a number": the definition, where the fix is made."""
    diags.error(definition, f"value '{name}' is the text '{value}', not a number, but {use} uses it as "
                            f"a number; give the number alone and keep words in the text that prints it")


def resolve_data(data: Data, diags: Diagnostics) -> DataEnv:
    """Compute every stat exactly and run every check, reporting all failures."""
    fmt = NumberFormat(decimals=data.decimals, rounding=data.rounding, locale=data.locale)
    values = {name: value for name, value, _ in data.values}
    stats: dict[str, tuple[Fraction, Fraction]] = {}
    misused: dict = {}  # text value -> its first use as a number
    for st in data.stats:
        count = _evaluate(st.count, values, diags, misused)
        total = _evaluate(st.of, values, diags, misused)
        if count is None or total is None:
            continue
        if isinstance(count, bool) or isinstance(total, bool):
            diags.error(st.span, f"stat '{st.name}': count and of must be numbers, not comparisons")
        elif total == 0:
            diags.error(st.of.span, f"stat '{st.name}': the total is zero")
        elif count < 0 or total < 0:
            diags.error(st.span, f"stat '{st.name}': counts cannot be negative ({count}/{total})")
        elif count > total:
            diags.error(st.count.span, f"stat '{st.name}': the count {count} is above its total {total}")
        else:
            stats[st.name] = (count, total)
    env = DataEnv(values, stats, fmt, frozenset(st.name for st in data.stats))
    # All values, text too, so a text value in a check says "'x' is not a number".
    proportions = {**values, **{k: c / t for k, (c, t) in stats.items()}}
    for check in data.checks:
        _run_check(check, env, proportions, diags, misused)
    for name, value, span in data.values:
        if name in misused:
            text_used_as_number(name, value, span, misused[name], diags)
    return replace(env, misused=frozenset(misused))


def _sides(source: str, env: dict) -> str:
    """' (225 vs 255)': the values a failed comparison compared, for the reviewer."""
    tree = ex.parse(source)
    if not isinstance(tree, ex.Compare):
        return ""
    values = [ex.evaluate(part, env) for part in [tree.first] + [step.operand for step in tree.rest]]
    shown = [str(v) if v.denominator == 1 else f"{float(v):.4g}" for v in values]
    return f" ({' vs '.join(shown)})"


def _report(check, diags: Diagnostics, text: str) -> None:
    message = f"{check.message}: {text}" if check.message else text
    (diags.warning if check.severity == "warning" else diags.error)(check.span, message)


def _run_check(check, env: DataEnv, proportions: dict, diags: Diagnostics, misused: Optional[dict] = None) -> None:
    if check.expr is not None:
        failed = env.defined - env.stats.keys()  # stats whose own error was reported already
        try:
            if failed and any(name in failed for name, _ in ex.names(ex.parse(check.expr.source))):
                return
        except ex.ExprError:
            pass  # reported by _evaluate
        result = _evaluate(check.expr, proportions, diags, misused)
        if result is None:
            return
        if not isinstance(result, bool):
            diags.error(check.expr.span, f"check '{check.expr.source}' is not a comparison")
            return
        if not result:
            _report(check, diags, f"check failed: {check.expr.source}{_sides(check.expr.source, proportions)}")
        for name, _ in ex.names(ex.parse(check.expr.source)):  # what the claims matrix names
            if name in env.stats:
                env.checked.setdefault(name, []).append(
                    f"{check.span}: {check.expr.source} {'holds' if result else 'FAILS'}")
        return
    if check.stat not in env.stats:
        if check.stat not in env.defined:  # a defined stat that failed was reported already
            diags.error(check.span, f"unknown stat '{check.stat}'{did_you_mean(check.stat, env.defined)}")
        return
    printed = check.printed.strip()
    count, total = env.stats[check.stat]
    fmt = replace(env.fmt, locale=check.locale or env.fmt.locale)  # read as its file writes numbers
    result = compare_claim(printed, count, total, fmt)
    if not result.understood:
        _report(check, diags, f"claim form not understood: '{printed}' for '{check.stat}': "
                              f"{understood_hint(result.reason)}")
        verdict = "is not understood"
    elif result.matches:
        verdict = "matches"
    else:
        _report(check, diags, f"printed claim '{printed}' for '{check.stat}' does not match "
                              f"{mismatch_text(result, count, total, fmt)}")
        verdict = "DOES NOT MATCH"
    env.checked.setdefault(check.stat, []).append(f"{check.span}: printed '{printed}' {verdict}")
