"""A block kind is one model class, one parser, one resolver rule, one resolved class that
declares its texts, and one builder (README: "Adding a block kind"). This holds every table
and walk to the same list of kinds, so a kind cannot be half added: a walk that skips it, a
glyph check that does not see its text, a builder that is missing."""

from __future__ import annotations

import dataclasses

from leafwright.layout.blocks import BUILDERS
from leafwright.load import model as m
from leafwright.load.blocks import _PARSERS
from leafwright.resolve import document as d
from leafwright.resolve.resolver import RULES
from tests.conftest import ROOT, load_and_resolve

FULL = ROOT / "tests" / "fixtures" / "full"


def test_every_model_kind_has_one_resolver_rule():
    assert set(RULES) == set(m.BLOCK_KINDS)


def test_every_resolved_kind_has_a_builder_and_declares_its_texts():
    assert set(BUILDERS) == set(d.BLOCK_KINDS)
    for kind in d.BLOCK_KINDS:  # its structure element in the tagged screen PDF (or None)
        assert "structure" in vars(kind), kind
    for kind in d.BLOCK_KINDS:
        assert callable(getattr(kind, "texts", None)), kind
        assert hasattr(kind, "children") == hasattr(kind, "with_children"), kind


def test_every_parser_makes_a_model_kind_and_the_fixture_has_them_all():
    pub, docs = load_and_resolve(FULL)
    parsed = {type(b) for doc in pub.documents for b in m.walk(doc.body)}
    assert parsed == set(m.BLOCK_KINDS), set(m.BLOCK_KINDS) - parsed
    assert len(_PARSERS) >= len(m.BLOCK_KINDS)  # heading and subheading share a kind
    resolved = {type(b) for doc in docs for b in d.walk(doc.blocks)}
    assert resolved == set(d.BLOCK_KINDS), set(d.BLOCK_KINDS) - resolved


def test_printed_texts_hold_every_word_a_block_prints():
    """The glyph check reads printed_texts; a text a block prints but does not declare would
    go unchecked. Each block's fields that hold text are all in its declared texts."""
    _, docs = load_and_resolve(FULL)
    for doc in docs:
        declared = "\n".join(d.plain_text(t) for _, _, t in d.printed_texts(doc))
        for b in d.walk(doc.blocks):
            for text in _texts_in(b):
                assert d.plain_text(text) in declared, (type(b).__name__, d.plain_text(text))


def _texts_in(value):
    """Every RText inside a block's own fields (not inside the blocks it contains)."""
    if isinstance(value, tuple) and value and all(isinstance(r, d.Run) for r in value):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            if not isinstance(item, d.BLOCK_KINDS):
                yield from _texts_in(item)
    elif isinstance(value, (d.RNote, d.RReference)):
        yield value.text
    elif isinstance(value, str):
        yield (d.Run(value),)
    elif isinstance(value, d.RSeries):
        yield (d.Run(value.name),)
        yield from ((d.Run(x),) for x in value.labels)
    elif isinstance(value, d.BLOCK_KINDS):
        for name in (f.name for f in dataclasses.fields(value)):
            if name not in ("span", "kind", "alt"):  # where it was written; the chart kind; alt is read, not printed
                yield from _texts_in(getattr(value, name))
