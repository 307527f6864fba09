"""The Dask engine of `run_batch`: the workers write the parts, the batch commits them.

Each task takes one chunk of files (the same chunks, numbered the same, as the local engine
makes), parses them on a worker and writes that chunk's part of every table to hidden files
in the output folder, and returns only the part's manifest entries (path, doc_id, status). The
batch process commits each part to the manifest, in order, and renames it into view, as the
local engine does; no row travels to it, so its memory does not grow with the corpus. The
output folder must therefore be on a filesystem that the workers and the batch process share
at the same path.

A chunk whose task kills its workers (`KilledWorker`: out of memory, a crash) is salvaged: its
files are tried one by one (all at once first, then each one that died alone), the ones that
kill a worker by themselves become failures (``KilledWorker``, no ``doc_id``, so the next run
tries them again), and the chunk is written again without them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import BatchError
from ..tables import table_specs
from .files import Extracted, FailedFile, _extract, _Options
from .manifest import _check_run
from .pool import _lost
from .write import _hidden, _part_name, _write_parts

Extract = Callable[[str, _Options], Extracted | FailedFile]

# How long the batch process waits to see a part a worker has written (a shared filesystem
# may show a new file a moment late) before it concludes that it cannot see the workers' files.
_SEE_TIMEOUT_S = 10.0


@dataclasses.dataclass(frozen=True)
class _Chunk:
    """Part `number`: the files to parse, or the failure of a file already known to kill its
    workers."""

    number: int
    items: tuple[str | FailedFile, ...]


@dataclasses.dataclass(frozen=True)
class _Job:
    """What every task of one batch shares."""

    out: str
    fmt: str
    options: _Options
    run: str
    extract: Extract = _extract


def _write_chunk(chunk: _Chunk, job: _Job) -> list[dict[str, Any]]:
    """The task: parse a chunk and write its part of every table; its manifest entries."""
    out = Path(job.out)
    _check_run(out, job.run)
    results = [
        item if isinstance(item, FailedFile) else job.extract(item, job.options)
        for item in chunk.items
    ]
    _check_run(out, job.run)
    return _write_parts(out, chunk.number, results, job.fmt)


def _try_one(path: str, job: _Job) -> None:
    """The task that tries one file of a chunk that killed its workers."""
    job.extract(path, job.options)


def _dask_parts(
    todo: Sequence[str],
    first: int,
    chunk_size: int,
    job: _Job,
    client: Any,
) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """Write `todo` as parts `first`, `first + 1`... on the Dask cluster of `client`; yield each
    part's number and manifest entries in order, once its hidden files are written."""
    threads = sum(client.nthreads().values())
    window = max(4, 2 * threads)  # chunks in flight: every worker busy, one more queued each
    chunks = (
        _Chunk(first + i, tuple(todo[start : start + chunk_size]))
        for i, start in enumerate(range(0, len(todo), chunk_size))
    )
    pending: deque[tuple[_Chunk, Any]] = deque()

    def submit(chunk: _Chunk) -> None:
        pending.append((chunk, client.submit(_write_chunk, chunk, job, pure=False)))

    try:
        for chunk in chunks:
            submit(chunk)
            if len(pending) >= window:
                break
        while pending:
            chunk, future = pending.popleft()
            entries = _result_or_salvage(chunk, future, job, client)
            for entry, item in zip(entries, chunk.items, strict=True):
                entry["path"] = item if isinstance(item, str) else item.path  # one copy kept
            for nxt in chunks:
                submit(nxt)
                break
            _wait_visible(Path(job.out), chunk.number, job.fmt)
            yield chunk.number, entries
    finally:
        if pending:
            client.cancel([f for _, f in pending])


def _result_or_salvage(chunk: _Chunk, future: Any, job: _Job, client: Any) -> list[dict[str, Any]]:
    from distributed import KilledWorker

    try:
        entries: list[dict[str, Any]] = future.result()
        return entries
    except KilledWorker:
        pass
    # Which files kill a worker? Try each alone; then write the chunk again without them.
    tries = [
        (item, client.submit(_try_one, item, job, pure=False))
        for item in chunk.items
        if isinstance(item, str)
    ]
    suspects = []
    for path, attempt in tries:
        try:
            attempt.result()
        except KilledWorker:
            suspects.append(path)
    # A task waiting on a worker that another file killed dies with it: a suspect is lost
    # only if it kills its worker when tried alone.
    lost: dict[str, FailedFile] = {}
    for path in suspects:
        try:
            client.submit(_try_one, path, job, pure=False).result()
        except KilledWorker as exc:
            lost[path] = _lost(path, exc)
    again = _Chunk(
        chunk.number,
        tuple(lost.get(item, item) if isinstance(item, str) else item for item in chunk.items),
    )
    try:
        entries = client.submit(_write_chunk, again, job, pure=False).result()
        return entries
    except KilledWorker as exc:
        # The chunk kills its workers even without those files (memory?): every file of it
        # fails, to be tried again by the next run; its (empty) parts are written here.
        failed = [_lost(i, exc) if isinstance(i, str) else i for i in again.items]
        return _write_parts(Path(job.out), chunk.number, failed, job.fmt)


def _wait_visible(out: Path, number: int, fmt: str) -> None:
    """Return once this process sees the hidden files of part `number` of every table; raise
    `BatchError` if it does not within `_SEE_TIMEOUT_S` (the workers wrote them to a folder
    that is not this one)."""
    name = _part_name(number, fmt)
    deadline = time.monotonic() + _SEE_TIMEOUT_S
    for spec in table_specs():
        hidden = _hidden(out / spec.name / name)
        while not hidden.exists():
            if time.monotonic() > deadline:
                raise BatchError(
                    f"{hidden}: a Dask worker wrote this part, but this machine does not see "
                    "it; the output folder must be on a filesystem that the workers and this "
                    "machine share at the same path"
                )
            time.sleep(0.05)
            _refresh(hidden.parent)


def _refresh(folder: Path) -> None:
    """List `folder`, which makes a network filesystem look again for new files."""
    with contextlib.suppress(OSError):
        next(iter(folder.iterdir()), None)
