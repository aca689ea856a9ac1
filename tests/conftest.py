"""Shared helpers: build real publications and read the PDFs back with pure-Python readers."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="session")
def _private_chart_cache(tmp_path_factory):
    """Tests draw into their own chart cache, never the user's ~/.cache/leafwright."""
    if "LEAFWRIGHT_CACHE" not in os.environ:
        os.environ["LEAFWRIGHT_CACHE"] = str(tmp_path_factory.mktemp("chart-cache"))
    yield
CONTENT = ROOT / "content"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "leafwright.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def pdf_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text(y_tolerance=4) or "" for page in pdf.pages)


def squash(text: str) -> str:
    """Runs of white space as one space, so text compares across the PDF's line breaks."""
    return re.sub(r"\s+", " ", text)


def write_publication(folder: Path, files: dict[str, str]) -> Path:
    """Write a small publication: {relative path: YAML text}."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


def built_pdf(folder: Path, files: dict[str, str], *args: str, doc: str = "doc") -> Path:
    """Write a publication into FOLDER/pub, build it into FOLDER/out through the real CLI (it
    must succeed) and return document DOC's PDF."""
    pub = write_publication(folder / "pub", files)
    proc = run_cli("build", str(pub), "-o", str(folder / "out"), *args)
    assert proc.returncode == 0, proc.stderr
    return folder / "out" / f"{doc}.pdf"


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> dict:
    """The seed publication built once through the real CLI."""
    work = tmp_path_factory.mktemp("seed")
    shutil.copytree(CONTENT, work / "content")
    proc = run_cli("build", cwd=work)
    assert proc.returncode == 0, proc.stderr
    out = work / "output"
    return {"proc": proc, "out": out,
            "mrcc": pdf_text(out / "proleukin-mrcc.pdf"), "mm": pdf_text(out / "proleukin-mm.pdf")}
