"""The CSV dialect datalchemy writes and reads: what PostgreSQL ``COPY ... CSV`` and SQLite accept.

A header line; NULL is an empty unquoted field and an empty string is ``""``; booleans
``true``/``false``; dates ``YYYY-MM-DD``; timestamps ``YYYY-MM-DD HH:MM:SS.ffffff`` with a ``Z``
suffix when they carry a time zone (UTC); arrays as PostgreSQL array literals (``{a,"b c"}``);
bytes as PostgreSQL hex (``\\x0a1b``). Generation writes it (:mod:`datalchemy.generate.sinks`),
the loader sends it to ``COPY`` (:mod:`datalchemy.db.copy`), evaluation reads it.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

__all__ = ["csv_column", "encode_csv"]


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
