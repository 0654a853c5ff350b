"""Whether each raw value of a file is a value of its column's type, as the database would judge.

:func:`value_checks` gives, per column, SQL conditions (DuckDB, over the raw text of the file)
that are true on a value the database would reject:

- ``type``: the text does not parse as the declared type (integers also by their width,
  ``real`` by float4's range, intervals, bit strings, network addresses, ``tid``, ``ltree``,
  money, built-in ranges with their bounds in order, JSON, bytea hex);
- ``length``: more characters than ``varchar(n)`` / ``char(n)`` (trailing blanks dropped, as
  PostgreSQL allows), more bits than ``bit varying(n)``, not exactly ``n`` bits for ``bit(n)``;
- ``numeric_precision`` / ``numeric_scale``: too many integer digits for ``numeric(p, s)``, or
  non-zero digits beyond the scale (PostgreSQL would round them away silently);
- ``enum``: a label the enum does not have;
- for a one-dimensional array, the same checks on every element (element type, element length,
  element enum label, element precision): an element longer than the array's ``varchar(n)`` is
  reported like a scalar one.

A type DuckDB cannot judge (geometric types, ``xml``, ``tsvector``, ``tsquery``, ``hstore``,
multiranges, ranges of other types) gets a check without a condition: ``evaluate`` reports it
``not_evaluated`` with the reason, and the database checks it when the data is loaded.

Example:
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> col = Column(ordinal=1, name="code", declared_type="character varying(5)",
    ...              family=TypeFamily.TEXT, nullable=False, length=5)
    >>> [(c.kind, c.condition) for c in scalar_checks(col, "v", None)]
    [('length', "length(rtrim(v, ' ')) > 5")]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from datalchemy.contracts.metrics import ConstraintKind
from datalchemy.contracts.schema import Column, DatabaseSchema, TypeFamily
from datalchemy.evaluate.dataset import TableData, duck_type, sql_literal, try_cast

__all__ = ["ValueCheck", "scalar_checks", "value_checks"]


@dataclass(frozen=True)
class ValueCheck:
    """One check of a column's values: ``condition`` is DuckDB SQL true on a bad raw value
    (None: DuckDB cannot judge this type; ``note`` says why)."""

    kind: ConstraintKind
    condition: str | None
    note: str


_IPV4 = r"((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])"
_IPV6 = r"[0-9a-fA-F:]*:[0-9a-fA-F:.]*"
_INET = rf"({_IPV4}(/([0-9]|[12][0-9]|3[0-2]))?|{_IPV6}(/[0-9]{{1,3}})?)"
_MAC = r"[0-9a-fA-F]{2}([:-]?[0-9a-fA-F]{2}){5}"
_MAC8 = rf"{_MAC}|[0-9a-fA-F]{{2}}([:-]?[0-9a-fA-F]{{2}}){{7}}"
_ISO_INTERVAL = r"P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?"
#: Range type -> the DuckDB type of its bounds.
_RANGE_BOUNDS = {
    "int4range": "INTEGER",
    "int8range": "BIGINT",
    "numrange": "DOUBLE",
    "daterange": "DATE",
    "tsrange": "TIMESTAMP",
    "tstzrange": "TIMESTAMPTZ",
}
#: Types with their own syntax, judged by a pattern (DuckDB has no such type).
_PATTERNS = {
    "tid": (r"\(\d+,\d+\)", "not a tuple identifier (block,offset)"),
    "ltree": (r"([A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*)?", "not an ltree label path"),
}
_NOT_JUDGED = {
    TypeFamily.GEOMETRY: "DuckDB has no geometric types; the database checks these values",
    TypeFamily.XML: "DuckDB cannot parse XML; the database checks these values",
}


def _base_name(declared: str) -> str:
    text = re.sub(r"\(.*?\)|\[\d*\]", "", declared.lower().replace('"', "")).strip()
    return text.rsplit(".", 1)[-1].strip()


def _family_check(col: Column, v: str, target: str | None) -> list[ValueCheck]:
    """Checks of the value's type (for families DuckDB has no cast for, a pattern)."""
    fam = col.family
    name = _base_name(col.declared_type)
    if fam is TypeFamily.DECIMAL and target and target.startswith("DECIMAL"):
        p, s = col.precision or 0, col.scale or 0
        frac = f"\\.[0-9]{{{s}}}[0-9]*[1-9]" if s else "\\.[0-9]*[1-9]"
        return [
            ValueCheck("type", f"{try_cast(v, 'DOUBLE')} IS NULL", "not a number"),
            ValueCheck(
                "numeric_precision",
                f"{try_cast(v, 'DOUBLE')} IS NOT NULL AND {try_cast(v, target)} IS NULL",
                f"more than {p - s} integer digits for numeric({p},{s})",
            ),
            ValueCheck(
                "numeric_scale",
                f"regexp_matches({v}, '{frac}([eE].*)?$')",
                f"non-zero digits beyond scale {s} (numeric({p},{s}) would round them)",
            ),
        ]
    if fam is TypeFamily.INTEGER and target is not None:
        # DuckDB casts '1.5' to 2; PostgreSQL rejects it: only digits make an integer.
        cond = f"NOT regexp_full_match(trim({v}), '[+-]?[0-9]+') OR {try_cast(v, target)} IS NULL"
        return [ValueCheck("type", cond, f"not an integer in the range of {target}")]
    if fam is TypeFamily.FLOAT and target is not None:
        # DuckDB reads a number past the type's range as infinity; PostgreSQL rejects it
        # (only the words Infinity / inf are infinite there).
        word = f"regexp_full_match(trim({v}), '[+-]?(inf|infinity)', 'i')"
        cond = f"{try_cast(v, target)} IS NULL OR (isinf({try_cast(v, target)}) AND NOT {word})"
        return [ValueCheck("type", cond, f"not a {target} in its range")]
    if target is not None:
        return [ValueCheck("type", f"{try_cast(v, target)} IS NULL", f"not a valid {target}")]
    if fam is TypeFamily.JSON:
        return [ValueCheck("type", f"NOT json_valid({v})", "not valid JSON")]
    if fam is TypeFamily.INTERVAL:
        iso = f"regexp_full_match({v}, '{_ISO_INTERVAL}')"
        cond = f"{try_cast(v, 'INTERVAL')} IS NULL AND NOT {iso}"
        return [ValueCheck("type", cond, "not an interval")]
    if fam is TypeFamily.BIT:
        return _bit_checks(col, v)
    if fam is TypeFamily.NETWORK:
        pattern, what = {
            "macaddr": (_MAC, "a MAC address"),
            "macaddr8": (_MAC8, "a MAC address"),
        }.get(name, (_INET, "an IP address or network"))
        return [ValueCheck("type", f"NOT regexp_full_match({v}, '{pattern}')", f"not {what}")]
    if fam is TypeFamily.MONEY:  # PostgreSQL reads 1234.56, $1,234.56 and -12.34
        cleaned = f"replace(replace({v}, '$', ''), ',', '')"
        return [ValueCheck("type", f"{try_cast(cleaned, 'DOUBLE')} IS NULL", "not an amount")]
    if fam is TypeFamily.RANGE:
        return _range_checks(name, v)
    if name in _PATTERNS:
        pattern, note = _PATTERNS[name]
        return [ValueCheck("type", f"NOT regexp_full_match({v}, '{pattern}')", note)]
    if fam in _NOT_JUDGED:
        return [ValueCheck("type", None, _NOT_JUDGED[fam])]
    if fam is TypeFamily.TIME:  # timetz: DuckDB's TIME has no offset
        return [
            ValueCheck("type", None, "DuckDB has no time with time zone; the database checks it")
        ]
    if fam is TypeFamily.UNKNOWN and name in ("tsvector", "tsquery", "hstore"):
        return [ValueCheck("type", None, f"DuckDB cannot parse {name}; the database checks it")]
    return []


