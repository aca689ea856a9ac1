"""The seed leaflets, built by the real CLI and read back from the PDFs."""

from __future__ import annotations

import re

import pytest

from tests.conftest import squash


def test_both_pdfs_built_and_contradictions_warned(seed_build):
    err = seed_build["proc"].stderr
    assert "printed claim '93%' for 'ltpfs_mrcc_cr' does not match the computed 83% (38/46)" in err
    assert "printed claim '96%' for 'ltpfs_mm_cr' does not match the computed 80% (43/54)" in err
    assert "225 mRCC patients" in err
    # the reviewer's lints (tagged [lint-name]) are checked in tests/report/test_claims_matrix.py
    warnings = [line for line in err.splitlines() if ": warning: " in line and not re.search(r" \[[a-z-]+\]$", line)]
    assert len(warnings) == 3, err
    assert all(re.match(r"^content/data\.yaml:\d+:\d+: warning: ", w) for w in warnings)


@pytest.mark.parametrize("needle", [
    "(CRa + PRb) 15% (37/255)", "Complete responsesc 7% (17/255)", "Partial responses 8% (20/255)",
    "255 mRCC patients were enrolled in 7 clinical trials across 21 institutions",
    "tumor burden2,3", "≥ 50 cm2 5,*", "Methodology2,3", "83%", "(38/46)", "24%", "47%", "(8/17)",
    "2 PRs†", "Fourteen of 36 responders", "8 of 14 (57%)", "2 of 14 (14%)", "1,122 patients",
    "Eleven treatment centers", "mRCC patients.8,9", "partial response).1-4",
])
def test_mrcc_text(seed_build, needle):
    assert needle in squash(seed_build["mrcc"])


@pytest.mark.parametrize("needle", [
    "(CRa + PRb) 16% (43/270)", "Complete responses 6% (17/270)", "Partial responses 10% (26/270)",
    "tumor burden2,7,c", "(CRa or PRb)", "Nearly 60% (10/17)", "80%", "(43/54)", "23%", "38%", "(15/40)",
    "5 PRs*", "Methodology2,4",
])
def test_mm_text(seed_build, needle):
    assert needle in squash(seed_build["mm"])


def test_notes_in_series_order(seed_build):
    text = squash(seed_build["mrcc"])
    starts = [text.index(s) for s in ("* Fourteen of 36", "† Neither of the 2", "a CR is defined",
                                       "b PR is defined", "c The median CR", "d Median follow-up")]
    assert starts == sorted(starts)


def test_references_master_numbered_ama(seed_build):
    text = squash(seed_build["mrcc"])
    assert ("3. Fisher RI, Rosenberg SA, Fyfe G. Long-term survival update for high-dose recombinant "
            "interleukin-2 in patients with renal cell carcinoma. Cancer J Sci Am. 2000;6(suppl 1):S55-S57.") in text
    assert "7. Atkins MB, Lotze MT, Dutcher JP, et al." in text
    assert "5. Fyfe G, Fisher RI, Rosenberg SA, Sznol M, Parkinson DR, Louie AC." in text
    assert "2. Proleukin. Package insert. Clinigen, Inc; 2019." in text  # AMA 11: no brackets, no place
    assert ("8. NCCN® Clinical Practice Guidelines in Oncology (NCCN Guidelines®). Kidney cancer. "
            "Version 3.2021. National Comprehensive Cancer Network. Published March 22, 2021. "
            "Accessed May 14, 2021. https://www.nccn.org") in text


def test_bold_and_italic_faces_survive_charts(seed_build):
    """Charts register fonts through svglib, which once reset ReportLab's <b>/<i> mapping."""
    import pypdf

    reader = pypdf.PdfReader(seed_build["out"] / "proleukin-mm.pdf")
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1]
             for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    assert {"SourceSansPro-Regular", "SourceSansPro-Bold", "SourceSansPro-It"} <= fonts
