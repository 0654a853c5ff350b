"""Streaming output files: CSV (the dialect of :mod:`datalchemy.csvformat`) and Parquet.
Blocks are appended as they come; memory is bounded by one block."""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import pyarrow as pa

from datalchemy.csvformat import csv_block
from datalchemy.generate.parts import FileSystem

if TYPE_CHECKING:
    import pyarrow.parquet as pq

__all__ = ["CsvSink", "ParquetSink", "Sink", "file_sha256", "open_sink"]


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


#: Bytes copied at a time when a part file is appended.
_COPY_CHUNK = 1 << 20


class Sink(Protocol):
    name: str
    rows: int
    size: int
    sha256: str

    def write(self, batch: pa.Table) -> None: ...

    def append_part(self, fs: FileSystem, part: str, rows: int) -> None: ...

    def close(self) -> None: ...


class CsvSink:
    """A CSV file written block by block, hashed as it is written."""

    def __init__(self, fs: FileSystem, path: str, schema: pa.Schema) -> None:
        self.name = posixpath.basename(path)
        self.rows = 0
        self.size = 0
        self.sha256 = ""
        self._schema = schema
        self._fh = fs.open(path, "wb")
        self._hash = hashlib.sha256()
        self._started = False

    def write(self, batch: pa.Table) -> None:
        self._write(csv_block(batch, header=not self._started), batch.num_rows)

    def _write(self, data: pa.Buffer, rows: int) -> None:
        self._started = True
        self._fh.write(data)
        self._hash.update(data)
        self.rows += rows
        self.size += data.size

    def append_part(self, fs: FileSystem, part: str, rows: int) -> None:
        """Append a part file written by a worker (hashed while copied, then deleted)."""
        self._started = True
        buf = bytearray(_COPY_CHUNK)
        view = memoryview(buf)
        with fs.open(part, "rb") as src:
            while n := src.readinto(buf):
                self._fh.write(view[:n])
                self._hash.update(view[:n])
                self.size += n
        fs.rm(part)
        self.rows += rows

    def close(self) -> None:
        if not self._started:  # no rows: still a valid file with its header
            self._write(csv_block(self._schema.empty_table(), header=True), 0)
        self._fh.close()
        self.sha256 = self._hash.hexdigest()


class ParquetSink:
    """A Parquet file; each block becomes a row group (hashed as it is written)."""

    def __init__(
        self, fs: FileSystem, path: str, schema: pa.Schema, compression: str = "zstd"
    ) -> None:
        self.name = posixpath.basename(path)
        self.rows = 0
        self.size = 0
        self._schema = schema
        self._compression = compression
        self.sha256 = ""
        self._file = _HashingWriter(fs.open(path, "wb"))
        self._writer: pq.ParquetWriter | None = None

    def _open(self, schema: pa.Schema) -> pq.ParquetWriter:
        # Blocks from workers arrive as part files: the schema is the first part's.
        if self._writer is None:
            import pyarrow.parquet as pq  # about 30 ms of imports that CSV runs skip

            if len(self._schema) == 0:
                self._schema = schema
            self._writer = pq.ParquetWriter(self._file, self._schema, compression=self._compression)
        return self._writer

    def write(self, batch: pa.Table) -> None:
        self._open(batch.schema).write_table(batch.cast(self._schema))
        self.rows += batch.num_rows

    def append_part(self, fs: FileSystem, part: str, rows: int) -> None:
        """Write an Arrow IPC part file of a worker as the next row group, then delete it."""
        with fs.open(part, "rb") as src:
            table = pa.ipc.open_file(pa.BufferReader(src.read())).read_all()
        self.write(table)
        fs.rm(part)

    def close(self) -> None:
        self._open(self._schema).close()
        self._file.close()
        self.sha256 = self._file.hash.hexdigest()
        self.size = self._file.size


class _HashingWriter:
    """A binary file that hashes and counts what goes through it (Parquet writes sequentially)."""

    def __init__(self, fh: Any) -> None:
        self._fh = fh
        self.hash = hashlib.sha256()
        self.size = 0
        self.closed = False

    def write(self, data: Any) -> int:
        view = memoryview(data)
        self._fh.write(view)
        self.hash.update(view)
        self.size += view.nbytes
        return view.nbytes

    def tell(self) -> int:
        return self.size

    def flush(self) -> None:
        self._fh.flush()

    def close(self) -> None:
        if not self.closed:
            self._fh.close()
            self.closed = True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readable(self) -> bool:
        return False


def open_sink(
    fmt: Literal["csv", "parquet"],
    fs: FileSystem,
    path: str,
    schema: pa.Schema,
    compression: str | None = None,
) -> Sink:
    if fmt == "parquet":
        return ParquetSink(fs, path, schema, compression or "zstd")
    return CsvSink(fs, path, schema)
