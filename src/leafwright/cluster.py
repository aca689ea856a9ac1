"""`--dask ADDRESS`: documents rendered as tasks on a Dask distributed cluster, a running
scheduler's (`tcp://host:8786`) or one started for the run (`local:N`).

The Dask client lives in a process of its own, the gateway, made by the fork server that
imported Dask and everything a task needs (or spawned where there is none). This process
never imports Dask: it hands the gateway each chunk of documents, pickled once, and the
files they draw, and hears back each chunk's result, pickled once by the worker. In this
process, Dask's import, the client's event loop and a LocalCluster's scheduler and nannies
would take the interpreter lock from the load and resolve for over a second while the
workers waited (200 documents: 6.1 s, against 5.6 s with the gateway). For `local:N` the
gateway also runs the cluster, and its workers are forked from it, warm.

What Dask brings is kept: its scheduler retries a task whose worker was lost, a worker
that joins later (or replaces a lost one) is given the files by Dask from another, and the
same command runs on a laptop, a Slurm or PBS allocation (dask-jobqueue) or Kubernetes
(dask-kubernetes).
"""

from __future__ import annotations

import itertools
import pickle
import shutil
import tempfile
import threading
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass
from typing import Optional

from .workers import _WARM, WorkersFailed, _StartedInThread, _warm_worker, served

# A cluster started for one run, with no dashboard to feed: no statistical profiler sampling
# each task's stack every 10 ms, no work stealing (chunks are small and even), the
# event-loop, memory and system monitors at a slower pace, and no HTTP routes (metrics,
# health, JSON) to import and serve. Measured on an idle LocalCluster of 2 workers: 0.073 s
# of CPU a second with Dask's defaults, 0.011 s with these.
_LOCAL_CONFIG = {"distributed.worker.profile.enabled": False, "distributed.scheduler.work-stealing": False,
                 "distributed.admin.tick.interval": "500ms", "distributed.worker.memory.monitor-interval": "1s",
                 "distributed.admin.system-monitor.interval": "2s", "distributed.scheduler.http.routes": [],
                 "distributed.worker.http.routes": []}


@dataclass(frozen=True)
class _Shared:
    """A file the gateway scattered to every worker, named by its digest in a task's arguments."""
    digest: str


class DaskWorkers(_StartedInThread):
    """The Batch's side of the gateway: tasks go out as messages, and each comes back as a
    concurrent.futures.Future resolved by a reader thread. A thread starts the gateway while
    this process loads and resolves (the first task waits for it)."""

    carries_files = False

    def __init__(self, address: str):
        import importlib.util

        if importlib.util.find_spec("distributed") is None:
            raise SystemExit("leafwright: error: --dask needs Dask distributed: pip install 'leafwright[cluster]'")
        local = address.startswith("local:")
        self.jobs = int(address.split(":", 1)[1]) if local else 1  # until the gateway says how many
        self.address: Optional[str] = None  # the scheduler's, once the gateway is ready
        self.failed: Optional[BaseException] = None
        self.futures: dict[int, Future] = {}
        self.lost = False  # the gateway is gone: what was in flight failed
        self.keys = itertools.count()
        self.sending = threading.Lock()
        self.tasks = threading.Lock()  # a task is either in `futures` before the loss, or refused after it
        # a local cluster's scratch space, removed with it (Dask would leave its own in TMPDIR)
        self.scratch = tempfile.mkdtemp(prefix="leafwright-dask-") if local else None
        context = _gateway_context(local)
        self.link, there = context.Pipe()
        self.gateway = context.Process(target=_gateway, args=(there, address, self.scratch),
                                       name="leafwright-dask-gateway")
        self.starting: Optional[threading.Thread] = threading.Thread(target=self._start, args=(there,), daemon=True)
        self.starting.start()

    def _start(self, there) -> None:
        """The gateway started (from the fork server, or spawned: never a plain fork of this
        process, which has threads) and its word awaited."""
        try:
            self.gateway.start()
            there.close()
            said = self.link.recv() if self.link.poll(300) else ("error", "no answer in 300 s")
            if said[0] != "ready":
                raise WorkersFailed(f"--dask: {said[1]}")
            self.address, self.jobs = said[1], said[2]
            threading.Thread(target=self._read, daemon=True).start()
        except BaseException as exc:  # said when the first task is sent
            self.failed = exc

    def _read(self) -> None:
        """Each chunk's result, as the gateway sends it; when the gateway fails or ends,
        every task in flight fails with what it said."""
        said = "the connection to the cluster ended"
        while True:
            try:
                message = self.link.recv()
            except (EOFError, OSError):
                break
            if message[0] == "error":
                said = message[1]
                break
            kind, key, value = message
            future = self.futures.pop(key, None)
            try:
                if future is None:
                    continue
                if kind == "done":
                    future.set_result(pickle.loads(value))
                else:
                    future.set_exception(WorkersFailed(f"--dask: a task failed: {value}"))
            except InvalidStateError:  # cancelled meanwhile
                pass
        with self.tasks:
            self.lost = True
            for future in self.futures.values():
                if not future.done():
                    future.set_exception(WorkersFailed(f"--dask: {said}"))

    def _say(self, message: tuple) -> None:
        try:
            with self.sending:
                self.link.send(message)
        except OSError as exc:  # (not a BrokenPipeError for the command line: that is stdout's reader leaving)
            raise WorkersFailed("--dask: the connection to the cluster ended") from exc

    def ready(self) -> None:
        """Wait for the gateway (and a local cluster) being started."""
        self._wait_started()
        if self.failed is not None:
            raise self.failed

    def submit(self, fn, *args) -> Future:
        """`fn(*args)` as a task whose arguments travel pickled once, here, as bytes; the
        files among them (dicts of _Shared) are put in by the gateway as Dask's futures, for
        Dask to put each file's data in their place on the worker."""
        self.ready()
        shared = {i: [s.digest for s in a.values()] for i, a in enumerate(args)
                  if isinstance(a, dict) and a and all(isinstance(v, _Shared) for v in a.values())}
        packed = pickle.dumps([None if i in shared else a for i, a in enumerate(args)], pickle.HIGHEST_PROTOCOL)
        future: Future = Future()
        key = next(self.keys)
        with self.tasks:
            if self.lost:
                raise WorkersFailed("--dask: the connection to the cluster ended")
            self.futures[key] = future
        self._say(("submit", key, fn, packed, shared))
        return future

    def share(self, blobs: dict[str, bytes]) -> dict:
        """Each file once to every worker (the gateway scatters it); a task names it by the
        _Shared returned here."""
        self.ready()
        if blobs:
            self._say(("share", blobs))
        return {d: _Shared(d) for d in blobs}

    def close(self) -> None:
        self._wait_started()
        if self.gateway.pid is not None:
            try:
                self._say(("close",))  # (the gateway also stops when this process is gone)
            except WorkersFailed:
                pass
            self.gateway.join(30)
            if self.gateway.is_alive():
                self.gateway.kill()
                self.gateway.join()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)


