"""Cast generator output to the exact Arrow type of the target column.

Values are written at the column's precision: ``real`` / ``float4`` columns (precision 24, binary
digits) as float32, so CSV prints ``1790.11`` and not ``1790.1100000000001``; ``numeric(p, s)`` at
scale ``s`` (finer decimals are rounded, as PostgreSQL would); a value with more integer digits
than ``p - s`` allows is an error, never a wrapped or truncated number. Every other type with a
literal syntax (intervals, ranges, geometry, bits, ...) travels as text.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from datalchemy.contracts.schema import Column, TypeFamily
from datalchemy.errors import GenerationError

__all__ = ["arrow_type", "to_column_type"]

_INT_TYPES = {8: pa.int16(), 16: pa.int16(), 32: pa.int32(), 64: pa.int64()}


def arrow_type(column: Column, current: pa.DataType | None = None) -> pa.DataType:
    """The Arrow type that holds ``column``'s values (``current`` decides open cases)."""
    fam = column.family
    if fam is TypeFamily.INTEGER:
        return _INT_TYPES.get(column.int_bits or 64, pa.int64())
    if fam is TypeFamily.DECIMAL:
        if column.precision is not None and column.scale is not None and column.precision <= 38:
            return pa.decimal128(column.precision, max(column.scale, 0))
        if current is not None and pa.types.is_decimal(current):
            return current
        return pa.decimal128(38, column.scale if column.scale is not None else 6)
    if fam is TypeFamily.FLOAT:
        return (
            pa.float32()
            if column.precision is not None and column.precision <= 24
            else pa.float64()
        )
    if fam is TypeFamily.BOOLEAN:
        return pa.bool_()
    if fam is TypeFamily.DATE:
        return pa.date32()
    if fam is TypeFamily.TIME:
        return pa.time64("us")
    if fam is TypeFamily.TIMESTAMP:
        return pa.timestamp("us")
    if fam is TypeFamily.TIMESTAMPTZ:
        return pa.timestamp("us", tz="UTC")
    if fam is TypeFamily.BYTES:
        return pa.binary()
    if fam is TypeFamily.ARRAY and current is not None and pa.types.is_list(current):
        return current
    return pa.string()


def to_column_type(values: pa.Array, column: Column, path: str) -> pa.Array:
    """``values`` as the column's Arrow type; a value that cannot be converted is an error.
    Text longer than a varchar(n) / char(n) column is cut to ``n`` characters (plan validation
    warns about generators that need it)."""
    return _fit_length(_converted(values, column, path), column)


def _fit_length(values: pa.Array, column: Column) -> pa.Array:
    n = column.length
    if n is None or not pa.types.is_string(values.type) or column.array is not None:
        return values
    if not len(values):  # may have no offsets at all
        return values
    offsets = np.frombuffer(values.buffers()[1], np.int32, len(values) + 1 + values.offset)
    if int(np.diff(offsets[values.offset :]).max()) <= n:
        return values  # no value has more bytes than n, so none has more characters
    longest = pc.max(pc.utf8_length(values)).as_py()
    if longest is None or longest <= n:
        return values
    return pc.utf8_slice_codeunits(values, 0, n)


def _converted(values: pa.Array, column: Column, path: str) -> pa.Array:
    target = arrow_type(column, values.type)
    if values.type == target:
        return values
    try:
        if pa.types.is_floating(values.type) and pa.types.is_decimal(target):
            values = pc.round(values, ndigits=target.scale)
            wide = pc.cast(values, pa.decimal128(38, target.scale), safe=False)
            return pc.cast(wide, target)  # checked: too many integer digits is an error
        if pa.types.is_decimal(values.type) and pa.types.is_decimal(target):
            if values.type.scale > target.scale:
                values = pc.round(values, ndigits=target.scale)
            return pc.cast(values, target)
        if pa.types.is_timestamp(values.type) and pa.types.is_timestamp(target):
            if values.type.tz is None and target.tz is not None:
                return pc.assume_timezone(pc.cast(values, pa.timestamp("us")), "UTC")
            if values.type.tz is not None and target.tz is None:
                return pc.cast(pc.local_timestamp(values), target)
        if pa.types.is_date(values.type) and pa.types.is_timestamp(target):
            ts = pc.cast(values, pa.timestamp("us"))
            return pc.assume_timezone(ts, "UTC") if target.tz else ts
        if pa.types.is_timestamp(values.type) and pa.types.is_date(target):
            if values.type.tz is not None:
                values = pc.local_timestamp(values)
            return pc.cast(values, target)
        if pa.types.is_string(values.type) and pa.types.is_timestamp(target) and target.tz:
            # A literal default such as '1970-01-01 00:00:00' has no offset: it is UTC.
            try:
                return pc.cast(values, target)
            except pa.ArrowInvalid:
                naive = pc.cast(values, pa.timestamp(target.unit))
                return pc.assume_timezone(naive, "UTC")
        if pa.types.is_integer(values.type) and pa.types.is_decimal(target):
            # int64 needs 19 digits; go through a wide decimal, then check the values fit.
            return pc.cast(pc.cast(values, pa.decimal128(38, target.scale)), target)
        if pa.types.is_decimal(values.type) and pa.types.is_integer(target):
            return pc.cast(pc.round(values), target)
        if pa.types.is_string(target) and not pa.types.is_string(values.type):
            if pa.types.is_boolean(values.type):
                return pc.if_else(values, "true", "false")
            return pc.cast(values, target)
        return pc.cast(values, target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as exc:
        raise GenerationError(
            "type_conversion_failed",
            f"values for {path} ({values.type}) do not convert to {column.declared_type}: {exc}",
            path=path,
            hint="choose a generator whose output fits the column type",
        ) from None
