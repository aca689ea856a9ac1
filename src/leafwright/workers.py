"""Where `pipeline.render_document` runs: in this process, in local worker processes
(`--jobs N`), or on a Dask distributed cluster (`--dask ADDRESS`, `--dask local:N`).

A task is a small chunk of documents rendered on picklable inputs (resolved documents, a
variant, an epoch), so what a worker returns is what this process would have made, byte
for byte. Documents go out as soon as they are resolved, in chunks taken from a queue as
workers free up (smaller towards the end, so the last ones finish close together). The
Dask side, imported only for `--dask`, is cluster.py.

Workers need no shared disk and never read the publication folder: the files a document
draws (font faces, images, what an SVG refers to) are read here once, right after load,
and known by the SHA-256 of their content. A task names its files by digest; a worker
receives each file's bytes once (Dask: scattered to every worker, and given by Dask to a
worker that replaces a lost one; local processes: sent with the first chunk each worker may
take, or when a worker asks) and writes each once into a folder of its own,
laid out as the publication is, so an SVG finds what it refers to. The document is then
pointed at those copies; fonts and charts know a file by its content, so the bytes are the
same (layout/fonts.py, layout/charts/spec.py).
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
import shutil
import tempfile
import threading
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Optional

from .variants import Variant

Progress = Callable[[int, int], None]  # (documents done, total)


class _StartedInThread:
    """Workers that a thread starts while this process loads and resolves: a document
    resolved meanwhile waits for the next chunk rather than for them (Batch asks `started`).
    Local processes and the Dask gateway both answer tasks with concurrent.futures Futures."""

    starting: Optional[threading.Thread] = None

    def started(self) -> bool:
        """Whether a task can go out without waiting for the workers to start."""
        return self.starting is None or not self.starting.is_alive()

    def _wait_started(self) -> None:
        if self.starting is not None:
            self.starting.join()
            self.starting = None

    def first_done(self, futures: set) -> tuple[set, set]:
        """The tasks done, and those still running, once at least one is done (both kinds
        of workers hand out concurrent.futures Futures)."""
        done, waiting = wait(futures, return_when=FIRST_COMPLETED)
        return set(done), set(waiting)


class Workers(_StartedInThread):
    """Local worker processes, started before the publication is loaded. Where a worker
    can start without running the caller's script again (the command line, `python -m`, a
    notebook), they are forked from a fork server that imports ReportLab, layout, render and
    preflight once while this process loads and resolves, instead of each worker importing
    them (the largest cost of a worker beyond its documents); each worker then takes this
    process's environment and folder. Elsewhere they are plain forks that import for
    themselves, as before.

    Each worker has a pipe of its own: a task goes out on it when the worker is free, and
    its result comes back on it. Not ProcessPoolExecutor: Python 3.11's waits forever for
    the rest of a result whose worker died while sending it (killed, out of memory: a
    worker killed 0.75 s into sending 400 MB left it waiting); here a worker's death is the
    end of its pipe, and the run fails at once."""

    carries_files = True  # no store to put files in first: they go with the tasks

    def __init__(self, jobs: int):
        self.jobs = jobs
        context = _fork_server()
        served = context is not None
        context = context or _plain_context()
        self.context = context
        # The workers' copies of the files, one folder each under one of the run's, removed by
        # close even when a worker was killed (a worker ends in os._exit: no atexit handler).
        self.home = tempfile.mkdtemp(prefix="leafwright-files-")
        self.setting = ((dict(os.environ), os.getcwd()) if served else (None, None)) + (self.home,)
        self.links: list = []
        self.processes: list = []
        self.lock = threading.Lock()
        self.idle: deque = deque()  # links of workers waiting for a task
        self.queue: deque = deque()  # (future, task) not yet sent
        self.busy: dict = {}  # link -> the future of the task it runs
        self.failed: Optional[str] = None
        # Starting a worker waits for the fork server's imports: a thread waits, not the load.
        # (Never fork from a thread: a lock another thread holds, the import lock, stays held.)
        self.starting: Optional[threading.Thread] = None
        if served:
            self.starting = threading.Thread(target=self._start, daemon=True)
            self.starting.start()
        else:
            self._start()

    def _start(self) -> None:
        """Each worker's pipe made just before it starts, and this process's copy of the
        worker's end closed just after: a plain fork of a later worker must not hold an
        earlier one's end, or that worker's death would not end its pipe."""
        for _ in range(self.jobs):
            here, there = self.context.Pipe()
            process = self.context.Process(target=_serve, args=(there, *self.setting), daemon=True,
                                           name="leafwright-worker")
            process.start()
            there.close()
            self.links.append(here)
            self.processes.append(process)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        """Each worker's word, as it comes: ready, a result, a task's failure, or its end."""
        from multiprocessing.connection import wait as readable

        live = list(self.links)
        while live:
            for link in readable(live):
                try:
                    kind, value = link.recv()
                except (EOFError, OSError):  # the worker died, or was told to stop
                    live.remove(link)
                    with self.lock:
                        if self.failed is None:  # (not told to stop)
                            self._fail("a worker process ended unexpectedly (killed, or out of memory?)")
                    continue
                with self.lock:
                    future = self.busy.pop(link, None)
                    if future is not None and kind == "done":
                        future.set_result(value)
                    elif future is not None:
                        future.set_exception(RuntimeError(f"a task failed in a worker process:\n{value}"))
                    self.idle.append(link)
                    self._dispatch()

    def _fail(self, why: str) -> None:
        """Every task in flight or waiting fails with `why` (the lock held)."""
        self.failed = why
        for future in [*self.busy.values(), *(f for f, _ in self.queue)]:
            if not future.done():
                future.set_exception(WorkersFailed(why))
        self.busy.clear()
        self.queue.clear()

    def _dispatch(self) -> None:
        """Waiting tasks to free workers (the lock held)."""
        while self.idle and self.queue:
            future, task = self.queue.popleft()
            if future.set_running_or_notify_cancel():
                link = self.idle.popleft()
                self.busy[link] = future
                try:
                    link.send(task)
                except OSError:  # it died while idle: its end of file is on its way to the reader
                    self._fail("a worker process ended unexpectedly (killed, or out of memory?)")

    def submit(self, fn, *args) -> Future:
        future: Future = Future()
        with self.lock:
            if self.failed is not None:
                future.set_exception(WorkersFailed(self.failed))
            else:
                self.queue.append((future, (fn, args)))
                self._dispatch()
        return future

    def close(self) -> None:
        """Idle workers stop; a worker still in a task (the run failed, or was interrupted) is
        killed rather than waited for."""
        self._wait_started()
        with self.lock:
            stopping = [link for link in self.links if link not in self.busy]
            self._fail("the run ended")
        for link in stopping:
            try:
                link.send(None)
            except OSError:
                pass
        for link, process in zip(self.links, self.processes):
            process.join(10 if link in stopping else 0)
            if process.is_alive():
                process.kill()
                process.join()
            link.close()
        shutil.rmtree(self.home, ignore_errors=True)


def prestart() -> None:
    """Start the fork server now, before this process imports the pipeline: its own imports
    (about a third of a second, what a worker waits for) then overlap this process's as well
    as the load. The command line calls it for `--jobs N`; `Workers` finds it running."""
    _fork_server()


def _fork_server():
    """The fork server context, its server running with its imports set, when workers may
    use it; else None (the platform's default). A worker started by a fork server imports the
    caller's main module again unless it is a package's `__main__`, the CLI, or there is none
    (a notebook): a script without `if __name__ == "__main__":` would run again in every
    worker. The server listens on a socket in the temporary folder: under a TMPDIR too long
    for a socket's path (108 bytes) it cannot start, and workers are plain forks."""
    import sys

    main = sys.modules.get("__main__")
    name = getattr(getattr(main, "__spec__", None), "name", "") or ""
    safe = name.endswith(".__main__") or name == "leafwright.cli" or not getattr(main, "__file__", None)
    return served(list(_WARM)) if safe else None


def served(preload: list[str]):
    """The fork server context, the server started with `preload` imported after
    leafwright.forkexit (its quick exit), or None where there is none or it cannot start (a
    TMPDIR too deep for its socket). A server already running keeps its own list."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["leafwright.forkexit", *preload])
    return context if _server_running() else None


def _plain_context():
    """Where there is no fork server: plain forks on Linux (where Python 3.14 would otherwise
    choose the fork server that could not start), the platform's default elsewhere."""
    import sys

    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)


