"""Shared helpers: build real publications and read the PDFs back with pure-Python readers."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
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


class Outcome:
    """What loading (and resolving) a small publication gave: its folder (`root`) and its
    diagnostics (`diags`), with the diagnostics' places inside the folder."""

    root: Path
    diags: list

    def at(self, diag) -> tuple[str, int, int]:
        """(path inside the publication, line, col) of a diagnostic."""
        path = Path(os.path.abspath(diag.span.file)).relative_to(self.root.resolve())
        return path.as_posix(), diag.span.line, diag.span.col

    def find(self, text: str, severity: str = "error"):
        found = [x for x in self.diags if x.severity == severity and text in x.message]
        assert len(found) == 1, f"{text!r} in {[str(x) for x in self.diags]}"
        return found[0]


class Loaded(Outcome):
    def __init__(self, root: Path, pub, diags):
        self.root, self.pub, self.diags = root, pub, diags

    def where(self, text: str) -> tuple[str, int, int]:
        return self.at(self.find(text))

    @property
    def messages(self) -> list[str]:
        return [x.message for x in self.diags]


DOC = "id: a\nbody:\n  - paragraph: Hello.\n"


def load(tmp_path: Path, files: dict[str, str]) -> Loaded:
    """Load a publication of document a.yaml (DOC unless `files` gives it) and `files`."""
    from leafwright.load.publication import load_publication

    files = {"publication.yaml": "documents: [a.yaml]\n", "a.yaml": DOC, **files}
    root = write_publication(tmp_path / "pub", files)
    pub, diags = load_publication(root)
    return Loaded(root, pub, diags)


@dataclass
class Result(Outcome):
    root: Path
    docs: dict
    diags: list

    @property
    def errors(self) -> list:
        return [x for x in self.diags if x.severity == "error"]

    @property
    def warnings(self) -> list:
        return [x for x in self.diags if x.severity == "warning"]

    def doc(self, doc_id: str = "a"):
        return self.docs[doc_id]


def resolve(tmp_path: Path, files: dict[str, str]) -> Result:
    """Load and resolve a publication that must load. Reviewer's lints (warnings tagged
    [lint-name]) are left out: tests/resolve/test_lints.py has them."""
    from leafwright.load.model import LINTS
    from leafwright.load.publication import load_publication
    from leafwright.resolve.resolver import resolve_publication

    root = write_publication(tmp_path / "pub", files)
    pub, load_diags = load_publication(root)
    assert pub is not None, [str(x) for x in load_diags]
    docs, diags = resolve_publication(pub)
    diags = [x for x in diags if not any(x.message.endswith(f"[{name}]") for name in LINTS)]
    return Result(root, {doc.id: doc for doc in docs}, [*load_diags, *diags])


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


def load_and_resolve(root: Path) -> tuple:
    """(publication, resolved documents) of a publication folder that loads and resolves
    without errors: what layout tests hand straight to `lay_out`."""
    from leafwright.load.publication import load_publication
    from leafwright.resolve.resolver import resolve_publication

    pub, diags = load_publication(root)
    assert pub is not None and not [x for x in diags if x.severity == "error"], [str(x) for x in diags]
    docs, diags = resolve_publication(pub)
    assert not [x for x in diags if x.severity == "error"], [str(x) for x in diags]
    return pub, docs
