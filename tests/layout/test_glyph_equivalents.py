"""Characters for every market: a typographic equivalent prints (with a warning) where the font
lacks the character, and a script no font covers, or one written right to left, is an error
that names it."""

from __future__ import annotations

from tests.conftest import pdf_text, run_cli, write_publication


def build(tmp_path, paragraph: str, refs: str = "") -> tuple:
    files = {"publication.yaml": "id: p\ndocuments: [doc.yaml]\n" + ("references: refs.yaml\n" if refs else ""),
             "doc.yaml": f"id: doc\nbody:\n  - paragraph: \"{paragraph}\"\n"}
    if refs:
        files["refs.yaml"] = refs
    pub = write_publication(tmp_path / "pub", files)
    proc = run_cli("build", str(pub), "-o", str(tmp_path / "out"))
    return proc, tmp_path / "out" / "doc.pdf"


def test_u2010_and_u2011_print_as_the_hyphen_with_one_warning_each(tmp_path):
    refs = ("- id: smith\n  type: article-journal\n  title: \"Non\u2010small\u2010cell lung cancer\"\n"
            "  author: [{family: Smith, given: J}]\n  container-title-short: N Engl J Med\n"
            "  issued: 2020\n  volume: 1\n  page: 1-2\n  DOI: 10.1/x\n")
    proc, pdf = build(tmp_path, "Anti\u2010PD\u20111 therapy and anti\u2010CTLA\u20104.[@smith]", refs)
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if "typographic equivalent" in line]
    assert len(warnings) == 2, proc.stderr  # one per character, not per use
    assert "doc.yaml:3:21: warning: character '\u2010' (U+2010) is not in the font Source Sans Pro" in warnings[0]
    assert "prints as its typographic equivalent '-' (U+002D)" in warnings[0]
    text = pdf_text(pdf)
    assert "Anti-PD-1 therapy and anti-CTLA-4." in text
    assert "Non-small-cell lung cancer" in text
    assert "\u2010" not in text and "\u2011" not in text


def test_right_to_left_text_is_refused_naming_the_script(tmp_path):
    proc, pdf = build(tmp_path, "Hebrew \u05e9\u05dc\u05d5\u05dd here")
    assert proc.returncode == 1
    assert "doc.yaml:3:24: error: character '\u05e9' (U+05E9, Hebrew) is written right to left" in proc.stderr
    assert not pdf.exists()


def test_a_script_no_font_covers_is_named_with_what_to_add(tmp_path):
    proc, _ = build(tmp_path, "\u65e5\u672c")
    assert proc.returncode == 1
    assert "no font of this theme covers CJK (Chinese, Japanese, Korean): put one that does in fonts/ " \
           "(e.g. Noto Sans CJK)" in proc.stderr


def test_greek_and_cyrillic_print_in_the_packaged_font(tmp_path):
    proc, pdf = build(tmp_path, "α-Interferon, β2-Mikroglobulin, Ж")
    assert proc.returncode == 0, proc.stderr
    assert "α-Interferon, β2-Mikroglobulin, Ж" in pdf_text(pdf)


def test_equivalents_print_in_worker_processes_too(tmp_path):
    pub = write_publication(tmp_path / "pub", {
        "publication.yaml": "id: p\ndocuments: [a.yaml, b.yaml]\n",
        "a.yaml": "id: a\nbody:\n  - paragraph: \"Anti\u2010PD\u20111\"\n",
        "b.yaml": "id: b\nbody:\n  - paragraph: \"Non\u2010small\"\n",
    })
    proc = run_cli("build", str(pub), "-o", str(tmp_path / "out"), "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("typographic equivalent") == 3  # U+2010 in a and in b, U+2011 in a
    assert "Anti-PD-1" in pdf_text(tmp_path / "out" / "a.pdf")
    assert "Non-small" in pdf_text(tmp_path / "out" / "b.pdf")


def test_a_theme_fallback_font_prints_what_the_body_font_lacks(tmp_path):
    from leafwright.load.fonts import find_family

    if find_family("DejaVu Sans", tmp_path) is None:
        import pytest

        pytest.skip("DejaVu Sans is not installed")
    pub = write_publication(tmp_path / "pub", {
        "publication.yaml": "id: p\ntheme: theme.yaml\ndocuments: [doc.yaml]\n",
        "theme.yaml": "fonts: {fallback: [DejaVu Sans]}\n",
        "doc.yaml": "id: doc\nbody:\n  - paragraph: \"a snowman \u2603 and **\u2602** here, twice \u2603\"\n",
    })
    proc = run_cli("build", str(pub), "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    [warning] = [x for x in proc.stderr.splitlines() if "\u2603" in x]
    assert "doc.yaml:3:27: warning: character '\u2603' (U+2603) is not in the font Source Sans Pro; it prints in " \
           "the fallback font DejaVu Sans" in warning
    assert "a snowman \u2603 and \u2602 here, twice \u2603" in pdf_text(tmp_path / "out" / "doc.pdf")
    import pikepdf

    with pikepdf.open(tmp_path / "out" / "doc.pdf") as pdf:
        fonts = {str(f.BaseFont).split("+")[-1] for f in pdf.pages[0].Resources.Font.values()}
    assert any(name.startswith("DejaVuSans") for name in fonts), fonts
