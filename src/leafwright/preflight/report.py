"""`leafwright preflight FILE.pdf...`: a report per file on the terminal, or JSON for machines.

Exit status: 0 when no file has an error, 1 when one has (or cannot be read), 2 for a mistake
on the command line: an unknown profile (argparse's choices), rule or severity in `--rule`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import Finding, checked, graded
from .profiles import PROFILES, UnknownProfile, get_profile
from ..variants import get_variant


def _one(path: Path, profile, changes: dict) -> tuple[str, list[Finding]]:
    """One file's profile and findings; whatever goes wrong with it is a line in its own
    report, so the other files on the command line are still checked and reported."""
    fallback = (profile or PROFILES["print"]).with_rules(changes)
    if not path.is_file():
        return fallback.name, graded([Finding("file.readable", f"no file '{path}'")], fallback)
    try:
        return checked(path.read_bytes(), profile, changes=changes)
    except Exception as exc:  # RecursionError, MemoryError: checked() reports what it foresaw; this is the backstop
        return fallback.name, graded([Finding("file.malformed", f"cannot be checked: {type(exc).__name__}: {exc}")],
                                     fallback)


def changes(rules: Sequence[str]) -> dict[str, str]:
    """`--rule ID=SEVERITY` options as a dict, each rule and severity checked (UnknownProfile)."""
    out = {}
    for item in rules:
        rule, sep, severity = item.partition("=")
        if not sep:
            raise UnknownProfile(f"--rule '{item}': write RULE=SEVERITY, e.g. boxes.bleed-present=error")
        out[rule.strip()] = severity.strip()
    PROFILES["print"].with_rules(out)  # the names, checked before any file is read
    return out


def run(files: list[str], variant: Optional[str], as_json: bool, profile: Optional[str] = None,
        rules: Sequence[str] = ()) -> int:
    """Exit 1 when any file has an error (or cannot be read), else 0; 2 for an unknown rule or
    severity. Without a profile (or a variant, which names one), each file is held to the
    PDF/X profile its claim picks, or to `print`; `rules` change severities in it."""
    name = get_variant(variant).preflight if variant else profile
    try:
        chosen = get_profile(name) if name else None
        changed = changes(rules)
    except UnknownProfile as exc:
        print(f"leafwright preflight: error: {exc}", file=sys.stderr)
        return 2
    reports = [(file, *_one(Path(file), chosen, changed)) for file in files]
    failed = any(f.severity == "error" for _, _, findings in reports for f in findings)
    if as_json:
        json.dump({"variant": get_variant(variant).name if variant else None, "profile": name, "ok": not failed,
                   "files": [{"file": file, "profile": used, "ok": not any(f.severity == "error" for f in findings),
                              "findings": [f.as_dict() for f in findings]} for file, used, findings in reports]},
                  sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for file, used, findings in reports:
            errors = sum(f.severity == "error" for f in findings)
            warnings = len(findings) - errors
            print(f"{file}: {'FAIL' if errors else 'pass'} ({errors} error{'s' * (errors != 1)}, "
                  f"{warnings} warning{'s' * (warnings != 1)}; profile {used})")
            for f in findings:
                print(f"  {f.severity}: {f} [{f.rule}]")
    return 1 if failed else 0


def list_rules() -> int:
    """Every rule, its severity in each profile, and why it exists: `--list-rules`."""
    from .rules import RULES

    names = list(PROFILES)
    short = {"error": "E", "warning": "w", "off": "."}
    print(f"{'rule':<30} " + " ".join(f"{n:>6}" for n in names) + "   (E error, w warning, . off)")
    for rule in RULES.values():
        print(f"{rule.id:<30} " + " ".join(f"{short[PROFILES[n].severity(rule.id)]:>6}" for n in names)
              + f"   {rule.title}")
        print(f"{'':<30}   {rule.basis}")
    return 0