def _gateway_context(local: bool):
    """Where the gateway comes from: the fork server, started now with Dask distributed (and,
    for a local cluster's workers, everything a task needs) imported once while this process
    loads; where there is none, a spawned process that imports them itself."""
    import multiprocessing

    return served(["distributed", *(_WARM if local else ())]) or multiprocessing.get_context("spawn")


def _gateway(link, address: str, scratch: Optional[str]) -> None:
    """In the gateway: the client (and the local cluster), then each message from the run
    until it says close or ends. Ctrl-C is the run's to handle: it closes the gateway."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    cluster = client = None
    try:
        from distributed import Client

        if address.startswith("local:"):
            cluster = _local_cluster(int(address.split(":", 1)[1]), scratch)
            address = cluster.scheduler_address
        # From the run's own cluster, results come straight from its workers, not through
        # its scheduler (each PDF would cross one more process).
        client = Client(address, direct_to_workers=cluster is not None)
        workers = list(client.scheduler_info().get("workers", {}))
        for a in workers:  # one a worker, not waited for: while the run loads and resolves
            client.submit(_warm_worker, workers=[a], allow_other_workers=False, pure=False)
        link.send(("ready", address, max(1, len(workers))))
        _serve(link, client)
    except BaseException as exc:
        try:
            link.send(("error", f"{type(exc).__name__}: {exc}"))
        except OSError:
            pass
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _serve(link, client) -> None:
    """Files scattered, tasks submitted, each result sent back as it comes (from Dask's
    callback thread, while this one waits for the next message)."""
    from functools import partial

    sending = threading.Lock()
    shared: dict = {}
    running: dict = {}  # key -> Dask future, held until its result is sent

    def answer(key: int, future) -> None:
        try:
            message = ("done", key, future.result())
        except BaseException as exc:
            message = ("failed", key, f"{type(exc).__name__}: {exc}")
        running.pop(key, None)
        with sending:
            try:
                link.send(message)
            except OSError:
                pass

    while True:
        try:
            message = link.recv()
        except (EOFError, OSError):
            return
        if message[0] == "share":
            shared.update(client.scatter(message[1], broadcast=True, hash=False))
        elif message[0] == "submit":
            _, key, fn, packed, files = message
            native = {i: {d: shared[d] for d in digests} for i, digests in files.items()}
            running[key] = future = client.submit(_unpacked_call, fn, packed, native, pure=False)
            future.add_done_callback(partial(answer, key))
        else:  # close
            return


def _local_cluster(jobs: int, scratch: Optional[str]):
    """A LocalCluster of `jobs` single-threaded workers, forked from this process, which
    holds Dask and the warm-up already; Dask's default, spawn, would have each import them
    again (about 1 s of CPU a worker). On macOS, where a fork is not safe, they are spawned."""
    import importlib
    import sys

    import dask
    from distributed import LocalCluster

    for name in _WARM:  # (imported already when the gateway came from the fork server)
        importlib.import_module(name)
    config = {**_LOCAL_CONFIG, "temporary-directory": scratch}
    if sys.platform.startswith("linux"):
        config["distributed.worker.multiprocessing-method"] = "fork"
    with dask.config.set(config):
        # (the scheduler's HTTP server on a free port: on the dashboard's 8787, taken by
        # another cluster on the machine, Dask would say so on stderr)
        return LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                            silence_logs=50, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})


def _unpacked_call(fn, packed: bytes, native: dict) -> bytes:
    """In a Dask worker: `fn` on the arguments DaskWorkers.submit packed, the futures among
    them replaced by Dask with their data; the result pickled here, once, for the run (the
    gateway passes it on as it is)."""
    args = pickle.loads(packed)
    for i, value in native.items():
        args[i] = value
    return pickle.dumps(fn(*args), pickle.HIGHEST_PROTOCOL)


def dask_address_problem(address: str) -> Optional[str]:
    """Why `--dask ADDRESS` cannot be used, said before anything is loaded."""
    if address.startswith("local:"):
        count = address.split(":", 1)[1]
        return None if count.isdigit() and int(count) >= 1 else \
            f"--dask local:N needs a number of workers of at least 1, not '{count}'"
    if "://" not in address and ":" not in address:
        return f"--dask takes a scheduler address (tcp://host:8786) or local:N, not '{address}'"
    return None
