"""A publication as one edition sees it: a pure function of the loaded model.

Editions are a loop around resolve → lay out (pipeline.run): each resolves the publication
this returns, so its citation numbers and note markers count only what it prints, its
numbers are in its locale, and its documents carry its code, page, format and footer.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from ..diagnostics import Diagnostic
from . import model as m


def apply_edition(pub: m.Publication, edition: Optional[m.Edition]) -> tuple[m.Publication, list[Diagnostic]]:
    """`pub` for `edition` (None: the unnamed edition of a publication without `editions:`),
    and the documents' problems that are this edition's (what its `requires:` finds missing)."""
    if edition is None:
        return pub, []
    docs = tuple(_document(doc, edition) for doc in pub.documents)
    data = _data(pub.data, edition)
    requires = edition.requires if edition.requires is not None else pub.requires
    from .publication import requirement_problems

    problems = requirement_problems(docs, requires)
    return replace(pub, documents=docs, data=data, references=pub.references + edition.references,
                   requires=requires, edition=edition.id), problems


def _document(doc: m.Document, edition: m.Edition) -> m.Document:
    """What is closest wins: the document's own page, format and footer over the edition's;
    the edition's code replaces the document's."""
    dropped: list = []
    body = _blocks(doc.body, edition.id, dropped)
    notes = tuple(note for note in _kept(doc.notes, edition.id, dropped))
    lost = {span for role in dropped for _, span in role}
    return replace(
        doc, body=body, notes=notes, roles=tuple(r for r in doc.roles if r[1] not in lost),
        code=edition.code if edition.code is not None else doc.code,
        page=tuple({**dict(edition.page), **dict(doc.page)}.items()),  # (its format: is in the data's)
        footer=doc.footer if doc.footer is not None else edition.footer)


def _kept(items, edition: str, dropped: list) -> list:
    """The items this edition prints, unwrapped; the roles of the rest go into `dropped`."""
    out = []
    for item in items:
        if isinstance(item, m.Scoped):
            if item.scope.keeps(edition):
                out.append(item.item)
            else:
                dropped.append(item.roles)
        else:
            out.append(item)
    return out


def _blocks(blocks, edition: str, dropped: list) -> tuple:
    out = []
    for block in _kept(blocks, edition, dropped):
        if isinstance(block, m.Panel):
            block = replace(block, body=_blocks(block.body, edition, dropped))
        elif isinstance(block, m.Columns):
            block = replace(block, columns=tuple(_blocks(col, edition, dropped) for col in block.columns))
        elif isinstance(block, m.Bullets):
            block = replace(block, items=tuple(_kept(block.items, edition, dropped)))
        elif isinstance(block, m.Table):
            block = replace(block, rows=tuple(_kept(block.rows, edition, dropped)))
        elif isinstance(block, m.Callouts):
            block = replace(block, items=tuple(_kept(block.items, edition, dropped)))
        out.append(block)
    return tuple(out)


def _data(data: m.Data, edition: m.Edition) -> m.Data:
    """The edition's data merged over the publication's: a value or stat of the same name
    replaces it, checks are added, and the format keys its data sets win; its locale (or its
    `format:`) decides how numbers print."""
    own = edition.data
    values, stats, checks, fmt = data.values, data.stats, data.checks, {}
    if own is not None:
        names = {name for name, _, _ in own.values} | {s.name for s in own.stats}
        values = tuple(v for v in data.values if v[0] not in names) + own.values
        stats = tuple(s for s in data.stats if s.name not in names) + own.stats
        checks = data.checks + own.checks
        fmt = {key: getattr(own, key) for key in own.given}
    fmt.update(dict(edition.format))
    if edition.locale:
        fmt["locale"] = edition.locale
    return replace(data, values=values, stats=stats, checks=checks, **fmt)