def _server_running() -> bool:
    from multiprocessing import forkserver

    try:
        forkserver.ensure_running()
    except OSError:
        return False
    return True


# --- the files a task draws, by content ---------------------------------------------------------

_DRAWN = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".svg", ".svgz",
          ".ttf", ".otf", ".ttc"}


class Files:
    """The files the run's documents draw, read once in this process: path -> digest, and
    digest -> bytes. `read_loaded` takes them right after load, so nothing after it needs the
    publication folder; a file a document names that was not read then is read when first named."""

    def __init__(self):
        self.digests: dict[Path, str] = {}
        self.data: dict[str, bytes] = {}
        self.refers: dict[Path, list[Path]] = {}  # an SVG -> the files it refers to

    def read(self, paths: Iterable[Path]) -> None:
        from .load.images import svg_references

        todo = [Path(p) for p in paths]
        while todo:
            path = todo.pop()
            if path in self.digests:
                continue
            try:
                data = path.read_bytes()
            except OSError:  # a missing image was reported at load
                continue
            self.digests[path] = digest = hashlib.sha256(data).hexdigest()
            self.data[digest] = data
            if path.suffix.lower() in (".svg", ".svgz"):
                self.refers[path] = svg_references(path)
                todo.extend(self.refers[path])

    def read_loaded(self, pub) -> None:
        """What a loaded publication may draw: its images and fonts, its theme's faces."""
        faces = pub.theme.font_files.values() if pub.theme is not None else ()
        self.read([p for p in pub.files if p.suffix.lower() in _DRAWN] + [p for f in faces for p in f.values()])

    def of(self, doc) -> dict[str, str]:
        """Every file `doc` draws, with what each SVG refers to, as its path here -> its digest."""
        from .resolve.document import RImage, walk

        paths = [Path(p) for faces in doc.theme.font_files.values() for p in faces.values()]
        paths += [b.path for b in walk(doc.blocks) if isinstance(b, RImage)]
        self.read(paths)
        manifest: dict[str, str] = {}
        while paths:
            path = paths.pop()
            if path in self.digests and str(path) not in manifest:
                manifest[str(path)] = self.digests[path]
                paths.extend(self.refers.get(path, ()))
        return manifest


