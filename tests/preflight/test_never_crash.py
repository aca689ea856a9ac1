"""Preflight never gives a traceback: a malformed or hostile file is a finding for that file,
and the other files on the command line are still reported. A fuzz test mutates valid PDFs
(objects edited with pikepdf, bytes cut off) and asserts a report for every input."""

from __future__ import annotations

import io
import random

import pikepdf
from pikepdf import Array, Dictionary, Name

from leafwright.preflight import Finding, check
from tests.conftest import run_cli
from tests.pdfkit import claim, page_pdf, type3_font

TEXT = b"BT /F1 10 Tf 72 700 Td (Hello) Tj ET\n"


def found(pdf: bytes) -> list[tuple[str, str]]:
    return [(f.rule, str(f)) for f in check(pdf) if f.severity == "error"]


def _type0_without_descendants(pdf):
    return Dictionary(Font=Dictionary(F1=pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/Broken-Identity-H"), Encoding=Name("/Identity-H")))))


def test_a_type0_font_without_descendant_fonts_is_a_finding():
    pdf = page_pdf(b"BT /F1 10 Tf 72 700 Td <00410042> Tj ET", _type0_without_descendants)
    assert found(pdf) == [("fonts.malformed", "page 1: font Broken-Identity-H is a Type0 font without DescendantFonts "
                                    "(malformed: no glyphs to print)")]


def _self_drawing_form(pdf):
    form = pdf.make_stream(b"0 0 0 1 k 0 0 10 10 re f /Fm0 Do")
    form.Type, form.Subtype, form.BBox = Name.XObject, Name.Form, [0, 0, 10, 10]
    form.Resources = Dictionary(XObject=Dictionary(Fm0=form))
    return Dictionary(Font=Dictionary(F1=type3_font(pdf)), XObject=Dictionary(Fm0=form))


def test_a_form_that_draws_itself_is_a_finding():
    pdf = page_pdf(b"1 0 0 1 72 600 cm /Fm0 Do", _self_drawing_form)
    assert found(pdf) == [("content.forms", "page 1: form Fm0 draws itself (a cycle a RIP may loop on); not followed")]


def _deep_forms(pdf):
    """Forty forms, each drawing the next twice: 2^40 paths without memoising a form's state."""
    inner = None
    for level in range(40):
        form = pdf.make_stream(b"0 0 0 1 k 0 0 1 1 re f" + (b" /N Do 1 0 0 1 1 1 cm /N Do" if inner else b""))
        form.Type, form.Subtype, form.BBox = Name.XObject, Name.Form, [0, 0, 10, 10]
        form.Resources = Dictionary(XObject=Dictionary(N=inner)) if inner is not None else Dictionary()
        inner = form
    return Dictionary(XObject=Dictionary(N=inner))


def test_deep_nesting_is_bounded_and_a_finding():
    assert found(page_pdf(b"/N Do", _deep_forms)) == [
        ("content.forms", "page 1: form N is nested more than 12 forms deep; not followed")]


def test_a_malformed_page_is_a_finding_and_the_next_page_is_still_checked():
    def edit(pdf, page):
        pdf.add_blank_page(page_size=(630, 810))
        second = pdf.pages[1]
        second.obj.TrimBox = Array([9, 9, 621, 801])
        second.obj.Contents = pdf.make_stream(b"1 0 0 rg 72 600 50 50 re f")
        page.obj.TrimBox = pikepdf.String("not a box")

    errors = found(page_pdf(TEXT, edit=edit))
    assert errors[0][0] == "file.malformed"
    assert errors[0][1].startswith("page 1: the page's boxes cannot be checked (malformed")
    assert ("colour.rgb", "page 2: RGB colour (fill) in a print PDF") in errors


def test_one_bad_file_does_not_drop_the_report_of_the_others(tmp_path):
    good, cycle, cut = tmp_path / "good.pdf", tmp_path / "cycle.pdf", tmp_path / "cut.pdf"
    good.write_bytes(page_pdf(b"0 0 0 1 k " + TEXT))
    cycle.write_bytes(page_pdf(b"/Fm0 Do", _self_drawing_form))
    cut.write_bytes(good.read_bytes()[:200])
    proc = run_cli("preflight", str(cycle), str(cut), str(tmp_path / "missing.pdf"), str(good))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert f"{good}: pass (0 errors, 0 warnings; profile print)" in proc.stdout
    assert "draws itself" in proc.stdout and f"{cut}: FAIL" in proc.stdout and "no file" in proc.stdout


def _mutants(seed: int, base: bytes):
    """Valid files changed at random: a value swapped for one of another type, a key deleted,
    or the bytes cut short."""
    rng = random.Random(seed)
    if rng.random() < 0.25:
        yield base[: rng.randrange(len(base))]
        return
    junk = [pikepdf.String("x"), 7, -1, 1e9, Array([]), Array([Name.Foo, 3]), Dictionary(), Name.Nonsense,
            Dictionary(Type=Name.XObject, Subtype=Name.Form)]
    with pikepdf.open(io.BytesIO(base)) as pdf:
        dicts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary)]
        dicts += [pdf.pages[0].obj, pdf.pages[0].obj.Resources]
        for _ in range(rng.randint(1, 3)):
            target = rng.choice(dicts)
            keys = list(target.keys())
            if not keys:
                continue
            key = rng.choice(keys)
            if rng.random() < 0.3:
                del target[key]
            else:
                target[key] = rng.choice(junk)
        out = io.BytesIO()
        try:
            pdf.save(out, fix_metadata_version=False)
        except pikepdf.PdfError:  # a mutant qpdf itself will not write: nothing to check
            return
    yield out.getvalue()


