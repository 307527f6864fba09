"""pandas DataFrames of parsed documents: a panel of place x year x indicator in one call.

`to_pandas(docs, "targets")` gives one row per target of every document, with the same
columns as the ``targets`` table of `policytext batch` (both read `policytext.tables`, so the
two never drift): the key ``doc_id`` and ``path``, the document's ``place`` and ``year``, the
item's ``position`` and fields; for targets and outcomes ``period`` and ``indicator_key`` come
last. Decimals (exact in the models) become float64, nullable integers ``Int64``.

pandas is an optional dependency: ``pip install "policytext[pandas]"``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from .errors import PolicyTextError
from .models import Document
from .tables import Column, FieldType, TableSpec, content_id, table_specs

__all__ = ["KINDS", "PandasMissingError", "columns", "to_pandas"]

# The tables a DataFrame can hold, one row per item (``documents``: one row per document).
KINDS = ("targets", "outcomes", "slogans", "projects", "sections", "documents")
# Columns every figure table ends with, present even where a model has no such field yet.
_FIGURE_TAIL = (
    Column("period", FieldType("string", nullable=True), "the year or span the figure is for"),
    Column("indicator_key", FieldType("string", nullable=True), "the canonical indicator"),
)
_FIGURES = ("targets", "outcomes")


class PandasMissingError(PolicyTextError, ImportError):
    """pandas is not installed."""

    code = "PT040"


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise PandasMissingError(
            'DataFrames need pandas: pip install "policytext[pandas]" (or pip install pandas)'
        ) from None
    return pd


def _spec(kind: str) -> TableSpec:
    specs = {s.name: s for s in table_specs()}
    if kind not in specs or kind not in KINDS:
        raise PolicyTextError(f"no table {kind!r}; the kinds are {', '.join(KINDS)}")
    return specs[kind]


def columns(kind: str) -> tuple[Column, ...]:
    """The columns of `to_pandas(docs, kind)`, in order."""
    cols = list(_spec(kind).columns)
    if kind in _FIGURES:
        tail = {c.name: c for c in cols if c.name in {t.name for t in _FIGURE_TAIL}}
        cols = [c for c in cols if c.name not in tail]
        cols += [tail.get(t.name, t) for t in _FIGURE_TAIL]
    return tuple(cols)


def _doc_key(doc: Document) -> tuple[str, str | None]:
    """`doc_id` and `path` of a parsed document.

    `doc_id` hashes the UTF-8 bytes of the text as decoded, which is the batch tables'
    `doc_id` for every UTF-8 file (a file in another encoding hashes its own bytes there).
    """
    path = os.path.abspath(doc.source.path) if doc.source.path else None
    return content_id(doc.original.encode("utf-8", "surrogatepass")), path


def _series(pd: Any, values: list[Any], ftype: FieldType) -> Any:
    base = ftype.base
    if base == "decimal":
        floats = [float(v) if v is not None else float("nan") for v in values]
        return pd.Series(floats, dtype="float64")
    if base == "float64":
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    if base == "int64":
        return pd.Series(values, dtype="Int64" if ftype.nullable else "int64")
    if base == "bool":
        return pd.Series(values, dtype="boolean" if ftype.nullable else "bool")
    if base == "string":
        # pandas 3 has a string dtype whose missing value is NaN; pandas 2 keeps objects.
        dtype = "str" if int(pd.__version__.split(".")[0]) >= 3 else object
        return pd.Series(values, dtype=dtype)
    return pd.Series(values, dtype=object)


def to_pandas(docs: Document | Iterable[Document], kind: str = "targets") -> Any:
    """A DataFrame of one kind of item of `docs`: one row per target, outcome, slogan, project
    or section (`kind`), with the columns of the batch table of that name.

    >>> import policytext
    >>> doc = policytext.parse_text("2026年青禾市政府工作报告\\n地区生产总值增长5%左右。")
    >>> frame = policytext.to_pandas([doc], "targets")
    >>> gdp = frame[frame.indicator_key == "gdp"]
    >>> gdp[["place", "year", "value", "unit"]].to_dict("records")
    [{'place': '青禾市', 'year': 2026, 'value': 5.0, 'unit': '%'}]
    """
    pd = _pandas()
    cols = columns(kind)
    spec = _spec(kind)
    items: Sequence[Document] = [docs] if isinstance(docs, Document) else list(docs)
    rows: list[dict[str, Any]] = []
    for doc in items:
        doc_id, path = _doc_key(doc)
        rows.extend({"doc_id": doc_id, "path": path, **r} for r in spec.rows(doc))
    data = {c.name: _series(pd, [r.get(c.name) for r in rows], c.type) for c in cols}
    return pd.DataFrame(data, columns=[c.name for c in cols])
