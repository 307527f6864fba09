"""Writing the parts of a table (Parquet, JSON Lines, CSV), through hidden files renamed into
view, and reading a part back. `_write_parts` writes one chunk of results as a part of every
table; the local engine runs it in the batch process, the Dask engine on the workers."""

from __future__ import annotations

import contextlib
import csv
import decimal
import io
import json
import os
import re
import uuid
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from ..errors import DecimalRangeError
from ..tables import (
    DECIMAL_PRECISION,
    DECIMAL_SCALE,
    Column,
    FieldType,
    Row,
    TableSpec,
    table_specs,
)
from .files import Extracted, FailedFile, _failure

Format = Literal["parquet", "jsonl", "csv"]


FORMATS: tuple[Format, ...] = ("parquet", "jsonl", "csv")


_EXT: dict[str, str] = {"parquet": "parquet", "jsonl": "jsonl", "csv": "csv"}


def _arrow_schema(columns: Sequence[Column]) -> Any:
    import pyarrow as pa

    return pa.schema([pa.field(c.name, c.type.arrow(), nullable=c.type.nullable) for c in columns])


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


# A file being written on its way to the hidden file of a part (a name of its own per writer).
_STRAY_PART = re.compile(r"\.part-\d{5,}\.(?:parquet|jsonl|csv)\.[0-9a-f]{8,}\.tmp")


def _write_hidden(path: Path, data: bytes) -> None:
    """Write `data` to the hidden temporary file of `path` (see `_reveal`), whole or not at all:
    through a file of this writer's own, renamed, so that two writers of one part (a Dask task
    of a stopped batch finishing late) never interleave their bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    own = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(own, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(own, _hidden(path))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(own)
        raise


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


def _read_part(f: Path, fmt: str | None = None) -> list[Row]:
    """The rows of a part file in `fmt` (by default, the one its suffix names)."""
    fmt = fmt or f.suffix.removeprefix(".")
    if fmt == "parquet":
        import pyarrow.parquet as pq

        with open(f, "rb") as fh:
            return list(pq.read_table(fh).to_pylist())
    if fmt == "jsonl":
        with open(f, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    with open(f, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _encodable(
    items: Sequence[Extracted | FailedFile], specs: Sequence[TableSpec], fmt: str
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


def _write_parts(
    out: Path, number: int, results: Sequence[Extracted | FailedFile], fmt: str
) -> list[dict[str, Any]]:
    """Write the rows of `results` as part `number` of every data table, to hidden files (the
    caller commits the part to the manifest, then `_reveal`s it); return the part's manifest
    entries, one per result in order (a document that `fmt` cannot hold becomes an error)."""
    specs = table_specs()
    items = _encodable(results, specs, fmt)
    name = _part_name(number, fmt)
    for spec in specs:
        rows = [r for res in items if isinstance(res, Extracted) for r in res.tables[spec.name]]
        _write_hidden(out / spec.name / name, _encode(rows, spec.columns, fmt))
    return [
        {"path": res.path, "doc_id": res.doc_id, "status": "ok"}
        if isinstance(res, Extracted)
        else {**res.row(), "status": "error"}
        for res in items
    ]
