"""Reading one table of a batch output folder back, as its manifest lists it."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import BatchError
from ..tables import ERRORS, Row, table_names
from .files import display_path
from .manifest import MANIFEST, _Manifest
from .write import _PART, _hidden, _part_name, _read_part


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
        part = _read_part(f) if latest is None else _read_listed(f)
        if latest is not None:
            part = [r for r in part if latest.get(r.get("path", "")) == number]
        rows.extend(part)
    return rows


def _read_listed(f: Path) -> list[Row]:
    """The rows of a part the manifest lists. A listed part not yet renamed into view (a batch
    between its commit and the rename, or one stopped there) is read from its hidden file,
    which is whole; a listed part that is in neither place is an error, never skipped."""
    fmt = f.suffix.removeprefix(".")
    for candidate in (f, _hidden(f), f):  # the rename may happen between two looks
        try:
            return _read_part(candidate, fmt)
        except FileNotFoundError:
            continue
    raise BatchError(
        f"{f}: the manifest lists this part but the file is missing, so the table would be "
        "incomplete; restore the file, or write the batch again into a new folder"
    )
