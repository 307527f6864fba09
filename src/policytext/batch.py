"""Corpus-scale parsing: many reports to tables, on local processes or a Dask cluster.

Two entry points share one per-document function:

* `parse_many(paths, workers=N)` yields a `Document` (or a `FailedFile`) per path, in input
  order, parsing in `N` processes (or on a `distributed.Client`).
* `run_batch(inputs, out_dir)` (the `policytext batch` command) writes one table per kind of
  result: ``documents``, ``sections``, one per extracted kind that `Document` holds (``targets``,
  ``slogans``, ``projects``, ``outcomes``...) and ``errors``; as Parquet, JSON Lines or CSV.

Every row is keyed by ``doc_id`` (the first 16 hex digits of the SHA-256 of the file's bytes)
and ``path`` (the file's absolute path). The columns are derived from the result models in
`policytext.models`, so a field or an extracted kind added there shows up here by itself;
`table_schemas()` describes them.

Output layout, in ``OUT_DIR``::

    manifest.jsonl                 the run's settings, then one line per committed part
    documents/part-00000.parquet   one part per chunk of input files, for every table
    sections/part-00000.parquet
    ...
    errors/part-00000.parquet      the files that failed, rewritten at the end of every run
    .policytext-batch.lock         held while a batch writes (one batch per folder)

A part is written to a hidden temporary file, then listed in the manifest, then renamed into
view: the manifest is the truth, no reader sees a part it does not list (`read_table` reads
only listed parts, and of a file parsed twice only its latest rows), and an interrupted run
loses nothing already listed. Rerunning the same command skips the files the manifest lists
with unchanged content and lexicons, clears what no manifest line lists, and writes the rest.
Worker processes die with the batch, even when it is killed with SIGKILL.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import decimal
import functools
import glob
import hashlib
import io
import json
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
import types
import typing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, TextIO, TypeVar

from pydantic import BaseModel

from .errors import InputError, PolicyTextError
from .models import Document, Extraction, Section, SourceInfo
from .pipeline import parse_text
from .progress import Bar, progress_bar
from .reader import decode

__all__ = [
    "FORMATS",
    "BatchError",
    "BatchSummary",
    "Column",
    "Extracted",
    "FailedFile",
    "FieldType",
    "TableSpec",
    "content_id",
    "expand_inputs",
    "extract",
    "parse_many",
    "read_table",
    "run_batch",
    "schema_id",
    "table_names",
    "table_schemas",
    "table_specs",
]

Format = Literal["parquet", "jsonl", "csv"]
FORMATS: tuple[Format, ...] = ("parquet", "jsonl", "csv")
_EXT: dict[str, str] = {"parquet": "parquet", "jsonl": "jsonl", "csv": "csv"}

# Files a folder given as input contributes (searched recursively).
REPORT_SUFFIXES = (".txt", ".text")
MANIFEST = "manifest.jsonl"
ERRORS = "errors"
DEFAULT_CHUNK_SIZE = 64
# Decimal columns in Parquet: 28 digits before the point, 10 after.
DECIMAL_PRECISION, DECIMAL_SCALE = 38, 10

T = TypeVar("T")
R = TypeVar("R")
Row = dict[str, Any]


class BatchError(PolicyTextError, ValueError):
    """A batch cannot start: bad options, an output folder written with other settings, or
    one another batch is writing."""

    code = "PT030"


class DecimalRangeError(PolicyTextError, ValueError):
    """A figure does not fit the Parquet decimal column exactly (too large or too precise)."""

    code = "PT031"


def display_path(path: str) -> str:
    """`path` as text that any UTF-8 writer accepts: bytes of a file name that are not UTF-8
    (kept by Python as lone surrogates) are shown escaped, ``\\xb9``; other names unchanged."""
    return printable(path)


def printable(text: str) -> str:
    """`text` with each lone surrogate written as an escape (``\\xb9`` for an undecodable
    byte of a file name, ``\\ud800`` otherwise), so that UTF-8 can hold it."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


# --------------------------------------------------------------------------------------------
# Column types, derived from the pydantic models


