"""The one pipeline: load → resolve → check → lay out → finish → preflight → write.

Each stage is a function with a typed result; `run` is the loop around them that every
orchestrator shares (`build` for PDFs, `claims` for the claims matrix, `watch` between
saves, worker processes for `--jobs`), so no caller has a second copy of the order or of
what a stage's problems mean. Nothing is written unless every document of the run made it
through every stage without an error.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

from .dates import source_date_epoch
from .diagnostics import Diagnostic, Span, did_you_mean
from .variants import Variant


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    usage_error: Optional[str] = None  # a bad command line (exit 2), e.g. --only naming no document
    elsewhere: list[Diagnostic] = field(default_factory=list)  # --only: other documents' problems, not its own
    files: tuple[Path, ...] = ()  # every file the publication read or named (see Publication.files)
    laid_out: list[str] = field(default_factory=list)  # names laid out by this run (not reused): id, or edition/id

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


@dataclass
class Reuse:
    """What one run hands the next in the same process (`leafwright watch`). Each entry is
    checked against everything its result was made from, so a stale one is never used:
    parsed YAML against the file's text; a document's Rendered against its resolved document
    (theme and page included), the variant and the size and time of the images and fonts it
    may draw; a written file against its bytes and the file's own size and time."""
    parsed: dict = field(default_factory=dict)
    rendered: dict = field(default_factory=dict)  # id (edition/id with editions) -> (key, Rendered)
    written: dict = field(default_factory=dict)  # path -> (bytes, (size, mtime_ns) after writing)


# --- the stages ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Loaded:
    publication: object  # a load.model.Publication, or None when publication.yaml did not load
    diagnostics: tuple[Diagnostic, ...]


def load(publication: Path, parsed: Optional[dict] = None) -> Loaded:
    """The load stage. `parsed` is a cache of parsed YAML kept between runs (watch)."""
    from .load.publication import load_publication

    pub, diags = load_publication(Path(publication), parsed)
    return Loaded(pub, tuple(diags))


@dataclass(frozen=True)
class Resolved:
    documents: tuple  # resolve.document.ResolvedDocument, in publication order (or `only`)
    diagnostics: tuple[Diagnostic, ...]


def resolve(pub, only: Optional[str] = None, resolved_one: Optional[Callable] = None) -> Resolved:
    """The resolve stage, run even after load errors: bad nodes were dropped, and the writer
    sees every problem at once. `resolved_one(doc)` hears of each document as it is resolved."""
    from .resolve.resolver import resolve_publication

    docs, diags = resolve_publication(pub, only, resolved_one)
    return Resolved(tuple(docs), tuple(diags))


def check(docs) -> list[Diagnostic]:
    """What can be checked before any page is drawn: every character against its font."""
    from .layout.glyphs import check_glyphs  # fontTools only; ReportLab is not needed to check

    return [x for doc in docs for x in check_glyphs(doc)]


def printable(docs) -> list:
    """Each document with the typographic equivalents the glyph check warned of put in (a
    U+2010 hyphen its font lacks prints as '-'): a missing glyph never stops a document that
    an equivalent can print."""
    from .layout.glyphs import equivalents
    from .resolve.document import translated

    return [translated(doc, equivalents(doc)) for doc in docs]


@dataclass(frozen=True)
class Rendered:
    """One document in one variant: laid out, finished and preflighted. `pdf` is None when it
    did not lay out. `claim_pages`/`claim_order`: the page of each claim as drawn, when asked."""
    id: str
    pdf: Optional[bytes]
    diagnostics: tuple[Diagnostic, ...]  # layout's warnings and error, preflight's findings
    claim_pages: tuple[tuple[int, int], ...] = ()
    claim_order: tuple[int, ...] = ()
    claim_markers: tuple = ()  # (claim, ((note id, marker), ...)): per-page note markers as printed


