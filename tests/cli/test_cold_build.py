"""A warm build of the seed imports only what writing its PDFs needs, and the caches that
make it so are safe: damaged entries are made again and the PDFs stay byte for byte."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONTENT, run_cli

pytestmark = pytest.mark.start_first  # cold and warm builds in fresh interpreters

# Records, for each heavy package, the leafwright modules on the stack when it was first
# imported ("-" when another package imported it with no leafwright frame in between).
PROBE = r"""
import json, sys, traceback
WATCH = {"matplotlib", "citeproc", "lxml", "svglib", "fontTools", "num2words", "babel", "pypdf",
         "xml.sax.saxutils", "urllib.request", "ssl"}
first = {}
class Spy:
    def find_spec(self, name, path=None, target=None):
        if name in WATCH and name not in first:
            stack = [f.filename for f in traceback.extract_stack()[:-1]]
            first[name] = [s.rsplit("/", 1)[-1] if "/leafwright/" in s  # a module of ours, installed or not
                           else s.split("site-packages/")[-1].split("/")[0]
                           for s in stack if "leafwright" in s or "site-packages" in s]
        return None
sys.meta_path.insert(0, Spy())
from leafwright.cli import main
try:
    main(["build", sys.argv[1], "-o", sys.argv[2]])
except SystemExit as e:
    assert not e.code, e.code
print(json.dumps({name: stack for name, stack in first.items() if name in sys.modules}))  # found is not imported
"""


def build(out: Path, cache: Path) -> dict:
    env = {**os.environ, "LEAFWRIGHT_CACHE": str(cache), "SOURCE_DATE_EPOCH": "1700000000"}
    proc = subprocess.run([sys.executable, "-c", PROBE, str(CONTENT), str(out)], capture_output=True,
                          text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    root = tmp_path_factory.mktemp("seed")
    cold = build(root / "cold", root / "cache")
    warm = build(root / "warm", root / "cache")
    return {"root": root, "cold": cold, "warm": warm}


def pdfs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.pdf"))}


def test_the_cold_build_fills_every_cache(seed):
    cache = seed["root"] / "cache"
    assert {"matplotlib", "citeproc", "svglib", "num2words", "babel"} <= set(seed["cold"])
    assert len(list((cache / "charts").glob("*.drawing"))) == 2
    assert len(list((cache / "references").glob("*.json"))) == 1
    assert list((cache / "glyphs").glob("*.txt"))
    assert len(list((cache / "answers").glob("words-*.txt"))) == 1  # the seed spells numbers: {x:Words}
    assert not list(cache.rglob("*.tmp"))


def test_a_warm_build_imports_only_what_it_needs(seed):
    warm = seed["warm"]
    for name in ("matplotlib", "citeproc", "svglib", "xml.sax.saxutils", "urllib.request", "ssl",
                 "num2words", "babel"):
        assert name not in warm, (name, warm.get(name))
    # lxml only for the PDF/X XMP packet (pikepdf's metadata writer), never for content
    assert "lxml" not in warm or "finish.py" in warm["lxml"], warm["lxml"]
    # pypdf (preflight) imports fontTools itself; leafwright's glyph check no longer does.
    assert "fontTools" not in warm or "pypdf" in warm["fontTools"], warm["fontTools"]
    assert pdfs(seed["root"] / "warm") == pdfs(seed["root"] / "cold")


@pytest.mark.parametrize("garbage", [b"", b"leafwright-drawing 00\n\x80\x05junk"])
def test_damaged_cache_entries_are_made_again_and_the_pdf_is_the_same(seed, tmp_path, garbage):
    """In-process (the process is not what this tests): whether citeproc or svglib was imported
    says nothing here, so the proof that each entry was made again, not trusted, is the entry
    whole again: references and glyphs byte for byte the cold build's, a drawing a new entry,
    the answers with those asked again appended."""
    cache = tmp_path / "cache"
    shutil.copytree(seed["root"] / "cache", cache)
    damaged = [p for pattern in ("charts/*.drawing", "references/*.json", "glyphs/*.txt",
                                                         "answers/*.txt") for p in cache.glob(pattern)]
    pristine = {p: (seed["root"] / "cache" / p.relative_to(cache)).read_bytes() for p in damaged}
    for path in damaged:
        path.write_bytes(garbage)
    proc = run_cli("build", str(CONTENT), "-o", str(tmp_path / "out"),
                   env={"LEAFWRIGHT_CACHE": str(cache), "SOURCE_DATE_EPOCH": "1700000000"})
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert pdfs(tmp_path / "out") == pdfs(seed["root"] / "cold")
    assert len(damaged) >= 5
    for path in damaged:  # healed: rewritten, or (answers) the answers asked again appended
        healed = path.read_bytes()
        assert healed != garbage and len(healed) > len(garbage), path
        if path.parent.name in ("references", "glyphs"):  # the same bytes (a pickled Drawing need not be)
            assert healed == pristine[path], path
        if path.parent.name == "charts":
            assert healed.startswith(b"leafwright-drawing "), path
