"""Shared helpers: build real publications and read the PDFs back with pure-Python readers."""

from __future__ import annotations

import os
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


def write_publication(folder: Path, files: dict[str, str]) -> Path:
    """Write a small publication: {relative path: YAML text}."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


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
