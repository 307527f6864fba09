"""Lazy Dask collections of many reports, for pipelines that already use Dask.

`to_dask_bag(paths)` is `parse_many(paths)` as a `dask.bag.Bag`: one `Document` (or
`FailedFile`) per path, in input order, parsed when the bag is computed, by whatever scheduler
computes it. `to_dask_dataframe(paths, "targets")` is one table of `policytext batch` as a
`dask.dataframe.DataFrame`: the rows of `read_table` (keyed by the file's ``doc_id`` and
``path``), with the columns and dtypes of `policytext.to_pandas` (decimals as float64). Frames
of several tables made from the same paths and options share their parsing when computed
together (`dask.compute(targets, documents)` parses each file once).

Dask is an optional dependency: ``pip install "policytext[dask]"``; the DataFrame also needs
pandas (``policytext[pandas]``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import BatchError
from ..tables import ERRORS, Column, Row, table_names, table_schemas
from .files import Extracted, FailedFile, _extract, _Options, _parse_one, printable

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe

__all__ = ["to_dask_bag", "to_dask_dataframe"]


def _bag_module() -> Any:
    try:
        import dask.bag
    except ImportError:
        raise ImportError('lazy collections need Dask: pip install "policytext[dask]"') from None
    return dask.bag


def _paths_bag(paths: Iterable[str | os.PathLike[str]], files_per_partition: int | None) -> Any:
    """A bag of the absolute paths (typed `Any`: `Bag.map` has no annotations)."""
    if files_per_partition is not None and files_per_partition < 1:
        raise BatchError(f"files_per_partition must be at least 1, not {files_per_partition}")
    absolute = [os.path.abspath(p) for p in paths]
    return _bag_module().from_sequence(absolute, partition_size=files_per_partition)


def to_dask_bag(
    paths: Iterable[str | os.PathLike[str]],
    *,
    encoding: str | None = None,
    lexicons: Sequence[str | os.PathLike[str]] = (),
    files_per_partition: int | None = None,
) -> dask.bag.Bag:
    """A lazy `dask.bag.Bag` of `parse_many(paths)`: a `Document` or a `FailedFile` per path,
    in input order. Nothing is read until the bag is computed; the workers that compute it
    must see the files at their absolute paths. `files_per_partition` sets the partitions
    (default: Dask's, about 100 partitions).

    >>> from policytext.batch import to_dask_bag
    >>> bag = to_dask_bag(["seeds/jinzhou_2019_part2.txt"])
    >>> bag.map(lambda d: d.sections[0].title).compute(scheduler="sync")
    ['2019年主要工作安排']
    """
    options = _Options(encoding, tuple(str(p) for p in lexicons))
    bag: dask.bag.Bag = _paths_bag(paths, files_per_partition).map(_parse_one, options=options)
    return bag


def to_dask_dataframe(
    paths: Iterable[str | os.PathLike[str]],
    table: str = "targets",
    *,
    encoding: str | None = None,
    lexicons: Sequence[str | os.PathLike[str]] = (),
    files_per_partition: int | None = None,
) -> dask.dataframe.DataFrame:
    """A lazy `dask.dataframe.DataFrame` of one table of the reports `paths` name: the rows
    `policytext batch` writes to `table` (``targets``, ``documents``, ``errors``... see
    `table_names()`), in input order, with the dtypes of `policytext.to_pandas` (decimals as
    float64, nullable integers ``Int64``, lists and structs as objects).

    >>> from policytext.batch import to_dask_dataframe
    >>> targets = to_dask_dataframe(["seeds/jinzhou_2019_part2.txt"], "targets")
    >>> int(targets.value.count().compute(scheduler="sync")) > 0
    True
    """
    if table not in table_names():
        raise BatchError(f"no table {table!r}; the tables are {', '.join(table_names())}")
    try:
        import dask.dataframe as dd
    except ImportError:
        raise ImportError(
            "a Dask DataFrame needs dask[dataframe] and pandas: "
            'pip install "policytext[dask,pandas]"'
        ) from None
    options = _Options(encoding, tuple(str(p) for p in lexicons))
    extracted = _paths_bag(paths, files_per_partition).map(_extract, options=options)
    columns = _columns(table)
    frames = extracted.map_partitions(_frame, table, columns)
    frame: dask.dataframe.DataFrame = dd.from_delayed(
        frames.to_delayed(optimize_graph=False), meta=_frame([], table, columns)
    )
    return frame


def _columns(table: str) -> tuple[Column, ...]:
    """The columns of `table` in the order and types of `policytext.to_pandas`."""
    from ..frames import KINDS, columns

    return columns(table) if table in KINDS else table_schemas()[table]


def _frame(results: Iterable[Extracted | FailedFile], table: str, columns: Sequence[Column]) -> Any:
    """The pandas DataFrame of `table`'s rows in `results` (one partition)."""
    from ..frames import _pandas, _series

    pd = _pandas()
    rows: list[Row] = []
    for res in results:
        if isinstance(res, Extracted):
            rows.extend(res.tables.get(table, ()))
        elif table == ERRORS:
            rows.append(
                {k: printable(v) if isinstance(v, str) else v for k, v in res.row().items()}
            )
    data = {c.name: _series(pd, [r.get(c.name) for r in rows], c.type) for c in columns}
    return pd.DataFrame(data, columns=[c.name for c in columns])
