"""Footnote marker sequences, shared by resolve (per document) and layout (per page)."""

from __future__ import annotations


def marker(sequence: tuple[str, ...], index: int) -> str:
    """The index-th marker of a series: a..z, then aa..zz, then aaa..."""
    return sequence[index % len(sequence)] * (index // len(sequence) + 1)


def print_rank(order: tuple[str, ...]):
    """Sort key of a notes block: series in `order` (others after), then by marker index."""
    rank = {s: i for i, s in enumerate(order)}
    return lambda series, index: (rank.get(series, len(rank)), index)
