"""The CSV dialect datalchemy writes and reads: what PostgreSQL ``COPY ... CSV`` and SQLite accept.

A header line; NULL is an empty unquoted field and an empty string is ``""``; a field is quoted
only when it must be (a comma, a quote, CR or LF inside, the empty string, or ``\\.`` which COPY
reads as the end of data); booleans ``true``/``false``; dates ``YYYY-MM-DD``; timestamps
``YYYY-MM-DD HH:MM:SS`` with ``.ffffff`` only on values that have a fraction and a ``Z`` suffix
when they carry a time zone (UTC); arrays as PostgreSQL array literals (``{a,"b c"}``); bytes as
PostgreSQL hex (``\\x0a1b``). Generation writes it (:mod:`datalchemy.generate.sinks`), the loader
sends it to ``COPY`` (:mod:`datalchemy.db.copy`), evaluation reads it.

Example:
    >>> import pyarrow as pa
    >>> table = pa.table({"id": [1, 2, 3], "name": ["Ana", "Souza, Ana", None], "note": ["", 'a"b', "ok"]})
    >>> print(encode_csv(table, header=True).decode(), end="")
    id,name,note
    1,Ana,""
    2,"Souza, Ana","a""b"
    3,,ok
"""  # noqa: E501

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

__all__ = ["csv_column", "encode_csv"]

#: Bytes that force a field into quotes.
_STRUCTURAL = np.zeros(256, dtype=bool)
_STRUCTURAL[list(b',"\r\n')] = True


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


#: Byte -> its two lower-case hex digits.
_HEX = np.array([list(f"{b:02x}".encode()) for b in range(256)], dtype=np.uint8)


def _bytea_text(arr: pa.Array) -> pa.Array:
    """PostgreSQL hex text (``\\x0a1b``) of a binary array, built with NumPy (no per-value
    Python: a unique bytea key of millions of rows is formatted in one pass)."""
    arr = arr.cast(pa.binary())
    n = len(arr)
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32, count=n + 1 + arr.offset)
    offsets = offsets[arr.offset :].astype(np.int64)
    data = arr.buffers()[2]
    raw = (
        np.frombuffer(data, dtype=np.uint8)[offsets[0] : offsets[-1]]
        if data is not None
        else np.zeros(0, np.uint8)
    )
    lengths = np.diff(offsets)
    out_offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(2 + 2 * lengths, out=out_offsets[1:])
    out = np.empty(int(out_offsets[-1]), dtype=np.uint8)
    out[out_offsets[:-1]] = ord("\\")
    out[out_offsets[:-1] + 1] = ord("x")
    owner = np.repeat(np.arange(n), lengths)
    at = out_offsets[owner] + 2 + 2 * (np.arange(raw.size) - (offsets[owner] - offsets[0]))
    out[at] = _HEX[raw, 0]
    out[at + 1] = _HEX[raw, 1]
    text = pa.StringArray.from_buffers(
        n, pa.py_buffer(out_offsets.astype(np.int32)), pa.py_buffer(out)
    )
    if not arr.null_count:
        return text
    return pc.if_else(arr.is_valid(), text, pa.scalar(None, pa.string()))


