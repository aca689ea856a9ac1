"""`leafwright preflight FILE.pdf...`: a report per file on the terminal, or JSON for machines."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from typing import Optional

from . import Finding, any_print_pdf, check
from ..variants import get_variant


def _one(path: Path, expect) -> list[Finding]:
    """One file's findings; whatever goes wrong with it is a line in its own report, so the
    other files on the command line are still checked and reported."""
    if not path.is_file():
        return [Finding("error", "file", f"no file '{path}'")]
    try:
        return check(path.read_bytes(), expect)
    except Exception as exc:  # RecursionError and MemoryError too; check() reports what it foresaw; this is the backstop
        return [Finding("error", "file", f"cannot be checked: {type(exc).__name__}: {exc}")]


def run(files: list[str], variant: Optional[str], as_json: bool) -> int:
    """Exit 1 when any file has an error (or cannot be read), else 0. Without a variant, a
    file is held to print rules, and to PDF/X only when it claims it."""
    expect = get_variant(variant).expect if variant else any_print_pdf()
    reports = []
    for name in files:
        reports.append((name, _one(Path(name), expect)))
    failed = any(f.severity == "error" for _, findings in reports for f in findings)
    if as_json:
        json.dump({"variant": get_variant(variant).name if variant else None, "ok": not failed,
                   "files": [{"file": name, "ok": not any(f.severity == "error" for f in findings),
                              "findings": [f.as_dict() for f in findings]} for name, findings in reports]},
                  sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for name, findings in reports:
            errors = sum(f.severity == "error" for f in findings)
            warnings = len(findings) - errors
            print(f"{name}: {'FAIL' if errors else 'pass'} ({errors} error{'s' * (errors != 1)}, "
                  f"{warnings} warning{'s' * (warnings != 1)})")
            for f in findings:
                print(f"  {f.severity}: {f}")
    return 1 if failed else 0