def render_document(doc, variant: Variant, epoch: Optional[int] = None, record_claims: bool = False,
                    check_first: bool = False) -> Rendered:
    """Lay out → finish → preflight for one document: a pure function of its arguments, so a
    worker process (or a cluster) can run it and the bytes are the same wherever it runs.
    `check_first` runs the check stage here too (a worker checks its own documents' glyphs,
    in parallel, instead of the parent checking them all first). Preflight judges what layout
    noted while drawing (layout/drawn.py) instead of reading the pages' content back; the
    structure checks read the PDF as for any file."""
    warned: tuple = ()
    if check_first:
        warned = tuple(check([doc]))
        if any(x.severity == "error" for x in warned):
            return Rendered(doc.id, None, warned)
        doc = printable([doc])[0]
    from .layout import lay_out
    from .layout.drawn import Drawn
    from .preflight import check as preflight
    from .render import render

    recorder = tags = None
    drawn = Drawn()  # what each page draws, noted while drawing: preflight does not read it back
    if record_claims or variant.annotate:
        from .layout.claimpages import ClaimPages

        recorder = ClaimPages()
    if variant.tagged:  # the structure tree of a tagged PDF: what layout drew, element by element
        from .layout.tagging import Tags

        tags = Tags()
    laid = lay_out(doc, variant, tuple(r for r in (recorder, tags, drawn) if r is not None), epoch)
    pages = tuple(recorder.pages.items()) if recorder is not None else ()
    order = tuple(recorder.order) if recorder is not None else ()
    marked = tuple((c, tuple(m.items())) for c, m in recorder.markers.items()) if recorder is not None else ()
    if not laid.ok:
        return Rendered(doc.id, None, warned + laid.diagnostics, pages, order, marked)
    pdf = render(laid, variant, tags.result() if tags is not None else None)
    if variant.annotate:  # the review copy: the claims matrix on the page
        from .render.annotate import annotate

        pdf = annotate(pdf, doc.claims, recorder.boxes)
    theme = doc.theme
    marks = None if variant.annotate else drawn.result()  # (the review copy draws the matrix on the pages after)
    findings = preflight(pdf, variant.preflight, theme.page_size, theme.bleed if variant.boxes else None, marks)
    found = tuple(Diagnostic(f.severity, doc.span, f"preflight: {f} [{f.rule}]") for f in findings)
    return Rendered(doc.id, pdf, warned + laid.diagnostics + found, pages, order, marked)


def write(result: BuildResult, outputs: dict[Path, bytes], out_dir: Path) -> bool:
    """The write stage: every output or none, recorded in `result`; a folder that cannot be
    written is a diagnostic on it, not a traceback."""
    from .write import write_all

    try:
        write_all(outputs)
    except OSError as exc:
        result.diagnostics.append(Diagnostic("error", Span(str(out_dir)), f"cannot write output: {exc.strerror or exc}"))
        return False
    result.written = list(outputs)
    return True


# --- the loop around them ----------------------------------------------------------------------

Emit = Callable[[object, Rendered, Path, BuildResult], dict]  # (doc, rendered, out_dir, result) -> {path: bytes}


@dataclass(frozen=True)
class Options:
    """How a run goes about it, as opposed to what it makes. `jobs` local worker processes or
    a Dask scheduler (`dask`: tcp://host:8786 or local:N); `keep_going` writes every document
    that built even when another failed (the run still fails); `progress(done, total)` hears
    of each document rendered."""
    jobs: int = 1
    dask: Optional[str] = None
    keep_going: bool = False
    progress: Optional[Callable[[int, int], None]] = None
    allow_untranslated: bool = False  # an edition's missing or stale translation prints its source, with a warning


def run(publication: Path, variant: Variant, emit: Optional[Emit], out_dir: Optional[Path] = None,
        only: Optional[str] = None, strict: bool = False, reuse: Optional[Reuse] = None,
        record_claims: bool = False, options: Optional[Options] = None, editions: Sequence[str] = ()) -> BuildResult:
    """Every stage for every edition × document (or `only` one, or the `editions` named).
    `emit` turns each rendered document into the files to write (into OUT/<edition>/ when the
    publication has editions); None stops after the checks (`leafwright check`). `strict`
    makes every warning an error, for teams that gate releases on a clean build; `reuse`
    (kept by the caller between runs) skips what did not change since the last one."""
    options = options or Options()
    workers = None
    if emit is not None and only is None and (options.dask or options.jobs > 1):
        workers = _start_workers(options)  # they import layout and render while we load and resolve
    try:
        return _run(publication, variant, emit, out_dir, only, strict, reuse, record_claims, options, editions,
                    workers)
    finally:
        if workers is not None:
            workers.close()


def _start_workers(options: Options):
    if options.dask:
        from .cluster import DaskWorkers

        return DaskWorkers(options.dask)
    from .workers import Workers

    return Workers(options.jobs)


