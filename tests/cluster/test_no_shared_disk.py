"""Workers need no shared disk: the parent reads the images and fonts right after load and
sends them by content, so a build whose publication folder is gone by the time anything is
resolved (as it is on a remote worker's machine) gives the bytes of a one-process build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from leafwright import pipeline
from leafwright.build import Options, build
from leafwright.load.fonts import packaged_source_sans
from tests.conftest import ROOT

PNG = ROOT / "tests" / "fixtures" / "full" / "images" / "checker.png"
GAMMA = """\
id: full-gamma
title: Full fixture, document gamma
code: FX-0003
date: 2026-12
body:
  - heading: A brand font, and an SVG that draws a picture beside it
  - paragraph: Set in the brand face from the publication's own fonts folder.
  - image: {file: ../images/framed.svg, width: 30mm, alt: A checkerboard in a blue frame}
"""
FRAMED = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" '
          'height="40"><rect width="40" height="40" fill="#1450a0"/>'
          '<image xlink:href="pictures/checker.png" x="5" y="5" width="30" height="30"/></svg>\n')


@pytest.fixture(scope="module")
def publication(tmp_path_factory) -> Path:
    """The every-block-kind fixture, a third document with an SVG that refers to a PNG beside
    it, and headings in a brand font found in the publication's fonts/ folder."""
    root = tmp_path_factory.mktemp("nfs") / "pub"
    shutil.copytree(ROOT / "tests" / "fixtures" / "full", root)
    (root / "documents" / "gamma.yaml").write_text(GAMMA)
    (root / "images" / "framed.svg").write_text(FRAMED)
    (root / "images" / "pictures").mkdir()
    with Image.open(PNG) as im:  # grey: an SVG's pictures are not converted to the press's CMYK
        im.convert("L").save(root / "images" / "pictures" / "checker.png")
    (root / "fonts").mkdir()
    for face, path in packaged_source_sans().items():
        suffix = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bolditalic": "BoldItalic"}[face]
        shutil.copy(path, root / "fonts" / f"Brand-{suffix}.ttf")
    theme = (root / "theme.yaml").read_text()
    (root / "theme.yaml").write_text(theme.replace("heading: Source Sans Pro", "heading: Brand"))
    pub = (root / "publication.yaml").read_text()
    (root / "publication.yaml").write_text(pub.replace("  - documents/beta.yaml\n",
                                                       "  - documents/beta.yaml\n  - documents/gamma.yaml\n"))
    return root


@pytest.fixture(scope="module")
def one_process(publication, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("one")
    result = build(publication, out)
    assert result.ok and len(result.written) == 3, [str(x) for x in result.diagnostics if x.severity == "error"]
    return {p.name: p.read_bytes() for p in out.iterdir()}


@pytest.mark.parametrize("how", ["jobs", "dask"])
def test_workers_never_read_the_publication_folder(publication, one_process, tmp_path, monkeypatch, request, how):
    moved = tmp_path / "elsewhere"
    real_resolve = pipeline.resolve

    def resolve_elsewhere(pub, *args, **kwargs):  # after load, the folder is no longer where it was
        if publication.exists():
            shutil.move(str(publication), str(moved))
        return real_resolve(pub, *args, **kwargs)

    monkeypatch.setattr(pipeline, "resolve", resolve_elsewhere)
    options = Options(jobs=2) if how == "jobs" else Options(dask=request.getfixturevalue("cluster").scheduler_address)
    try:
        result = build(publication, tmp_path / "out", options=options)
    finally:
        shutil.move(str(moved), str(publication))
    assert result.ok, [str(x) for x in result.diagnostics if x.severity == "error"]
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == one_process


def test_a_worker_without_the_files_asks_for_them_once(publication, one_process, tmp_path, monkeypatch):
    """A task names its files by digest; a worker that was not sent some answers with the
    digests it lacks, and draws from its own copies once it has them."""
    from leafwright import workers
    from leafwright.variants import default_variant, get_variant

    monkeypatch.setattr(workers, "_HELD", {})  # a worker that was sent nothing yet
    loaded = pipeline.load(publication)
    files = workers.Files()
    files.read_loaded(loaded.publication)
    [gamma] = [doc for doc in pipeline.resolve(loaded.publication).documents if doc.id == "full-gamma"]
    manifest = files.of(gamma)
    assert {Path(p).name for p in manifest} >= {"Brand-Regular.ttf", "framed.svg", "checker.png"}
    args = ([gamma], get_variant(default_variant()), pipeline.epoch(), False, True, "run", [manifest])
    asked = workers._render_chunk(*args, {})
    assert isinstance(asked, workers._Missing) and set(asked.digests) == set(manifest.values())
    shutil.move(str(publication), str(tmp_path / "elsewhere"))
    try:
        _, [rendered] = workers._render_chunk(*args, {d: files.data[d] for d in asked.digests})
        _, [again] = workers._render_chunk(*args, {})  # held now: nothing is asked twice
    finally:
        shutil.move(str(tmp_path / "elsewhere"), str(publication))
    assert rendered.pdf == again.pdf == one_process["full-gamma.pdf"]