def _richest_valid_file() -> bytes:
    def resources(pdf):
        form = pdf.make_stream(b"/Spot cs 0.5 sc 0 0 10 10 re f BT /F1 8 Tf (in a form) Tj ET")
        form.Type, form.Subtype, form.BBox = Name.XObject, Name.Form, [0, 0, 10, 10]
        tint = Dictionary(FunctionType=2, Domain=[0, 1], N=1, C0=[0, 0, 0, 0], C1=[0, 0.4, 0.8, 0])
        spaces = Dictionary(Spot=Array([Name.Separation, Name("/PANTONE 1505 C"), Name.DeviceCMYK, tint]))
        image = pdf.make_stream(bytes(i % 60 for i in range(1024)), Type=Name.XObject, Subtype=Name.Image, Width=16, Height=16,
                                ColorSpace=Name.DeviceCMYK, BitsPerComponent=8)
        return Dictionary(Font=Dictionary(F1=type3_font(pdf)), XObject=Dictionary(Fm0=form, Im0=image),
                          ColorSpace=spaces, ExtGState=Dictionary(G0=Dictionary(OP=True, ca=1)))
        # (every kind of resource the checks follow, so the mutations reach each of them)

    content = b"q /G0 gs 0 0 0 1 k " + TEXT + b"Q q 1 0 0 1 72 500 cm /Fm0 Do Q q 3.84 0 0 3.84 72 300 cm /Im0 Do Q"
    return page_pdf(content, resources, claim("PDF/X-1a:2003", xmp="pdfx"), version="1.4")


def test_fuzzed_files_always_get_a_report():
    base = _richest_valid_file()
    assert found(base) == []
    for seed in range(120):
        for pdf in _mutants(seed, base):
            report = check(pdf)
            assert isinstance(report, list) and all(isinstance(f, Finding) for f in report), seed


def test_a_malformed_output_intent_keeps_the_page_findings():
    def edit(pdf, page):
        claim("PDF/X-1a:2003")(pdf, page)
        pdf.Root.OutputIntents = 5

    errors = found(page_pdf(b"1 0 0 rg 72 600 50 50 re f", edit=edit, version="1.4"))
    assert ("colour.rgb", "page 1: RGB colour (fill) in a print PDF") in errors
    assert any(c == "file.malformed" and "document structure" in m for c, m in errors), errors
