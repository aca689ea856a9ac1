"""Brand fonts from the publication's fonts/ folder; a missing family is a theme error."""

from __future__ import annotations

import shutil

import pypdf

from leafwright.load.fonts import packaged_source_sans
from leafwright.load.publication import load_publication
from tests.conftest import run_cli, write_publication


def pub_with_font(tmp_path, family: str):
    return write_publication(tmp_path / "pub", {
        "publication.yaml": "id: p\ntheme: theme.yaml\ndocuments: [doc.yaml]\n",
        "theme.yaml": f"fonts:\n  body: {family}\n  heading: Source Sans Pro\n",
        "doc.yaml": "id: doc\nbody:\n  - paragraph: Hello *brand* **type**.\n",
    })


def test_brand_font_from_publication_fonts_folder(tmp_path):
    pub = pub_with_font(tmp_path, "Brand Sans")
    (pub / "fonts").mkdir()
    names = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bolditalic": "BoldItalic"}
    for face, path in packaged_source_sans().items():
        shutil.copy(path, pub / "fonts" / f"BrandSans-{names[face]}.ttf")
    proc = run_cli("build", str(pub), "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    pub_model, _ = load_publication(pub)
    files = pub_model.theme.font_files["Brand Sans"]
    assert files["bolditalic"] == (pub / "fonts" / "BrandSans-BoldItalic.ttf").resolve()
    reader = pypdf.PdfReader(tmp_path / "out" / "doc.pdf")
    fonts = [f.get_object() for p in reader.pages for f in p["/Resources"]["/Font"].values()]
    assert len(fonts) >= 3  # regular, italic and bold faces all used and embedded


def test_missing_family_is_an_error_at_its_line(tmp_path):
    pub = pub_with_font(tmp_path, "Nonexistent Grotesk")
    proc = run_cli("build", str(pub), "-o", str(tmp_path / "out"))
    assert proc.returncode == 1
    assert "theme.yaml:2:9: error: font family 'Nonexistent Grotesk' not found" in proc.stderr
    assert not (tmp_path / "out").exists()
