"""Running a function over many inputs, in input order: in this process, in worker processes
(which die with the batch, even when it is killed with SIGKILL), or on a Dask cluster; and
`parse_many`, which parses that way.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from ..errors import BatchError
from ..models import Document
from .files import FailedFile, _Options, _parse_one

T = TypeVar("T")


R = TypeVar("R")


def _worker_init(parent: int) -> None:
    """Run in each worker process as it starts: leave Ctrl-C to the parent (which stops the
    workers), and die with the parent even when it is killed without warning (``kill -9``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    identity = _process_identity(parent)
    if identity is None:  # the parent is already gone
        os._exit(1)
    watchdog = threading.Thread(
        target=_watch_parent, args=(parent, identity), name="policytext-watchdog", daemon=True
    )
    watchdog.start()


_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Ask Linux to kill this process when the process that forked it dies.

    The fork server forks the workers, and it exits when the batch process dies; so a worker
    goes at once. The watchdog thread covers the other systems and start methods."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _process_identity(pid: int) -> str | None:
    """Something that names the running process `pid` and changes if the number is reused
    (its start time where /proc tells it), or None when no such process runs (a zombie, whose
    parent has not collected it yet, counts as gone)."""
    if not _HAS_PROC:
        return "?" if _pid_alive(pid) else None
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat_line = f.read()
    except FileNotFoundError:
        return None
    except OSError:
        stat_line = b""
    if stat_line:
        fields = stat_line[stat_line.rfind(b")") + 2 :].split()
        if not fields or fields[0] in (b"Z", b"X"):
            return None
        return fields[19].decode() if len(fields) > 19 else "?"
    return "?" if _pid_alive(pid) else None


_HAS_PROC = os.path.exists("/proc/self/stat")


def _pid_alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # cannot tell cheaply; assume it runs
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_WATCH_INTERVAL_S = 0.5


def _watch_parent(parent: int, identity: str) -> None:
    while True:
        time.sleep(_WATCH_INTERVAL_S)
        if _process_identity(parent) != identity:
            os._exit(1)


@functools.cache
def _mp_context() -> multiprocessing.context.BaseContext:
    """Fresh worker processes, never forks of this one (whose threads a fork would break).

    Where it exists, a fork server that has imported policytext forks the workers, so they
    start without importing it again; elsewhere they are spawned. The context is made once per
    process, so the fork server's preload list is set once (it is read when the server starts).
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["policytext.batch"])
        return context
    return multiprocessing.get_context("spawn")


def default_workers() -> int:
    """The number of processes used when none is given: the machine's CPU count."""
    return max(1, os.cpu_count() or 1)


def _ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int,
    client: Any = None,
    lost: Callable[[T, BaseException], R] | None = None,
) -> Iterator[R]:
    """`map(fn, items)` in input order, with a bounded number of tasks in flight.

    On Dask, an item whose task killed its workers (`KilledWorker`: out of memory, a crash)
    is tried once more alone, and yields `lost(item, error)` when that kills a worker too and
    `lost` is given. A local worker process that dies breaks
    the pool: `BatchError`.
    """
    if client is not None:
        yield from _dask_map(fn, items, client, lost)
        return
    if workers <= 1:
        for item in items:
            yield fn(item)
        return
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(
        workers, mp_context=_mp_context(), initializer=_worker_init, initargs=(os.getpid(),)
    )
    pending: deque[Future[R]] = deque()
    source = iter(items)
    try:
        for item in source:
            pending.append(pool.submit(fn, item))
            if len(pending) >= 4 * workers:
                break
        while pending:
            try:
                result = pending.popleft().result()
            except BrokenProcessPool:
                raise BatchError(
                    "a worker process died (out of memory?); what was written is kept: rerun "
                    "the same command to resume, with fewer workers if memory is short"
                ) from None
            for item in source:
                pending.append(pool.submit(fn, item))
                break
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _dask_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    client: Any,
    lost: Callable[[T, BaseException], R] | None,
) -> Iterator[R]:
    from distributed import KilledWorker

    # Enough tasks in flight to keep every worker thread busy, and some for workers that join.
    threads = sum(client.nthreads().values())
    window = max(32, 4 * threads)
    pending: deque[tuple[T, Any]] = deque()
    source = iter(items)
    try:
        for item in source:
            pending.append((item, client.submit(fn, item, pure=False)))
            if len(pending) >= window:
                break
        while pending:
            item, future = pending.popleft()
            try:
                result: R = future.result()
            except KilledWorker:
                if lost is None:
                    raise
                result = _alone(fn, item, client, lost)
            for nxt in source:
                pending.append((nxt, client.submit(fn, nxt, pure=False)))
                break
            yield result
    finally:
        if pending:
            client.cancel([f for _, f in pending])


def _alone(
    fn: Callable[[T], R],
    item: T,
    client: Any,
    lost: Callable[[T, BaseException], R],
) -> R:
    """`fn(item)` on the cluster once more, alone: a task queued on a worker that another
    item killed dies with it; only an item that kills its worker by itself is `lost`."""
    from distributed import KilledWorker

    try:
        result: R = client.submit(fn, item, pure=False).result()
    except KilledWorker as again:
        return lost(item, again)
    return result


def _lost(path: str, exc: BaseException) -> FailedFile:
    return FailedFile(
        path,
        None,
        "PT999",
        type(exc).__name__,
        f"{path}: the workers parsing it died (out of memory, or a crash): {exc}",
    )


def parse_many(
    paths: Iterable[str | os.PathLike[str]],
    *,
    workers: int | None = None,
    client: Any = None,
    encoding: str | None = None,
    lexicons: Sequence[str | os.PathLike[str]] = (),
) -> Iterator[Document | FailedFile]:
    """Parse many report files; yield a `Document` or a `FailedFile` per path, in input order.

    `workers` processes parse at once (default: the CPU count; 1 parses in this process).
    With `client` (a `distributed.Client`), the files are parsed on that Dask cluster
    instead; its workers must see the same files and have policytext installed. Each
    `Document` equals ``policytext.parse(path)`` with `source.path` made absolute.

    >>> from policytext.batch import parse_many
    >>> [d.sections[0].title for d in parse_many(["seeds/jinzhou_2019_part2.txt"], workers=1)]
    ['2019年主要工作安排']
    """
    options = _Options(encoding, tuple(str(p) for p in lexicons))
    fn = functools.partial(_parse_one, options=options)
    todo = (os.path.abspath(p) for p in paths)
    yield from _ordered_map(fn, todo, workers=_workers(workers), client=client, lost=_lost)


def _workers(workers: int | None) -> int:
    if workers is None:
        return default_workers()
    if workers < 1:
        raise BatchError(f"workers must be at least 1, not {workers}")
    return workers
