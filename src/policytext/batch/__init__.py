"""Corpus-scale parsing: many reports to tables, on local processes or a Dask cluster.

The entry points share one per-document function:

* `parse_many(paths, workers=N)` yields a `Document` (or a `FailedFile`) per path, in input
  order, parsing in `N` processes (or on a `distributed.Client`).
* `to_dask_bag(paths)` and `to_dask_dataframe(paths, table)` are the same, lazily, for
  pipelines that already use Dask: a `dask.bag.Bag` of documents, a `dask.dataframe.DataFrame`
  of one table's rows.
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

The package's modules follow the seams of the work: `policytext.tables` defines the tables
(shared with `policytext.to_pandas`); `files` reads and parses one input into its rows;
`pool` runs that over many inputs (processes or Dask); `write` encodes and writes parts;
`cluster` has the Dask workers write them; `manifest` records what is done and locks the
folder; `run` drives a batch; `read` reads a table back; `lazy` makes Dask collections.
"""

from __future__ import annotations

from ..errors import BatchError, DecimalRangeError
from ..tables import (
    ERRORS,
    Column,
    FieldType,
    Row,
    TableSpec,
    content_id,
    schema_id,
    table_names,
    table_schemas,
    table_specs,
)
from .files import Extracted, FailedFile, display_path, expand_inputs, extract, printable
from .lazy import to_dask_bag, to_dask_dataframe
from .manifest import LOCK, MANIFEST
from .pool import default_workers, parse_many
from .read import read_table
from .run import DEFAULT_CHUNK_SIZE, BatchSummary, Progress, run_batch
from .write import FORMATS, Format

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "ERRORS",
    "FORMATS",
    "LOCK",
    "MANIFEST",
    "BatchError",
    "BatchSummary",
    "Column",
    "DecimalRangeError",
    "Extracted",
    "FailedFile",
    "FieldType",
    "Format",
    "Progress",
    "Row",
    "TableSpec",
    "content_id",
    "default_workers",
    "display_path",
    "expand_inputs",
    "extract",
    "parse_many",
    "printable",
    "read_table",
    "run_batch",
    "schema_id",
    "table_names",
    "table_schemas",
    "table_specs",
    "to_dask_bag",
    "to_dask_dataframe",
]
