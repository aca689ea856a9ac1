"""The `leafwright` command: a thin layer over `leafwright.build` (build, check, claims) and `leafwright.watch`."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path
from typing import Optional, Sequence

from . import __version__
from .dates import source_date_epoch
from .variants import DEFAULT as DEFAULT_VARIANT, choices as variant_choices, get_variant

DEFAULT_PUBLICATION = "content"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="leafwright", description="Structured content to print-ready PDF leaflets.")
    p.add_argument("--version", action="version", version=f"leafwright {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    # what every command that reads a publication takes, said once
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("publication", nargs="?", help="publication folder (default: content/)")
    common.add_argument("--strict", action="store_true", help="treat warnings as errors")
    common.add_argument("--edition", action="append", default=[], metavar="ID",
                        help="only this edition (repeatable; default: every edition)")
    b = sub.add_parser("build", parents=[common], help="build every document into PDFs")
    b.add_argument("-o", "--output", default="output", help="output folder (default: output/); one ID.pdf each")
    b.add_argument("--only", metavar="ID", help="build only the document with this id")
    b.add_argument("--variant", choices=variant_choices(), default=DEFAULT_VARIANT,
                   help="print (= print-x4, PDF/X-4), print-x1a (PDF/X-1a:2003) or screen (default: print)")
    b.add_argument("--jobs", type=int, default=1, metavar="N", help="documents built in parallel")
    b.add_argument("--allow-untranslated", action="store_true",
                   help="print the source of a missing or stale translation, with a warning (a preview)")
    b.add_argument("--dask", metavar="ADDRESS",
                   help="render on a Dask scheduler (tcp://host:8786) or a local cluster (local:N)")
    b.add_argument("--keep-going", action="store_true",
                   help="write every document that built even when another failed (exit status 1)")
    w = sub.add_parser("watch", parents=[common],
                       help="build, then rebuild on every save of a file the publication reads")
    w.add_argument("-o", "--output", default="output", help="output folder (default: output/); one ID.pdf each")
    w.add_argument("--only", metavar="ID", help="build only the document with this id")
    w.add_argument("--variant", choices=variant_choices(), default=DEFAULT_VARIANT)
    c = sub.add_parser("check", parents=[common], help="load, resolve and check everything; write no PDF")
    c.add_argument("--allow-untranslated", action="store_true",
                   help="a missing or stale translation is a warning, not an error")
    t = sub.add_parser("translate", help="write or update an edition's XLIFF 2.0 file for translation")
    t.add_argument("publication", nargs="?", help="publication folder (default: content/)")
    t.add_argument("--edition", required=True, metavar="ID", help="the edition whose text goes to translation")
    m = sub.add_parser("claims", parents=[common],
                       help="write the claims matrix (ID-claims.csv, ID-claims.html) per document")
    m.add_argument("-o", "--output", default="output", help="output folder (default: output/)")
    m.add_argument("--since", metavar="OLD.csv", help="mark rows new/changed/removed since this matrix; "
                   "keep its reviewer columns for unchanged rows")
    from .preflight.profiles import PROFILES  # (no pikepdf: the table only)

    f = sub.add_parser("preflight", help="check any PDF as a print house would (boxes, fonts, ink, sizes, PDF/X)")
    f.add_argument("files", nargs="*", metavar="FILE.pdf")
    held = f.add_mutually_exclusive_group()
    held.add_argument("--profile", metavar="|".join(PROFILES) + "|FILE.yaml",
                      help="hold files to this rule profile, or a house profile's YAML file (default: the PDF/X "
                           "profile each file claims, else print; --list-rules shows them)")
    held.add_argument("--variant", choices=variant_choices(),
                      help="hold files to the profile our builds of this variant are checked with")
    f.add_argument("--rule", action="append", default=[], metavar="ID=SEVERITY",
                   help="change a rule's severity (error, warning, off) in the profile, e.g. "
                        "boxes.bleed-present=error (repeatable)")
    f.add_argument("--list-rules", action="store_true", help="list every rule, its severity in each profile and why")
    f.add_argument("--json", action="store_true", help="one JSON report on stdout")
    return p


def source_date_epoch_problem(value: Optional[str]) -> Optional[str]:
    """A malformed SOURCE_DATE_EPOCH is a command-line error, not a traceback from deep inside."""
    return source_date_epoch(value)[1]


def publication_problem(given: Optional[str], command: str = "build") -> Optional[str]:
    """Why the named (or default) publication folder cannot be read, said so the writer knows
    what to type next; None when it holds a publication.yaml."""
    folder = Path(given or DEFAULT_PUBLICATION)
    hint = f"pass the publication folder (the one that holds publication.yaml), e.g. 'leafwright {command} my-leaflets'"
    if given is None and not folder.is_dir():
        return f"no {DEFAULT_PUBLICATION}/ folder here; {hint}"
    if folder.is_file():
        return f"'{given}' is a file; {hint}"
    if not folder.is_dir():
        return f"no folder '{given}'; {hint}"
    if not (folder / "publication.yaml").is_file():
        return f"'{folder}' has no publication.yaml; {hint}"
    return None


def output_problem(output: str) -> Optional[str]:
    """-o names a folder: each document is written into it as ID.pdf."""
    path = Path(output)
    if path.exists() and not path.is_dir():
        return f"-o '{output}' is a file; name a folder: each document is written there as ID.pdf"
    if not path.exists() and path.suffix.lower() == ".pdf":
        return f"-o '{output}' looks like a file name; name a folder: each document is written there as ID.pdf"
    return None


def _terminate(signum, frame):  # pragma: no cover - exercised through a subprocess
    raise KeyboardInterrupt


def _workers_failed() -> type:
    from .workers import WorkersFailed  # imported already by any run that can raise it

    return WorkersFailed


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
    except _workers_failed() as exc:  # (looked up only when something was raised)
        print(f"leafwright: error: {exc}; nothing written", file=sys.stderr)
        return 1
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
    if args.command == "preflight":
        from .preflight.report import list_rules, run

        if args.list_rules:
            return list_rules()
        if not args.files:
            print("leafwright preflight: error: name the PDF files to check (or --list-rules)", file=sys.stderr)
            return 2
        return run(args.files, args.variant, args.json, args.profile, args.rule)
    if args.command == "build" and args.jobs > 1 and not args.dask:
        from .workers import prestart

        prestart()  # the workers' imports overlap ours
    from .build import Options, build, check, claims

    problem = publication_problem(args.publication, args.command)
    publication = Path(args.publication or DEFAULT_PUBLICATION)
    if args.command == "build" and not problem:
        problem = (("--jobs must be at least 1" if args.jobs < 1 else None) or output_problem(args.output)
                   or source_date_epoch_problem(os.environ.get("SOURCE_DATE_EPOCH")))
        if args.dask and not problem:
            from .cluster import dask_address_problem

            problem = dask_address_problem(args.dask)
    elif args.command in ("claims", "watch") and not problem:
        problem = output_problem(args.output)
    if args.command == "watch" and not problem:
        problem = source_date_epoch_problem(os.environ.get("SOURCE_DATE_EPOCH"))
    if problem:
        print(f"leafwright: error: {problem}", file=sys.stderr)
        return 2
    if not os.environ.get("SOURCE_DATE_EPOCH", "").strip():  # empty (some CI systems export it) is unset,
        os.environ.pop("SOURCE_DATE_EPOCH", None)  # for every library that reads it, not only ours
    if args.command == "watch":
        from .watch import watch

        watch(publication, Path(args.output), get_variant(args.variant), args.strict, args.only, editions=args.edition,
              echo=lambda line: print(line, flush=True))
        return 0
    if args.command == "translate":
        return _translate(publication, args.edition)
    if args.command == "check":
        result = check(publication, strict=args.strict, editions=args.edition,
                       allow_untranslated=args.allow_untranslated)
    elif args.command == "claims":
        since = None
        if args.since:
            from .report.since import read_since

            try:
                since = read_since(Path(args.since))
            except (OSError, ValueError, UnicodeDecodeError) as exc:
                print(f"leafwright: error: --since: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
                return 2
        result = claims(publication, Path(args.output), strict=args.strict, editions=args.edition, since=since)
    else:
        options = Options(jobs=args.jobs, dask=args.dask, keep_going=args.keep_going, progress=progress_bar(),
                          allow_untranslated=args.allow_untranslated)
        result = build(publication, Path(args.output), args.only, get_variant(args.variant), strict=args.strict,
                       options=options, editions=args.edition)
    if result.usage_error:
        print(f"leafwright: error: {result.usage_error}", file=sys.stderr)
        return 2
    for diag in sorted(result.diagnostics, key=_position) + sorted(result.elsewhere, key=_position):
        print(diag, file=sys.stderr)
    errors = sum(d.severity == "error" for d in result.diagnostics)
    warnings = len(result.diagnostics) - errors
    if not result.ok:
        for path in result.written:  # --keep-going: what did build
            print(f"wrote {path}")
        tail = "" if args.command == "check" else ("; nothing written" if not result.written else
                                                   f"; wrote the {_count(len(result.written), 'document')} that built")
        print(f"leafwright: {_count(errors, 'error')}{tail}", file=sys.stderr)
        return 1
    other = sum(d.severity == "error" for d in result.elsewhere)
    if other:
        print(f"leafwright: {_count(other, 'error')} in other documents, which do not affect '{args.only}'",
              file=sys.stderr)
    for path in result.written:
        print(f"wrote {path}")
    if args.command == "check":
        print(f"{publication}: no errors, {_count(warnings, 'warning')}")
    return 0


def progress_bar():
    """Progress for builds of more than two documents: on a terminal a line redrawn in place
    (done / total and time left); elsewhere (a CI log, a pipe) a plain line at each tenth,
    so a log shows the build moving without a line per document. Ten lines of our own
    rather than tqdm or rich: neither would be imported for anything else."""
    terminal = sys.stderr.isatty()
    start = time.monotonic()
    said = [0]  # plain lines: the last tenth said

    def show(done: int, total: int) -> None:
        if total <= 2 or done <= 0:
            return
        elapsed = time.monotonic() - start
        left = elapsed / done * (total - done)
        if terminal:
            bar = "#" * (24 * done // total)
            end = "\n" if done == total else ""
            print(f"\r[{bar:<24}] {done}/{total} · {left:.0f} s left ", end=end, file=sys.stderr, flush=True)
        elif 10 * done // total > said[0]:
            said[0] = 10 * done // total
            print(f"leafwright: {done}/{total} documents built, {left:.0f} s left", file=sys.stderr, flush=True)

    return show


def _translate(publication: Path, edition: str) -> int:
    from .build import translate

    result, counts = translate(publication, edition)
    if result.usage_error:
        print(f"leafwright: error: {result.usage_error}", file=sys.stderr)
        return 2
    for diag in sorted(result.diagnostics, key=_position):
        print(diag, file=sys.stderr)
    if not result.ok:
        print(f"leafwright: {_count(sum(d.severity == 'error' for d in result.diagnostics), 'error')}; "
              f"nothing written", file=sys.stderr)
        return 1
    for path in result.written:
        print(f"wrote {path}: {_count(counts['units'], 'unit')}, {counts['new']} new, "
              f"{counts['changed']} with a changed source (back to state=\"initial\")")
    return 0


def _position(diag) -> tuple:
    return diag.span.file, diag.span.line, diag.span.col


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
