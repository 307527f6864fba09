"""The tables of parsed reports: their columns and the rows a `Document` gives each.

One definition, shared by `policytext batch` (Parquet, JSON Lines, CSV: `policytext.batch`)
and `policytext.to_pandas` (`policytext.frames`), so the two never drift. The columns are
derived from the result models in `policytext.models`, so a field or an extracted kind added
there shows up here by itself; `table_schemas()` describes them. Every row is keyed by
``doc_id`` (`content_id`: the first 16 hex digits of the SHA-256 of the file's bytes) and
``path``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import types
import typing
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel

from .models import Document, Extraction, Section

ERRORS = "errors"


# Decimal columns in Parquet: 28 digits before the point, 10 after.
DECIMAL_PRECISION, DECIMAL_SCALE = 38, 10


Row = dict[str, Any]


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


ERROR_COLUMNS = (
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
    out[ERRORS] = ERROR_COLUMNS
    return out


def schema_id() -> str:
    """A fingerprint of every table's columns and types; it changes when a column does."""
    desc = {
        name: [(c.name, c.type.describe(), c.type.nullable) for c in cols]
        for name, cols in table_schemas().items()
    }
    return hashlib.sha256(json.dumps(desc, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def content_id(data: bytes) -> str:
    """The stable `doc_id` of a file's content: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(data).hexdigest()[:16]
