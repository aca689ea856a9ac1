"""Print and screen variants read back from real PDFs: boxes, colour, fonts, links, reproducibility."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from tests.conftest import run_cli, write_publication

DOC = """
    id: doc
    title: Variant test
    code: JOB-1
    date: 2026-11
    notes:
      n1: {series: letter, text: A note.}
    body:
      - heading: Results
      - paragraph: "Text with *italic*, **bold**, a [link](https://example.org/x) and a value {v}.[@r1][^n1]"
      - table: {header: [A, B], rows: [[one, two]]}
      - callouts: [{value: "42%", label: a label}]
      - panel: {title: Panel, body: [{paragraph: inside}]}
"""
REFS = """
    - id: r1
      type: article-journal
      author: [{family: Smith, given: A B}]
      title: A title
      container-title-short: J Test
      issued: {date-parts: [[2020]]}
      volume: "1"
      page: 1-2
      DOI: 10.1000/xyz
"""


def publication(tmp_path, page: str) -> Path:
    return write_publication(tmp_path / "pub", {
        "publication.yaml": "id: p\ntitle: P\ntheme: theme.yaml\ndata: data.yaml\nreferences: refs.yaml\n"
                            "documents: [doc.yaml]\n",
        "theme.yaml": f"page:\n{page}\ncolors:\n  brand: '#1f4e9c'\n",
        "data.yaml": "values: {v: 1122}\n",
        "refs.yaml": REFS,
        "doc.yaml": DOC,
    })


def build(tmp_path, page: str, *extra: str) -> pypdf.PdfReader:
    pub = publication(tmp_path, page)
    proc = run_cli("build", str(pub), "-o", str(tmp_path / "out"), *extra)
    assert proc.returncode == 0, proc.stderr
    return pypdf.PdfReader(tmp_path / "out" / "doc.pdf")


def box(b) -> tuple:
    return tuple(round(float(x), 2) for x in b)


@pytest.mark.parametrize("page, trim, bleed", [
    ("  size: letter\n  bleed: 0.125in", (612, 792), 9),
    ("  size: a4\n  bleed: 3mm", (595.28, 841.89), 8.5),
    ("  size: [100mm, 210mm]\n  bleed: 5mm", (283.46, 595.28), 14.17),
])
def test_print_boxes(tmp_path, page, trim, bleed):
    reader = build(tmp_path, page)
    for p in reader.pages:
        tx0, ty0, tx1, ty1 = box(p.trimbox)
        bx0, by0, bx1, by1 = box(p.bleedbox)
        mx0, my0, mx1, my1 = box(p.mediabox)
        assert (round(tx1 - tx0, 1), round(ty1 - ty0, 1)) == (round(trim[0], 1), round(trim[1], 1))
        assert round(tx0 - bx0, 1) == round(bleed, 1) and round(bx1 - tx1, 1) == round(bleed, 1)
        assert mx0 < bx0 and my0 < by0 and mx1 > bx1 and my1 > by1  # room for crop marks outside the bleed


def content_streams(reader) -> str:
    data = []
    for page in reader.pages:
        data.append(page.get_contents().get_data().decode("latin-1"))
        for xo in (page.get("/Resources", {}).get("/XObject") or {}).values():
            data.append(xo.get_object().get_data().decode("latin-1"))
    return "\n".join(data)


def test_print_is_cmyk_only(tmp_path):
    reader = build(tmp_path, "  size: letter")
    ops = content_streams(reader)
    assert not re.search(r"(^|\s)(rg|RG)(\s|$)", ops)
    assert re.search(r"\sk(\s|$)", ops) and re.search(r"\sK(\s|$)", ops)
    raw = (tmp_path / "out" / "doc.pdf").read_bytes()
    assert b"/DeviceRGB" not in raw


def test_fonts_embedded_and_subset(tmp_path):
    reader = build(tmp_path, "  size: letter")
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert re.match(r"^/[A-Z]{6}\+", name), f"{name} is not a subset"
        descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        descriptor = descriptor.get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{name} not embedded"
    assert not any("Helvetica" in str(n) or "Times" in str(n) for n in fonts)


def test_screen_has_links_outline_metadata_and_rgb(tmp_path):
    reader = build(tmp_path, "  size: letter", "--variant", "screen")
    page = reader.pages[0]
    assert box(page.mediabox) == (0, 0, 612, 792)
    uris = [a.get_object()["/A"].get("/URI") for a in page.get("/Annots", []) if "/A" in a.get_object()]
    assert "https://example.org/x" in uris
    assert "https://doi.org/10.1000/xyz" in uris
    assert [o["/Title"] for o in reader.outline if isinstance(o, dict)] == ["Results"]
    assert reader.metadata.title == "Variant test"
    assert re.search(r"\srg(\s|$)", content_streams(reader))


def test_rebuild_is_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    pub = publication(tmp_path, "  size: letter")
    outs = []
    for n in range(2):
        proc = run_cli("build", str(pub), "-o", str(tmp_path / f"out{n}"))
        assert proc.returncode == 0, proc.stderr
        outs.append((tmp_path / f"out{n}" / "doc.pdf").read_bytes())
    assert outs[0] == outs[1]
    assert b"D:20251124" in outs[0]  # the creation date comes from SOURCE_DATE_EPOCH


def test_screen_bookmarks_point_at_their_pages(tmp_path):
    pub = publication(tmp_path, "  size: letter")
    (pub / "doc.yaml").write_text(
        "id: doc\nbody:\n  - heading: First\n  - paragraph: one\n  - page-break: true\n"
        "  - heading: Second\n  - paragraph: two\n", encoding="utf-8")
    proc = run_cli("build", str(pub), "-o", str(tmp_path / "out"), "--variant", "screen")
    assert proc.returncode == 0, proc.stderr
    reader = pypdf.PdfReader(tmp_path / "out" / "doc.pdf")
    pages = {o["/Title"]: reader.get_destination_page_number(o) for o in reader.outline}
    assert pages == {"First": 0, "Second": 1}


def test_raster_images_are_cmyk_in_print_rgb_on_screen(tmp_path):
    from PIL import Image as PILImage

    pub = publication(tmp_path, "  size: letter")
    PILImage.new("RGBA", (480, 480), (200, 30, 30, 128)).save(pub / "logo.png")  # 300 ppi at 20% width
    (pub / "doc.yaml").write_text("id: doc\nbody:\n  - image: {file: logo.png, width: 20%}\n", encoding="utf-8")
    for variant, present, absent in (("print", b"/DeviceCMYK", b"/DeviceRGB"), ("screen", b"/DeviceRGB", None)):
        out = tmp_path / variant
        proc = run_cli("build", str(pub), "-o", str(out), "--variant", variant)
        assert proc.returncode == 0, proc.stderr
        data = (out / "doc.pdf").read_bytes()
        assert present in data
        assert absent is None or absent not in data


def test_a_colour_can_name_its_print_ink_and_its_screen_colour(tmp_path):
    pub = publication(tmp_path, "  size: letter")
    (pub / "theme.yaml").write_text(
        'colors:\n  brand: {print: "cmyk(100, 72, 0, 18)", screen: "#00468c"}\n', encoding="utf-8")
    streams = {}
    for variant in ("print", "screen"):
        proc = run_cli("build", str(pub), "-o", str(tmp_path / variant), "--variant", variant)
        assert proc.returncode == 0, proc.stderr
        streams[variant] = content_streams(pypdf.PdfReader(tmp_path / variant / "doc.pdf"))
    assert "1 .72 0 .18 k" in streams["print"]
    assert "0 .27451 .54902 rg" in streams["screen"]  # #00468c exactly, not a naive conversion