# --- a run's documents in flight ------------------------------------------------------------------

class WorkersFailed(RuntimeError):
    """The workers could not run the run's tasks: a cluster that cannot be reached or was
    lost, a worker process that ended mid-task (killed, out of memory). Said as one line on
    the command line, not a traceback; nothing is written."""


@dataclass(frozen=True)
class _Missing:
    """A worker's answer when it lacks some files' bytes: the chunk goes again with them."""
    digests: tuple[str, ...]


class Batch:
    """The documents of one run: `add` each as soon as it is resolved (it goes out when a
    chunk is full), `collect` the Rendered of all, in the order added. With no workers, or
    a single document (no round trip is worth it), `collect` renders them here."""

    def __init__(self, workers, total: int, variant: Variant, epoch: Optional[int], record_claims: bool = False,
                 files: Optional[Files] = None, progress: Optional[Progress] = None):
        self.workers, self.total, self.progress = workers, total, progress
        self.args = (variant, epoch, record_claims)
        self.files = files or Files()
        self.docs: list = []
        self.waiting: list[int] = []  # added, not yet sent
        self.futures: dict = {}  # future -> (indexes, manifests)
        self.shared: dict = {}  # Dask: digest -> future
        self.held: dict[str, set] = {}  # local processes: digest -> the workers that said they hold it
        self.offered: dict[str, int] = {}  # local processes: digest -> chunks it went with
        self.sent = 0
        self.run = os.urandom(8).hex()  # where this run's copies go in each worker's folder

    def add(self, doc) -> None:
        self.docs.append(doc)
        self.waiting.append(len(self.docs) - 1)
        if self.workers is not None and self.total > 1 and self.workers.started():
            self._flush(whole=False)  # while the workers start, resolving goes on: they get it all then

    def _flush(self, whole: bool) -> None:
        """The waiting documents out in chunks; `whole`: the last, smaller chunk too."""
        while self.waiting and (whole or len(self.waiting) >= self._size()):
            size = self._size()
            self._send(self.waiting[:size])
            self.waiting = self.waiting[size:]

    def _size(self) -> int:
        """Documents a chunk: about a third of a worker's fair share of what is left, at most
        8 (a round trip costs little next to a document), down to 1 at the end."""
        left = max(1, max(self.total, len(self.docs)) - self.sent)
        return max(1, min(8, math.ceil(left / (self.workers.jobs * 3))))

    def _send(self, indexes: list[int], blobs: Optional[dict] = None) -> None:
        manifests = [self.files.of(self.docs[i]) for i in indexes]
        needed = {d for m in manifests for d in m.values()}
        if self.workers.carries_files:  # with the first chunks, one a worker; a worker without them asks
            if blobs is None:
                blobs = {d: self.files.data[d] for d in needed
                         if self.offered.get(d, 0) < self.workers.jobs and len(self.held.get(d, ())) < self.workers.jobs}
            for d in blobs:
                self.offered[d] = self.offered.get(d, 0) + 1
        else:
            fresh = {d: self.files.data[d] for d in needed if d not in self.shared}
            self.shared.update(self.workers.share(fresh))
            blobs = {d: self.shared[d] for d in needed}
        future = self.workers.submit(_render_chunk, [self.docs[i] for i in indexes], *self.args, True,
                                     self.run, manifests, blobs)
        self.futures[future] = (indexes, manifests)
        self.sent += len(indexes)

    def collect(self) -> list:
        """Every document's Rendered, in order; Ctrl-C or a failure cancels what has not started."""
        if self.workers is None or len(self.docs) <= 1:  # with workers, the parent left the glyph check to the tasks
            out = []
            for doc in self.docs:
                out.append(_render_chunk([doc], *self.args, self.workers is not None)[0])
                if self.progress is not None:
                    self.progress(len(out), len(self.docs))
            return out
        self._flush(whole=True)
        results: list = [None] * len(self.docs)
        done = 0
        pending = set(self.futures)
        try:
            while pending:
                finished, pending = self.workers.first_done(pending)
                for future in finished:
                    indexes, manifests = self.futures.pop(future)
                    answer = future.result()
                    if isinstance(answer, _Missing):  # a worker without some files: once more, with them
                        self.sent -= len(indexes)
                        self._send(indexes, {d: self.files.data[d] for d in answer.digests})
                        pending.update(f for f in self.futures if f not in pending)
                        continue
                    worker, rendered = answer
                    for m in manifests:
                        for d in m.values():
                            self.held.setdefault(d, set()).add(worker)
                    for i, one in zip(indexes, rendered):
                        results[i] = one
                    done += len(indexes)
                    if self.progress is not None:
                        self.progress(done, len(self.docs))
        finally:
            self.cancel()
        return results

    def cancel(self) -> None:
        """What has not started never will (a failed run, Ctrl-C)."""
        for future in self.futures:
            future.cancel()


