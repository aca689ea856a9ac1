"""The German edition by XLIFF 2.0: `leafwright translate` writes the units, the test fills the
targets as a translation vendor would, the build prints them with the numbers still computed;
a lost code, a changed source and a missing target are errors at the XLIFF file's line."""

from __future__ import annotations

import shutil

import pytest
from lxml import etree

from tests.conftest import ROOT, pdf_text, run_cli, squash

EXAMPLE = ROOT / "examples" / "editions"
NS = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
GERMAN = {  # unit (file, id) -> target, codes as the source has them
    ("proleukin-mrcc", "title"): "Proleukin (Aldesleukin) beim metastasierten Nierenzellkarzinom (mRCC)",
    ("proleukin-mrcc", "body.3"): "Frühe klinische Daten zum mRCC",
    ("proleukin-mrcc", "body.5.0"): '<ph id="1" dataRef="d1"/> Patienten mit mRCC wurden in <ph id="2" dataRef="d2"/> '
                                    'klinischen Studien an <ph id="3" dataRef="d3"/> Zentren aufgenommen',
    ("proleukin-mrcc", "body.6.header.0"): "Ansprechen",
}


@pytest.fixture()
def publication(tmp_path):
    pub = tmp_path / "pub"
    shutil.copytree(EXAMPLE, pub)
    text = (pub / "publication.yaml").read_text(encoding="utf-8")
    (pub / "publication.yaml").write_text(
        text.replace("    data: data-de.yaml\n", "    data: data-de.yaml\n    translation: translations/de.xlf\n"),
        encoding="utf-8")
    return pub


def translate(pub) -> etree._ElementTree:
    proc = run_cli("translate", str(pub), "--edition", "de")
    assert proc.returncode == 0, proc.stderr
    assert "units, " in proc.stdout and " new, " in proc.stdout
    return etree.parse(str(pub / "translations" / "de.xlf"))


def fill(tree, pub, targets: dict, copy_rest: bool = True) -> None:
    """Targets as a CAT tool writes them: the German ones given, the source copied for the rest."""
    for f in tree.getroot().iterfind("x:file", NS):
        for unit in f.iterfind("x:unit", NS):
            segment = unit.find("x:segment", NS)
            source, target = segment.find("x:source", NS), segment.find("x:target", NS)
            given = targets.get((f.get("id"), unit.get("id")))
            if given is not None:
                new = etree.fromstring(f'<target xmlns="{NS["x"]}">{given}</target>')
            elif copy_rest:
                new = etree.fromstring(etree.tostring(source).replace(b"<source", b"<target").replace(b"</source>", b"</target>"))
            else:
                continue
            segment.replace(target, new)
            segment.set("state", "translated")
    tree.write(str(pub / "translations" / "de.xlf"), xml_declaration=True, encoding="UTF-8")


def test_the_german_edition_prints_its_translation_with_computed_numbers(publication, tmp_path):
    tree = translate(publication)
    units = {(f.get("id"), u.get("id")) for f in tree.getroot().iterfind("x:file", NS) for u in f.iterfind("x:unit", NS)}
    assert set(GERMAN) <= units
    assert ("proleukin-mrcc", "body.0") not in units  # the US-only indication line is not the German edition's
    fill(tree, publication, GERMAN)
    out = tmp_path / "out"
    proc = run_cli("build", str(publication), "-o", str(out), "--edition", "de")
    assert proc.returncode == 0, proc.stderr
    text = squash(pdf_text(out / "de" / "proleukin-mrcc.pdf"))
    assert "Proleukin (Aldesleukin) beim metastasierten Nierenzellkarzinom (mRCC)" in text
    assert "Frühe klinische Daten zum mRCC" in text
    assert "255 Patienten mit mRCC wurden in 7 klinischen Studien an 21 Zentren aufgenommen" in text
    assert "Ansprechen Patients (n = 255)" in text
    assert "1.122" in text  # the numbers are still computed, in German


def test_a_target_that_loses_a_code_is_an_error_at_its_line(publication, tmp_path):
    tree = translate(publication)
    broken = {("proleukin-mrcc", "body.5.0"): '<ph id="1" dataRef="d1"/> Patienten mit mRCC in 7 Studien'}
    fill(tree, publication, broken)
    lines = (publication / "translations" / "de.xlf").read_text(encoding="utf-8").splitlines()
    line = next(i for i, x in enumerate(lines, 1) if "Patienten mit mRCC in 7 Studien" in x)
    proc = run_cli("check", str(publication), "--edition", "de")
    assert proc.returncode == 1
    assert (f"translations/de.xlf:{line}:1: error: unit 'body.5.0' of 'proleukin-mrcc': the target lost the "
            f"protected code(s) ph 2, ph 3") in proc.stderr


def test_a_changed_source_is_stale_until_translated_again(publication, tmp_path):
    fill(translate(publication), publication, GERMAN)
    doc = publication / "documents" / "mrcc.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("- heading: Early mRCC clinical data",
                                                           "- heading: Early mRCC data"), encoding="utf-8")
    proc = run_cli("check", str(publication), "--edition", "de")
    assert proc.returncode == 1
    assert "unit 'body.3' of 'proleukin-mrcc' is stale: its source changed" in proc.stderr
    tree = translate(publication)  # the update keeps the target for review, state back to initial
    [unit] = [u for f in tree.getroot().iterfind("x:file", NS) if f.get("id") == "proleukin-mrcc"
              for u in f.iterfind("x:unit", NS) if u.get("id") == "body.3"]
    assert unit.find("x:segment", NS).get("state") == "initial"
    assert unit.find("x:segment/x:target", NS).text == "Frühe klinische Daten zum mRCC"
    proc = run_cli("check", str(publication), "--edition", "de")
    assert "unit 'body.3' of 'proleukin-mrcc' is stale: its source changed; review the target" in proc.stderr
    preview = run_cli("check", str(publication), "--edition", "de", "--allow-untranslated")
    assert preview.returncode == 0, preview.stderr
    assert "the source prints (--allow-untranslated)" in preview.stderr


def test_a_missing_translation_and_a_number_typed_into_a_target(publication, tmp_path):
    tree = translate(publication)
    fill(tree, publication, {("proleukin-mrcc", "body.3"): "Frühe Daten: 15 % Ansprechen"}, copy_rest=False)
    proc = run_cli("check", str(publication), "--edition", "de")
    assert proc.returncode == 1
    assert "unit 'title' of 'proleukin-mrcc' has no translation yet" in proc.stderr
    preview = run_cli("check", str(publication), "--edition", "de", "--allow-untranslated")
    assert preview.returncode == 0
    [typed] = [x for x in preview.stderr.splitlines() if "typed-number" in x and "de.xlf" in x]
    assert "translations/de.xlf:" in typed and "'15 %' is typed into the copy" in typed
