"""The screen PDF is tagged (PDF/UA-1): read back with Poppler, a reader independent of our
code, and with pikepdf for what Poppler does not print.

Poppler's `pdfinfo -struct-text` prints the structure tree with the text of each element's
marked content; `pdftotext -raw` prints the page's text in content-stream order, which for
leafwright is reading order (title band, frame top to bottom, columns left then right, notes
at a page's foot, then the footer, drawn last). The two must hold the same characters in the
same order, footer excepted: every word in the tree once, nothing left out of it.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from leafwright.preflight.pdfua import pdfua
from tests.conftest import built_pdf, run_cli

poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None,
                             reason="Poppler's pdfinfo and pdftotext (Debian: poppler-utils) are not installed")


def struct_text(pdf: Path) -> str:
    out = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True).stdout
    return out


def tree_chars(pdf: Path) -> str:
    """The text of every element, in tree order, without white space (Poppler joins a
    paragraph's lines without one)."""
    return re.sub(r"\s+", "", "".join(re.findall(r'^\s*"(.*)"\s*$', struct_text(pdf), re.M)))


def struct_items(pdf: Path) -> list[tuple[str, str]]:
    """(element type, text without white space) for each run of marked content, in tree order."""
    items, stack = [], []
    for line in struct_text(pdf).splitlines():
        indent = len(line) - len(line.lstrip())
        body = line.strip()
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if body.startswith('"') and body.endswith('"'):
            items.append((stack[-1][1] if stack else "", re.sub(r"\s+", "", body[1:-1])))
        elif body and body[0].isalpha() and not body.startswith("Object "):
            stack.append((indent, body.split()[0].rstrip(":")))
    return items


def page_chars(pdf: Path) -> str:
    """The text the pages draw, in content-stream order, each page's last line (the footer) left out."""
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [p.strip().split("\n")[:-1] for p in raw.split("\f") if p.strip()]
    return re.sub(r"\s+", "", "".join("".join(lines) for lines in pages))


def roles(pdf: Path) -> list[str]:
    """Element types in tree order, as Poppler names them."""
    return [m.group(1) for m in re.finditer(r"^\s*([A-Za-z][A-Za-z0-9]*)\b(?! \d+ \d+$)", struct_text(pdf), re.M)
            if m.group(1) != "Object"]


@pytest.fixture(scope="module")
def seed_screen(seed_pdfs) -> dict[str, Path]:
    return {name: seed_pdfs["screen"][f"proleukin-{name}"] for name in ("mrcc", "mm")}


def elements(pdf: pikepdf.Pdf):
    """(role, element) for every structure element, depth first in tree order."""
    def walk(kids):
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield str(kid.S)[1:], kid
                yield from walk(kid.get("/K"))
    yield from walk(pdf.Root.StructTreeRoot.get("/K"))


@poppler
@pytest.mark.parametrize("name", ["mrcc", "mm"])
def test_seed_screen_pdf_reads_every_word_once_in_reading_order(seed_screen, name):
    pdf = seed_screen[name]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    text = tree_chars(pdf)
    assert text == page_chars(pdf)
    assert "Page1of2" not in text and "US-PRO" not in text  # the footer is an artifact
    kinds = roles(pdf)
    assert kinds[:2] == ["Document", "H1"]  # the title first
    for role in ("H2", "H3", "P", "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody", "TR", "TH", "TD",
                 "Figure", "Note", "Link", "Div"):
        assert role in kinds, role
    assert kinds.index("Table") < kinds.index("Figure") < kinds.index("Note")  # body, then notes,
    last_note = len(kinds) - 1 - kinds[::-1].index("Note")
    assert struct_text(pdf).index('"References"') > struct_text(pdf).index("Note <")  # then references
    assert "Note" not in kinds[last_note + 1:]


@pytest.mark.parametrize("name", ["mrcc", "mm"])
def test_seed_charts_say_what_they_show(seed_screen, name):
    with pikepdf.open(seed_screen[name]) as pdf:
        figures = [e for role, e in elements(pdf) if role == "Figure"]
        assert len(figures) == 1
        alt = str(figures[0].Alt)
        assert alt.startswith("Bar chart, Response rates in ")
        # every bar's label, in order: the reader hears the numbers the chart prints
        assert re.search(r"Objective response \d+%, Complete response \d+%, Partial response \d+%\.$", alt), alt
        x0, y0, x1, y1 = (float(v) for v in figures[0].A.BBox)
        assert 0 < x0 < x1 <= float(pdf.pages[0].MediaBox[2]) and 0 < y0 < y1


def test_seed_screen_pdf_passes_the_pdfua_checks(seed_screen):
    for path in seed_screen.values():
        with pikepdf.open(path) as pdf:
            assert pdfua(pdf) == []
            assert pdf.Root.MarkInfo.Marked is True
            assert str(pdf.Root.Lang) == "en-US"
            assert str(pdf.open_metadata()["pdfuaid:part"]) == "1"


def test_an_independent_pdfua_checker_passes_the_screen_pdfs_and_fails_print(seed_screen, seed_pdfs):
    """The `pdfua` package (its own PDF/UA-1 and WCAG rules on pikepdf, not our code)."""
    pdfua_package = pytest.importorskip("pdfua")
    for path in seed_screen.values():
        report = pdfua_package.validate(str(path))
        assert [(f.rule_id, f.message) for f in report.findings] == []
    report = pdfua_package.validate(str(seed_pdfs["print"]["proleukin-mm"]))
    assert "UA-01-005" in {f.rule_id for f in report.findings}  # print: no structure tree


def test_markers_and_citations_are_links_to_their_note_and_reference(seed_screen):
    """Each Link element holds the marker's glyphs and its annotation (OBJR, and the
    annotation's /StructParent leads back to the Link); "Reference 3" lands on the page of the
    LI with ID ref-3, "Note a" on the page of the Note with ID note-61."""
    with pikepdf.open(seed_screen["mrcc"]) as pdf:
        pages = {p.obj.objgen: n for n, p in enumerate(pdf.pages, 1)}
        by_id = {str(e.ID): e for _, e in elements(pdf) if "/ID" in e}
        parents = dict(zip(*[iter(pdf.Root.StructTreeRoot.ParentTree.Nums)] * 2))
        seen = {"Reference": 0, "Note": 0}
        for role, link in elements(pdf):
            if role != "Link":
                continue
            kids = list(link.K) if isinstance(link.K, pikepdf.Array) else [link.K]
            annot = next(k.Obj for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR")
            assert any(not isinstance(k, pikepdf.Dictionary) or k.get("/Type") == "/MCR" for k in kids)  # its glyphs
            assert parents[int(annot.StructParent)].objgen == link.objgen
            what, _, name = str(annot.Contents).partition(" ")
            if what == "Reference":
                target = by_id[f"ref-{name}"]
            elif what == "Note":
                target = by_id["note-" + "-".join(f"{ord(c):x}" for c in name)]
                assert str(target.S) == "/Note"
            else:
                assert str(annot.Contents).startswith("https://")
                continue
            seen[what] += 1
            assert pages[annot.Dest[0].objgen] == pages[_page_of(target).objgen], annot.Contents
        assert seen["Reference"] >= 20 and seen["Note"] >= 5


def _page_of(elem):
    """The page an element's content starts on (its own /Pg, or its first child's)."""
    if "/Pg" in elem:
        return elem.Pg
    return next(_page_of(k) for k in elem.K if isinstance(k, pikepdf.Dictionary) and "/S" in k)


def test_print_stays_untagged(seed_pdfs):
    with pikepdf.open(seed_pdfs["print"]["proleukin-mm"]) as pdf:
        assert "/StructTreeRoot" not in pdf.Root and "/MarkInfo" not in pdf.Root
        ops = {str(i.operator) for i in pikepdf.parse_content_stream(pdf.pages[0])}
        assert not ops & {"BDC", "BMC", "EMC"}


FIGURES = {
    "publication.yaml": "id: p\ndata: data.yaml\ndocuments: [doc.yaml]\n",
    "data.yaml": "values: {n: 40, a: 3, b: 5}\nstats:\n  ra: {count: a, of: n}\n  rb: {count: b, of: n}\n",
    "logo.png": "",
    "doc.yaml": """
        id: doc
        title: Figures
        body:
          - subheading: A subheading straight after the title
          - image: {file: logo.png, width: 60pt, alt: The company logo}
          - image: {file: logo.png, width: 60pt}
          - chart:
              title: Counts
              alt: Two bars, a at 3 and b at 5
              categories: [a, b]
              series: [{name: Share, values: [ra, rb]}]
        """,
}


def _figures_pdf(tmp_path: Path) -> tuple[Path, str]:
    from PIL import Image

    files = dict(FIGURES)
    del files["logo.png"]
    (tmp_path / "pub").mkdir(parents=True)
    Image.new("RGB", (300, 100), "navy").save(tmp_path / "pub" / "logo.png")
    from tests.conftest import write_publication

    write_publication(tmp_path / "pub", files)
    proc = run_cli("build", str(tmp_path / "pub"), "-o", str(tmp_path / "out"), "--variant", "screen")
    assert proc.returncode == 0, proc.stderr
    return tmp_path / "out" / "doc.pdf", proc.stderr


def test_alt_text_from_the_content_and_an_image_without_it(tmp_path):
    pdf_path, stderr = _figures_pdf(tmp_path)
    assert re.search(r"doc\.yaml:\d+:\d+: warning: this image has no alt text", stderr)
    with pikepdf.open(pdf_path) as pdf:
        found = [(role, str(e.get("/Alt", ""))) for role, e in elements(pdf)]
        assert [a for r, a in found if r == "Figure"] == ["The company logo", "Two bars, a at 3 and b at 5"]
        assert [r for r, _ in found if r.startswith("H")] == ["H1", "H2"]  # a subheading under the title: no skip
        assert pdfua(pdf) == []
        # the image without alt is drawn as an artifact: two image XObjects painted, one inside a Figure
        stack, painted = [], []
        for item in pikepdf.parse_content_stream(pdf.pages[0]):
            op = str(item.operator)
            if op in ("BDC", "BMC"):
                stack.append(str(item.operands[0]))
            elif op == "EMC":
                stack.pop()
            elif op == "Do":
                painted.append(stack[-1])
        assert painted == ["/Figure", "/Artifact"]


def _damaged(pdf_bytes: bytes, damage) -> list[str]:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        damage(pdf)
        buffer = io.BytesIO()
        pdf.save(buffer)
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        return [f.message for f in pdfua(pdf) if f.severity == "error"]


def test_the_pdfua_checks_find_what_breaks_the_rules(seed_screen):
    """Each rule on a copy of a good file with one thing broken: the check must say so."""
    good = seed_screen["mm"].read_bytes()

    def drop_alt(pdf):
        for role, e in elements(pdf):
            if role == "Figure":
                del e["/Alt"]

    def skip_level(pdf):
        next(e for role, e in elements(pdf) if role == "H2").S = pikepdf.Name.H4

    def untagged_text(pdf):
        page = pdf.pages[0]
        page.contents_add(pdf.make_stream(b"BT /F1 9 Tf 10 10 Td (loose) Tj ET"), prepend=False)

    def forget_parent(pdf):
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        entry = nums[1]
        nums[1] = pikepdf.Array(list(entry)[:-1])

    def orphan_mcid(pdf):  # an element no longer holds its content
        p = next(e for role, e in elements(pdf) if role == "P")
        p.K = pikepdf.Array([])

    def untagged_link(pdf):
        for annot in pdf.pages[0].Annots:
            del annot["/StructParent"]

    def crossing(pdf):  # a sequence that begins outside a text object and ends inside one
        page = pdf.pages[0]
        page.contents_add(pdf.make_stream(b"/P <</MCID 900>> BDC BT /F1 9 Tf 10 10 Td EMC (x) Tj ET"), prepend=False)

    assert _damaged(good, lambda pdf: None) == []
    assert any("crosses a text object" in m for m in _damaged(good, crossing))
    assert _damaged(good, drop_alt) == ["a Figure has no alternative text (/Alt)"]
    assert _damaged(good, skip_level) == ["heading H4 follows H1: heading levels skip"]
    assert any("neither tagged content nor an artifact" in m for m in _damaged(good, untagged_text))
    assert any("ParentTree does not map MCID" in m for m in _damaged(good, forget_parent))
    assert any("is drawn but no structure element holds it" in m for m in _damaged(good, orphan_mcid))
    assert any("annotation (Link) is not in the structure tree" in m for m in _damaged(good, untagged_link))


def test_preflight_command_checks_tagging_for_the_screen_variant(seed_screen, tmp_path):
    proc = run_cli("preflight", str(seed_screen["mm"]), "--variant", "screen")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    print_pdf = built_pdf(tmp_path, {"publication.yaml": "id: p\ndocuments: [doc.yaml]\n",
                                     "doc.yaml": "id: doc\ntitle: T\nbody:\n  - paragraph: Words.\n"})
    proc = run_cli("preflight", str(print_pdf), "--variant", "screen")
    assert proc.returncode == 1
    assert "no structure tree" in proc.stdout + proc.stderr


LONG = " ".join(["Durable responses were seen in patients treated at high dose across the trials."] * 60)


def _screen(tmp_path: Path, body: str, notes: str = "") -> Path:
    return built_pdf(tmp_path, {
        "publication.yaml": "id: p\ndocuments: [doc.yaml]\n",
        "doc.yaml": f"id: doc\ntitle: Split\n{notes}body:\n{body}",
    }, "--variant", "screen")


def test_a_paragraph_split_across_pages_is_one_element(tmp_path):
    pdf_path = _screen(tmp_path, f"  - paragraph: First.\n  - paragraph: {LONG}\n  - paragraph: {LONG}\n"
                                 "  - paragraph: Last.\n")
    with pikepdf.open(pdf_path) as pdf:
        pages = {p.obj.objgen: n for n, p in enumerate(pdf.pages, 1)}
        assert len(pages) >= 2
        paras = [e for role, e in elements(pdf) if role == "P"]
        assert len(paras) == 4  # one element per paragraph, however many pages it runs over
        spans = []
        for p in paras:
            kids = p.K if isinstance(p.K, pikepdf.Array) else [p.K]
            spans.append({pages[k.Pg.objgen] if isinstance(k, pikepdf.Dictionary) else pages[p.Pg.objgen]
                          for k in kids})
        assert any(len(s) == 2 for s in spans), spans  # a paragraph continued on the next page
        assert pdfua(pdf) == []


def test_a_table_header_repeated_on_the_next_page_is_read_once(tmp_path):
    rows = "\n".join(f"        - [Row {i}, '{i}']" for i in range(90))
    pdf_path = _screen(tmp_path, f"  - table:\n      header: [Site, 'Patients[^n]']\n      rows:\n{rows}\n",
                       notes="notes:\n  n: {text: Enrolled.}\n")  # a header that links to its note
    with pikepdf.open(pdf_path) as pdf:
        assert len(pdf.pages) >= 2
        assert [r for r, _ in elements(pdf)].count("TH") == 2
        assert pdfua(pdf) == []
        page_two = [str(i.operator) if str(i.operator) != "BDC" else str(i.operands[0])
                    for i in pikepdf.parse_content_stream(pdf.pages[1])]
        assert "/TH" not in page_two and "/Artifact" in page_two and "/TD" in page_two
        assert len(pdf.pages[1].Annots) == 1  # the repeated header's link, in the tree (pdfua above)
    if shutil.which("pdfinfo"):
        assert struct_text(pdf_path).count('"Site"') == 1


@poppler
def test_columns_read_left_then_right(tmp_path):
    pdf_path = _screen(tmp_path, "  - paragraph: Before.\n  - columns:\n      - - paragraph: Left one.\n"
                                 "        - paragraph: Left two.\n      - - paragraph: Right one.\n"
                                 "  - paragraph: After.\n")
    text = tree_chars(pdf_path)
    assert text.index("Before.") < text.index("Leftone.") < text.index("Lefttwo.") < text.index("Rightone.") \
        < text.index("After.")


@poppler
def test_a_link_reads_as_the_marker_it_is(seed_screen):
    """Poppler shows each citation number inside its Link element, the hyphen of a range outside."""
    items = struct_items(seed_screen["mrcc"])
    first = items.index(("P", next(t for r, t in items if r == "P")))
    assert items[first + 1:first + 4] == [("Link", "1"), ("P", "-"), ("Link", "4")]
