"""PDF bytes for one resolved document, and atomic writing of a whole build."""

from __future__ import annotations

import io
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import Optional, Union

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from ..load.theme import Theme, with_page
from ..resolve.document import ResolvedDocument
from ..variants import Variant, get_variant


def render_pdf(doc: ResolvedDocument, theme: Theme, variant: Union[str, Variant] = "print",
               warnings: Optional[list] = None, claim_pages=None) -> bytes:
    """Lay out and render in memory; nothing touches the output folder here. `warnings`
    collects what layout noticed but could still place (a chart label left out);
    `claim_pages` (a layout.claimpages.ClaimPages) learns the page of every claim. The
    variant's post-processing (render/finish.py) runs on the result."""
    from ..layout.pagenotes import MAX_PASSES, PageNoteState
    from ..layout.pages import make_template, story
    from ..layout.problems import LayoutProblem
    from ..layout.styles import Styles

    variant = get_variant(variant)
    styles = Styles(with_page(theme, doc.page), variant)  # layout asks the variant its questions
    page_notes = PageNoteState(doc.page_notes) if doc.page_notes else None
    epoch = pdf_epoch(doc.date)
    for _ in range(MAX_PASSES):
        buffer = io.BytesIO()
        if claim_pages is not None:
            claim_pages.clear()
        template, canvasmaker = make_template(buffer, doc, styles, page_notes, claim_pages)
        template.build(story(doc, styles, page_notes, claim_pages), canvasmaker=_dated(canvasmaker, epoch))
        if page_notes is None or page_notes.next_pass():
            if warnings is not None:
                warnings.extend(dict.fromkeys(styles.warnings))  # once, however many passes
            from .finish import finish

            return finish(buffer.getvalue(), doc.id, variant, epoch)
    raise LayoutProblem(doc.span, f"footnotes that restart on every page did not settle after {MAX_PASSES} "
                                f"layout passes (a note keeps moving between pages); use 'restart: document' "
                                f"or move the marker")


_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m", "%Y", "%B %Y", "%b %Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y")
_Y2K = 946684800  # ReportLab's invariant date, 2000-01-01


def pdf_epoch(date: str) -> int:
    """Seconds since 1970 for the PDF's CreationDate and ModDate, never the clock (a rebuild
    is byte-identical): SOURCE_DATE_EPOCH when set (an empty value counts as unset; the CLI
    refuses a malformed one), else the document's date of preparation (2026-11, November
    2026) at 00:00 UTC, else 2000-01-01."""
    import calendar
    from datetime import datetime

    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env.lstrip("-").isdigit() and len(env) <= 15:
        return int(env)
    for fmt in _DATE_FORMATS:
        try:
            return calendar.timegm(datetime.strptime(date.strip(), fmt).timetuple())
        except ValueError:
            continue
    return _Y2K


def _dated(canvasmaker: type, epoch: int) -> type:
    """The canvas class with its PDF dates set to `epoch` (ReportLab itself knows only the
    clock, SOURCE_DATE_EPOCH or 2000-01-01)."""
    from reportlab.lib.utils import TimeStamp

    class Stamp(TimeStamp):
        def __init__(self):
            self.t, self.lt = epoch, time.gmtime(epoch)
            self.YMDhms, self.dhh, self.dmm, self.tzname = tuple(self.lt)[:6], 0, 0, "UTC"

    def __init__(self, *args, **kwargs):
        canvasmaker.__init__(self, *args, **kwargs)
        self._doc._timeStamp = Stamp()

    return type(canvasmaker.__name__, (canvasmaker,), {"__init__": __init__})


def render_or_problem(doc: ResolvedDocument, theme: Theme, variant: Union[str, Variant] = "print", claim_pages=None):
    """(pdf, None, warnings) or (None, LayoutProblem, warnings): a plain return, so a process
    pool can carry it."""
    from ..layout.problems import LayoutProblem

    warnings: list = []
    try:
        return render_pdf(doc, theme, variant, warnings, claim_pages), None, warnings
    except LayoutProblem as problem:
        return None, problem, warnings


