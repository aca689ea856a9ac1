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
        assert "doc.yaml:4:5: error: character '☃' (U+2603) is not in the font Source Sans Pro" in errors[0]
    assert not (tmp_path / "out").exists()
