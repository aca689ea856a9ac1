"""Citation numbers, note markers and the superscript groups that print them."""

from __future__ import annotations

from typing import Iterable, Optional

from ..load.model import Citations, NoteSettings
from ..markers import marker, print_rank


def locator(text: str) -> str:
    """A locator as AMA 11 §3.6 prints it after the superscript number: `p 4` → `p4`,
    `pp 4-5` → `pp4-5`; anything else (`table 2`) as written."""
    import re

    m = re.fullmatch(r"(pp?|pages?)\.?\s*(\S.*)", text.strip(), re.I)
    if m:
        many = m.group(1).lower() in ("pp", "pages") or re.search(r"[-–,]", m.group(2))
        return f"({'pp' if many else 'p'}{m.group(2).replace(' ', '')})"
    return f"({text.strip()})"


def compress(numbers: Iterable[int], locators: Optional[dict] = None) -> list[str]:
    """Sorted, unique; a run of three or more becomes `a-b`, two stay `a,b`. A number with a
    locator (`5(p4)`) stands alone: a range cannot carry it."""
    locators = locators or {}
    nums = sorted(set(numbers) - set(locators))
    if locators:
        return sorted(compress(nums) + [f"{n}{locator(locators[n])}" for n in set(numbers) & set(locators)],
                      key=lambda part: int(part.split("-")[0].split("(")[0]))
    out: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        if j - i >= 2:
            out.append(f"{nums[i]}-{nums[j]}")
        else:
            out.extend(str(n) for n in nums[i:j + 1])
        i = j + 1
    return out


def group_text(numbers: Iterable[int], markers: Iterable[str], locators: Optional[dict] = None) -> str:
    """One superscript group: citation numbers first (with their locators), then markers as written."""
    seen: list[str] = []
    for mk in markers:
        if mk not in seen:
            seen.append(mk)
    return ",".join(compress(numbers, locators) + seen)


class ReferenceNumbers:
    """Hands out reference numbers; one instance per document or per publication (scope)."""

    def __init__(self, settings: Citations, keys: list[str]):
        self.settings = settings
        self.keys = keys
        self.numbers: dict[str, int] = {}
        if settings.numbering == "master":
            self.numbers = {k: i + 1 for i, k in enumerate(keys)}
        self._next = 1

    def cite(self, key: str) -> int:
        if key not in self.numbers:
            self.numbers[key] = self._next
            self._next += 1
        return self.numbers[key]

    def listed(self, cited: set[str]) -> list[tuple[int, str]]:
        """The (number, key) pairs a document's reference list prints, in number order."""
        if self.settings.list == "all":
            for key in self.keys:  # uncited entries follow the cited ones, in file order
                self.cite(key)
            chosen = self.keys
        else:
            chosen = [k for k in self.keys if k in cited]
        return sorted((self.numbers[k], k) for k in chosen)


class NoteMarkers:
    """Markers in order of first reference, one counter per series (per document)."""

    def __init__(self, settings: NoteSettings):
        self.series = dict(settings.series)
        self.order = settings.order
        self.assigned: dict[str, tuple[str, int, str]] = {}  # note id -> (series, index, marker)
        self.counts: dict[str, int] = {}

    def marker(self, note_id: str, series: str) -> tuple[str, bool]:
        """The note's marker, and whether this is its first reference."""
        if note_id in self.assigned:
            return self.assigned[note_id][2], False
        index = self.counts.get(series, 0)
        self.counts[series] = index + 1
        mk = marker(self.series[series], index)
        self.assigned[note_id] = (series, index, mk)
        return mk, True

    def in_print_order(self) -> list[str]:
        """Note ids as the notes block prints them: series in `order`, then by marker."""
        key = print_rank(self.order)
        return [nid for nid, (s, i, _) in sorted(self.assigned.items(), key=lambda kv: key(kv[1][0], kv[1][1]))]