def _bit_checks(col: Column, v: str) -> list[ValueCheck]:
    out = [ValueCheck("type", f"NOT regexp_full_match({v}, '[01]*')", "not a bit string")]
    n = col.length
    if n is not None:
        fixed = _base_name(col.declared_type) == "bit"
        cond = f"length({v}) <> {n}" if fixed else f"length({v}) > {n}"
        note = f"not exactly {n} bits" if fixed else f"more than {n} bits"
        out.append(ValueCheck("length", cond, note))
    return out


def _range_checks(name: str, v: str) -> list[ValueCheck]:
    bound = _RANGE_BOUNDS.get(name)
    if bound is None:
        return [ValueCheck("type", None, f"DuckDB cannot parse {name}; the database checks it")]
    parts = f"regexp_extract({v}, '^[\\[(]\"?([^\",]*)\"?,\"?([^\",]*)\"?[\\])]$', ['lo', 'hi'])"
    lo, hi = f"({parts}).lo", f"({parts}).hi"
    bad_bound = " OR ".join(f"({b} <> '' AND {try_cast(b, bound)} IS NULL)" for b in (lo, hi))
    cond = (
        f"lower({v}) <> 'empty' AND (NOT regexp_full_match({v}, '[\\[(].*,.*[\\])]') "
        f"OR {bad_bound} OR ({lo} <> '' AND {hi} <> '' "
        f"AND {try_cast(lo, bound)} > {try_cast(hi, bound)}))"
    )
    return [ValueCheck("type", cond, f"not a {name} with its lower bound <= its upper bound")]