def render_all(docs: list, variant: Variant, epoch: Optional[int], record_claims: bool = False,
               workers=None, progress: Optional[Progress] = None, files: Optional[Files] = None) -> list:
    """pipeline.render_document for every document, in order (a Batch given them all at once)."""
    batch = Batch(workers, len(docs), variant, epoch, record_claims, files, progress)
    for doc in docs:
        batch.add(doc)
    return batch.collect()


# --- in a worker ----------------------------------------------------------------------------------

_WARM = ("leafwright.warmup",)  # importing it loads what a task needs


def _warm_worker(environ: Optional[dict] = None, cwd: Optional[str] = None) -> None:
    """Each worker pays every import a task needs once, before its first task (nothing left
    to do in a fork of a process that did), in the caller's environment and folder (a fork
    server's child has the server's)."""
    import importlib

    if environ is not None:
        os.environ.clear()
        os.environ.update(environ)
    if cwd is not None:
        os.chdir(cwd)
    for name in _WARM:
        importlib.import_module(name)


def _serve(link, environ: Optional[dict], cwd: Optional[str], home: str) -> None:
    """A local worker: warm, then each task its pipe brings, until told to stop or the pipe
    ends. Its copies of the files go in a folder of its own under the run's `home`. A task's
    exception goes back as its traceback; Ctrl-C ends the worker quietly (the run says it
    was interrupted)."""
    import traceback

    _HOME[:] = [Path(home) / str(os.getpid())]
    try:
        _warm_worker(environ, cwd)
        link.send(("ready", None))
        while True:
            try:
                task = link.recv()
            except EOFError:
                return
            if task is None:
                return
            fn, args = task
            try:
                answer = ("done", fn(*args))
            except Exception:
                answer = ("failed", traceback.format_exc())
            link.send(answer)
    except KeyboardInterrupt:
        return


