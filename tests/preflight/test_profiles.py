"""Rule profiles: each profile's distinguishing rule, planted in a page built here and reported
with the profile's severity (or not at all); the file's PDF/X claim picks the profile; house
rules can be raised; `--profile`, `--rule` and `--list-rules` on the command line."""

from __future__ import annotations

import json

import pytest
from pikepdf import Array, Dictionary, Name

from leafwright.preflight import check, checked
from leafwright.preflight.profiles import PROFILES, UnknownProfile, get_profile
from leafwright.preflight.rules import RULES
from leafwright.variants import VARIANTS
from tests.conftest import run_cli
from tests.pdfkit import claim, gracol, page_pdf, type3_font

TEXT = b"BT /F1 10 Tf 72 700 Td (Hello) Tj ET\n"
CLEAN = b"0 0 0 1 k " + TEXT


def graded(pdf: bytes, profile=None) -> dict[str, str]:
    """rule id -> severity of every finding (one per rule in these one-fault pages)."""
    return {f.rule: f.severity for f in check(pdf, profile)}


def test_the_registry_and_the_profiles_agree():
    for profile in PROFILES.values():
        assert set(profile.rules) <= set(RULES), profile.name
        assert set(profile.rules.values()) <= {"error", "warning"}, profile.name
    for rule in RULES.values():  # every rule says why it exists, and some profile uses it
        assert rule.basis.startswith(("ISO", "house rule")), rule.id
        assert any(p.on(rule.id) for p in PROFILES.values()), rule.id
    assert {v.preflight for v in VARIANTS.values()} <= set(PROFILES)  # each variant names a profile
    assert [get_profile(VARIANTS[v].preflight).name for v in ("print-x4", "print-x1a", "screen", "review")] == [
        "pdfx4", "pdfx1a", "screen", "review"]


@pytest.mark.parametrize("version, pdf_version, profile", [
    ("PDF/X-4", "1.6", "pdfx4"), ("PDF/X-1a:2003", "1.4", "pdfx1a"), ("PDF/X-3:2002", "1.3", "pdfx3"),
    ("PDF/X-3:2003", "1.4", "pdfx3"), ("PDF/X-5g", "1.6", "print"),
])
def test_the_files_claim_picks_the_profile(version, pdf_version, profile):
    pdf = page_pdf(CLEAN, edit=claim(version, xmp="pdfxid"), version=pdf_version)
    assert checked(pdf) == (profile, [])
    assert checked(page_pdf(CLEAN)) == ("print", [])


