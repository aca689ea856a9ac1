"""Shared helpers: build real publications and read the PDFs back with pure-Python readers."""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# Python's bytecode cache even where the environment turns it off (PYTHONDONTWRITEBYTECODE):
# otherwise each xdist worker, and each child interpreter a test starts, compiles leafwright
# and the rewritten test modules from source again (about 3 s of the suite's 65 s wall).
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

# Run in the background of a script or under nohup, the suite starts with SIGINT ignored, and
# every child it starts would inherit that: the Ctrl-C tests would signal a build that cannot
# hear it (and wait for it until the xdist worker hangs at its exit). Each process of the suite
# takes Python's own handler back, so its children start with the default.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

import leafwright  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
# The source folder of the leafwright under test. Child processes get it as an absolute
# PYTHONPATH: a relative one (PYTHONPATH=src) in a child started in another folder would
# import whatever other leafwright is installed instead of this one.
SRC = Path(leafwright.__file__).resolve().parents[1]

# Hypothesis: every test keeps its number of examples, but no per-example deadline, so a
# machine that other builds (or the other xdist worker) load does not fail a test for being slow.
settings.register_profile("ci", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# Set at import, before any test runs or starts a child.
os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(
    [str(SRC), *(os.path.abspath(x) for x in os.environ.get("PYTHONPATH", "").split(os.pathsep) if x)]))


def pytest_configure(config):
    config.addinivalue_line("markers", "start_first: a file of several seconds' work, started before the "
                                       "others (see pytest_collection_modifyitems)")


def pytest_collection_modifyitems(config, items):
    """Files marked `start_first` first, the rest in their usual order. pytest-xdist hands out
    whole files (--dist loadfile) in this order (--no-loadscope-reorder), so the long files start
    while plenty of short ones remain to fill in beside them; left to the end, one would run
    alone on one worker while the other sat idle."""
    items.sort(key=lambda item: item.get_closest_marker("start_first") is None)  # stable: files stay whole


