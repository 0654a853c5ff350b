"""Groups of sqlglot data types and of column type families that CHECK analysis tells apart.

A cast's target (``'2020-01-01'::date``, ``(x)::numeric``) is a sqlglot ``DataType.Type``; a
column's type is a :class:`~datalchemy.contracts.schema.TypeFamily`. These sets say which of them
behave alike for folding constants, unwrapping casts and ordering values.

Example:
    >>> from sqlglot import exp
    >>> exp.DataType.build("date").this in DATE_TYPES
    True
"""

from __future__ import annotations

from sqlglot import exp

from datalchemy.contracts.schema import TypeFamily

__all__ = [
    "DATE_TYPES",
    "DECIMAL_TYPES",
    "FLOAT_TYPES",
    "INT_TYPES",
    "NUMERIC_FAMILIES",
    "TEXTLIKE_FAMILIES",
    "TEXT_TYPES",
    "TIMESTAMPTZ_TYPES",
    "TIMESTAMP_TYPES",
    "TIME_TYPES",
    "UNORDERED_FAMILIES",
    "T",
]

#: sqlglot's data type kinds (``exp.DataType.Type``).
T = exp.DataType.Type

DATE_TYPES = {T.DATE, T.DATE32}
TIMESTAMP_TYPES = {T.TIMESTAMP, T.DATETIME, T.TIMESTAMPNTZ, T.TIMESTAMP_S, T.TIMESTAMP_MS}
TIMESTAMPTZ_TYPES = {T.TIMESTAMPTZ, T.TIMESTAMPLTZ}
TIME_TYPES = {T.TIME, T.TIMETZ}
INT_TYPES = set(exp.DataType.INTEGER_TYPES) - {T.BIT}
DECIMAL_TYPES = {T.DECIMAL, T.BIGDECIMAL, T.MONEY, T.SMALLMONEY}
FLOAT_TYPES = {T.FLOAT, T.DOUBLE}
TEXT_TYPES = set(exp.DataType.TEXT_TYPES) | {T.BPCHAR}

NUMERIC_FAMILIES = {TypeFamily.INTEGER, TypeFamily.DECIMAL, TypeFamily.FLOAT, TypeFamily.MONEY}
TEXTLIKE_FAMILIES = {TypeFamily.TEXT, TypeFamily.ENUM, TypeFamily.UNKNOWN}
#: Families whose values have no useful order for bounds (only =, <>, IN are captured).
UNORDERED_FAMILIES = {
    TypeFamily.ENUM,  # ordered by label position, not by text
    TypeFamily.UUID,
    TypeFamily.JSON,
    TypeFamily.BYTES,
    TypeFamily.NETWORK,
    TypeFamily.ARRAY,
    TypeFamily.BIT,
    TypeFamily.XML,
    TypeFamily.GEOMETRY,
    TypeFamily.RANGE,
    TypeFamily.INTERVAL,
}
