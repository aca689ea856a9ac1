"""The stage order holds in the code, not only in the README: every import of every module,
those inside functions included, goes to an earlier stage (or its own), never a later one.

    base < load < resolve < layout < render;  preflight uses only base;
    report uses base, load and resolve;  the orchestrators use everything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "leafwright"

BASE = {"__init__", "diagnostics", "cache", "exact", "markers", "variants", "dates", "write", "colour", "marks"}
ORCHESTRATORS = {"build", "pipeline", "watch", "cli", "workers", "cluster", "warmup", "forkexit", "__main__"}
ORDER = ["base", "load", "resolve", "layout", "render"]
ALLOWED = {
    **{stage: set(ORDER[:i + 1]) for i, stage in enumerate(ORDER)},
    "preflight": {"base", "preflight"},
    "report": {"base", "load", "resolve", "report"},
    "orchestrator": set(ORDER) | {"preflight", "report", "orchestrator"},
}


def stage_of(module: str) -> str:
    """`module` is dotted below leafwright ("layout.pages", "build")."""
    top = module.split(".")[0]
    if top in BASE:
        return "base"
    if top in ORCHESTRATORS:
        return "orchestrator"
    assert top in ALLOWED, f"leafwright.{module} belongs to no stage: add it to this test's table"
    return top


def modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out.append((".".join(parts), path))
    return out


def imports(module: str, path: Path) -> list[tuple[str, int]]:
    """Every leafwright module `path` imports, anywhere in it, with the line."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name[len("leafwright."):], node.lineno) for a in node.names if a.name.startswith("leafwright.")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1] if node.level > 1 else package
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("leafwright."):
                target = node.module[len("leafwright."):]
            elif node.module == "leafwright":
                target = ""
            else:
                continue
            known = {m for m, _ in modules()}
            for alias in node.names:  # `from . import pages` imports a module; `from .x import f` x
                sub = (target + "." if target else "") + alias.name
                found.append((sub if sub in known else target, node.lineno))
    return [(t, line) for t, line in found if t]


@pytest.mark.parametrize("module,path", modules(), ids=[m for m, _ in modules()])
def test_imports_go_only_to_earlier_stages(module, path):
    mine = stage_of(module) if module else "base"
    wrong = [f"{path.name}:{line} imports leafwright.{target} ({stage_of(target)})"
             for target, line in imports(module, path) if stage_of(target) not in ALLOWED[mine]]
    assert not wrong, f"leafwright.{module} ({mine}) reaches a later stage: {wrong}"


def test_the_scan_sees_imports_inside_functions():
    """A back-arrow hidden in a function is what this test exists for: it must be seen."""
    found = dict(imports("pipeline", PACKAGE / "pipeline.py"))
    assert "preflight" in found and "layout" in found  # both imported inside render_document