@dataclasses.dataclass(frozen=True)
class FieldType:
    """The logical type of a column or of a nested field.

    `base` is one of ``int64``, ``float64``, ``bool``, ``string``, ``decimal``, ``list`` (with
    `item`) or ``struct`` (with `fields`).
    """

    base: str
    nullable: bool = False
    item: FieldType | None = None
    fields: tuple[tuple[str, FieldType], ...] = ()

    def describe(self) -> str:
        """The type as the docs show it, e.g. ``list<struct<start: int64, ...>>``."""
        if self.base == "list" and self.item is not None:
            return f"list<{self.item.describe()}>"
        if self.base == "struct":
            inner = ", ".join(f"{n}: {t.describe()}" for n, t in self.fields)
            return f"struct<{inner}>"
        if self.base == "decimal":
            return f"decimal({DECIMAL_PRECISION},{DECIMAL_SCALE})"
        return self.base

    def has_decimal(self) -> bool:
        if self.base == "decimal":
            return True
        if self.item is not None and self.item.has_decimal():
            return True
        return any(t.has_decimal() for _, t in self.fields)

    def arrow(self) -> Any:
        """The pyarrow type (pyarrow must be installed)."""
        import pyarrow as pa

        if self.base == "list" and self.item is not None:
            return pa.list_(pa.field("item", self.item.arrow(), nullable=self.item.nullable))
        if self.base == "struct":
            return pa.struct([pa.field(n, t.arrow(), nullable=t.nullable) for n, t in self.fields])
        simple = {
            "int64": pa.int64(),
            "float64": pa.float64(),
            "bool": pa.bool_(),
            "string": pa.string(),
            "decimal": pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE),
        }
        return simple[self.base]


@dataclasses.dataclass(frozen=True)
class Column:
    """One column of a table: its name, type and where its values come from."""

    name: str
    type: FieldType
    doc: str = ""


_STRING = FieldType("string")


def _field_type(annotation: Any) -> FieldType:
    """The column type of a model field's annotation."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        base = _field_type(inner[0]) if len(inner) == 1 else _STRING
        return dataclasses.replace(base, nullable=True)
    if origin is Literal:
        if all(isinstance(a, bool) for a in args):
            return FieldType("bool")
        if all(isinstance(a, int) and not isinstance(a, bool) for a in args):
            return FieldType("int64")
        return _STRING
    if origin is tuple or origin is list:
        if len(args) == 2 and args[1] is Ellipsis:
            return FieldType("list", item=_field_type(args[0]))
        kinds = {_field_type(a) for a in args}
        item = kinds.pop() if len(kinds) == 1 else _STRING
        return FieldType("list", item=item)
    if isinstance(annotation, type):
        if issubclass(annotation, bool):
            return FieldType("bool")
        if issubclass(annotation, int):
            return FieldType("int64")
        if issubclass(annotation, float):
            return FieldType("float64")
        if issubclass(annotation, Decimal):
            return FieldType("decimal")
        if issubclass(annotation, BaseModel):
            fields = tuple(
                (name, _field_type(info.annotation))
                for name, info in annotation.model_fields.items()
            )
            return FieldType("struct", fields=fields)
    return _STRING


def _to_plain(value: Any) -> Any:
    """A model value as plain Python: models become dicts, tuples lists; Decimals stay."""
    if isinstance(value, BaseModel):
        return {name: _to_plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, tuple | list):
        return [_to_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | Decimal):
        return value
    return str(value)


# --------------------------------------------------------------------------------------------
# Tables


@dataclasses.dataclass(frozen=True)
class TableSpec:
    """A table: its columns and the function that turns a `Document` into its rows.

    `rows` returns the rows without the key columns (``doc_id``, ``path``), which `extract`
    adds.
    """

    name: str
    columns: tuple[Column, ...]
    rows: Callable[[Document], list[Row]]
    doc: str = ""


_KEYS = (
    Column("doc_id", _STRING, "first 16 hex digits of the SHA-256 of the file's bytes"),
    Column("path", _STRING, "absolute path of the file"),
)
_POSITION = Column("position", FieldType("int64"), "0-based index of the object in its document")
# The document's place and year on every row of an item table, so that a table alone is a panel.
_WHERE = (
    Column("place", dataclasses.replace(_STRING, nullable=True), "the document's place"),
    Column("year", FieldType("int64", nullable=True), "the document's year"),
)


def _placed(rows: Callable[[Document], list[Row]]) -> Callable[[Document], list[Row]]:
    """`rows` with the document's place and year on each row."""

    def placed(doc: Document) -> list[Row]:
        return [{"place": doc.place, "year": doc.year, **r} for r in rows(doc)]

    return placed


# Document fields kept out of the documents table: the original text and its alignment (use
# `policytext.parse` for a way back to the file), paragraphs and sentences (structure that
# is cheap to recompute), and source.path (the `path` column).
_DOCUMENT_OMIT = frozenset({"original", "alignment", "paragraphs", "sentences", "source.path"})


