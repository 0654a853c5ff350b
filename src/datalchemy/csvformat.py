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

from functools import cache

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["csv_block", "csv_column", "encode_csv"]

#: Most bytes a string array with 32-bit offsets holds.
_INT32_BYTES = 2**31 - 1

#: A slice bound past the end of any value.
_PAST_END = 2**62

#: Bytes that force a field into quotes.
_STRUCTURAL = np.zeros(256, dtype=bool)
_STRUCTURAL[list(b',"\r\n')] = True


def _with_nulls_of(arr: pa.Array, text: pa.Array) -> pa.Array:
    """``text`` (built for every slot) with NULL where ``arr`` is NULL."""
    if not arr.null_count:
        return text
    return pc.if_else(arr.is_valid(), text, pa.scalar(None, pa.string()))


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


def _value_offsets(arr: pa.Array) -> npt.NDArray[np.int64]:
    """Where each value of a string or binary array starts in its data buffer, and where the
    last ends (``len(arr) + 1`` offsets, the array's own offset applied)."""
    wide = pa.types.is_large_string(arr.type) or pa.types.is_large_binary(arr.type)
    raw = np.frombuffer(
        arr.buffers()[1], dtype=np.int64 if wide else np.int32, count=len(arr) + 1 + arr.offset
    )
    return raw[arr.offset :].astype(np.int64)


def _bytea_text(arr: pa.Array) -> pa.Array:
    """PostgreSQL hex text (``\\x0a1b``) of a binary array, built with NumPy (no per-value
    Python: a unique bytea key of millions of rows is formatted in one pass)."""
    arr = arr.cast(pa.binary())
    n = len(arr)
    offsets = _value_offsets(arr)
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
    return _with_nulls_of(arr, text)


def csv_column(arr: pa.ChunkedArray | pa.Array) -> pa.Array:
    """Columns whose CSV text is ours, not Arrow's, as that text: arrays and bytea as
    PostgreSQL literals, timestamps and times without a zero fraction, zoned ones with ``Z``.

    Arrays are rare columns; their per-value formatting is not on the hot path.
    """
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_dictionary(arr.type):  # formatted (and quoted) as its values' type
        arr = arr.dictionary_decode()
    t = arr.type
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return pa.array([_pg_array_literal(v) for v in arr.to_pylist()], pa.string())
    if pa.types.is_timestamp(t) or pa.types.is_date32(t):
        fast = _calendar_text(arr)
        if fast is not None:
            return fast
        if pa.types.is_date32(t):
            return pc.cast(arr, pa.string())
    if pa.types.is_timestamp(t) and t.tz is not None:
        # Arrow formats zoned timestamps ~10x slower than naive ones; values are UTC, so print
        # the naive wall time and mark it with Z.
        naive = pc.cast(arr.cast(pa.timestamp(t.unit, tz="UTC")), pa.timestamp(t.unit))
        return pc.binary_join_element_wise(_temporal_text(naive), pa.scalar("Z"), "")
    if pa.types.is_timestamp(t) or pa.types.is_time(t):
        return _temporal_text(arr)
    if pa.types.is_binary(t) or pa.types.is_large_binary(t):
        return _bytea_text(arr)
    if pa.types.is_decimal128(t):
        return _decimal_text(arr) or arr
    return arr


#: Digits of a decimal whose unscaled value fits a 64-bit integer.
_INT64_DIGITS = 18
#: Arrow prints a decimal in scientific notation when its adjusted exponent is below -6.
_PLAIN_EXPONENT = 6


def _decimal_text(arr: pa.Array) -> pa.Array | None:
    """Decimals of up to 18 digits as the text Arrow's decimal cast prints, at half its cost:
    the unscaled integers printed by Arrow's integer cast, the point put in by a slice
    replacement.

    A value below one unit (``0.05``) is printed as ``1.05`` (one unit added away from zero, so
    its zeros are kept) and its ``1`` becomes ``0``. None (Arrow prints them) for wider decimals,
    scientific notation (a negative scale, ``1.2E+3``, or tiny values at scales past 6, ``1E-18``)
    and values that do not fit 64 bits.
    """
    t = arr.type
    if t.precision > _INT64_DIGITS or t.scale < 0:
        return None
    n = len(arr)
    words = np.frombuffer(arr.buffers()[1], dtype=np.int64, count=2 * (arr.offset + n))
    unscaled = words[2 * arr.offset :: 2]  # little-endian 128-bit values: the low word
    fits = words[2 * arr.offset + 1 :: 2] == unscaled >> 63  # the high word is the sign
    if arr.null_count:  # a NULL slot's bytes are whatever was left there
        valid = np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        unscaled = np.where(valid, unscaled, 0)
        fits |= ~valid
    if not fits.all():
        return None
    if t.scale > _PLAIN_EXPONENT:  # Arrow prints 1E-18 for values this small, like Java does
        tiny = 10 ** (t.scale - _PLAIN_EXPONENT)
        if ((unscaled > -tiny) & (unscaled < tiny)).any():
            return None
    if t.scale == 0:
        text = pc.cast(pa.array(unscaled), pa.string())
    else:
        unit = 10**t.scale
        small = np.flatnonzero((unscaled > -unit) & (unscaled < unit))
        negative = unscaled[small] < 0
        if len(small):
            unscaled = unscaled.copy()
            unscaled[small] += np.where(negative, -unit, unit)
        text = pc.binary_replace_slice(pc.cast(pa.array(unscaled), pa.string()),
                                       start=-t.scale, stop=-t.scale, replacement=".")  # fmt: skip
        if len(small):  # the added unit's "1" (after a minus sign) becomes "0"
            offsets = np.frombuffer(text.buffers()[1], dtype=np.int32, count=n + 1)
            data = np.frombuffer(text.buffers()[2], dtype=np.uint8).copy()
            data[offsets[small] + negative] = ord("0")
            text = pa.StringArray.from_buffers(n, text.buffers()[1], pa.py_buffer(data))
    return _with_nulls_of(arr, text)


