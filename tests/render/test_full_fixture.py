"""tests/fixtures/full: every block kind and feature, built by the CLI and read back from the PDFs.

Assertions look for short substrings of whitespace-squashed text (long AMA entries with all
whitespace removed), so they hold whatever the line breaks and page layout turn out to be.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pytest

from tests.conftest import pdf_text, run_cli, squash, write_publication

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "full"


def bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("full")
    shutil.copytree(FIXTURE, work / "full")
    proc = run_cli("build", str(work / "full"), "-o", str(work / "out"))
    assert proc.returncode == 0, proc.stderr
    out = work / "out"
    return {"proc": proc, "work": work, "out": out,
            "alpha": squash(pdf_text(out / "full-alpha.pdf")), "beta": squash(pdf_text(out / "full-beta.pdf"))}


def test_builds_both_documents_with_one_warning(full):
    assert sorted(p.name for p in full["out"].iterdir()) == ["full-alpha.pdf", "full-beta.pdf"]
    # the reviewer's lints (tagged [lint-name]) are tested in tests/resolve/test_lints.py
    lines = [x for x in full["proc"].stderr.splitlines() if not re.search(r" \[[a-z-]+\]$", x)]
    assert len(lines) == 1, full["proc"].stderr
    assert re.search(r"full/data\.yaml:23:5: warning: fixture contradiction: the copy says 225 enrolled: "
                     r"check failed: trial\.stated == trial\.enrolled \(225 vs 255\)$", lines[0])


def test_check_command_agrees(full):
    proc = run_cli("check", str(full["work"] / "full"))
    assert proc.returncode == 0, proc.stderr
    lines = [x for x in proc.stderr.splitlines() if not re.search(r" \[[a-z-]+\]$", x)]
    assert sum(": warning: " in x for x in lines) == 1 and ": error: " not in proc.stderr


@pytest.mark.parametrize("needle", [
    # first-cited numbering in reading order; a heading and a subheading cite too
    "Efficacy overview1", "Methodology2,3",
    # inline markup, escapes and literal characters
    "Inline markup: italic, bold, bold italic, cm2 and", "a link label, escapes *stars*, [brackets],",
    "{braces}, a backslash \\ and doubled", "{braces}; plain <delta> & co, ≥ 50 and † stay text.4,*",
    # values: grouping, words, strings
    "255 patients at 21 sites*", "Registry of 1,122 patients", "Aldesleukin in Fourteen arms",
    # table: header, markers in order of first reference, the note's citation counted at its marker
    "Patients (n = 255)", "Objective response (CRa + PRb)c", "15% (37/255)", "Complete responses 7% (17/255)",
    "Partial responses 7.8% of 255",
    # callouts: pct, half-up tie 9/40 = 23%, pct2, ci, frac, count, of
    "15%", "23%", "14.51%", "objective response (95% CI, 10.4%-19.4%)", "half-up tie (9/40)",
    "two decimals (37 of 255)",
    # chart title, panel (the same symbol note again keeps its marker), columns
    "Alpha response rates", "Panel title", "Inside the panel.5,†", "Panel bullet",
    "Left column", "Right column", "Left text.1-3", "Right text.2,5,a",
    # after the page break
    "After the break", "The second page starts here.",
    # footer
    "FX-0001 · 2026-11 · Page 1 of 2", "FX-0001 · 2026-11 · Page 2 of 2",
])
def test_alpha_text(full, needle):
    assert needle in full["alpha"]


def test_alpha_notes_block_in_series_order(full):
    text = full["alpha"]
    notes = ["* Twenty-one sites enrolled patients in fourteen arms.", "† Shorthand symbol note & <co>.",
             "a CR is complete disappearance of tumors.", "b PR is a ≥ 50% reduction in tumor area.",
             "c ORR is CR plus PR: 17 CRs and 20 PRs.5"]
    starts = [text.find(n) for n in notes]
    assert -1 not in starts, [n for n, s in zip(notes, starts) if s < 0]
    assert starts == sorted(starts)
    assert text.index("The second page starts here.") < starts[0]  # `notes: true` sits where it is written


AMA = {
    1: "Clark JI, Curti B, Davis EJ, et al. Long-term progression-free survival of patients with metastatic "
       "melanoma or renal cell carcinoma following high-dose interleukin-2. J Investig Med. Published online "
       "February 4, 2021. doi:10.1136/jim-2020-001650",
    2: "Proleukin [package insert]. Yardley, PA: Clinigen, Inc; 2019.",
    3: "Fisher RI, Rosenberg SA, Fyfe G. Long-term survival update for high-dose recombinant interleukin-2 in "
       "patients with renal cell carcinoma. Cancer J Sci Am. 2000;6(suppl 1):S55-S57.",
    4: "Fyfe G, Fisher RI, Rosenberg SA, Sznol M, Parkinson DR, Louie AC. Results of treatment of 255 patients "
       "with metastatic renal cell carcinoma who received high-dose recombinant interleukin-2 therapy. "
       "J Clin Oncol. 1995;13(3):688-696. doi:10.1200/JCO.1995.13.3.688",
    5: "Atkins MB, Lotze MT, Dutcher JP, et al. High-dose recombinant interleukin 2 therapy for patients with "
       "metastatic melanoma. J Clin Oncol. 1999;17(7):2105-2116.",
    6: "Rini BI, McDermott DF. The IL-2 experience in renal cell carcinoma. J Immunother Cancer. 2016;4:64.",
}


def test_alpha_reference_list(full):
    text = full["alpha"]
    assert "Sources 1. Clark JI" in text  # the list's own title
    flat = bare(text)
    positions = [flat.find(bare(f"{n}. {AMA[n]}")) for n in (1, 2, 3, 4, 5)]
    assert -1 not in positions, positions
    assert positions == sorted(positions)
    assert "Rini" not in text  # list: cited, and alpha never cites rini2016


@pytest.mark.parametrize("needle", [
    # scope: publication: a new reference continues at 6, fisher2000 keeps alpha's 3
    "Beta leaflet", "Numbering continues across the publication.6 Reused3.",
    # markers restart per document; the symbol series doubles after seven
    "Doubled symbols*,†,‡,§,‖,¶,#,** and a lettera.",
    "# Symbol seven. ** Symbol eight, doubled. a Letter note with 17/255.",
    # a table without header, a stat in its default form
    "No header row 7%", "Second row 23% (9/40)",
    "Beta horizontal bars", "Beta stacked bars",
    "FX-0002 · 2026-12 · Page 1 of 1",
])
def test_beta_text(full, needle):
    assert needle in full["beta"]


def test_beta_reference_list_keeps_publication_numbers(full):
    text = full["beta"]
    assert "References 3. Fisher RI" in text  # the default title, at the default place (the end)
    flat = bare(text)
    assert bare(f"3. {AMA[3]}") in flat and bare(f"6. {AMA[6]}") in flat
    assert flat.index(bare(f"3. {AMA[3]}")) < flat.index(bare(f"6. {AMA[6]}"))
    assert "Clark JI" not in text and "Atkins MB" not in text


def test_print_geometry_is_a4_with_bleed_and_the_image_is_placed(full):
    from pypdf import PdfReader

    page = PdfReader(full["out"] / "full-alpha.pdf").pages[0]
    trim = [float(x) for x in page.trimbox]
    bleed = [float(x) for x in page.bleedbox]
    assert trim[2] - trim[0] == pytest.approx(595.2756, abs=0.05)
    assert trim[3] - trim[1] == pytest.approx(841.8898, abs=0.05)
    assert trim[0] - bleed[0] == pytest.approx(72 * 3 / 25.4, abs=0.05)  # bleed: 3mm
    assert "/XObject" in page["/Resources"]  # the PNG


def test_screen_variant_keeps_the_link_target(full):
    from pypdf import PdfReader

    out = full["work"] / "screen"
    proc = run_cli("build", str(full["work"] / "full"), "-o", str(out), "--variant", "screen",
                   "--only", "full-alpha")
    assert proc.returncode == 0, proc.stderr
    annots = PdfReader(out / "full-alpha.pdf").pages[0].get("/Annots") or []
    uris = [a.get_object().get("/A", {}).get("/URI") for a in annots]
    assert "https://example.org/label_(info)" in uris


def test_svg_image(tmp_path):
    pub = write_publication(tmp_path / "pub", {
        "publication.yaml": "documents: [a.yaml]\n",
        "a.yaml": "id: a\nbody:\n  - paragraph: Before.\n  - image: {file: mark.svg, width: 25%}\n",
    })
    shutil.copy(FIXTURE / "images" / "mark.svg", pub / "mark.svg")
    proc = run_cli("build", str(pub), "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert "Before." in pdf_text(tmp_path / "out" / "a.pdf")
    reader = pypdf.PdfReader(tmp_path / "out" / "a.pdf")
    xobjects = reader.pages[0]["/Resources"].get("/XObject") or {}
    assert not any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.values())  # stays vector