def render_checked(doc: ResolvedDocument, theme: Theme, variant: Union[str, Variant] = "print") -> tuple:
    """render_or_problem and the preflight findings of its PDF (None without one): preflight
    runs where the PDF was made, so a batch checks in parallel too."""
    pdf, problem, warnings = render_or_problem(doc, theme, variant)
    if pdf is None:
        return pdf, problem, warnings, None
    from ..preflight import check
    from ..variants import get_variant

    expect = get_variant(variant).expect
    page = with_page(theme, doc.page)
    return pdf, problem, warnings, check(pdf, expect, page.page_size, page.bleed if expect.boxes else None)


class Workers:
    """Worker processes for a batch, started before the documents are resolved: each imports
    ReportLab and layout once (its initializer) while the caller is still resolving."""

    def __init__(self, jobs: int):
        from concurrent.futures import ProcessPoolExecutor

        self.jobs = jobs
        self.pool = ProcessPoolExecutor(max_workers=jobs, initializer=_warm_worker)
        for _ in range(jobs):  # the pool starts a process per task while none is idle
            self.pool.submit(int)

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


def render_all(docs: list, theme: Theme, variant: str = "print", workers: Optional[Workers] = None) -> list:
    """render_checked for every document, in order. With workers, the documents are dealt
    into one share per worker, one task per share: a batch scales with cores instead of
    paying a round trip per document."""
    jobs = min(workers.jobs, len(docs)) if workers is not None else 1
    if jobs <= 1:
        return _render_share(docs, theme, variant)
    shares = [docs[i::jobs] for i in range(jobs)]  # dealt round-robin: long and short documents mix
    done = list(workers.pool.map(_render_share, shares, [theme] * jobs, [variant] * jobs))
    results: list = [None] * len(docs)
    for i, share in enumerate(done):
        results[i::jobs] = share
    return results


def _warm_worker() -> None:
    """Each worker pays the layout and preflight imports once, before its share arrives."""
    from .. import preflight  # noqa: F401
    from ..layout import pages  # noqa: F401  (pulls in ReportLab's platypus)


def _render_share(docs: list, theme: Theme, variant: str) -> list:
    return [render_checked(doc, theme, variant) for doc in docs]


def write_all(outputs: dict[Path, bytes]) -> None:
    """Each PDF goes to a temporary file beside its target, then all are renamed into place.

    A temporary file is named `.NAME.pdf.XXXXXXXX.tmp` (never `*.pdf`) and stays locked
    (flock) until it has been renamed or removed, so a later build can tell the leftovers
    of a killed build from the files of one still running, and removes only those.
    Any OSError (a full disk, a read-only folder) propagates after the temporary files are
    removed; the targets are untouched until every file is written and synced.
    """
    staged: list[tuple[str, Path, object]] = []
    swept: set[Path] = set()
    try:
        for target, data in outputs.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.parent not in swept:
                swept.add(target.parent)
                remove_stale_temporaries(target.parent)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            fh = os.fdopen(fd, "wb")
            staged.append((tmp, target, fh))
            _lock(fd, blocking=True)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a PDF is an ordinary file
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        for tmp, target, _ in staged:
            os.replace(tmp, target)
        for folder in swept:
            _fsync_dir(folder)
    finally:
        for tmp, _, fh in staged:
            try:
                if os.path.exists(tmp):
                    os.unlink(tmp)
            except OSError:  # pragma: no cover - the folder became unwritable meanwhile
                pass
            try:
                fh.close()
            except OSError:
                pass


_TEMPORARY = re.compile(r"^\..+\.pdf\.[A-Za-z0-9_]+\.tmp$")
STALE_SECONDS = 60.0


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove what killed builds left in `folder`: temporary PDFs older than a minute that no
    running build holds locked. Returns the removed paths; problems are ignored."""
    removed: list[Path] = []
    if fcntl is None:  # pragma: no cover - not POSIX: leave them, they are hidden and harmless
        return removed
    now = time.time()
    try:
        names = [n for n in os.listdir(folder) if _TEMPORARY.match(n)]
    except OSError:
        return removed
    for name in names:
        path = folder / name
        try:
            st = path.lstat()
            if not stat.S_ISREG(st.st_mode) or now - st.st_mtime < STALE_SECONDS:
                continue
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if _lock(fd, blocking=False):
                os.unlink(path)
                removed.append(path)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def _lock(fd: int, blocking: bool) -> bool:
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    except OSError:  # a file system without locks: write ours anyway, never remove another's
        return blocking
    return True


def _fsync_dir(folder: Path) -> None:
    """Make the renames durable; not every platform or file system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
