"""Output files written block by block: what a CSV sink writes, counts and hashes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa
from fsspec.implementations.local import LocalFileSystem

from datalchemy.csvformat import encode_csv
from datalchemy.generate.sinks import CsvSink

SCHEMA = pa.schema([("id", pa.int64()), ("full name", pa.string()), ("a,b", pa.string())])


def _sink_file(tmp_path: Path, batches: list[pa.Table]) -> tuple[bytes, CsvSink]:
    path = tmp_path / "t.csv"
    sink = CsvSink(LocalFileSystem(), str(path), SCHEMA)
    for batch in batches:
        sink.write(batch)
    sink.close()
    return path.read_bytes(), sink


def test_a_table_without_rows_gets_the_header_a_table_with_rows_has(tmp_path: Path) -> None:
    full, _ = _sink_file(tmp_path, [pa.table({"id": [1], "full name": ["Ana"], "a,b": [None]},
                                             schema=SCHEMA)])  # fmt: skip
    empty, sink = _sink_file(tmp_path, [])
    assert empty == b'id,full name,"a,b"\n' == full.splitlines(keepends=True)[0]
    assert (sink.rows, sink.size, sink.sha256) == (0, len(empty), hashlib.sha256(empty).hexdigest())


def test_blocks_are_written_counted_and_hashed_as_encoded(tmp_path: Path) -> None:
    table = pa.table({"id": range(5), "full name": ["a", "b,c", "", None, "d"],
                      "a,b": ["x"] * 5}, schema=SCHEMA)  # fmt: skip
    data, sink = _sink_file(tmp_path, [table.slice(0, 2), table.slice(2)])
    assert data == encode_csv(table, header=True)
    assert (sink.rows, sink.size, sink.sha256) == (5, len(data), hashlib.sha256(data).hexdigest())
