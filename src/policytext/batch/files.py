"""One input of a batch: which files the inputs name, reading and parsing one, and the rows it
gives every table (`extract`, the function every worker runs), or why it failed (`FailedFile`).
"""

from __future__ import annotations

import dataclasses
import glob
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import InputError, PolicyTextError
from ..models import Document, SourceInfo
from ..pipeline import parse_text
from ..reader import decode
from ..tables import Row, content_id, table_specs

# Files a folder given as input contributes (searched recursively).
REPORT_SUFFIXES = (".txt", ".text")


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
