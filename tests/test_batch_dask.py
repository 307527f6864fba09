"""The Dask engine on a two-process `LocalCluster`: workers write the parts, the batch commits
them, and the tables are those of the local engine; the lazy bag and DataFrame."""

from __future__ import annotations

import functools
import json
import math
import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")

import dask
from distributed import Client, LocalCluster

from policytext import batch
from policytext.batch import (
    BatchError,
    FailedFile,
    parse_many,
    read_table,
    run_batch,
    to_dask_bag,
    to_dask_dataframe,
)
from policytext.batch.files import Extracted, _extract, _Options
from test_batch import make_inputs, tables_of


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """Two worker processes of one thread each; a task that kills its worker is not retried
    (`KilledWorker` at once), so that the tests of lost workers stay quick."""
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as c,
    ):
        c.wait_for_workers(2)
        yield c


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    return make_inputs(tmp_path / "in")


@pytest.fixture
def reference(inputs: list[Path], tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    """The tables of the local engine, one process, two files per part."""
    run_batch(inputs, tmp_path / "local", workers=1, chunk_size=2, progress=False)
    tables = tables_of(tmp_path / "local")
    assert tables["documents"] and tables["targets"] and tables["errors"]
    return tables


def test_local_processes_and_dask_write_identical_tables(
    inputs: list[Path], tmp_path: Path, reference: dict[str, Any], client: Client
) -> None:
    assert len(client.scheduler_info()["workers"]) == 2
    two = run_batch(inputs, tmp_path / "w2", workers=2, chunk_size=2, progress=False)
    on_dask = run_batch(inputs, tmp_path / "dask", client=client, chunk_size=2, progress=False)
    assert two.parsed == on_dask.parsed == 3 and on_dask.failed == 1
    assert tables_of(tmp_path / "w2") == reference
    assert tables_of(tmp_path / "dask") == reference
    # the same part files, by the same names, in both folders; nothing hidden left
    for name in reference:
        local = sorted(p.name for p in (tmp_path / "local" / name).iterdir())
        assert sorted(p.name for p in (tmp_path / "dask" / name).iterdir()) == local
    # a run begun by the local engine and finished by Dask gives the same tables
    run_batch(inputs[:2], tmp_path / "mixed", workers=1, chunk_size=2, progress=False)
    resumed = run_batch(inputs, tmp_path / "mixed", client=client, chunk_size=2, progress=False)
    assert (resumed.skipped, resumed.parsed) == (2, 1)
    assert tables_of(tmp_path / "mixed") == reference


def test_the_workers_write_the_parts_and_the_batch_only_commits(
    inputs: list[Path],
    tmp_path: Path,
    reference: dict[str, Any],
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def not_here(*args: object) -> None:
        raise AssertionError("the batch process wrote a part")

    # In this process nothing may write a part: only the workers (other processes) can.
    monkeypatch.setattr(batch.run, "_write_parts", not_here)
    monkeypatch.setattr(batch.cluster, "_write_parts", not_here)
    out = tmp_path / "dask"
    summary = run_batch(inputs, out, client=client, chunk_size=2, format="parquet", progress=False)
    assert (summary.parsed, summary.failed) == (3, 1)
    assert tables_of(out) == reference
    lines = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert [rec["part"] for rec in lines[1:]] == [0, 1]
    assert [[f["status"] for f in rec["files"]] for rec in lines[1:]] == [
        ["ok", "ok"],
        ["error", "ok"],
    ]


def test_a_file_that_kills_its_workers_fails_alone_and_is_retried_by_the_next_run(
    inputs: list[Path],
    tmp_path: Path,
    reference: dict[str, Any],
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doomed = str(inputs[1])

    def kills_on_one_file(path: str, options: _Options) -> Extracted | FailedFile:
        if path == doomed:
            os._exit(3)  # a crash of the worker (out of memory, a segfault)
        return _extract(path, options)

    # A local function travels to the workers by value: run_batch's tasks parse with it.
    monkeypatch.setattr(
        batch.run, "_Job", functools.partial(batch.cluster._Job, extract=kills_on_one_file)
    )
    out = tmp_path / "dask"
    first = run_batch(inputs, out, client=client, chunk_size=4, format="parquet", progress=False)
    assert (first.parsed, first.failed) == (2, 2)
    errors = {e["path"]: e for e in read_table(out, "errors")}
    assert errors[doomed]["error"] == "KilledWorker" and errors[doomed]["doc_id"] is None
    # the chunk was written again without the file: the other files' rows are all there
    ok = {str(inputs[0]), str(inputs[3])}
    assert {r["path"] for r in read_table(out, "documents")} == ok
    expected = [r for r in reference["targets"] if r["path"] in ok]
    assert read_table(out, "targets") == expected
    # a lost file has no doc_id: the next run tries it again
    monkeypatch.undo()
    second = run_batch(inputs, out, client=client, chunk_size=4, format="parquet", progress=False)
    assert (second.skipped, second.parsed, second.failed) == (3, 1, 1)
    assert sorted(read_table(out, "targets"), key=_key) == sorted(reference["targets"], key=_key)


def _key(row: dict[str, Any]) -> tuple[str, int]:
    return row["path"], row["position"]


def test_parse_many_on_dask_and_a_task_that_kills_its_worker(
    inputs: list[Path], client: Client
) -> None:
    assert list(parse_many(inputs, client=client)) == list(parse_many(inputs, workers=1))
    pool = batch.pool
    (dead,) = pool._ordered_map(os._exit, [3], workers=1, client=client, lost=pool._lost)
    assert isinstance(dead, FailedFile) and dead.error == "KilledWorker"


# --------------------------------------------------------------------------------------------
# Lazy collections


def test_to_dask_bag_is_parse_many_computed_lazily(
    inputs: list[Path], tmp_path: Path, client: Client
) -> None:
    missing = tmp_path / "missing.txt"
    paths = [*inputs, missing]
    bag = to_dask_bag(paths, files_per_partition=2)
    assert bag.npartitions == 3
    docs = bag.compute()  # on the cluster: `client` is the default scheduler
    assert docs == list(parse_many(paths, workers=1))
    assert isinstance(docs[2], FailedFile) and isinstance(docs[4], FailedFile)
    # it composes like any bag
    counts = bag.filter(lambda d: not isinstance(d, FailedFile)).map(lambda d: len(d.targets))
    assert counts.compute() == [len(d.targets) for d in docs if not isinstance(d, FailedFile)]
    with pytest.raises(BatchError, match="files_per_partition must be at least 1"):
        to_dask_bag(paths, files_per_partition=0)


def _plain(value: Any) -> Any:
    """A value of a DataFrame cell or a table row, comparable across the two (missing values
    as None, decimals as floats)."""
    if isinstance(value, Decimal):
        return float(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if type(value).__name__ in {"NAType", "NaTType"}:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


@pytest.mark.parametrize("table", ["targets", "documents", "sections", "errors"])
def test_to_dask_dataframe_holds_the_rows_of_the_batch_table(
    inputs: list[Path], reference: dict[str, Any], client: Client, table: str
) -> None:
    pytest.importorskip("dask.dataframe")
    frame = to_dask_dataframe(inputs, table, files_per_partition=2)
    got = frame.compute().reset_index(drop=True)
    rows = reference[table]
    assert len(got) == len(rows) > 0
    for column in got.columns:
        assert [_plain(v) for v in got[column]] == [_plain(r.get(column)) for r in rows], column


def test_dataframes_of_several_tables_share_their_parsing(inputs: list[Path]) -> None:
    pytest.importorskip("dask.dataframe")
    targets = to_dask_dataframe(inputs, "targets")
    documents = to_dask_dataframe(inputs, "documents")
    parsing = {k for k in targets.__dask_graph__() if str(k).startswith("('_extract-")}
    assert len(parsing) == len(inputs)
    assert parsing <= set(documents.__dask_graph__())
    with pytest.raises(BatchError, match="no table 'nope'"):
        to_dask_dataframe(inputs, "nope")
