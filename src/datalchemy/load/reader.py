"""Read a dataset file back as typed Arrow batches, streaming, for targets that insert rows.

PostgreSQL takes the CSV bytes as they are (``COPY``); SQLite and ODBC targets bind parameters, so
the text is parsed once by Arrow's multithreaded CSV reader into the types those drivers bind
natively. NULL is an empty unquoted field and ``""`` is the empty string, as the sinks write them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from datalchemy.contracts.schema import Column, TypeFamily
from datalchemy.csvformat import csv_column
from datalchemy.errors import InputError
from datalchemy.load.dataset import DatasetTable

__all__ = ["BATCH_BYTES", "arrow_type", "open_typed_csv", "read_batches"]

BATCH_BYTES = 4 << 20

_NATIVE: dict[TypeFamily, pa.DataType] = {
    TypeFamily.BOOLEAN: pa.bool_(),
    TypeFamily.INTEGER: pa.int64(),
    TypeFamily.FLOAT: pa.float64(),
}


def arrow_type(column: Column) -> pa.DataType:
    """The Arrow type a column's CSV text is parsed into (exact types stay text)."""
    if column.array is None and column.family in _NATIVE:
        return _NATIVE[column.family]
    return pa.string()


def _decode_bytea(arr: pa.Array) -> pa.Array:
    # bytea is written as PostgreSQL hex text (\x0a1b...); binding needs the bytes.
    return pa.array(
        [None if v is None else bytes.fromhex(v[2:]) for v in arr.to_pylist()], pa.binary()
    )


def _typed(batch: pa.RecordBatch, table: DatasetTable) -> pa.RecordBatch:
    cols = []
    for name, arr in zip(batch.schema.names, batch.columns, strict=True):
        column = table.table.column(name)
        if (
            column.family is TypeFamily.BYTES
            and column.array is None
            and pa.types.is_string(arr.type)
        ):
            arr = _decode_bytea(arr)
        cols.append(arr)
    return pa.RecordBatch.from_arrays(cols, names=batch.schema.names)


def open_typed_csv(path: Path, types: dict[str, pa.DataType]) -> pacsv.CSVStreamingReader:
    """A streaming reader of a dataset CSV with NULL / empty-string semantics of the sinks."""
    return pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=BATCH_BYTES),
        convert_options=pacsv.ConvertOptions(
            column_types=types,
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
            true_values=["true", "t", "1"],
            false_values=["false", "f", "0"],
        ),
    )


def _csv_batches(table: DatasetTable) -> Iterator[pa.RecordBatch]:
    types = {name: arrow_type(table.table.column(name)) for name in table.columns}
    reader = open_typed_csv(table.path, types)
    try:
        yield from reader
    except pa.ArrowInvalid as exc:
        raise InputError(
            "dataset_file_unreadable",
            f"{table.path.name} does not parse as the schema's types: {exc}",
            path=str(table.path),
            hint="the file was edited after generation; evaluate the dataset to find the value",
        ) from None


def _parquet_batches(table: DatasetTable) -> Iterator[pa.RecordBatch]:
    # Same values as the CSV path: exact and exotic types as the sinks' PostgreSQL text.
    for batch in pq.ParquetFile(table.path).iter_batches(batch_size=65536):
        cols = []
        for name, arr in zip(batch.schema.names, batch.columns, strict=True):
            want = arrow_type(table.table.column(name))
            cols.append(
                pc.cast(arr, want) if want != pa.string() else pc.cast(csv_column(arr), want)
            )
        yield pa.RecordBatch.from_arrays(cols, names=batch.schema.names)


def read_batches(table: DatasetTable) -> Iterator[pa.RecordBatch]:
    """The rows of ``table``'s file in Arrow batches of a few MB, typed for parameter binding."""
    source = _parquet_batches(table) if table.format == "parquet" else _csv_batches(table)
    for batch in source:
        yield _typed(batch, table)
