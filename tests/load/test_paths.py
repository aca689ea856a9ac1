"""Paths named in content stay inside the publication folder.

For every kind of file content names — documents, data, references, theme, images, fonts
(through fonts/fonts.yaml) and the files an SVG image refers to — a `..` escape, an
absolute path and a symlink that leads outside are errors at the line that names the path;
symlinks that stay inside are fine.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from leafwright.build import check
from tests.conftest import run_cli, write_publication

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "full"
PNG = FIXTURE / "images" / "checker.png"

DOC = "id: {id}\nbody:\n  - paragraph: Hello.\n"
KINDS = {  # kind: (file the good target is, the publication.yaml line that names it)
    "document": ("doc.yaml", "documents: [{path}]\n"),
    "data": ("data.yaml", "data: {path}\ndocuments: [main.yaml]\n"),
    "references": ("refs.yaml", "references: {path}\ndocuments: [main.yaml]\n"),
    "theme": ("theme.yaml", "theme: {path}\ndocuments: [main.yaml]\n"),
    "image": ("pic.png", "documents: [main.yaml]\n"),
}
CONTENTS = {"doc.yaml": DOC.format(id="doc"), "data.yaml": "values: {n: 1}\n",
            "refs.yaml": "- {id: r, text: A reference.}\n", "theme.yaml": "page: {size: a4}\n"}


def make(tmp_path: Path, kind: str, path: str) -> tuple[Path, tuple[str, int, int]]:
    """A publication whose `kind` file is named `path`; also where the error must point."""
    outside = tmp_path / "outside"
    outside.mkdir(parents=True, exist_ok=True)
    for name, text in CONTENTS.items():
        (outside / name).write_text(text)
    shutil.copy(PNG, outside / "pic.png")
    name, line = KINDS[kind]
    files = {"main.yaml": DOC.format(id="main")}
    if kind == "image":
        files["main.yaml"] = f"id: main\nbody:\n  - image: {{file: '{path}'}}\n"
        where = ("main.yaml", 3, 19)
    else:
        files["publication.yaml"] = line.format(path=f"'{path}'")
        where = ("publication.yaml", 1, 1 + line.index("{path}"))
    files.setdefault("publication.yaml", KINDS["image"][1])
    root = write_publication(tmp_path / "pub", files)
    return root, where


def errors(root: Path) -> list[tuple[str, int, int, str]]:
    result = check(root)
    return [(Path(d.span.file).name, d.span.line, d.span.col, d.message)
            for d in result.diagnostics if d.severity == "error"]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_dot_dot_escape(tmp_path, kind):
    name = KINDS[kind][0]
    root, where = make(tmp_path, kind, f"../outside/{name}")
    assert errors(root) == [(*where, f"'../outside/{name}' is outside the publication folder")]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_dot_dot_escape_that_comes_back_in_is_fine(tmp_path, kind):
    name = KINDS[kind][0]
    root, _ = make(tmp_path, kind, f"../pub/{name}")
    shutil.copy(tmp_path / "outside" / name, root / name)
    assert errors(root) == []


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_absolute_path(tmp_path, kind):
    target = str(tmp_path / "outside" / KINDS[kind][0])
    root, where = make(tmp_path, kind, target)
    assert errors(root) == [(*where, f"'{target}' is an absolute path; name files relative to the publication")]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_symlink_to_a_file_outside(tmp_path, kind):
    name = KINDS[kind][0]
    root, where = make(tmp_path, kind, f"link-{name}")
    (root / f"link-{name}").symlink_to(tmp_path / "outside" / name)
    assert errors(root) == [(*where, f"'link-{name}' is outside the publication folder")]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_symlinked_folder_that_leads_outside(tmp_path, kind):
    name = KINDS[kind][0]
    root, where = make(tmp_path, kind, f"shared/{name}")
    (root / "shared").symlink_to(tmp_path / "outside", target_is_directory=True)
    assert errors(root) == [(*where, f"'shared/{name}' is outside the publication folder")]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_symlinks_inside_the_folder_are_fine(tmp_path, kind):
    name = KINDS[kind][0]
    root, _ = make(tmp_path, kind, f"alias/{name}")
    real = root / "real"
    real.mkdir()
    shutil.copy(tmp_path / "outside" / name, real / name)
    (root / "alias").symlink_to(real, target_is_directory=True)
    assert errors(root) == []
    (root / f"link-{name}").symlink_to(real / name)  # a file symlink inside, too
    root2, _ = make(tmp_path / "again", kind, f"link-{name}")
    (root2 / "real").mkdir()
    shutil.copy(tmp_path / "outside" / name, root2 / "real" / name)
    (root2 / f"link-{name}").symlink_to(Path("real") / name)
    assert errors(root2) == []


def test_symlink_loop_and_odd_names_are_errors_not_crashes(tmp_path):
    root = write_publication(tmp_path / "pub", {
        "publication.yaml": "documents: [loop.yaml, \"nul\\0.yaml\", '" + "x" * 300 + ".yaml', '  ']\n"})
    (root / "loop.yaml").symlink_to("loop.yaml")
    found = errors(root)
    assert [(f, ln) for f, ln, _, _ in found] == [("publication.yaml", 1)] * 4
    assert "is not a file name" in found[1][3] and "is not a file name" in found[3][3]


# --- fonts ----------------------------------------------------------------------------------------


def font_publication(tmp_path: Path, fonts_yaml: str) -> Path:
    import font_source_sans_pro

    root = write_publication(tmp_path / "pub", {
        "publication.yaml": "theme: theme.yaml\ndocuments: [main.yaml]\n",
        "theme.yaml": "fonts:\n  body: Brand\n", "main.yaml": DOC.format(id="main"),
        "fonts/fonts.yaml": fonts_yaml})
    font = Path(font_source_sans_pro.__file__).parent / "files" / "SourceSansPro-Regular.ttf"
    (tmp_path / "Brand.ttf").write_bytes(font.read_bytes())
    return root


@pytest.mark.parametrize("entry", ["../../Brand.ttf", "{tmp}/Brand.ttf", "link.ttf"])
def test_font_file_outside_the_fonts_folder(tmp_path, entry):
    root = font_publication(tmp_path, f"Brand:\n  regular: {entry.format(tmp=tmp_path)}\n")
    (root / "fonts" / "link.ttf").symlink_to(tmp_path / "Brand.ttf")
    (found,) = errors(root)
    assert found[:3] == ("theme.yaml", 2, 9)
    assert "is outside fonts/" in found[3]


def test_font_file_inside_the_fonts_folder_is_fine(tmp_path):
    root = font_publication(tmp_path, "Brand:\n  regular: sub/B.ttf\n")
    (root / "fonts" / "sub").mkdir()
    shutil.copy(tmp_path / "Brand.ttf", root / "fonts" / "sub" / "B.ttf")
    assert errors(root) == []


# --- files an SVG image refers to -------------------------------------------------------------------

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" '
       'height="20"><image {attr}="{href}" width="20" height="20"/></svg>\n')


@pytest.mark.parametrize("attr", ["xlink:href", "href"])
@pytest.mark.parametrize("href, ok", [
    ("inside.png", True), ("sub/../inside.png", True), ("#frag", True),
    ("../outside.png", False), ("{tmp}/outside.png", False), ("file:///etc/passwd", False),
    ("link.png", False),
])
def test_svg_references_stay_inside(tmp_path, attr, href, ok):
    shutil.copy(PNG, tmp_path / "outside.png")
    href = href.format(tmp=tmp_path)
    root = write_publication(tmp_path / "pub", {
        "publication.yaml": "documents: [main.yaml]\n",
        "main.yaml": "id: main\nbody:\n  - image: {file: pic.svg, width: 20mm}\n",
        "pic.svg": SVG.format(attr=attr, href=href)})
    shutil.copy(PNG, root / "inside.png")
    (root / "link.png").symlink_to(tmp_path / "outside.png")
    found = errors(root)
    if ok:
        assert found == []
    else:
        assert found == [("main.yaml", 3, 19, f"'pic.svg': SVG refers to '{href}', outside the publication folder")]


# --- through the CLI: every path error reported, one line each ----------------------------------------


def test_cli_reports_every_escape_on_one_line_each(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "data.yaml").write_text("values: {n: 1}\n")
    (outside / "doc.yaml").write_text(DOC.format(id="doc"))
    shutil.copy(PNG, outside / "pic.png")
    root = write_publication(tmp_path / "pub", {
        "publication.yaml": "theme: /etc/passwd\ndata: ../outside/data.yaml\nreferences: link.yaml\n"
                            "documents: [main.yaml, docs/doc.yaml]\n",
        "main.yaml": "id: main\nbody:\n  - image: {file: ../outside/pic.png}\n"})
    (root / "link.yaml").symlink_to(outside / "data.yaml")
    (root / "docs").symlink_to(outside, target_is_directory=True)
    proc = run_cli("build", str(root), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines == [
        "pub/main.yaml:3:19: error: '../outside/pic.png' is outside the publication folder",
        "pub/publication.yaml:1:8: error: '/etc/passwd' is an absolute path; name files relative to the publication",
        "pub/publication.yaml:2:7: error: '../outside/data.yaml' is outside the publication folder",
        "pub/publication.yaml:3:13: error: 'link.yaml' is outside the publication folder",
        "pub/publication.yaml:4:24: error: 'docs/doc.yaml' is outside the publication folder",
        "leafwright: 5 errors; nothing written",
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("family", ["../../Brand", "../fonts/../../Brand", "sub/Brand", "Br**and", "[B]rand"])
def test_font_family_name_is_not_a_path_or_pattern(tmp_path, family):
    root = font_publication(tmp_path, "{}\n")
    (root / "theme.yaml").write_text(f"fonts:\n  body: '{family}'\n")
    (root / "fonts" / "sub").mkdir()
    shutil.copy(tmp_path / "Brand.ttf", root / "fonts" / "sub" / "Brand-Regular.ttf")
    shutil.copy(tmp_path / "Brand.ttf", tmp_path / "Brand-Regular.ttf")
    (found,) = errors(root)
    assert found[:3] == ("theme.yaml", 2, 9) and f"font family '{family}' not found" in found[3]