def _tuple_item(annotation: Any) -> Any:
    """`X` for an annotation `tuple[X, ...]`, else None."""
    if typing.get_origin(annotation) is tuple:
        args = typing.get_args(annotation)
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0]
    return None


def _extraction_fields() -> list[tuple[str, type[Extraction]]]:
    """The `Document` fields holding extracted objects (targets, slogans...), in field order."""
    found = []
    for name, info in Document.model_fields.items():
        item = _tuple_item(info.annotation)
        if isinstance(item, type) and issubclass(item, Extraction):
            found.append((name, item))
    return found


def _model_columns(model: type[BaseModel], skip: Iterable[str] = ()) -> list[Column]:
    skipped = set(skip)
    return [
        Column(name, _field_type(info.annotation), (info.description or ""))
        for name, info in model.model_fields.items()
        if name not in skipped
    ]


def _object_rows(field: str) -> Callable[[Document], list[Row]]:
    def rows(doc: Document) -> list[Row]:
        items: tuple[BaseModel, ...] = getattr(doc, field)
        out = []
        for i, obj in enumerate(items):
            row: Row = {"position": i}
            row.update(_to_plain(obj))
            out.append(row)
        return out

    return rows


def _section_rows(doc: Document) -> list[Row]:
    out: list[Row] = []

    def walk(items: tuple[Section, ...], parent: str | None) -> None:
        for s in items:
            row: Row = {"position": len(out), "id": s.id, "parent": parent}
            for name in Section.model_fields:
                if name not in ("id", "children"):
                    row[name] = _to_plain(getattr(s, name))
            out.append(row)
            walk(s.children, s.id)

    walk(doc.sections, None)
    return out


def _document_columns() -> tuple[list[Column], list[tuple[str, str | None]]]:
    """Columns of the documents table and, for each, `(document field, nested field)`."""
    tables = {name for name, _ in _extraction_fields()} | {"sections"}
    columns: list[Column] = []
    sources: list[tuple[str, str | None]] = []
    for name, info in Document.model_fields.items():
        if name in _DOCUMENT_OMIT or name in tables:
            continue
        ann = info.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            for sub, sub_info in ann.model_fields.items():
                if f"{name}.{sub}" in _DOCUMENT_OMIT:
                    continue
                columns.append(Column(f"{name}_{sub}", _field_type(sub_info.annotation)))
                sources.append((name, sub))
        else:
            columns.append(Column(name, _field_type(ann)))
            sources.append((name, None))
    return columns, sources


@functools.cache
def table_specs() -> tuple[TableSpec, ...]:
    """All data tables, in output order: documents, sections, then each extracted kind.

    The extracted kinds are the `Document` fields that hold `Extraction` objects, so a new
    kind added to `Document` gets its table here with no change to this module.
    """
    doc_columns, sources = _document_columns()
    kinds = [("sections", Section)] + [(n, m) for n, m in _extraction_fields()]
    counts = [
        Column(f"n_{name}", FieldType("int64"), f"number of {name} rows") for name, _ in kinds
    ]

    def document_rows(doc: Document) -> list[Row]:
        row: Row = {}
        for col, (field, sub) in zip(doc_columns, sources, strict=True):
            value = getattr(doc, field)
            row[col.name] = _to_plain(getattr(value, sub) if sub else value)
        row["n_sections"] = len(doc.iter_sections())
        for name, _ in kinds[1:]:
            row[f"n_{name}"] = len(getattr(doc, name))
        return [row]

    specs = [
        TableSpec(
            "documents",
            (*_KEYS, *doc_columns, *counts),
            document_rows,
            "one row per parsed file",
        ),
        TableSpec(
            "sections",
            (
                *_KEYS,
                *_WHERE,
                _POSITION,
                Column("id", _STRING, "position path such as 2.3, unique in the document"),
                Column("parent", dataclasses.replace(_STRING, nullable=True), "id of the parent"),
                *_model_columns(Section, skip=("id", "children")),
            ),
            _placed(_section_rows),
            "one row per section, depth first in text order",
        ),
    ]
    for name, model in _extraction_fields():
        specs.append(
            TableSpec(
                name,
                (*_KEYS, *_WHERE, _POSITION, *_model_columns(model)),
                _placed(_object_rows(name)),
                f"one row per {model.__name__}",
            )
        )
    return tuple(specs)