def _run(publication: Path, variant: Variant, emit: Optional[Emit], out_dir: Optional[Path], only: Optional[str],
         strict: bool, reuse: Optional[Reuse], record_claims: bool, options: Options, editions: Sequence[str],
         workers) -> BuildResult:
    result = BuildResult()
    loaded = load(Path(publication), reuse.parsed if reuse is not None else None)
    result.diagnostics.extend(loaded.diagnostics)
    pub = loaded.publication
    result.files = pub.files if pub is not None else ()
    if pub is None:
        return harden(result) if strict else result
    ids = [doc.id for doc in pub.documents]
    if only is not None and only not in ids and (result.ok or len(ids) == len(pub.document_files)):
        # (a document that did not load might have been `only`)
        result.usage_error = f"--only: no document '{only}'{did_you_mean(only, ids)} (ids: {', '.join(ids)})"
        return result
    chosen, problem = select_editions(pub, editions)
    if problem:
        result.usage_error = problem
        return result
    batch = None
    if workers is not None:  # each document goes to a worker as soon as it is resolved
        from .workers import Batch, Files

        files = Files()
        files.read_loaded(pub)  # nothing after this reads the publication's images and fonts from its folder
        batch = Batch(workers, len(ids) * len(chosen), variant, epoch(), record_claims, files, options.progress)
    try:
        return _after_load(pub, result, variant, emit, Path(out_dir or "output"), only, strict, reuse, batch,
                           record_claims, options, chosen)
    finally:
        if batch is not None:
            batch.cancel()


def select_editions(pub, wanted: Sequence[str]) -> tuple[list, Optional[str]]:
    """The editions to build: those named by --edition, or all; [None] (the one unnamed
    edition) for a publication without `editions:`. A name it does not define is a usage error."""
    defined = [e.id for e in pub.editions]
    if not wanted:
        return list(pub.editions) or [None], None
    if not defined:
        return [], f"--edition: {pub.span.file} defines no editions"
    for name in wanted:
        if name not in defined:
            return [], f"--edition: no edition '{name}'{did_you_mean(name, defined)} (editions: {', '.join(defined)})"
    return [e for e in pub.editions if e.id in wanted], None


def _resolve_editions(pub, chosen: list, only: Optional[str], out_dir: Path,
                      allow_untranslated: bool = False, resolved_one: Optional[Callable] = None
                      ) -> tuple[list, list, list]:
    """Resolve each edition's publication (its translation put in, then what it prints kept):
    the documents (each with the folder it goes to and the name it is kept under between
    runs, in the order `resolved_one` hears of them) and the diagnostics, each once."""
    from .load.editions import apply_edition
    from .resolve.translation import apply as apply_translation

    docs, folders, names, reports = [], [], [], []
    for edition in chosen:
        translated, untranslated = apply_translation(pub, edition, allow_untranslated) if edition else (pub, [])
        edition_pub, problems = apply_edition(translated, edition)
        resolved = resolve(edition_pub, only, resolved_one)
        reports.append((edition, untranslated + problems + list(resolved.diagnostics)))
        for doc in resolved.documents:
            docs.append(doc)
            folders.append(out_dir / edition.id if edition is not None else out_dir)
            names.append(f"{edition.id}/{doc.id}" if edition is not None else doc.id)
    return docs, list(zip(folders, names)), _merge_reports(pub, reports)


_LINT = re.compile(r" \[([a-z-]+)\]$")
_ABSENCE = re.compile(r"^(reference|note) '[^']*' is never (cited|referenced)$")


def _merge_reports(pub, reports: list) -> list[Diagnostic]:
    """Every edition's diagnostics, each once. "Never cited" and "never referenced" say what
    no edition does: one is kept only when every edition that has the entry reports it."""
    counts: dict[Diagnostic, int] = {}
    lints: dict[tuple, Diagnostic] = {}  # one lint at one place: the first edition's words for it
    for _, diags in reports:
        for x in dict.fromkeys(diags):
            lint = _LINT.search(x.message)
            if lint and x.severity == "warning":
                x = lints.setdefault((x.span, lint.group(1)), x)
            counts[x] = counts.get(x, 0) + 1
    own = {f: e for e in pub.editions for f in e.files}  # an edition's own data and references files
    out = []
    for x, n in counts.items():
        if len(reports) > 1 and _ABSENCE.match(x.message):
            having = 1 if x.span.file in own else len(reports)
            if n < having:
                continue
        out.append(x)
    return out