#: Days (since 1970-01-01) whose ``YYYY-MM-DD`` text is kept in a table: 1800-01-01 to 2199-12-31.
_FIRST_DAY, _LAST_DAY = -62_091, 84_005


@cache
def _day_text() -> npt.NDArray[np.void]:
    """``YYYY-MM-DD`` of every day of the table's range, each as one 10-byte item."""
    days = pa.array(np.arange(_FIRST_DAY, _LAST_DAY + 1, dtype=np.int32)).view(pa.date32())
    text = pc.cast(days, pa.string()).buffers()[2]
    return np.frombuffer(text, dtype="V10")


@cache
def _clock_text() -> npt.NDArray[np.void]:
    """``HH:MM:SS`` of every second of a day, each as one 8-byte item."""
    seconds = np.arange(86_400)
    out = np.empty((86_400, 8), dtype=np.uint8)
    for col, value in ((0, seconds // 3600), (3, seconds // 60 % 60), (6, seconds % 60)):
        out[:, col] = 48 + value // 10
        out[:, col + 1] = 48 + value % 10
    out[:, [2, 5]] = ord(":")
    return out.reshape(-1).view("V8")


def _calendar_text(arr: pa.Array) -> pa.Array | None:
    """Dates and whole-second timestamps as ``YYYY-MM-DD[ HH:MM:SS][Z]``, each value copied
    from tables of day and clock texts (Arrow's cast of a zoned timestamp costs about 100 ns a
    value, a copy a few).

    None when Arrow should print them: a fraction of a second, or a day outside the table.
    """
    t = arr.type
    n = len(arr)
    if pa.types.is_date32(t):
        days = np.asarray(arr.view(pa.int32()).fill_null(0).to_numpy(), dtype=np.int64)
        seconds = None
    else:
        per_second = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}[t.unit]
        ticks = np.asarray(arr.view(pa.int64()).fill_null(0).to_numpy())
        whole, fraction = np.divmod(ticks, per_second)
        if fraction.any():
            return None
        days, seconds = np.divmod(whole, 86_400)
    if n and (days.min() < _FIRST_DAY or days.max() > _LAST_DAY):
        return None
    fields: list[tuple[str, str]] = [("day", "V10")]
    if seconds is not None:
        fields += [("space", "u1"), ("clock", "V8")] + ([("z", "u1")] if t.tz else [])
    out = np.empty(n, dtype=np.dtype(fields))
    out["day"] = _day_text()[days - _FIRST_DAY]
    if seconds is not None:
        out["space"] = ord(" ")
        out["clock"] = _clock_text()[seconds]
        if t.tz:
            out["z"] = ord("Z")
    width = out.dtype.itemsize
    if n * width > _INT32_BYTES:
        return None
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    text = pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(out.view(np.uint8)))
    return _with_nulls_of(arr, text)


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


def _string_values(arr: pa.Array) -> tuple[npt.NDArray[np.int64], bytes]:
    """A string array's offsets relative to its first value (``len(arr) + 1`` of them) and the
    bytes of its values."""
    offsets = _value_offsets(arr)
    data = arr.buffers()[2]
    text = b"" if data is None else data.slice(int(offsets[0]), int(offsets[-1] - offsets[0]))
    return offsets - offsets[0], bytes(text)


def _needs_quotes(arr: pa.Array) -> npt.NDArray[np.bool_] | None:
    """Rows of a string array whose text must be quoted (None: no row).

    The empty string (an empty unquoted field is NULL), ``\\.`` (COPY's end of data) and values
    holding a comma, a quote, CR or LF. Most columns hold none of those bytes, which four
    ``bytes.find`` calls tell; only then is each byte looked up to find its row.
    """
    relative, text = _string_values(arr)
    lengths = np.diff(relative)
    needs = lengths == 0
    two = np.flatnonzero(lengths == 2)
    if len(two):
        raw = np.frombuffer(text, dtype=np.uint8)
        first = relative[two]
        needs[two[(raw[first] == ord("\\")) & (raw[first + 1] == ord("."))]] = True
    if any(text.find(b) >= 0 for b in (b",", b'"', b"\n", b"\r")):
        hits = np.flatnonzero(_STRUCTURAL[np.frombuffer(text, dtype=np.uint8)])
        needs[np.searchsorted(relative[1:], hits, side="right")] = True
    if arr.null_count:  # bytes left behind NULL slots do not count
        needs &= np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    return needs if needs.any() else None


