"""Blocks written as part files: what a worker hands back instead of the block's bytes.

A worker (a local process or a Dask task) computes a block, encodes it and writes it to a part
file of its own; it returns a :class:`BlockMeta` of a few hundred bytes. The parent appends the
parts to the table's file in block order, hashing as it copies, and deletes them, so no block
crosses a pipe and the parent never holds one. CSV parts are byte ranges of the final file (the
first block carries the header); Parquet parts are Arrow IPC files that the parent writes as the
file's row groups.

Part paths are plain strings so that they can live on any fsspec file system (Dask runs).
"""

from __future__ import annotations

import posixpath
import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import pyarrow as pa

from datalchemy.csvformat import csv_block
from datalchemy.generate.model import BlockResult, TableModel

__all__ = ["PARTS_DIR", "BlockMeta", "FileSystem", "compute_block_parts", "part_name"]

#: Folder of the part files inside the run folder (removed when the run completes).
PARTS_DIR = ".parts"


class FileSystem(Protocol):
    """The subset of an fsspec file system the parts need (a local one is in :mod:`.local_fs`)."""

    def open(self, path: str, mode: str = "rb") -> Any: ...

    def makedirs(self, path: str, exist_ok: bool = False) -> None: ...

    def mv(self, path1: str, path2: str) -> None: ...

    def rm(self, path: str, recursive: bool = False) -> None: ...

    def ls(self, path: str, detail: bool = False) -> list[Any]: ...


@dataclass
class BlockMeta:
    """What a worker reports for one block: where its parts are and what happened."""

    start: int
    rows: int
    part: str
    fixup_parts: dict[str, str] = field(default_factory=dict)
    retried: dict[int, int] = field(default_factory=dict)
    unverified: dict[int, str] = field(default_factory=dict)


def part_name(parts_root: str, table: str, start: int, fmt: str, fixup: str = "") -> str:
    """The part file of the block of ``table`` that starts at row ``start``."""
    suffix = "csv" if fmt == "csv" else "arrow"
    name = f"{table}.{fixup}" if fixup else table
    return posixpath.join(parts_root, name, f"{start:012d}.{suffix}")


def _write_part(fs: FileSystem, path: str, payload: bytes | pa.Buffer) -> None:
    """Write ``payload`` under a unique temporary name, then rename it into place.

    A task that runs twice (a retry after a lost worker) writes the same bytes; the rename makes
    the part appear whole or not at all.
    """
    fs.makedirs(posixpath.dirname(path), exist_ok=True)
    tmp = f"{path}.{uuid.uuid4().hex}.tmp"
    with fs.open(tmp, "wb") as fh:
        fh.write(payload)
    fs.mv(tmp, path)


def _arrow_ipc(columns: dict[str, pa.Array]) -> bytes:
    table = pa.table(columns)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue())


def _encode(columns: dict[str, pa.Array], fmt: str, header: bool) -> bytes | pa.Buffer:
    if fmt == "csv":
        return csv_block(pa.table(columns), header=header)
    return _arrow_ipc(columns)


def compute_block_parts(
    model: TableModel, fs: FileSystem, parts_root: str, start: int, stop: int, fmt: str
) -> BlockMeta:
    """Compute rows ``[start, stop)`` of ``model``'s table and write them as part files."""
    block: BlockResult = model.compute(np.arange(start, stop, dtype=np.int64))
    header = start == 0
    part = part_name(parts_root, model.name, start, fmt)
    _write_part(fs, part, _encode(block.columns, fmt, header))
    fixups = {}
    for key, cols in sorted(block.fixups.items()):
        fixups[key] = part_name(parts_root, model.name, start, fmt, fixup=key)
        _write_part(fs, fixups[key], _encode(cols, fmt, header))
    return BlockMeta(start, block.rows, part, fixups, block.retried, block.unverified)
