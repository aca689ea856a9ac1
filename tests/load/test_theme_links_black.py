"""Theme keys for the screen variant's links and for black in print, checked at their line."""

from __future__ import annotations

from tests.conftest import load


def test_links_and_print_black_read(tmp_path):
    r = load(tmp_path, {"publication.yaml": "theme: t.yaml\ndocuments: [a.yaml]\n",
                        "t.yaml": "links: {color: accent, underline: true}\nprint-black: as-written\n"})
    assert r.pub.theme.links == ("accent", True)
    assert r.pub.theme.print_black is False
    warning = r.find("print-black: as-written prints text below 12 pt", "warning")
    assert r.at(warning) == ("t.yaml", 2, 14)
    assert "'note' (6.8 pt, 65% K)" in warning.message and "'body'" in warning.message


def test_defaults_and_errors_at_their_key(tmp_path):
    assert load(tmp_path / "d", {}).pub.theme.links == ("brand", False)
    r = load(tmp_path / "e", {"publication.yaml": "theme: t.yaml\ndocuments: [a.yaml]\n",
                              "t.yaml": "links: {color: brnd, underline: maybe}\nprint-black: grey\n"})
    assert r.where("unknown colour 'brnd'; did you mean 'brand'?") == ("t.yaml", 1, 16)
    assert r.where("underline must be true or false") == ("t.yaml", 1, 33)
    assert r.where("print-black must be one of solid, as-written") == ("t.yaml", 2, 14)
    assert r.pub.theme.print_black is True
