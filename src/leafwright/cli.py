"""The `leafwright` command: a thin layer over `leafwright.build.build`."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path
from typing import Optional, Sequence


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="leafwright", description="Structured content to print-ready PDF leaflets.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build every document into PDFs")
    b.add_argument("publication", nargs="?", default="content", help="publication folder (default: content/)")
    b.add_argument("-o", "--output", default="output", help="output folder (default: output/)")
    b.add_argument("--only", metavar="ID", help="build only the document with this id")
    b.add_argument("--variant", choices=("print", "screen"), default="print")
    b.add_argument("--jobs", type=int, default=1, metavar="N", help="documents built in parallel")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    c = sub.add_parser("check", help="load, resolve and check everything; write no PDF")
    c.add_argument("publication", nargs="?", default="content")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")
    m = sub.add_parser("claims", help="write the claims matrix (ID-claims.csv, ID-claims.html) per document")
    m.add_argument("publication", nargs="?", default="content", help="publication folder (default: content/)")
    m.add_argument("-o", "--output", default="output", help="output folder (default: output/)")
    m.add_argument("--strict", action="store_true", help="treat warnings as errors")
    return p


def source_date_epoch_problem(value: Optional[str]) -> Optional[str]:
    """SOURCE_DATE_EPOCH (reproducible builds) fixes the PDF dates: whole seconds since 1970,
    as `date +%s` prints them. Unset or empty means now; anything else that is not such a
    number is a command-line error, not a traceback from deep inside ReportLab."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if not text.lstrip("-").isdigit() or len(text) > 15:
            raise ValueError
        if not 1 <= time.gmtime(int(text)).tm_year <= 9999:
            raise ValueError
    except (ValueError, OverflowError, OSError):
        shown = text if len(text) <= 40 else text[:40] + "..."
        return (f"SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 (as 'date +%s' prints), "
                f"not {shown!r}")
    return None


def _terminate(signum, frame):  # pragma: no cover - exercised through a subprocess
    raise KeyboardInterrupt


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:  # SIGTERM unwinds like Ctrl-C, so temporary files are removed on the way out
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread (an embedding application): leave it alone
        previous = None
    try:
        return _main(args)
    except KeyboardInterrupt:
        print("leafwright: interrupted; earlier output left as it was", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `leafwright build | head -1`: the reader left; the build itself is done
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit does not fail again
        except (OSError, ValueError, AttributeError):  # pragma: no cover - stdout is not a real file
            pass
        return 128 + signal.SIGPIPE if hasattr(signal, "SIGPIPE") else 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main(args: argparse.Namespace) -> int:
    from .build import build

    if args.command == "check":
        result = build(Path(args.publication), write=False, strict=args.strict)
    elif args.command == "claims":
        from .report.claims import write_claims

        result = write_claims(Path(args.publication), Path(args.output), strict=args.strict)
    else:
        if args.jobs < 1:
            print("leafwright: error: --jobs must be at least 1", file=sys.stderr)
            return 2
        problem = source_date_epoch_problem(os.environ.get("SOURCE_DATE_EPOCH"))
        if problem:
            print(f"leafwright: error: {problem}", file=sys.stderr)
            return 2
        result = build(Path(args.publication), Path(args.output), args.only, args.variant, jobs=args.jobs,
                       strict=args.strict)
    if result.usage_error:
        print(f"leafwright: error: {result.usage_error}", file=sys.stderr)
        return 2
    for diag in sorted(result.diagnostics, key=lambda d: (d.span.file, d.span.line, d.span.col)):
        print(diag, file=sys.stderr)
    errors = sum(d.severity == "error" for d in result.diagnostics)
    warnings = len(result.diagnostics) - errors
    if not result.ok:
        tail = "" if args.command == "check" else "; nothing written"
        print(f"leafwright: {_count(errors, 'error')}{tail}", file=sys.stderr)
        return 1
    for path in result.written:
        print(f"wrote {path}")
    if args.command == "check":
        print(f"{args.publication}: no errors, {_count(warnings, 'warning')}")
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
