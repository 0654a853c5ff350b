"""Streaming output files: CSV that PostgreSQL ``COPY ... CSV HEADER`` and SQLite accept, and
Parquet. Blocks are appended as they come; memory is bounded by one block.

CSV conventions: a header line; NULL is an empty unquoted field and an empty string is ``""``;
booleans ``true``/``false``; dates ``YYYY-MM-DD``; timestamps ``YYYY-MM-DD HH:MM:SS.ffffff`` with a
``Z`` suffix when they carry a time zone (UTC); arrays as PostgreSQL array literals
(``{a,"b c"}``); bytes as PostgreSQL hex (``\\x0a1b``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal, Protocol

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

__all__ = ["CsvSink", "ParquetSink", "Sink", "encode_csv", "file_sha256", "open_sink"]


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Sink(Protocol):
    path: Path
    rows: int
    sha256: str

    def write(self, batch: pa.Table) -> None: ...

    def write_encoded(self, data: bytes, rows: int) -> None: ...

    def close(self) -> None: ...


def _pg_array_literal(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        parts = []
        for v in value:
            if v is None:
                parts.append("NULL")
            elif isinstance(v, list):
                parts.append(_pg_array_literal(v) or "NULL")
            else:
                text = str(v).lower() if isinstance(v, bool) else str(v)
                needs = text == "" or any(ch in text for ch in ',{}"\\ ') or text.upper() == "NULL"
                if needs:
                    text = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
                parts.append(text)
        return "{" + ",".join(parts) + "}"
    return str(value)


def csv_column(arr: pa.ChunkedArray | pa.Array) -> pa.Array:
    """Columns CSV cannot hold natively, as PostgreSQL literal text.

    Arrays and bytea are rare columns; their per-value formatting is not on the hot path.
    """
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    t = arr.type
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return pa.array([_pg_array_literal(v) for v in arr.to_pylist()], pa.string())
    if pa.types.is_timestamp(t) and t.tz is not None:
        # Arrow formats zoned timestamps ~10x slower than naive ones; values are UTC, so print
        # the naive wall time and mark it with Z.
        naive = pc.cast(arr.cast(pa.timestamp(t.unit, tz="UTC")), pa.timestamp(t.unit))
        return pc.binary_join_element_wise(pc.cast(naive, pa.string()), pa.scalar("Z"), "")
    if pa.types.is_binary(t) or pa.types.is_large_binary(t):
        return pa.array(
            [None if v is None else "\\x" + v.hex() for v in arr.to_pylist()], pa.string()
        )
    return arr


def encode_csv(batch: pa.Table, *, header: bool) -> bytes:
    """One block as CSV bytes (with the header line for the first block of a file).

    Workers encode their own blocks, so CSV formatting runs in parallel; the bytes do not depend
    on where they were encoded.
    """
    table = pa.table({n: csv_column(batch.column(n)) for n in batch.column_names})
    buf = pa.BufferOutputStream()
    pacsv.write_csv(table, buf, pacsv.WriteOptions(include_header=header, quoting_style="needed"))
    return bytes(buf.getvalue())


class CsvSink:
    """A CSV file written block by block, hashed as it is written."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = path
        self.rows = 0
        self.sha256 = ""
        self._names = schema.names
        self._fh = path.open("wb")
        self._hash = hashlib.sha256()
        self._started = False

    def write(self, batch: pa.Table) -> None:
        self.write_encoded(encode_csv(batch, header=not self._started), batch.num_rows)

    def write_encoded(self, data: bytes, rows: int) -> None:
        self._started = True
        self._fh.write(data)
        self._hash.update(data)
        self.rows += rows

    def close(self) -> None:
        if not self._started:  # no rows: still a valid file with its header
            self.write_encoded((",".join(f'"{n}"' for n in self._names) + "\n").encode("utf-8"), 0)
        self._fh.close()
        self.sha256 = self._hash.hexdigest()


class ParquetSink:
    """A Parquet file; each block becomes a row group."""

    def __init__(self, path: Path, schema: pa.Schema, compression: str = "zstd") -> None:
        self.path = path
        self.rows = 0
        self._schema = schema
        self.sha256 = ""
        self._writer = pq.ParquetWriter(str(path), schema, compression=compression)

    def write(self, batch: pa.Table) -> None:
        self._writer.write_table(batch.cast(self._schema))
        self.rows += batch.num_rows

    def write_encoded(self, data: bytes, rows: int) -> None:
        raise NotImplementedError("Parquet blocks are written as Arrow tables")

    def close(self) -> None:
        self._writer.close()
        self.sha256 = file_sha256(self.path)


def open_sink(
    fmt: Literal["csv", "parquet"], path: Path, schema: pa.Schema, compression: str | None = None
) -> Sink:
    if fmt == "parquet":
        return ParquetSink(path, schema, compression or "zstd")
    return CsvSink(path, schema)
