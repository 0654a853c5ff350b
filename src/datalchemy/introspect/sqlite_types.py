"""Declared SQLite column types mapped onto type families (SQLite's affinity rules).

Common spellings are looked up first, so ``BOOLEAN`` or ``UUID`` keep their meaning; anything
else follows https://sqlite.org/datatype3.html#determination_of_column_affinity.

Example:
    >>> map_type("VARCHAR(40)").family.value, map_type("UNSIGNED BIG INT").int_bits
    ('text', 64)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from datalchemy.contracts.schema import TypeFamily

__all__ = ["TypeFacts", "map_type"]


@dataclass(frozen=True)
class TypeFacts:
    family: TypeFamily
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    int_bits: int | None = None
    by_affinity: bool = False  # not a known spelling: NUMERIC affinity catch-all


F = TypeFamily
#: Common spellings, checked before SQLite's affinity rules (keys are upper case, single-spaced).
_SPELLINGS: dict[str, TypeFamily] = {
    **dict.fromkeys(
        [
            "INTEGER",
            "INT",
            "BIGINT",
            "SMALLINT",
            "TINYINT",
            "MEDIUMINT",
            "INT2",
            "INT4",
            "INT8",
            "UNSIGNED BIG INT",
        ],
        F.INTEGER,
    ),
    "BOOLEAN": F.BOOLEAN,
    "BOOL": F.BOOLEAN,
    "DATE": F.DATE,
    "DATETIME": F.TIMESTAMP,
    "TIMESTAMP": F.TIMESTAMP,
    "TIMESTAMP WITHOUT TIME ZONE": F.TIMESTAMP,
    "TIMESTAMPTZ": F.TIMESTAMPTZ,
    "TIMESTAMP WITH TIME ZONE": F.TIMESTAMPTZ,
    "TIME": F.TIME,
    "TIME WITHOUT TIME ZONE": F.TIME,
    "DECIMAL": F.DECIMAL,
    "NUMERIC": F.DECIMAL,
    "NUMBER": F.DECIMAL,
    **dict.fromkeys(["REAL", "FLOAT", "DOUBLE", "DOUBLE PRECISION", "FLOAT4", "FLOAT8"], F.FLOAT),
    **dict.fromkeys(
        [
            "TEXT",
            "CHAR",
            "CHARACTER",
            "VARCHAR",
            "NVARCHAR",
            "NCHAR",
            "CLOB",
            "NTEXT",
            "VARYING CHARACTER",
            "CHARACTER VARYING",
            "NATIVE CHARACTER",
            "NATIONAL CHARACTER",
        ],
        F.TEXT,
    ),
    "BLOB": F.BYTES,
    "UUID": F.UUID,
    "GUID": F.UUID,
    "JSON": F.JSON,
    "JSONB": F.JSON,
}
#: SQLite stores every integer in up to 64 bits. A name that declares a narrower integer keeps
#: that width so generated data also fits the databases the schema was written for.
_INT_BITS = {"TINYINT": 16, "SMALLINT": 16, "INT2": 16, "MEDIUMINT": 32, "INT4": 32}
_TYPE_RE = re.compile(r"^(?P<base>[^(]*?)\s*(?:\((?P<args>[^)]*)\))?\s*(?P<rest>[^()]*)$", re.S)


def map_type(declared: str, *, strict: bool = False) -> TypeFacts:
    """The family and facts of a declared SQLite type.

    Example:
        >>> map_type("NVARCHAR(40)").length, map_type("DECIMAL(10,2)").scale
        (40, 2)
    """
    m = _TYPE_RE.match(declared.strip())
    base = " ".join(f"{m['base']} {m['rest']}".upper().split()) if m else ""
    raw_args = [a.strip() for a in (m["args"] or "").split(",")] if m else []
    args = [int(a) for a in raw_args if re.fullmatch(r"[+-]?\d+", a)]
    upper = declared.upper()
    if not declared.strip() or (strict and base == "ANY"):
        return TypeFacts(TypeFamily.UNKNOWN)  # BLOB affinity: values are stored as given
    family = _SPELLINGS.get(base)
    by_affinity = False
    if family is None:  # https://sqlite.org/datatype3.html#determination_of_column_affinity
        if "INT" in upper:
            family = F.INTEGER
        elif any(s in upper for s in ("CHAR", "CLOB", "TEXT")):
            family = F.TEXT
        elif "BLOB" in upper:
            family = F.BYTES
        elif any(s in upper for s in ("REAL", "FLOA", "DOUB")):
            family = F.FLOAT
        else:
            family, by_affinity = F.DECIMAL, True
    if family is F.INTEGER:
        return TypeFacts(family, int_bits=_INT_BITS.get(base, 64))
    if family is F.TEXT:
        return TypeFacts(family, length=args[0] if args else None)
    if family is F.DECIMAL:
        precision = args[0] if args else None
        scale = args[1] if len(args) > 1 else (0 if args else None)
        return TypeFacts(family, precision=precision, scale=scale, by_affinity=by_affinity)
    return TypeFacts(family)
