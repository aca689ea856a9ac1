"""The seed built as us/uk/de editions from one source (examples/editions), each PDF read back:
numbers, labels, footer, page size, job code, /Lang and XMP language, market-only blocks and
citation numbers per edition."""

from __future__ import annotations

import shutil

import pikepdf
import pytest

from tests.conftest import ROOT, pdf_text, run_cli, squash

pytestmark = pytest.mark.start_first  # publications of several editions

EXAMPLE = ROOT / "examples" / "editions"
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("editions")
    shutil.copytree(EXAMPLE, work / "pub")
    proc = run_cli("build", str(work / "pub"), "-o", str(work / "out"))
    assert proc.returncode == 0, proc.stderr
    out = work / "out"
    return {"proc": proc, "out": out, "work": work,
            **{(e, d): squash(pdf_text(out / e / f"proleukin-{d}.pdf")) for e in ("us", "uk", "de") for d in ("mrcc", "mm")}}


def test_each_edition_goes_to_its_own_folder(editions):
    written = sorted(p.relative_to(editions["out"]).as_posix() for p in editions["out"].rglob("*.pdf"))
    assert written == [f"{e}/proleukin-{d}.pdf" for e in ("de", "uk", "us") for d in ("mm", "mrcc")]


@pytest.mark.parametrize("edition, size, lang", [("us", LETTER, "en-US"), ("uk", A4, "en-GB"), ("de", A4, "de-DE")])
def test_page_size_language_and_metadata(editions, edition, size, lang):
    with pikepdf.open(editions["out"] / edition / "proleukin-mrcc.pdf") as pdf:
        trim = [float(x) for x in pdf.pages[0].TrimBox]
        assert (round(trim[2] - trim[0], 2), round(trim[3] - trim[1], 2)) == size
        assert str(pdf.Root.Lang) == lang
        assert pdf.open_metadata().get("dc:language") == {lang}


def test_job_code_and_footer_words(editions):
    assert "US-PRO-0001 · 2026-11 · Page 1 of 2" in editions["us", "mrcc"]
    assert "US-PRO-0002 · 2026-11 · Page 2 of 2" in editions["us", "mm"]
    assert "UK-PRO-0002 · 2026-11 · Page 1 of 2" in editions["uk", "mrcc"]
    assert "DE-PRO-0003 · 2026-11 · Seite 1 von 2" in editions["de", "mm"]
    assert "Page 1" not in editions["de", "mrcc"]


def test_numbers_words_and_labels_follow_the_locale(editions):
    us, de = editions["us", "mrcc"], editions["de", "mrcc"]
    assert "Group 2: 1,122 patients" in us and "Group 2: 1.122 patients" in de
    assert "Objective response rate (CRa + PRb) 15% (37/255)" in us
    assert "Objective response rate (CRa + PRb) 15 % (37/255)" in de
    assert "95%-KI, 10,4 %–19,4 %" in de
    assert "Eleven treatment centers" in us and "Elf treatment centers" in de
    assert "References 1." in us and "Literatur 1." in de and "References" not in de


def test_market_only_blocks(editions):
    only = {
        "Proleukin is indicated for the treatment of adults": {"us"},
        "In the US, Proleukin is given in a hospital setting": {"us"},
        "Adverse events should be reported": {"uk"},
        "Clinigen Healthcare Ltd on 01283 495010": {"uk"},
        "In klinischen Studien zeigte Proleukin": {"de"},
        "In clinical trials, Proleukin has demonstrated": {"us", "uk"},
    }
    for text, where in only.items():
        assert {e for e in ("us", "uk", "de") if text in editions[e, "mrcc"]} == where, text


def test_citation_numbers_are_counted_per_edition(editions):
    # The US master cites the package insert first (its indication line): it is 1 there, 2 elsewhere.
    assert "Methodology1,3" in editions["us", "mrcc"]
    assert "Methodology2,3" in editions["uk", "mrcc"] and "Methodology2,3" in editions["de", "mrcc"]
    assert "9. Proleukin (aldesleukin). Summary of Product Characteristics" in editions["uk", "mrcc"]
    assert "Summary of Product Characteristics" not in editions["us", "mrcc"]


def test_edition_claims_are_read_in_the_edition_locale(editions):
    # data-de.yaml writes "14,5 % (37/255)" and "95%-KI: 10,4–19,4"; both match, so no warning names them
    assert "data-de.yaml" not in editions["proc"].stderr
    assert "data-uk.yaml" not in editions["proc"].stderr


def test_one_warning_per_place_not_per_edition(editions):
    lines = [line for line in editions["proc"].stderr.splitlines() if "mrcc.yaml:92:18" in line]
    assert len(lines) == 1, lines


def test_only_the_named_editions_are_built(tmp_path):
    out = tmp_path / "out"
    proc = run_cli("build", str(EXAMPLE), "-o", str(out), "--edition", "de", "--only", "proleukin-mm")
    assert proc.returncode == 0, proc.stderr
    assert [p.relative_to(out).as_posix() for p in out.rglob("*.pdf")] == ["de/proleukin-mm.pdf"]
    bad = run_cli("build", str(EXAMPLE), "-o", str(out), "--edition", "ukk")
    assert bad.returncode == 2
    assert "--edition: no edition 'ukk'; did you mean 'uk'?" in bad.stderr
    seed = run_cli("check", str(ROOT / "content"), "--edition", "us")
    assert seed.returncode == 2 and "defines no editions" in seed.stderr


def test_a_required_block_missing_from_one_edition_is_that_editions_error(tmp_path):
    pub = tmp_path / "pub"
    shutil.copytree(EXAMPLE, pub)
    doc = pub / "documents" / "mm.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("    role: ae-reporting\n", ""), encoding="utf-8")
    proc = run_cli("check", str(pub))
    assert proc.returncode == 1
    [line] = [x for x in proc.stderr.splitlines() if "ae-reporting" in x]
    assert "mm.yaml:1:1: error: document 'proleukin-mm' needs a block with 'role: ae-reporting'" in line
    assert run_cli("check", str(pub), "--edition", "us", "--edition", "de").returncode == 0


def test_claims_matrices_go_to_each_editions_folder(tmp_path):
    out = tmp_path / "claims"
    proc = run_cli("claims", str(EXAMPLE), "-o", str(out), "--edition", "uk", "--edition", "de")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.csv")) == [
        f"{e}/proleukin-{d}-claims.csv" for e in ("de", "uk") for d in ("mm", "mrcc")]
    german = (out / "de" / "proleukin-mrcc-claims.csv").read_text(encoding="utf-8")
    assert "37/255 = 14,510\u00a0% → 15\u00a0%, half-up" in german


def test_an_entry_only_one_edition_uses_is_not_reported_as_unused(tmp_path):
    from leafwright.build import check
    from tests.conftest import write_publication

    pub = write_publication(tmp_path / "pub", {
        "publication.yaml": "references: refs.yaml\neditions: [{id: us}, {id: uk}]\ndocuments: [a.yaml]\n",
        "refs.yaml": "- {id: r1, text: One.}\n- {id: r2, text: Two.}\n- {id: r3, text: Three.}\n",
        "a.yaml": "id: a\nnotes:\n  n: {text: UK note.}\nbody:\n  - paragraph: Shared.[@r1]\n"
                  "  - paragraph: UK only.[@r2][^n]\n    editions: [uk]\n",
    })
    result = check(pub)
    assert [x.message for x in result.diagnostics] == ["reference 'r3' is never cited"]