def scalar_checks(col: Column, v: str, labels: list[str] | None) -> list[ValueCheck]:
    """The checks of one value ``v`` (SQL) of ``col``'s type; ``labels``: its enum's labels."""
    out = _family_check(col, v, duck_type(col))
    if col.family is TypeFamily.TEXT and col.length is not None:
        n = col.length
        cond = f"length(rtrim({v}, ' ')) > {n}"
        out.append(ValueCheck("length", cond, f"longer than {n} characters"))
    if labels is not None:
        allowed = ", ".join(sql_literal(label) for label in labels) or "NULL"
        out.append(ValueCheck("enum", f"{v} NOT IN ({allowed})", f"not a label of {col.enum}"))
    return out


def _element_column(col: Column) -> Column:
    arr = col.array
    assert arr is not None
    return Column(
        ordinal=col.ordinal, name=col.name, declared_type=arr.element_type,
        family=arr.element_family, nullable=True, length=arr.element_length,
        fixed_length=arr.element_fixed_length, precision=arr.element_precision,
        scale=arr.element_scale, int_bits=arr.element_int_bits, enum=arr.element_enum,
    )  # fmt: skip


def _array_checks(schema: DatabaseSchema, col: Column, raw: str) -> list[ValueCheck]:
    out = [ValueCheck("type", f"NOT ({raw} LIKE '{{%}}')", "not an array literal {...}")]
    if col.array is None or col.array.dimensions != 1:
        return out
    element = _element_column(col)
    enum = schema.enum(element.enum) if element.enum else None
    checks = scalar_checks(element, "x", enum.labels if enum is not None else None)
    items = f"try_cast('[' || substr({raw}, 2, length({raw}) - 2) || ']' AS VARCHAR[])"
    nested = f"{raw} LIKE '{{{{%'"  # a multi-dimensional value: its elements are arrays
    for c in checks:
        if c.condition is None:
            out.append(ValueCheck(c.kind, None, f"array elements: {c.note}"))
            continue
        bad = f"len(list_filter({items}, lambda x: x IS NOT NULL AND ({c.condition}))) > 0"
        out.append(ValueCheck(c.kind, f"NOT ({nested}) AND {bad}", f"an element {c.note}"))
    return out


_BYTEA_NOTE = "not bytea text (\\x and hex pairs, or the escape format)"


def _bytea_ok(v: str) -> str:
    """PostgreSQL's two bytea inputs: hex (``\\x0a1b``) and escape (any text whose
    backslashes are doubled or start three octal digits)."""
    hex_form = f"regexp_full_match({v}, '\\\\x([0-9a-fA-F]{{2}})*')"
    escape_form = f"regexp_full_match({v}, '([^\\\\]|\\\\\\\\|\\\\[0-3][0-7]{{2}})*')"
    return f"{hex_form} OR (NOT starts_with({v}, '\\x') AND {escape_form})"


def value_checks(schema: DatabaseSchema, td: TableData, col: Column) -> list[ValueCheck]:
    """Every type check of one column of ``td`` over the raw values of its file."""
    raw = td.raw(col.name)
    if col.array is not None or col.family is TypeFamily.ARRAY:
        return _array_checks(schema, col, raw) if td.format == "csv" else []
    if col.family is TypeFamily.BYTES:
        if td.format != "csv":
            return []
        return [ValueCheck("type", f"NOT ({_bytea_ok(raw)})", _BYTEA_NOTE)]
    enum = schema.enum(col.enum) if col.enum is not None else None
    return scalar_checks(col, raw, enum.labels if enum is not None else None)
