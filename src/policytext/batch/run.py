"""`run_batch`: the files the inputs name into the tables of an output folder, resumably. Plan
from the manifest, parse (`policytext.batch.pool`), write one part per chunk of files
(`policytext.batch.write`; on Dask, the workers write them: `policytext.batch.cluster`),
commit it to the manifest, show progress."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from ..errors import BatchError
from ..pipeline import parse_text
from ..progress import Bar, progress_bar
from ..tables import (
    ERROR_COLUMNS,
    ERRORS,
    content_id,
    schema_id,
    table_names,
    table_specs,
)
from .cluster import _dask_parts, _Job
from .files import (
    Extracted,
    FailedFile,
    _extract,
    _Options,
    display_path,
    expand_inputs,
    printable,
)
from .manifest import MANIFEST, _FolderLock, _Manifest
from .pool import _ordered_map, _workers
from .write import (
    _HIDDEN_PART,
    _PART,
    _STRAY_PART,
    FORMATS,
    Format,
    _encode,
    _part_name,
    _require_pyarrow,
    _reveal,
    _write_atomic,
    _write_parts,
)

DEFAULT_CHUNK_SIZE = 64


def _version() -> str:
    from .._version import __version__

    return __version__


class Progress:
    """A one-line progress display on stderr: files done, throughput, ETA, failures."""

    def __init__(
        self,
        total: int,
        *,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
        interval: float = 0.1,
    ) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.clock = clock
        self.interval = interval
        self.start = clock()
        self.done = 0
        self.failed = 0
        self._last = -1.0

    def line(self) -> str:
        elapsed = max(self.clock() - self.start, 1e-9)
        rate = self.done / elapsed
        width = 24
        frac = self.done / self.total if self.total else 1.0
        filled = int(width * frac)
        bar = "#" * filled + "-" * (width - filled)
        if self.done and self.done < self.total:
            eta = _clock_time((self.total - self.done) / rate)
        elif self.done >= self.total:
            eta = "done"
        else:
            eta = "--:--"
        failed = f" | {self.failed} failed" if self.failed else ""
        return (
            f"[{bar}] {self.done}/{self.total} files {frac:4.0%} | {rate:.1f} files/s | "
            f"{_clock_time(elapsed)} elapsed | ETA {eta}{failed}"
        )

    def advance(self, n: int = 1, *, failed: bool = False) -> None:
        self.done += n
        self.failed += int(failed)
        now = self.clock()
        if self.enabled and (now - self._last >= self.interval or self.done >= self.total):
            self._last = now
            self.stream.write("\r" + self.line() + "\x1b[K")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + self.line() + "\x1b[K\n")
            self.stream.flush()


def _clock_time(seconds: float) -> str:
    s = round(seconds)
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


@dataclasses.dataclass(frozen=True)
class BatchSummary:
    """What a batch run did. `failed` counts the inputs whose latest result is an error."""

    out_dir: Path
    inputs: int
    skipped: int
    parsed: int
    failed: int
    seconds: float
    interrupted: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted


def run_batch(
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    format: Format = "parquet",
    workers: int | None = None,
    client: Any = None,
    encoding: str | None = None,
    lexicons: Sequence[str | os.PathLike[str]] = (),
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: bool | None = None,
    progress_stream: TextIO | None = None,
) -> BatchSummary:
    """Parse the files `inputs` name (files, folders, globs) into tables in `out_dir`.

    Resumes what an earlier run with the same settings left: files already listed in the
    manifest with unchanged content (and unchanged lexicons) are skipped. Files that fail
    become rows of the ``errors`` table and the run goes on. `client` (a `distributed.Client`)
    runs the batch on a Dask cluster, whose workers parse and write the parts themselves (so
    `out_dir` must be on a filesystem they share with this process, at the same path), while
    this process only commits them; otherwise `workers` local processes parse and this process
    writes. Every `chunk_size` files, one part per table is written. `progress` shows progress
    (default: on a terminal or in a notebook; tqdm draws it when installed, see
    `policytext.progress`). One batch at a time writes to an output folder: a second one is
    refused (`BatchError`) while the first runs.
    """
    if format not in FORMATS:
        raise BatchError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    if chunk_size < 1:
        raise BatchError(f"chunk_size must be at least 1, not {chunk_size}")
    n_workers = _workers(workers)
    if format == "parquet":
        _require_pyarrow()
    t0 = time.perf_counter()
    paths = expand_inputs(inputs)
    if not paths:
        raise BatchError("no input files; pass report files, folders or globs")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise BatchError(f"{out}: is a file; -o takes a folder")
    out.mkdir(parents=True, exist_ok=True)
    options = _Options(encoding, tuple(str(Path(p).resolve()) for p in lexicons))
    lexicon_hash = _check_lexicons(options)
    settings = {
        "format": format,
        "encoding": encoding,
        "lexicons": list(options.lexicons),
        "tables": list(table_names()),
        "schema": schema_id(),
        "version": _version(),
    }
    with _FolderLock(out) as lock:
        return _run_locked(
            paths,
            out,
            settings,
            options,
            lexicon_hash,
            fmt=format,
            workers=n_workers,
            client=client,
            chunk_size=chunk_size,
            run=lock.run,
            bar=progress_bar(0, line=Progress, stream=progress_stream, enabled=progress),
            t0=t0,
        )


def _run_locked(
    paths: list[str],
    out: Path,
    settings: dict[str, Any],
    options: _Options,
    lexicon_hash: str,
    *,
    fmt: Format,
    workers: int,
    client: Any,
    chunk_size: int,
    run: str,
    bar: Bar,
    t0: float,
) -> BatchSummary:
    if not (out / MANIFEST).exists():
        for name in table_names():
            if (out / name).is_dir() and any(
                not f.name.startswith(".") for f in (out / name).iterdir()
            ):
                raise BatchError(
                    f"{out / name}: holds files that no policytext batch manifest lists; "
                    "choose a new or empty output folder"
                )
    manifest = _Manifest.open(out, settings)
    _settle_parts(out, manifest, fmt)

    todo, skipped = _plan(paths, manifest, lexicon_hash)
    bar.total = len(todo)
    next_part = max(manifest.parts, default=-1) + 1
    parsed = 0
    interrupted = False

    def commit(number: int, entries: list[dict[str, Any]]) -> None:
        # Parts in hidden files, then the manifest line, then the parts renamed into view: a
        # part counts once the manifest lists it, and no reader sees one it does not list.
        nonlocal parsed
        manifest.commit(number, entries, lexicon_hash)
        for spec in table_specs():
            _reveal(out / spec.name / _part_name(number, fmt))
        parsed += sum(1 for e in entries if e["status"] == "ok")

    try:
        if client is None:
            chunk: list[Extracted | FailedFile] = []
            try:
                fn = functools.partial(_extract, options=options)
                for res in _ordered_map(fn, todo, workers=workers, client=None):
                    chunk.append(res)
                    bar.advance(failed=isinstance(res, FailedFile))
                    if len(chunk) >= chunk_size:
                        full, chunk = chunk, []
                        number, next_part = next_part, next_part + 1
                        commit(number, _write_parts(out, number, full, fmt))
            except KeyboardInterrupt:
                interrupted = True  # the results already here are complete: keep them
            if chunk:
                commit(next_part, _write_parts(out, next_part, chunk, fmt))
        else:
            # The workers parse and write the parts; this process only commits them.
            job = _Job(str(out.resolve()), fmt, options, run)
            try:
                for number, entries in _dask_parts(todo, next_part, chunk_size, job, client):
                    commit(number, entries)
                    for e in entries:
                        bar.advance(failed=e["status"] == "error")
            except KeyboardInterrupt:
                interrupted = True
    finally:
        bar.close()
        failed = _write_errors(out, manifest, paths, fmt)
    return BatchSummary(
        out_dir=out,
        inputs=len(paths),
        skipped=skipped,
        parsed=parsed,
        failed=failed,
        seconds=time.perf_counter() - t0,
        interrupted=interrupted,
    )


def _check_lexicons(options: _Options) -> str:
    """Load the user lexicons once before any file is parsed, so that a broken one stops the
    batch at the start (`LexiconError`) instead of failing every file; return the hash of
    their contents, which the manifest records so that a rerun with edited lexicons parses
    the files again."""
    digest = hashlib.sha256()
    for p in options.lexicons:
        try:
            data = Path(p).read_bytes()
        except OSError:
            data = b""
        digest.update(hashlib.sha256(data).digest())
    if options.lexicons:
        parse_text("", lexicons=options.lexicons)
    return digest.hexdigest()[:16]


def _plan(paths: list[str], manifest: _Manifest, lexicon_hash: str) -> tuple[list[str], int]:
    """The paths still to parse, and how many are skipped as done."""
    todo: list[str] = []
    skipped = 0
    for p in paths:
        entry = manifest.files.get(p)
        if entry is None or entry.get("doc_id") is None:
            todo.append(p)
            continue
        try:
            now = content_id(Path(p).read_bytes())
        except OSError:
            now = None
        same_lexicons = entry.get("lexicon_hash", lexicon_hash) == lexicon_hash
        if now == entry["doc_id"] and same_lexicons:
            skipped += 1
            continue
        if entry.get("status") == "ok":
            why = "changed" if now != entry["doc_id"] else "was parsed with other lexicon contents"
            print(
                f"policytext batch: {display_path(p)} {why} since it was written; parsing it "
                "again (read_table shows its new rows only)",
                file=sys.stderr,
            )
        todo.append(p)
    return todo, skipped


def _settle_parts(out: Path, manifest: _Manifest, fmt: str) -> None:
    """Bring the table folders in line with the manifest after an interrupted run: a part the
    manifest lists but that is still hidden is renamed into view; parts and temporary files no
    manifest line lists are deleted. Other files (a ``.keep``, notes) are left alone."""
    listed = {_part_name(n, fmt) for n in manifest.parts}
    for spec in table_specs():
        folder = out / spec.name
        if not folder.is_dir():
            continue
        for f in folder.iterdir():
            if not f.is_file():
                continue
            hidden = _HIDDEN_PART.fullmatch(f.name)
            if hidden and hidden.group(1) in listed:
                _reveal(folder / hidden.group(1))
            elif (
                hidden
                or _STRAY_PART.fullmatch(f.name)
                or (_PART.fullmatch(f.name) and f.name not in listed)
            ):
                f.unlink()


def _write_errors(out: Path, manifest: _Manifest, paths: list[str], fmt: str) -> int:
    """Rewrite the errors table from the manifest; return how many of `paths` failed."""
    entries = [e for e in manifest.files.values() if e.get("status") == "error"]
    rows = [
        {
            c.name: (printable(v) if isinstance(v := e.get(c.name), str) else v)
            for c in ERROR_COLUMNS
        }
        for e in entries
    ]
    _write_atomic(out / ERRORS / _part_name(0, fmt), _encode(rows, ERROR_COLUMNS, fmt))
    wanted = set(paths)
    return sum(1 for e in entries if e["path"] in wanted)