_HELD: dict[str, bytes] = {}  # digest -> bytes, every file this worker was sent
_PLACED: dict[tuple[str, str], Path] = {}  # (run, path in the parent) -> this worker's copy
_HOME: list[Path] = []  # this worker's folder for copies, made when first needed


def _render_chunk(docs: list, variant: Variant, epoch: Optional[int], record_claims: bool,
                  check_first: bool = False, run: Optional[str] = None, manifests: Optional[list] = None,
                  blobs: Optional[dict] = None):
    """A chunk's Rendered documents (with this worker's id, so the parent knows what it holds),
    or _Missing when files it was not sent are needed. Without manifests (in the parent) the
    documents draw the files where they are."""
    from .pipeline import render_document

    if manifests is None:
        return [render_document(doc, variant, epoch, record_claims, check_first) for doc in docs]
    _HELD.update(blobs or {})
    missing = sorted({d for m in manifests for d in m.values() if d not in _HELD})
    if missing:
        return _Missing(tuple(missing))
    rendered = [render_document(_relocated(doc, _placed(run, m)), variant, epoch, record_claims, check_first)
                for doc, m in zip(docs, manifests)]
    return _worker_id(), rendered


def _worker_id() -> str:
    import socket

    return f"{socket.gethostname()}:{os.getpid()}"


def _placed(run: str, manifest: dict[str, str]) -> dict[Path, Path]:
    """Each file of `manifest` written once into this worker's folder for the run, at the
    path it has in the parent (so an SVG's relative references still meet their files)."""
    if not _HOME:
        _HOME.append(_dask_home() or _own_home())
    out = {}
    for name, digest in manifest.items():
        local = _PLACED.get((run, name))
        if local is None:
            local = _HOME[0] / run / Path(name).relative_to(Path(name).anchor)
            local.parent.mkdir(parents=True, exist_ok=True)
            local.write_bytes(_HELD[digest])
            _PLACED[(run, name)] = local
        out[Path(name)] = local
    return out


def _dask_home() -> Optional[Path]:
    """A Dask worker's own folder, which Dask removes when the worker ends, and purges at the
    next start after one was killed."""
    import sys

    if "distributed" not in sys.modules:
        return None
    from distributed import get_worker

    try:
        return Path(get_worker().local_directory) / "leafwright-files"
    except ValueError:  # not in a worker
        return None


def _own_home() -> Path:
    """A folder removed when this worker process ends (not by atexit: a worker ends in
    os._exit, which runs multiprocessing's finalizers but no atexit handler)."""
    from multiprocessing.util import Finalize

    home = Path(tempfile.mkdtemp(prefix="leafwright-files-"))
    Finalize(None, shutil.rmtree, args=(home, True), exitpriority=0)
    return home


def _relocated(doc, where: dict[Path, Path]):
    """`doc` drawing this worker's copies of its fonts and images."""
    from .resolve.document import RImage, map_blocks

    if not where:
        return doc
    fonts = {family: {face: where.get(Path(p), p) for face, p in faces.items()}
             for family, faces in doc.theme.font_files.items()}
    blocks = map_blocks(lambda b: replace(b, path=where.get(b.path, b.path)) if isinstance(b, RImage) else b,
                        doc.blocks)
    return replace(doc, theme=replace(doc.theme, font_files=fonts), blocks=blocks)