def csv_column(arr: pa.ChunkedArray | pa.Array) -> pa.Array:
    """Columns whose CSV text is ours, not Arrow's, as that text: arrays and bytea as
    PostgreSQL literals, timestamps and times without a zero fraction, zoned ones with ``Z``.

    Arrays are rare columns; their per-value formatting is not on the hot path.
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
        return pc.binary_join_element_wise(_temporal_text(naive), pa.scalar("Z"), "")
    if pa.types.is_timestamp(t) or pa.types.is_time(t):
        return _temporal_text(arr)
    if pa.types.is_binary(t) or pa.types.is_large_binary(t):
        return _bytea_text(arr)
    return arr


def _temporal_text(arr: pa.Array) -> pa.Array:
    """Timestamps and times as text, with a fraction only on values that have one."""
    t = arr.type
    unit = t.unit
    per_second = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}[unit]
    if per_second == 1:
        return pc.cast(arr, pa.string())
    ticks = np.asarray(arr.cast(pa.int64()).fill_null(0).to_numpy(zero_copy_only=False))
    whole = ticks % per_second == 0
    if pa.types.is_timestamp(t):
        seconds_type: pa.DataType = pa.timestamp("s")
    else:
        seconds_type = pa.time32("s")
    if whole.all():
        return pc.cast(pc.cast(arr, seconds_type, safe=False), pa.string())
    full = pc.cast(arr, pa.string())
    if not whole.any():
        return full
    short = pc.cast(pc.cast(arr, seconds_type, safe=False), pa.string())
    return pc.if_else(pa.array(whole), short, full)


def _string_offsets(arr: pa.Array) -> npt.NDArray[np.int64]:
    """Offsets of a string array relative to its first value (``len(arr) + 1`` of them)."""
    raw = np.frombuffer(arr.buffers()[1], dtype=np.int32, count=len(arr) + 1 + arr.offset)
    offsets = raw[arr.offset :].astype(np.int64)
    relative: npt.NDArray[np.int64] = offsets - offsets[0]
    return relative


def _text_bytes(arr: pa.Array) -> bytes:
    data = arr.buffers()[2]
    if data is None or len(arr) == 0:
        return b""
    raw = np.frombuffer(arr.buffers()[1], dtype=np.int32, count=len(arr) + 1 + arr.offset)
    text: bytes = data.to_pybytes()[int(raw[arr.offset]) : int(raw[-1])]
    return text


def _valid(arr: pa.Array) -> npt.NDArray[np.bool_]:
    if arr.null_count == 0:
        return np.ones(len(arr), dtype=bool)
    return np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)


def _needs_quotes(arr: pa.Array, *, structural: bool) -> npt.NDArray[np.bool_] | None:
    """Rows of a string array whose text must be quoted (None: no row).

    Always the empty string (an empty unquoted field is NULL) and ``\\.`` (COPY's end of data);
    with ``structural``, also values holding a comma, a quote, CR or LF, found by one table lookup
    over the data buffer.
    """
    relative = _string_offsets(arr)
    lengths = np.diff(relative)
    needs = lengths == 0
    two = np.flatnonzero(lengths == 2)
    text = b""
    if len(two) or structural:
        text = _text_bytes(arr)
        raw = np.frombuffer(text, dtype=np.uint8)
        first = relative[two]
        needs[two[(raw[first] == ord("\\")) & (raw[first + 1] == ord("."))]] = True
        if structural:
            hits = np.flatnonzero(_STRUCTURAL[raw])
            needs[np.searchsorted(relative[1:], hits, side="right")] = True
    needs &= _valid(arr)
    return needs if needs.any() else None


def _field(arr: pa.ChunkedArray | pa.Array) -> pa.Array:
    """One column in a type Arrow's CSV writer prints as our dialect wants."""
    arr = csv_column(arr)
    if pa.types.is_large_string(arr.type):
        return arr.cast(pa.string())
    return arr


#: Stand-ins for ``"``, ``,``, CR and LF inside quoted values while Arrow writes the block.
_UNMARK = ((b"\x01", b'"'), (b"\x02", b","), (b"\x03", b"\r"), (b"\x04", b"\n"))
_UNQUOTED = pacsv.WriteOptions(include_header=False, quoting_style="none")
_QUOTE_TEXT = pacsv.WriteOptions(include_header=False, quoting_style="needed")


def _marked(arr: pa.Array, needs: npt.NDArray[np.bool_]) -> pa.Array:
    """``arr`` with the ``needs`` rows quoted, structural bytes written as their stand-ins."""
    body = pc.replace_substring(arr, '"', "\x01\x01")
    body = pc.replace_substring(pc.replace_substring(body, ",", "\x02"), "\r", "\x03")
    body = pc.replace_substring(body, "\n", "\x04")
    quoted = pc.binary_join_element_wise("\x01", body, "\x01", "")
    return pc.if_else(pa.array(needs), quoted, arr)


def _write(fields: list[pa.Array], options: pacsv.WriteOptions) -> bytes:
    table = pa.Table.from_arrays(fields, names=[str(i) for i in range(len(fields))])
    buf = pa.BufferOutputStream()
    pacsv.write_csv(table, buf, options)
    return bytes(buf.getvalue())


def _without_null_bytes(arr: pa.Array) -> pa.Array:
    if arr.null_count == 0:
        return arr
    # ``take`` through NULL indices writes NULL slots with no bytes (``if_else`` keeps them).
    rows = pa.array(np.arange(len(arr), dtype=np.int64))
    cleaned: pa.Array = arr.take(pc.if_else(arr.is_valid(), rows, pa.scalar(None, pa.int64())))
    return cleaned


def _encode_body(fields: list[pa.Array]) -> bytes:
    """The rows of one block, quoting text only where needed.

    Arrow's unquoted writer is fast but refuses structural bytes, so values that need quotes are
    quoted with control-byte stand-ins, which are turned back into ``" , CR LF`` in the finished
    bytes. Most blocks need no quotes at all and take one pass. A block whose text itself holds
    a stand-in byte (never seen in generated data) quotes all its text instead.
    """
    text = [i for i, f in enumerate(fields) if pa.types.is_string(f.type)]
    for structural in (False, True):
        if structural:  # Arrow also reads the bytes behind NULL slots: write them empty
            fields = [_without_null_bytes(f) if i in text else f for i, f in enumerate(fields)]
        out = list(fields)
        marked = False
        for i in text:
            needs = _needs_quotes(fields[i], structural=structural)
            if needs is not None:
                out[i] = _marked(fields[i], needs)
                marked = True
        if marked and any(
            raw.find(mark) >= 0
            for i in text
            for raw in [_text_bytes(fields[i])]
            for mark, _ in _UNMARK
        ):
            return _write(fields, _QUOTE_TEXT)
        try:
            body = _write(out, _UNQUOTED)
        except pa.ArrowInvalid:  # a structural byte in some value: find them all, then quote
            continue
        if marked:
            for mark, real in _UNMARK:
                body = body.replace(mark, real)
        return body
    raise AssertionError("a block with every structural value quoted must write")


def _header_line(names: list[str]) -> bytes:
    def field(name: str) -> str:
        if name == "" or name == "\\." or any(ch in name for ch in ',"\r\n'):
            return '"' + name.replace('"', '""') + '"'
        return name

    return (",".join(field(n) for n in names) + "\n").encode("utf-8")


def encode_csv(batch: pa.Table, *, header: bool) -> bytes:
    """One block as CSV bytes (with the header line for the first block of a file).

    Workers encode their own blocks, so CSV formatting runs in parallel; the bytes do not depend
    on where they were encoded.
    """
    head = _header_line(batch.column_names) if header else b""
    if batch.num_rows == 0 or batch.num_columns == 0:
        return head
    return head + _encode_body([_field(batch.column(n)) for n in batch.column_names])