_ERROR_COLUMNS = (
    Column("doc_id", dataclasses.replace(_STRING, nullable=True), "null when unreadable"),
    Column("path", _STRING, "absolute path of the file (or the pattern that matched none)"),
    Column("code", _STRING, "policytext error code (PT001...), PT999 for an internal error"),
    Column("error", _STRING, "name of the error"),
    Column("message", _STRING, "what went wrong and what to do"),
)


def table_names() -> tuple[str, ...]:
    """Names of all tables, data tables first, then ``errors``."""
    return (*(s.name for s in table_specs()), ERRORS)


def table_schemas() -> dict[str, tuple[Column, ...]]:
    """Columns of every table, by table name."""
    out = {s.name: s.columns for s in table_specs()}
    out[ERRORS] = _ERROR_COLUMNS
    return out


def schema_id() -> str:
    """A fingerprint of every table's columns and types; it changes when a column does."""
    desc = {
        name: [(c.name, c.type.describe(), c.type.nullable) for c in cols]
        for name, cols in table_schemas().items()
    }
    return hashlib.sha256(json.dumps(desc, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def _version() -> str:
    from ._version import __version__

    return __version__


def _arrow_schema(columns: Sequence[Column]) -> Any:
    import pyarrow as pa

    return pa.schema([pa.field(c.name, c.type.arrow(), nullable=c.type.nullable) for c in columns])


# --------------------------------------------------------------------------------------------
# The per-document function


@dataclasses.dataclass(frozen=True)
class FailedFile:
    """A file that could not be read or parsed, with the reason."""

    path: str
    doc_id: str | None
    code: str
    error: str
    message: str

    def row(self) -> Row:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Extracted:
    """The rows one document contributes to each data table (key columns included)."""

    path: str
    doc_id: str
    tables: dict[str, list[Row]]


def content_id(data: bytes) -> str:
    """The stable `doc_id` of a file's content: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(data).hexdigest()[:16]


@dataclasses.dataclass(frozen=True)
class _Options:
    encoding: str | None = None
    lexicons: tuple[str, ...] = ()


def _read(path: str) -> bytes:
    p = Path(path)
    if not p.exists():
        if glob.has_magic(path):
            raise InputError(f"{path}: matches no file; check the pattern")
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a folder; pass the report files inside it")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror})") from None


def _failure(path: str, doc_id: str | None, exc: BaseException) -> FailedFile:
    if isinstance(exc, PolicyTextError):
        message = printable(str(exc))
        prefix = f"[{exc.code}] "
        return FailedFile(path, doc_id, exc.code, type(exc).__name__, message.removeprefix(prefix))
    return FailedFile(
        path,
        doc_id,
        "PT999",
        type(exc).__name__,
        printable(f"{path}: internal error while parsing ({exc}); please report it with this file"),
    )


def _parse_file(path: str, options: _Options) -> tuple[str | None, Document | FailedFile]:
    doc_id = None
    try:
        data = _read(path)
        doc_id = content_id(data)
        text, enc = decode(data, encoding=options.encoding, name=path)
        source = SourceInfo(path=path, encoding=enc)
        return doc_id, parse_text(text, lexicons=options.lexicons, source=source)
    except Exception as exc:
        return doc_id, _failure(path, doc_id, exc)


def _parse_one(path: str, options: _Options) -> Document | FailedFile:
    return _parse_file(path, options)[1]


def extract(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    lexicons: Sequence[str | os.PathLike[str]] = (),
) -> Extracted | FailedFile:
    """Parse one file and return its rows for every data table, or why it failed.

    This is the function the batch runs on every worker, local or Dask.
    """
    options = _Options(encoding, tuple(str(p) for p in lexicons))
    return _extract(os.path.abspath(path), options)


def _extract(path: str, options: _Options) -> Extracted | FailedFile:
    doc_id, doc = _parse_file(path, options)
    if isinstance(doc, FailedFile):
        return doc
    assert doc_id is not None
    try:
        shown = display_path(path)
        tables: dict[str, list[Row]] = {}
        for spec in table_specs():
            rows = spec.rows(doc)
            tables[spec.name] = [{"doc_id": doc_id, "path": shown, **r} for r in rows]
    except Exception as exc:
        return _failure(path, doc_id, exc)
    return Extracted(path, doc_id, tables)


# --------------------------------------------------------------------------------------------
# Running a function over many inputs, in order: in this process, in processes, or on Dask


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


def _mp_context() -> multiprocessing.context.BaseContext:
    """Fresh worker processes, never forks of this one (whose threads a fork would break).

    Where it exists, a fork server that has imported policytext forks the workers, so they
    start without importing it again; elsewhere they are spawned.
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
    yields `lost(item, error)` when `lost` is given. A local worker process that dies breaks
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
            except KilledWorker as exc:
                if lost is None:
                    raise
                result = lost(item, exc)
            for nxt in source:
                pending.append((nxt, client.submit(fn, nxt, pure=False)))
                break
            yield result
    finally:
        if pending:
            client.cancel([f for _, f in pending])


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


# --------------------------------------------------------------------------------------------
# Inputs


def expand_inputs(inputs: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Absolute paths of the files that `inputs` name, in order, without repeats.

    A file stands for itself; a folder for the ``.txt``/``.text`` files under it (recursively,
    sorted); a glob (``reports/*.txt``, ``**`` allowed) for its matches, sorted. A name that
    is none of these is kept as it is, so that it turns into an error row.
    """
    out: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        a = os.path.abspath(p)
        if a not in seen:
            seen.add(a)
            out.append(a)

    for item in inputs:
        s = os.fspath(item)
        if os.path.isdir(s):
            found = [
                os.path.join(root, f)
                for root, _, files in os.walk(s)
                for f in files
                if f.lower().endswith(REPORT_SUFFIXES) and not f.startswith(".")
            ]
            for f in sorted(found):
                add(f)
        elif not os.path.exists(s) and glob.has_magic(s):
            matches = sorted(m for m in glob.glob(s, recursive=True) if os.path.isfile(m))
            if matches:
                for m in matches:
                    add(m)
            elif s not in seen:
                seen.add(s)
                out.append(s)
        else:
            add(s)
    return out


# --------------------------------------------------------------------------------------------
# Writing parts


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


_DECIMAL_STEP = Decimal(1).scaleb(-DECIMAL_SCALE)
_DECIMAL_LIMIT = Decimal(10) ** (DECIMAL_PRECISION - DECIMAL_SCALE)
_WIDE = decimal.Context(prec=2 * DECIMAL_PRECISION)


def _quantize(value: Any, ftype: FieldType) -> Any:
    """A value ready for its Parquet column; a decimal that the column cannot hold exactly
    (more than 28 digits before the point or 10 after it) raises `DecimalRangeError`."""
    if value is None:
        return None
    if ftype.base == "decimal":
        d = Decimal(value)
        try:
            q = d.quantize(_DECIMAL_STEP, context=_WIDE)
        except decimal.InvalidOperation:
            q = None
        if q is None or q != d or abs(q) >= _DECIMAL_LIMIT:
            raise DecimalRangeError(
                f"the figure {d} does not fit the Parquet column decimal({DECIMAL_PRECISION},"
                f"{DECIMAL_SCALE}) exactly (at most {DECIMAL_PRECISION - DECIMAL_SCALE} digits "
                f"before the point and {DECIMAL_SCALE} after it); write this corpus with "
                "--format jsonl or csv to keep it as written"
            )
        return q
    if ftype.base == "list" and ftype.item is not None:
        return [_quantize(v, ftype.item) for v in value]
    if ftype.base == "struct":
        return {n: _quantize(value.get(n), t) for n, t in ftype.fields}
    return value


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return str(value)


def _encode(rows: list[Row], columns: Sequence[Column], fmt: str) -> bytes:
    """The bytes of one part of a table."""
    names = [c.name for c in columns]
    if fmt == "jsonl":
        lines = (
            json.dumps({n: r.get(n) for n in names}, ensure_ascii=False, default=_json_default)
            for r in rows
        )
        return "".join(line + "\n" for line in lines).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([_csv_cell(r.get(n)) for n in names] for r in rows)
        return buf.getvalue().encode("utf-8")
    import pyarrow as pa
    import pyarrow.parquet as pq

    decimal_cols = [c for c in columns if c.type.has_decimal()]
    if decimal_cols:
        rows = [dict(r) for r in rows]
        for r in rows:
            for c in decimal_cols:
                r[c.name] = _quantize(r.get(c.name), c.type)
    table = pa.Table.from_pylist(rows, schema=_arrow_schema(columns))
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())


def _check_rows(rows: list[Row], columns: Sequence[Column], fmt: str) -> None:
    """Raise what writing `rows` in `fmt` would raise for a value (Parquet decimals)."""
    if fmt != "parquet":
        return
    for c in columns:
        if c.type.has_decimal():
            for r in rows:
                _quantize(r.get(c.name), c.type)


# A part file and the hidden file it is written to first.
_PART = re.compile(r"part-\d{5,}\.(?:parquet|jsonl|csv)")
_HIDDEN_PART = re.compile(r"\.(part-\d{5,}\.(?:parquet|jsonl|csv))\.tmp")


def _hidden(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


def _write_hidden(path: Path, data: bytes) -> None:
    """Write `data` to the hidden temporary file of `path` (see `_reveal`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(_hidden(path), "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _reveal(path: Path) -> None:
    """Rename the hidden temporary file of `path` into place (if it is still there)."""
    with contextlib.suppress(FileNotFoundError):
        os.replace(_hidden(path), path)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a hidden temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _part_name(number: int, fmt: str) -> str:
    return f"part-{number:05d}.{_EXT[fmt]}"


def _require_pyarrow() -> None:
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise ImportError(
            "writing Parquet needs pyarrow: pip install 'policytext[parquet]' "
            "(or choose --format jsonl or csv)"
        ) from None


# --------------------------------------------------------------------------------------------
# The manifest: what is done


@dataclasses.dataclass
class _Manifest:
    path: Path
    settings: dict[str, Any]
    parts: list[int]
    # Latest entry per path: {"path", "doc_id", "status", "part", "lexicon_hash", and for
    # errors "code", "error",...}
    files: dict[str, dict[str, Any]]

    @classmethod
    def read(cls, out_dir: Path) -> _Manifest:
        """The manifest as it stands, without checking or repairing it (for readers)."""
        path = out_dir / MANIFEST
        records, _, _ = _manifest_records(path)
        if not records or "settings" not in records[0]:
            raise BatchError(
                f"{path}: is not a policytext batch manifest; choose another output folder"
            )
        return cls._from_records(path, records)

    @classmethod
    def _from_records(cls, path: Path, records: list[dict[str, Any]]) -> _Manifest:
        parts: list[int] = []
        files: dict[str, dict[str, Any]] = {}
        for rec in records[1:]:
            number = int(rec["part"])
            parts.append(number)
            for entry in rec["files"]:
                entry = {**entry, "part": number}
                if "lexicon_hash" in rec:
                    entry["lexicon_hash"] = rec["lexicon_hash"]
                files[entry["path"]] = entry
        return cls(path, records[0]["settings"], parts, files)

    @classmethod
    def open(cls, out_dir: Path, settings: dict[str, Any]) -> _Manifest:
        path = out_dir / MANIFEST
        if not path.exists():
            _write_atomic(path, (json.dumps({"settings": settings}) + "\n").encode("utf-8"))
            return cls(path, settings, [], {})
        records, clean, whole = _manifest_records(path)
        if not records or "settings" not in records[0]:
            raise BatchError(
                f"{path}: is not a policytext batch manifest; choose another output folder"
            )
        found = records[0]["settings"]
        for key in ("format", "encoding", "lexicons"):
            if found.get(key) != settings.get(key):
                raise BatchError(
                    f"{out_dir}: was written with {key}={found.get(key)!r}, not "
                    f"{settings.get(key)!r}; rerun with the same options to resume, or write "
                    "to another output folder"
                )
        if found.get("schema") != settings.get("schema"):
            raise BatchError(
                f"{out_dir}: was written by a policytext whose tables have other columns; "
                "write to another output folder"
            )
        if found.get("version") != settings.get("version"):
            print(
                f"policytext batch: {out_dir} was started by policytext {found.get('version')}, "
                f"this is {settings.get('version')}: the rows already written stay as they are",
                file=sys.stderr,
            )
        if clean != whole:
            _write_atomic(path, clean)
        return cls._from_records(path, records)

    def commit(self, number: int, entries: list[dict[str, Any]], lexicon_hash: str) -> None:
        record = {"part": number, "lexicon_hash": lexicon_hash, "files": entries}
        try:
            line = json.dumps(record, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # a file name that is not UTF-8: \udcXX escapes keep it
            line = json.dumps(record).encode("ascii")
        with open(self.path, "ab") as f:
            f.write(line + b"\n")
            f.flush()
            os.fsync(f.fileno())
        self.parts.append(number)
        for entry in entries:
            self.files[entry["path"]] = {**entry, "part": number, "lexicon_hash": lexicon_hash}


def _manifest_records(path: Path) -> tuple[list[dict[str, Any]], bytes, bytes]:
    """The records of a manifest up to its first torn line, those lines, and the whole file."""
    whole = path.read_bytes()
    lines = whole.split(b"\n")
    records: list[dict[str, Any]] = []
    good = 0
    for raw in lines:
        if not raw.strip():
            continue
        try:
            records.append(json.loads(raw))
        except ValueError:
            break  # a line torn by an interruption, and nothing after it counts
        good += 1
    kept = [line for line in lines if line.strip()][:good]
    return records, b"".join(line + b"\n" for line in kept), whole


# --------------------------------------------------------------------------------------------
# Progress on a terminal


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


# --------------------------------------------------------------------------------------------
# The batch


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
    runs the parsing on a Dask cluster; otherwise `workers` local processes do. Every
    `chunk_size` files, one part per table is written. `progress` shows progress (default: on
    a terminal or in a notebook; tqdm draws it when installed, see `policytext.progress`). One
    batch at a time writes to an output folder: a second one is refused (`BatchError`) while
    the first runs.
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
    with _FolderLock(out):
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
    specs = table_specs()
    bar.total = len(todo)
    fn = functools.partial(_extract, options=options)
    next_part = max(manifest.parts, default=-1) + 1
    chunk: list[Extracted | FailedFile] = []
    parsed = 0
    interrupted = False

    def flush() -> None:
        # Parts to hidden files, then the manifest line, then the parts renamed into view: a
        # part counts once the manifest lists it, and no reader sees one it does not list.
        nonlocal next_part, parsed
        if not chunk:
            return
        items, number = _encodable(list(chunk), specs, fmt), next_part
        parsed -= sum(1 for x, y in zip(chunk, items, strict=True) if x is not y)
        chunk.clear()
        next_part += 1
        name = _part_name(number, fmt)
        for spec in specs:
            rows = [r for res in items if isinstance(res, Extracted) for r in res.tables[spec.name]]
            _write_hidden(out / spec.name / name, _encode(rows, spec.columns, fmt))
        entries = []
        for res in items:
            if isinstance(res, Extracted):
                entries.append({"path": res.path, "doc_id": res.doc_id, "status": "ok"})
            else:
                entries.append({**res.row(), "status": "error"})
        manifest.commit(number, entries, lexicon_hash)
        for spec in specs:
            _reveal(out / spec.name / name)

    try:
        for res in _ordered_map(fn, todo, workers=workers, client=client, lost=_lost):
            chunk.append(res)
            parsed += isinstance(res, Extracted)
            bar.advance(failed=isinstance(res, FailedFile))
            if len(chunk) >= chunk_size:
                flush()
        flush()
    except KeyboardInterrupt:
        interrupted = True
        flush()  # the results already here are complete: keep them
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


def _encodable(
    items: list[Extracted | FailedFile], specs: Sequence[TableSpec], fmt: str
) -> list[Extracted | FailedFile]:
    """`items` with each document whose rows cannot be written in `fmt` (a figure beyond the
    Parquet decimal type...) turned into a `FailedFile`, so that one bad document never stops
    the batch."""
    out: list[Extracted | FailedFile] = []
    for res in items:
        if isinstance(res, Extracted):
            try:
                for spec in specs:
                    _check_rows(res.tables[spec.name], spec.columns, fmt)
            except Exception as exc:
                res = _failure(res.path, res.doc_id, exc)
        out.append(res)
    return out


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
            elif hidden or (_PART.fullmatch(f.name) and f.name not in listed):
                f.unlink()


def _write_errors(out: Path, manifest: _Manifest, paths: list[str], fmt: str) -> int:
    """Rewrite the errors table from the manifest; return how many of `paths` failed."""
    entries = [e for e in manifest.files.values() if e.get("status") == "error"]
    rows = [
        {
            c.name: (printable(v) if isinstance(v := e.get(c.name), str) else v)
            for c in _ERROR_COLUMNS
        }
        for e in entries
    ]
    _write_atomic(out / ERRORS / _part_name(0, fmt), _encode(rows, _ERROR_COLUMNS, fmt))
    wanted = set(paths)
    return sum(1 for e in entries if e["path"] in wanted)


def _printable_cell(value: Any) -> Any:
    return printable(value) if isinstance(value, str) else value


def read_table(out_dir: str | os.PathLike[str], name: str) -> list[Row]:
    """All rows of one table of a batch output folder, as plain dicts, parts in order.

    The manifest is the truth: only the parts it lists are read, and of a file parsed more
    than once (its content or the lexicons changed) only the rows of its latest part. A reader
    of the folder itself (pandas, DuckDB) sees the same parts, but also the earlier rows of a
    file parsed again. Parquet values keep their types (Decimal for decimals); JSON Lines and
    CSV rows hold what the file holds (CSV: strings, nested values as JSON text).
    """
    out = Path(out_dir)
    folder = out / name
    if name not in table_names():
        raise BatchError(f"no table {name!r}; the tables are {', '.join(table_names())}")
    if name == ERRORS:
        files = sorted(f for f in folder.glob("part-*") if _PART.fullmatch(f.name))
        latest: dict[str, int] | None = None
        numbers = [0] * len(files)
    else:
        if not (out / MANIFEST).exists():
            return []
        manifest = _Manifest.read(out)
        fmt = manifest.settings.get("format", "parquet")
        latest = {display_path(p): e["part"] for p, e in manifest.files.items()}
        numbers = sorted(set(manifest.parts))
        files = [folder / _part_name(n, fmt) for n in numbers]
    rows: list[Row] = []
    for number, f in zip(numbers, files, strict=True):
        if not f.exists():
            continue
        part = _read_part(f)
        if latest is not None:
            part = [r for r in part if latest.get(r.get("path", "")) == number]
        rows.extend(part)
    return rows


def _read_part(f: Path) -> list[Row]:
    if f.suffix == ".parquet":
        import pyarrow.parquet as pq

        return list(pq.read_table(f).to_pylist())
    if f.suffix == ".jsonl":
        with open(f, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    with open(f, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------------------------
# One batch at a time per output folder


LOCK = ".policytext-batch.lock"


class _FolderLock:
    """An exclusive lock on an output folder, held while a batch writes to it.

    The lock file ``OUT_DIR/.policytext-batch.lock`` holds the owner's process id, host and
    start time. Where the system has `fcntl.flock`, the lock is the kernel's, released when the
    owner exits however it exits, so a lock left by a killed batch is taken over at once;
    elsewhere a lock whose owner no longer runs (same host) is taken over.
    """

    def __init__(self, out: Path) -> None:
        self.path = out / LOCK
        self.fd: int | None = None

    def __enter__(self) -> _FolderLock:
        for _ in range(20):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                kernel = _flock(fd)
                if kernel == "held" or (kernel == "unsupported" and self._held_by_live_owner()):
                    raise BatchError(self._refusal())
                try:
                    same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
                except FileNotFoundError:
                    same = False
            except BaseException:
                os.close(fd)
                raise
            if not same:  # the owner removed the file as we opened it: lock the new one
                os.close(fd)
                continue
            self._take_over(fd)
            self.fd = fd
            return self
        raise BatchError(f"{self.path}: could not take the lock; try again")

    def _owner(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_bytes() or b"{}")
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _held_by_live_owner(self) -> bool:
        owner = self._owner()
        pid = owner.get("pid")
        if not isinstance(pid, int) or pid == os.getpid():
            return False
        if owner.get("host") not in (None, _host()):
            return True  # another machine's batch: cannot check it, so respect it
        return _pid_alive(pid)

    def _refusal(self) -> str:
        owner = self._owner()
        who = f"process {owner.get('pid')}" if owner.get("pid") else "another process"
        host = f" on {owner['host']}" if owner.get("host") else ""
        since = f", started {owner['started']}" if owner.get("started") else ""
        return (
            f"{self.path.parent}: another policytext batch is writing to this folder "
            f"({who}{host}{since}); wait for it to finish, or choose another output folder"
        )

    def _take_over(self, fd: int) -> None:
        owner = self._owner()
        pid = owner.get("pid")
        if isinstance(pid, int) and pid != os.getpid():
            print(
                f"policytext batch: taking over the lock of {self.path.parent} left by process "
                f"{pid}, which no longer runs",
                file=sys.stderr,
            )
        me = {
            "pid": os.getpid(),
            "host": _host(),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(me).encode("utf-8"))

    def __exit__(self, *exc: object) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self.fd, 0)  # no owner left behind where the file cannot be removed
            os.unlink(self.path)
        os.close(self.fd)  # releases the kernel lock
        self.fd = None


def _host() -> str:
    import socket

    return socket.gethostname()


def _flock(fd: int) -> Literal["locked", "held", "unsupported"]:
    """Take the kernel lock on `fd` without waiting: ``locked``; ``held`` when another process
    holds it; ``unsupported`` on a system or filesystem without `flock`."""
    try:
        import fcntl
    except ImportError:
        return _windows_lock(fd)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return "held"
    except OSError:
        return "unsupported"
    return "locked"


def _windows_lock(fd: int) -> Literal["locked", "held", "unsupported"]:
    """The same on Windows: a lock on the file's first byte, released when the owner exits."""
    try:
        import msvcrt
    except ImportError:
        return "unsupported"
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
    except OSError:
        return "held"
    return "locked"
