"""A character the font cannot print is an error naming the file, line, character and code point."""

from __future__ import annotations

from tests.conftest import run_cli, write_publication


def test_missing_glyph_is_an_error(tmp_path):
    pub = write_publication(tmp_path / "pub", {
        "publication.yaml": "id: p\ndocuments: [doc.yaml]\n",
        "doc.yaml": "id: doc\nbody:\n  - paragraph: fine ≥ † ‡ text\n  - paragraph: a snowman ☃ here\n",
    })
    for command in (["build", str(pub), "-o", str(tmp_path / "out")], ["check", str(pub)]):
        proc = run_cli(*command)
        assert proc.returncode == 1
        errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
        assert len(errors) == 1, proc.stderr
        assert "doc.yaml:4:26: error: character '☃' (U+2603) is not in the font Source Sans Pro" in errors[0]
    assert not (tmp_path / "out").exists()


def _glyph_errors(tmp_path, doc: str) -> list[tuple[int, int, str]]:
    from leafwright.layout.glyphs import check_glyphs
    from leafwright.load.publication import load_publication
    from leafwright.resolve.resolver import resolve_publication

    root = write_publication(tmp_path / "pub", {"publication.yaml": "documents: [doc.yaml]\n", "doc.yaml": doc})
    pub, diags = load_publication(root)
    docs, more = resolve_publication(pub)
    assert not [x for x in diags + more if x.severity == "error"], diags + more
    return [(x.span.line, x.span.col, x.message[:15]) for x in check_glyphs(docs[0])]


def test_a_missing_glyph_is_reported_at_its_character(tmp_path):
    doc = (
        "id: doc\n"
        "notes:\n"
        "  n: A note with \\* and ☂.\n"                          # after an escape
        "body:\n"
        "  - paragraph: >-\n"
        "      A folded paragraph\n"
        "      with **bold ☃** on its second line.[^n]\n"          # inside bold, on a later line
        "  - table:\n"
        "      rows:\n"
        "        - [plain, \"cell \\u2603 escaped\"]\n"          # a YAML escape in a quoted cell
        "        - [fine, 'quoted ☄ cell']\n"
    )
    found = _glyph_errors(tmp_path, doc)
    assert (3, 25, "character '☂' (") in found
    assert (7, 19, "character '☃' (") in found
    assert (11, 26, "character '☄' (") in found
    assert len(found) == 4  # one per character and block: the table's ☃ is its own
    assert (10, 25, "character '☃' (") in found