def _after_load(pub, result: BuildResult, variant: Variant, emit: Optional[Emit], out_dir: Path,
                only: Optional[str], strict: bool, reuse: Optional[Reuse], batch, record_claims: bool,
                options: Options, chosen: list) -> BuildResult:
    streamed = batch if batch is not None and reuse is None else None  # (what watch kept is not sent again)
    docs, places, diagnostics = _resolve_editions(pub, chosen, only, out_dir, options.allow_untranslated,
                                                  streamed.add if streamed is not None else None)
    result.diagnostics.extend(diagnostics)
    if only is not None:  # the problems other documents' files alone have are not this one's
        apart = _unaffected_files(pub, only)
        result.elsewhere = [x for x in result.diagnostics if x.span.file in apart]
        result.diagnostics = [x for x in result.diagnostics if x.span.file not in apart]
    if result.ok and batch is None:  # else each worker checks its documents before laying them out
        result.diagnostics.extend(dict.fromkeys(check(docs)))  # an edition's copy of a text: reported once
        docs = printable(docs)
    if strict:
        harden(result)
    if not result.ok or emit is None:
        return result
    names = [name for _, name in places]  # "edition/document", or the document's id
    rendered, keys = _render(docs, names, pub, variant, batch, reuse, record_claims, options.progress)
    result.laid_out = [name for name, key in zip(names, keys)
                       if reuse is None or reuse.rendered.get(name, (None,))[0] != key]
    failed = set()
    seen = set(result.diagnostics)
    for name, done in zip(names, rendered):  # every document's problems, not just the first one's (each once)
        mine = [Diagnostic("error", x.span, x.message) if strict else x for x in done.diagnostics]
        result.diagnostics.extend(x for x in dict.fromkeys(mine) if x not in seen)
        seen.update(mine)
        if done.pdf is None or any(x.severity == "error" for x in mine):
            failed.add(name)
    if failed and not options.keep_going:
        return result
    if reuse is not None:
        reuse.rendered.update((name, (key, done)) for name, key, done in zip(names, keys, rendered)
                              if name not in failed)
    outputs: dict[Path, bytes] = {}
    for doc, (folder, name), done in zip(docs, places, rendered):
        if name not in failed:
            outputs.update(emit(doc, done, folder, result))
    if not result.ok and not options.keep_going:
        return result
    if reuse is not None:  # the same bytes still in the file written last time: leave it be
        outputs = {path: data for path, data in outputs.items() if reuse.written.get(path) != (data, _stat(path))}
    if write(result, outputs, out_dir) and reuse is not None:
        reuse.written.update((path, (data, _stat(path))) for path, data in outputs.items())
    return result


def harden(result: BuildResult) -> BuildResult:
    """--strict: every warning becomes an error, for teams that gate releases on a clean build."""
    result.diagnostics = [Diagnostic("error", x.span, x.message) for x in result.diagnostics]
    return result


def epoch() -> Optional[int]:
    """SOURCE_DATE_EPOCH, read once per run (the CLI refuses a malformed one first)."""
    return source_date_epoch(os.environ.get("SOURCE_DATE_EPOCH"))[0]


_CONTENT = (".yaml", ".yml", ".json", ".bib")  # read into the model: a change shows in the resolved document


def _render(docs, names: list, pub, variant: Variant, batch, reuse: Optional[Reuse], record_claims: bool,
            progress=None) -> tuple[list, list]:
    """Each document's Rendered (kept from the last run, under its name, when its key is the
    same) and the key it is kept under. `batch`: the run's workers (its documents already
    sent as they were resolved, unless some may be kept)."""
    from .workers import render_all

    stamp = epoch()
    drawn = tuple((p, _stat(p)) for p in pub.files if p.suffix.lower() not in _CONTENT)  # images, fonts
    keys = [(doc, variant, stamp, record_claims, drawn) for doc in docs]
    kept = [reuse.rendered.get(name) if reuse is not None else None for name in names]
    kept = [entry if entry is not None and entry[0] == key else None for entry, key in zip(kept, keys)]
    if batch is not None and reuse is None:
        return batch.collect(), keys
    fresh = iter(render_all([doc for doc, entry in zip(docs, kept) if entry is None], variant, stamp,
                            record_claims, batch.workers if batch is not None else None, progress,
                            batch.files if batch is not None else None))
    return [entry[1] if entry is not None else next(fresh) for entry in kept], keys


def _stat(path: Path) -> Optional[tuple]:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _unaffected_files(pub, only: str) -> set[str]:
    """The document files whose problems cannot change document `only`: every other one when
    each document numbers its citations from 1 (scope `document`); none when one numbering
    runs across the publication (a document that fails to load changes the numbers)."""
    mine = [doc.span.file for doc in pub.documents if doc.id == only]
    if not mine or pub.citations.scope == "publication":
        return set()
    return set(pub.document_files) - set(mine)