@pytest.fixture(autouse=True, scope="session")
def _private_chart_cache(tmp_path_factory):
    """Tests draw into their own chart cache, never the user's ~/.cache/leafwright (one per
    xdist worker: tmp_path_factory is)."""
    if "LEAFWRIGHT_CACHE" not in os.environ:
        os.environ["LEAFWRIGHT_CACHE"] = str(tmp_path_factory.mktemp("chart-cache"))
    yield


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`leafwright ARGS` run in this process (a child costs a second of imports): exit status,
    stdout and stderr as a child would give them, an unexpected exception as its traceback on
    stderr and status 1. The working folder and os.environ are restored afterwards, so nothing
    leaks into the next call. Tests of the process itself (signals, exit on a closed pipe,
    cold imports, `python -m`, worker pools) use run_cli_process."""
    from leafwright import cli

    _forget_memoized()
    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    try:
        os.environ.update(env or {})
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = cli.main(list(args))
            except SystemExit as exc:  # argparse: usage errors (2), --help and --version (0)
                status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
                if exc.code is not None and not isinstance(exc.code, int):
                    print(exc.code, file=sys.stderr)
            except Exception:  # noqa: BLE001 - what the interpreter would print and exit with
                traceback.print_exc()
                status = 1
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["leafwright", *args], status, out.getvalue(), err.getvalue())


# Memoized functions of what does not change while the suite runs — the installed packages,
# leafwright's own source, data shipped with it — or keyed on the very bytes they read (an ICC
# profile): a fresh process would compute the same again, so they are kept between runs (the
# colour transform alone is ~10 ms a build). Everything else is cleared.
_KEPT = frozenset({
    "leafwright.cache.installed", "leafwright.cache.code_version", "leafwright.cache._module",
    "leafwright.cache._find", "leafwright.layout.raster._transform",
    "leafwright.resolve.journals._table", "leafwright.resolve.titlecase._common_words",
    "leafwright.resolve.claims._patterns", "leafwright.resolve.claims._interval",
    "leafwright.resolve.numformat._versions", "leafwright.resolve.refcache._formatter_version",
    "leafwright.layout.charts.convert._converter_version",
})


def _forget_memoized() -> None:
    """Clear leafwright's functools caches, as a fresh process starts without them: some are
    keyed on neither the cache folder nor the file's content (remembered answers, glyph
    coverage, pyphen's parsed dictionaries), so an answer from an earlier test would stand in
    for the cache file a test reads or damages. A new cache is cleared unless listed in
    _KEPT. ReportLab's font registry stays: the code expects it to outlive a build
    (watch keeps the process)."""
    for name, module in list(sys.modules.items()):
        if name == "leafwright" or name.startswith("leafwright."):
            for attr, value in list(vars(module).items()):
                if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", None) == name \
                        and f"{name}.{attr}" not in _KEPT:
                    value.cache_clear()
    if "pyphen" in sys.modules:  # parsed dictionaries: with one in memory, hyphdict writes no cache entry
        sys.modules["pyphen"].hdcache.clear()


def run_cli_process(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None
                    ) -> subprocess.CompletedProcess:
    """`python -m leafwright.cli ARGS` in a child process, for tests of the process itself."""
    return subprocess.run([sys.executable, "-m", "leafwright.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})})


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


def built_once(tmp_path_factory, name: str, make) -> dict:
    """What `make(folder)` returns (JSON data; it writes into folder), made once per test run
    even under pytest-xdist: the first worker to ask makes it under a lock in the run's shared
    temporary folder, the others read what it left. Only for results that tests read."""
    base = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make(tmp_path_factory.mktemp(name))
    shared = base.parent / f"shared-{name}"  # base is .../pytest-N/popen-gwK: one per worker
    shared.mkdir(exist_ok=True)
    done = shared / "result.json"
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            (shared / "work").mkdir(exist_ok=True)
            result = make(shared / "work")
            done.write_text(json.dumps(result, default=str), encoding="utf-8")
    return json.loads(done.read_text(encoding="utf-8"))


def _build_seed(work: Path) -> dict:
    shutil.copytree(CONTENT, work / "content")
    proc = run_cli("build", cwd=work)
    assert proc.returncode == 0, proc.stderr
    out = work / "output"
    return {"stdout": proc.stdout, "stderr": proc.stderr, "out": str(out),
            "mrcc": pdf_text(out / "proleukin-mrcc.pdf"), "mm": pdf_text(out / "proleukin-mm.pdf")}


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> dict:
    """The seed publication built once (per run, across xdist workers) through the CLI; tests
    only read it."""
    made = built_once(tmp_path_factory, "seed", _build_seed)
    proc = subprocess.CompletedProcess(["leafwright", "build"], 0, made["stdout"], made["stderr"])
    return {"proc": proc, "out": Path(made["out"]), "mrcc": made["mrcc"], "mm": made["mm"]}


def _build_seed_variants(work: Path) -> dict:
    from leafwright.build import build

    out = {}
    for variant in ("print-x1a", "screen"):
        result = build(CONTENT, work / variant, variant=variant)
        assert result.ok, [str(d) for d in result.diagnostics]
        out[variant] = {p.stem: str(p) for p in result.written}
    return out


@pytest.fixture(scope="session")
def seed_pdfs(tmp_path_factory, seed_build) -> dict:
    """{variant: {document id: PDF}} of the seed in every variant a press or a screen gets:
    print is seed_build's (the same bytes `build(CONTENT, variant="print")` writes), the others
    built once per run across xdist workers. Tests only read them."""
    made = built_once(tmp_path_factory, "seed-variants", _build_seed_variants)
    return {"print": {p.stem: p for p in sorted(seed_build["out"].glob("*.pdf"))},
            **{variant: {doc: Path(path) for doc, path in docs.items()} for variant, docs in made.items()}}


def _claims_of_seed(work: Path) -> dict:
    shutil.copytree(CONTENT, work / "content")
    proc = run_cli("claims", cwd=work)
    assert proc.returncode == 0, proc.stderr
    return {"stdout": proc.stdout, "stderr": proc.stderr, "work": str(work)}


@pytest.fixture(scope="session")
def seed_claims_run(tmp_path_factory) -> dict:
    """`leafwright claims` run once per run (across xdist workers) in a folder holding a copy of
    the seed (content/): its output ("proc", as seed_build's) and the folder ("work"), whose
    output/ has the CSV and HTML matrices and the screen PDFs they link to."""
    made = built_once(tmp_path_factory, "seed-claims", _claims_of_seed)
    proc = subprocess.CompletedProcess(["leafwright", "claims"], 0, made["stdout"], made["stderr"])
    return {"proc": proc, "work": Path(made["work"])}


@pytest.fixture(scope="session")
def seed_claims(seed_claims_run) -> Path:
    """seed_claims_run's folder. Tests may add folders beside content/ and output/ (with names
    of their own: the folder is shared by every worker), never change those two."""
    return seed_claims_run["work"]


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
