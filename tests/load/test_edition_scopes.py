"""`editions:` and `editions:`/`except:` on every item that may carry them, applied per edition."""

from __future__ import annotations

from pathlib import Path

from leafwright.load.editions import apply_edition
from tests.conftest import load

PUB = """\
references: refs.yaml
data: data.yaml
editions:
  - {id: us, locale: en_US}
  - {id: uk, locale: en_GB, data: data-uk.yaml, references: refs-uk.yaml, code: UK-1, page: {size: a4},
     footer: "{code} {page}", requires: [ae]}
documents: [a.yaml]
"""
REFS = "- {id: r1, text: One.}\n- {id: r2, text: Two.}\n"
DATA = "values: {n: 10, who: all}\nstats: {s: {count: 1, of: n}}\nchecks:\n  - {stat: s, printed: '10%'}\n"
DOC = """\
id: a
code: A-1
notes:
  n1: {text: Everywhere.}
  n2: {text: UK only., editions: [uk]}
body:
  - paragraph: US first.[@r2]
    editions: [us]
  - paragraph: Shared.[@r1; @r2][^n1]
  - bullets:
      - Every bullet
      - {text: "Not in the US", except: [us]}
  - table:
      rows:
        - [a, b]
        - {cells: [c, d], editions: [uk]}
  - callouts:
      - {value: "1", label: shared}
      - {value: "2", label: us, editions: [us]}
  - panel:
      body:
        - paragraph: "UK reporting {who}.[^n2][@r3]"
          role: ae
          editions: [uk]
"""


def pub_for(tmp_path: Path, files: dict | None = None):
    r = load(tmp_path, {"publication.yaml": PUB, "refs.yaml": REFS, "data.yaml": DATA, "a.yaml": DOC,
                        "refs-uk.yaml": "- {id: r3, text: Three.}\n",
                        "data-uk.yaml": "values: {who: UK}\nchecks:\n  - {stat: s, printed: '10.0%'}\n",
                        **(files or {})})
    return r


def texts(blocks) -> list:
    out = []
    for b in blocks:
        for name in ("text", "items", "rows"):
            value = getattr(b, name, None)
            if value is not None:
                out.append(value.source if hasattr(value, "source") else
                           [v.source if hasattr(v, "source") else [c.source for c in v] if isinstance(v, tuple)
                            else v.value.source for v in value])
        if hasattr(b, "body"):
            out.append(texts(b.body))
    return out


def test_each_edition_keeps_what_it_prints(tmp_path: Path):
    r = pub_for(tmp_path)
    assert not r.diags, r.messages
    us, uk = (apply_edition(r.pub, e)[0] for e in r.pub.editions)
    assert texts(us.documents[0].body) == [
        "US first.[@r2]", "Shared.[@r1; @r2][^n1]", ["Every bullet"], [["a", "b"]], ["1", "2"], []]
    assert texts(uk.documents[0].body) == [
        "Shared.[@r1; @r2][^n1]", ["Every bullet", "Not in the US"], [["a", "b"], ["c", "d"]], ["1"],
        [["UK reporting {who}.[^n2][@r3]"]][0]]
    assert [n.id for n in us.documents[0].notes] == ["n1"] and [n.id for n in uk.documents[0].notes] == ["n1", "n2"]


def test_an_edition_sets_code_page_footer_data_references_and_requires(tmp_path: Path):
    r = pub_for(tmp_path)
    us, us_problems = apply_edition(r.pub, r.pub.editions[0])
    uk, uk_problems = apply_edition(r.pub, r.pub.editions[1])
    assert (us.documents[0].code, uk.documents[0].code) == ("A-1", "UK-1")
    assert dict(uk.documents[0].page)["page_size"][0] < dict(us.documents[0].page or {("page_size", (612, 0))})["page_size"][0]
    assert (us.documents[0].footer, uk.documents[0].footer) == (None, "{code} {page}")
    assert {n: v for n, v, _ in uk.data.values} == {"n": 10, "who": "UK"}  # replaced, not defined twice
    assert [c.locale for c in uk.data.checks] == ["en_US", "en_GB"]  # each read in its own file's locale
    assert uk.data.locale == "en_GB" and us.data.locale == "en_US"
    assert [x.id for x in uk.references] == ["r1", "r2", "r3"] and [x.id for x in us.references] == ["r1", "r2"]
    assert not uk_problems and not us_problems  # the UK's 'ae' block is there; the US does not require it
    assert [x for x, _ in uk.documents[0].roles] == ["ae"]
    assert us.documents[0].roles == ()


def test_a_role_that_only_another_edition_prints_does_not_count(tmp_path: Path):
    r = pub_for(tmp_path, {"publication.yaml": PUB.replace("requires: [ae]", "requires: [ae]}\n  - {id: x")
                           .replace("  - {id: us, locale: en_US}\n", "  - {id: us, locale: en_US, requires: [ae]}\n")})
    assert not [m for m in r.messages if "ae" in m], r.messages
    _, problems = apply_edition(r.pub, r.pub.editions[0])
    assert [p.message.split(": publication")[0] for p in problems] == ["document 'a' needs a block with 'role: ae'"]


def test_unknown_editions_and_both_keys_are_errors(tmp_path: Path):
    r = pub_for(tmp_path, {"a.yaml": "id: a\nbody:\n  - paragraph: x\n    editions: [ukk]\n"
                                     "  - paragraph: y\n    editions: [us]\n    except: [uk]\n"
                                     "  - bullets: [{text: z, except: [de]}]\n"})
    assert r.where("unknown edition 'ukk'; did you mean 'uk'?") == ("a.yaml", 4, 16)
    assert r.where("give 'editions:' (only these) or 'except:', not both") == ("a.yaml", 7, 5)
    assert r.where("unknown edition 'de'")[1] == 8


def test_scopes_in_a_publication_without_editions_are_errors(tmp_path: Path):
    r = load(tmp_path, {"a.yaml": "id: a\nbody:\n  - paragraph: x\n    except: [us]\n"})
    assert "unknown edition 'us' (publication.yaml defines no editions:)" in r.messages
    assert r.pub.documents[0].body[0].text.source == "x"  # kept, unwrapped: resolve never sees a scope


def test_edition_ids_and_files_are_checked(tmp_path: Path):
    r = load(tmp_path, {"publication.yaml": "references: refs.yaml\neditions:\n  - {id: a/b}\n  - {id: x}\n"
                                            "  - {id: x}\n  - {id: y, data: nope.yaml, references: refs.yaml,"
                                            " locale: xx_YY, colour: red}\ndocuments: [a.yaml]\n",
                        "refs.yaml": REFS})
    assert r.where("edition id 'a/b' must be letters")[1:] == (3, 10)
    assert "edition id 'x' is used twice" in r.find("used twice").message
    assert r.find("file 'nope.yaml' not found")
    assert r.find("unknown locale 'xx_YY'")
    assert r.find("unknown key 'colour' in an edition")
    assert r.find("reference 'r1' is defined twice")
