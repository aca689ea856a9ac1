"""Translation units: ids from the source's positions or a block's own `id:`, codes protected,
and text that round-trips through a target unchanged."""

from __future__ import annotations

from lxml import etree

from leafwright.resolve.translation import NS, apply, extract
from tests.conftest import load

PUB = "editions:\n  - {id: de, locale: de_DE, translation: de.xlf}\n  - {id: us}\ndata: data.yaml\ndocuments: [a.yaml]\n"
DOC = """\
id: a
title: A *title*
notes:
  n: {text: "Note {n}."}
body:
  - paragraph: US only.
    editions: [us]
  - paragraph: "Indicated in *adults*.[^n] Rate {s:pct1}, see [the label](https://x.org). Literal \\\\* and {{x}}."
    id: indication
  - bullets: [One, {text: Two, except: [de]}, Three]
"""


def units(tmp_path):
    r = load(tmp_path, {"publication.yaml": PUB, "a.yaml": DOC,
                        "data.yaml": "values: {n: 3}\nstats: {s: {count: 1, of: 8}}\n"})
    assert not r.diags, r.messages
    data, counts = extract(r.pub, r.pub.editions[0], None)
    root = etree.fromstring(data)
    return r, data, {u.get("id"): u for u in root.iter(f"{{{NS}}}unit")}, counts


def test_unit_ids_and_codes(tmp_path):
    _, data, found, counts = units(tmp_path)
    assert list(found) == ["notes.n", "title", "indication", "body.2.0", "body.2.2"]
    assert counts == {"units": 5, "new": 5, "changed": 0}
    source = found["indication"].find(f"{{{NS}}}segment/{{{NS}}}source")
    assert [(c.tag.split("}")[1], c.get("id")) for c in source] == [("pc", "1"), ("ph", "2"), ("ph", "3"), ("pc", "4")]
    assert "".join(source.itertext()) == "Indicated in adults. Rate , see the label. Literal * and {x}."
    assert {d.text for d in found["indication"].iter(f"{{{NS}}}data")} >= {"[^n]", "{s:pct1}", "](https://x.org)"}
    assert b'srcLang="en-US" trgLang="de-DE"' in data


def test_a_target_copied_from_its_source_gives_the_source_back(tmp_path):
    r, data, _, _ = units(tmp_path)
    copied = data.replace(b"<target/>", b"").replace(b"</source>", b"</source><target/>")
    root = etree.fromstring(copied)
    for segment in root.iter(f"{{{NS}}}segment"):
        source, target = segment.find(f"{{{NS}}}source"), segment.find(f"{{{NS}}}target")
        segment.replace(target, etree.fromstring(etree.tostring(source).replace(b"source", b"target")))
    edition = r.pub.editions[0]
    from dataclasses import replace

    filled = replace(edition, translation=("de.xlf", etree.tostring(root, encoding="unicode")))
    pub, problems = apply(r.pub, filled)
    assert problems == []
    before, after = r.pub.documents[0], pub.documents[0]
    assert after.title == before.title == "A *title*"  # a title prints as written: its asterisks are text
    assert after.body[1].text.source == before.body[1].text.source
    assert after.body[1].text.span.file == "de.xlf"