def _quoted(arr: pa.Array) -> tuple[pa.Array, bool]:
    """``arr`` with the values that need it quoted (``"`` doubled inside), and whether any did."""
    needs = _needs_quotes(arr)
    if needs is None:
        return arr, False
    mask = pa.array(needs)
    inner = pc.replace_substring(arr.filter(mask), '"', '""')
    quote, none = pa.scalar('"', arr.type), pa.scalar("", arr.type)  # string or large_string
    joined = pc.binary_join_element_wise(quote, inner, quote, none)
    return pc.replace_with_mask(arr, mask, joined), True


def _field_text(arr: pa.ChunkedArray | pa.Array) -> tuple[pa.Array, bool]:
    """One column as the CSV text of each value (NULL stays NULL), and whether any is quoted.

    Non-text values are cast to text with Arrow's cast, which is what Arrow's own CSV writer
    does, so numbers, dates and booleans print as they always have (never quoted).
    """
    arr = csv_column(arr)
    if pa.types.is_string_view(arr.type):
        arr = arr.cast(pa.large_string())
    if pa.types.is_large_string(arr.type) or pa.types.is_string(arr.type):
        return _quoted(arr)
    return pc.cast(arr, pa.string()), False


def _encode_body(fields: list[pa.Array]) -> pa.Buffer:
    """The rows of one block: each row's fields joined with commas, a newline after the last.

    When no field is quoted, Arrow's CSV writer lays the texts out as they are (quoting style
    "none", which refuses any comma, quote or line break, so it cannot write a field that
    needed quotes): about 40 % cheaper than the join below, which handles every block.
    """
    texts, quoted = zip(*(_field_text(f) for f in fields), strict=True)
    if not any(quoted):
        try:
            return _written_unquoted(list(texts))
        except pa.ArrowInvalid:  # a structural byte the quoting did not foresee: join instead
            pass
    return _joined(list(texts))


def _written_unquoted(texts: list[pa.Array]) -> pa.Buffer:
    from pyarrow import csv

    table = pa.Table.from_arrays(texts, names=[str(i) for i in range(len(texts))])
    options = csv.WriteOptions(include_header=False, batch_size=len(table), quoting_style="none")
    out = pa.BufferOutputStream()
    csv.write_csv(table, out, options)
    written: pa.Buffer = out.getvalue()
    return written


def _joined(texts: list[pa.Array]) -> pa.Buffer:
    """Arrow joins the columns row by row in one kernel (a NULL becomes the empty field); the
    finished rows lie back to back in the result's data buffer, which is the block's CSV."""
    data = sum(t.buffers()[2].size for t in texts if t.buffers()[2] is not None)
    size = data + len(texts) * len(texts[0])  # the values and a separator after each
    # One text type for every column and separator: the kernel has no mixed string/large_string.
    text_type = pa.large_string() if size > _INT32_BYTES else pa.string()
    texts = [t if t.type == text_type else t.cast(text_type) for t in texts]
    comma, none = pa.scalar(",", text_type), pa.scalar("", text_type)
    # The newline ends the last field: a replacement of its empty slice past the end (Arrow
    # clamps the bounds), a pass 7x cheaper than joining it with a newline column.
    last = texts[-1] if not texts[-1].null_count else pc.fill_null(texts[-1], none)
    last = pc.binary_replace_slice(last, start=_PAST_END, stop=_PAST_END, replacement="\n")
    rows = pc.binary_join_element_wise(*texts[:-1], last, comma, null_handling="replace")
    offsets = _value_offsets(rows)
    start, stop = int(offsets[0]), int(offsets[-1])
    return rows.buffers()[2].slice(start, stop - start)


def _header_line(names: list[str]) -> bytes:
    def field(name: str) -> str:
        if name == "" or name == "\\." or any(ch in name for ch in ',"\r\n'):
            return '"' + name.replace('"', '""') + '"'
        return name

    return (",".join(field(n) for n in names) + "\n").encode("utf-8")


def csv_block(batch: pa.Table, *, header: bool) -> pa.Buffer:
    """One block as CSV (with the header line for the first block of a file), in an Arrow
    buffer: the joined rows' own memory, so writing and hashing a block copies nothing.

    Workers encode their own blocks, so CSV formatting runs in parallel; the bytes do not depend
    on where they were encoded.
    """
    head = _header_line(batch.column_names) if header else b""
    if batch.num_rows == 0 or batch.num_columns == 0:
        return pa.py_buffer(head)
    body = _encode_body([batch.column(n) for n in batch.column_names])
    return pa.py_buffer(head + body) if head else body


def encode_csv(batch: pa.Table, *, header: bool) -> bytes:
    """One block as CSV bytes (with the header line for the first block of a file)."""
    return bytes(csv_block(batch, header=header))