def test_pdfx4_requires_xmp_and_takes_icc_rgb_as_a_warning():
    from PIL import ImageCms

    def icc_rgb(pdf):
        icc = pdf.make_stream(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
        icc.N = 3
        return Dictionary(Font=Dictionary(F1=type3_font(pdf)), ColorSpace=Dictionary(Rgb=Array([Name.ICCBased, icc])))

    no_xmp = page_pdf(CLEAN, edit=claim("PDF/X-4"), version="1.6")
    assert graded(no_xmp) == {"pdfx.xmp": "error"}
    rgb = b"/Rgb cs 0.9 0.1 0.1 sc 72 600 50 50 re f " + CLEAN
    assert graded(page_pdf(rgb, icc_rgb, claim("PDF/X-4", xmp="pdfxid"), version="1.6")) == {
        "colour.icc-rgb": "warning"}
    assert graded(page_pdf(rgb, icc_rgb)) == {"colour.icc-rgb": "error"}  # `print`: no output intent to convert by


def test_pdfx1a_forbids_transparency_and_icc_colour():
    def resources(pdf):
        icc = pdf.make_stream(gracol())
        icc.N = 4
        return Dictionary(Font=Dictionary(F1=type3_font(pdf)), ExtGState=Dictionary(A=Dictionary(ca=0.5)),
                          ColorSpace=Dictionary(Icc=Array([Name.ICCBased, icc])))

    content = b"/A gs 0 1 0 0 k 72 600 50 50 re f /Icc cs 0 0 0 1 sc 72 500 50 50 re f"
    x1a = page_pdf(content, resources, claim("PDF/X-1a:2003"), version="1.4")
    assert graded(x1a) == {"transparency.used": "error", "colour.device-independent": "error"}
    assert graded(x1a, "pdfx4") == {"pdfx.version": "error", "pdfx.xmp": "error"}  # X-4 allows both
    assert [str(f) for f in check(x1a) if f.rule == "transparency.used"] == [
        "page 1: a graphics state with opacity below 100%; PDF/X-1a:2003 allows no transparency"]


def test_pdfx3_forbids_transparency_and_checks_its_editions_pdf_version():
    def resources(pdf):
        return Dictionary(Font=Dictionary(F1=type3_font(pdf)), ExtGState=Dictionary(M=Dictionary(BM=Name.Multiply)))

    blend = b"/M gs 0 1 0 0 k 72 600 50 50 re f"
    assert graded(page_pdf(blend, resources, claim("PDF/X-3:2003"), version="1.4")) == {"transparency.used": "error"}
    assert graded(page_pdf(blend, resources)) == {}  # a plain print file may use transparency
    # 2002 is PDF 1.3, X-3:2003 PDF 1.4: the profile checks the edition the file claims
    assert graded(page_pdf(CLEAN, edit=claim("PDF/X-3:2002"), version="1.4")) == {"pdfx.pdf-version": "error"}
    assert graded(page_pdf(CLEAN, edit=claim("PDF/X-3:2003"), version="1.4")) == {}


def _art_box_only(pdf, page):
    page.obj.ArtBox = page.obj.TrimBox
    del page.obj.TrimBox
    del page.obj.BleedBox


def test_print_wants_a_trimbox_where_pdfx_accepts_an_artbox():
    art = page_pdf(CLEAN, edit=_art_box_only)
    assert graded(art, "print") == {"boxes.trim-present": "error"}
    assert graded(art, "pdfx1a") == {"boxes.trim-present": "warning", "pdfx.version": "error",
                                     "pdfx.output-intent": "error", "pdfx.trapped": "error"}
    neither = page_pdf(CLEAN, edit=lambda pdf, page: (_art_box_only(pdf, page), page.obj.__delitem__("/ArtBox")))
    assert graded(neither, "pdfx1a")["pdfx.trim-or-art"] == "error"


def test_screen_allows_rgb_and_requires_tagging_which_review_does_not():
    rgb = page_pdf(b"1 0 0 rg 72 600 50 50 re f " + TEXT, bleed=False)
    assert graded(rgb, "print") == {"colour.rgb": "error", "boxes.bleed-present": "warning"}
    screen = graded(rgb, "screen")
    assert screen["pdfua.tagged"] == "error" and screen["pdfua.lang"] == "error"
    assert set(screen) == {r for r in screen if r.startswith("pdfua.")}  # no ink, box or PDF/X rule
    assert graded(rgb, "review") == {}


def test_a_house_rule_is_a_warning_a_profile_can_raise_or_turn_off():
    no_bleed = page_pdf(CLEAN, bleed=False)
    assert graded(no_bleed) == {"boxes.bleed-present": "warning"}
    strict = get_profile("print").with_rules({"boxes.bleed-present": "error"})
    assert graded(no_bleed, strict) == {"boxes.bleed-present": "error"}
    assert graded(no_bleed, get_profile("print").with_rules({"boxes.bleed-present": "off"})) == {}
    with pytest.raises(UnknownProfile, match="unknown preflight rule 'boxes.bleed'"):
        get_profile("print").with_rules({"boxes.bleed": "error"})
    with pytest.raises(UnknownProfile, match="severity 'fatal' is not one of error, warning, off"):
        get_profile("print").with_rules({"boxes.bleed-present": "fatal"})


def test_an_unknown_profile_is_the_callers_error():
    with pytest.raises(UnknownProfile, match="unknown preflight profile 'pdfx9'; the profiles are pdfx4, pdfx1a"):
        check(page_pdf(CLEAN), "pdfx9")


def test_profile_on_the_command_line(tmp_path):
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(page_pdf(CLEAN))
    assert run_cli("preflight", str(plain)).returncode == 0
    proc = run_cli("preflight", "--profile", "pdfx1a", "--json", str(plain))
    report = json.loads(proc.stdout)
    assert proc.returncode == 1 and report["profile"] == "pdfx1a" and report["files"][0]["profile"] == "pdfx1a"
    assert {f["rule"] for f in report["files"][0]["findings"]} == {"pdfx.version", "pdfx.output-intent",
                                                                   "pdfx.trapped"}
    text = run_cli("preflight", "--profile", "pdfx1a", str(plain)).stdout
    assert f"{plain}: FAIL (3 errors, 0 warnings; profile pdfx1a)" in text
    assert "  error: GTS_PDFXVersion is missing, not PDF/X-1a:2003 [pdfx.version]" in text


def test_rule_changes_on_the_command_line(tmp_path):
    no_bleed = tmp_path / "no-bleed.pdf"
    no_bleed.write_bytes(page_pdf(CLEAN, bleed=False))
    assert run_cli("preflight", str(no_bleed)).returncode == 0  # a warning
    raised = run_cli("preflight", "--rule", "boxes.bleed-present=error", str(no_bleed))
    assert raised.returncode == 1 and "error: page 1: TrimBox without BleedBox" in raised.stdout
    off = run_cli("preflight", "--json", "--rule", "boxes.bleed-present=off", str(no_bleed))
    assert json.loads(off.stdout)["files"][0]["findings"] == []


@pytest.mark.parametrize("args, message", [
    (["--profile", "pdfx9"], "unknown preflight profile 'pdfx9'; the profiles are pdfx4, pdfx1a, pdfx3, print, "
                             "screen, review, or a house profile's FILE.yaml"),
    (["--rule", "boxes.bleed=error"], "unknown preflight rule 'boxes.bleed'"),
    (["--rule", "boxes.bleed-present"], "write RULE=SEVERITY"),
    (["--profile", "print", "--variant", "screen"], "not allowed with argument"),
])
def test_a_mistake_on_the_command_line_exits_2_before_any_file_is_read(tmp_path, args, message):
    proc = run_cli("preflight", *args, str(tmp_path / "never-read.pdf"))
    assert proc.returncode == 2 and message in proc.stderr and proc.stdout == ""


def test_a_print_houses_own_profile_from_yaml(tmp_path):
    house = tmp_path / "house.yaml"
    house.write_text("base: pdfx1a\nrules: {boxes.bleed-present: error, transparency.used: off}\nmin-text: 12\n")
    pdf = tmp_path / "x1a.pdf"
    def resources(pdf):
        return Dictionary(Font=Dictionary(F1=type3_font(pdf)), ExtGState=Dictionary(A=Dictionary(ca=0.5)))

    pdf.write_bytes(page_pdf(b"/A gs " + CLEAN, resources, claim("PDF/X-1a:2003"), bleed=False, version="1.4"))
    used, findings = checked(pdf.read_bytes())
    assert used == "pdfx1a" and {(f.rule, f.severity) for f in findings} == {
        ("boxes.bleed-present", "warning"), ("transparency.used", "error")}
    proc = run_cli("preflight", "--json", "--profile", str(house), str(pdf))
    report = json.loads(proc.stdout)["files"][0]
    assert proc.returncode == 1 and report["profile"] == "house"
    assert {(f["rule"], f["severity"]) for f in report["findings"]} == {
        ("boxes.bleed-present", "error"), ("text.min-size", "error")}  # the house's: an error, and 10 pt < 12


@pytest.mark.parametrize("text, message", [
    ("base: pdfx7\n", "base 'pdfx7' is not one of pdfx4"),
    ("rules: {boxes.bleed: error}\n", "unknown preflight rule 'boxes.bleed'"),
    ("ink-limit: lots\n", "ink-limit must be a number, not 'lots'"),
    ("inklimit: 320\n", "unknown key(s) inklimit"),
    ("[1, 2\n", "not YAML"),
])
def test_a_broken_house_profile_is_exit_2_with_what_is_wrong(tmp_path, text, message):
    house = tmp_path / "house.yaml"
    house.write_text(text)
    proc = run_cli("preflight", "--profile", str(house), str(tmp_path / "never-read.pdf"))
    assert proc.returncode == 2 and f"profile {house}: " in proc.stderr and message in proc.stderr, proc.stderr


def test_list_rules_shows_every_rule_and_profile():
    nothing = run_cli("preflight")
    assert nothing.returncode == 2 and "name the PDF files to check (or --list-rules)" in nothing.stderr
    proc = run_cli("preflight", "--list-rules")
    assert proc.returncode == 0
    header, *lines = proc.stdout.splitlines()
    assert header.split()[1:7] == list(PROFILES)
    assert {line.split()[0] for line in lines if line and not line.startswith(" ")} == set(RULES)
