"""Partitioned tables: where rows may land, and the foreign keys their partitions declare.

PostgreSQL routes every row of a partitioned table to the partition whose bound holds its key,
and rejects a row no partition takes (``no partition of relation "t" found for row``). So the
partitions' bounds are a constraint of the parent, stated here as a CHECK over the key:

- ``LIST``: ``k IN (...)`` (``k IS NULL`` too when a partition lists NULL);
- ``RANGE``: ``k >= from AND k < to``, ``MINVALUE`` / ``MAXVALUE`` open, several key columns
  compared in order (row comparison, spelt out); a NULL key lands nowhere;
- a ``DEFAULT`` partition takes every row, and so do ``HASH`` partitions covering every
  remainder: no constraint then;
- a partition that is partitioned itself adds its own partitions' bounds.

:func:`bounds_check` is that CHECK (named ``<table>_partition_bounds``); plan resolution turns it
into the key's domain like any CHECK, and evaluate verifies it. Foreign keys declared on a
partition only (not on the parent) bind the rows that land there:
:func:`partition_foreign_keys` lists them with their partition's region, and
:func:`with_partitions` gives the parent with the bounds CHECK and those foreign keys, which
generation meets on every row (more than the database asks, never less).

Example:
    >>> from datalchemy.contracts.schema import Column, DatabaseSchema, Schema, Table, TableKind
    >>> col = Column(ordinal=1, name="at", declared_type="date", family="date", nullable=False)
    >>> parent = Table(name="ev", kind=TableKind.PARTITIONED_TABLE, partition_key="RANGE (at)",
    ...                columns=[col])
    >>> part = Table(name="ev_1", kind=TableKind.PARTITION, partition_of="s.ev", columns=[col],
    ...              partition_bound="FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')")
    >>> db = DatabaseSchema(engine="postgres", schemas=[Schema(name="s", tables=[parent, part])])
    >>> for part in bounds_check(db, "s", parent).expression.split(" AND "):
    ...     print(part)
    NOT "at" IS NULL
    "at" >= CAST('2024-01-01' AS DATE)
    "at" < CAST('2024-02-01' AS DATE)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from datalchemy.contracts.schema import (
    CheckConstraint,
    DatabaseSchema,
    ForeignKey,
    Table,
    TableKind,
    TypeFamily,
    UniqueConstraint,
)

__all__ = [
    "PartitionForeignKey",
    "bounds_check",
    "partition_foreign_keys",
    "partition_uniques",
    "partitions_of",
    "region_check",
    "with_partitions",
]

_DIALECT = "postgres"  # partitions are PostgreSQL's; bounds are deparsed in its syntax
_METHOD = re.compile(r"^\s*(RANGE|LIST|HASH)\s*\((.*)\)\s*$", re.IGNORECASE | re.DOTALL)
_LIST = re.compile(r"^\s*FOR\s+VALUES\s+IN\s*\((.*)\)\s*$", re.IGNORECASE | re.DOTALL)
_RANGE = re.compile(
    r"^\s*FOR\s+VALUES\s+FROM\s*\((.*)\)\s+TO\s*\((.*)\)\s*$", re.IGNORECASE | re.DOTALL
)
_HASH = re.compile(
    r"^\s*FOR\s+VALUES\s+WITH\s*\(\s*modulus\s+(\d+)\s*,\s*remainder\s+(\d+)\s*\)\s*$",
    re.IGNORECASE,
)
# Bound literals are cast to the key's type, so every reader compares them as that type.
_CAST_FAMILIES = {
    TypeFamily.DATE: "DATE",
    TypeFamily.TIMESTAMP: "TIMESTAMP",
    TypeFamily.TIMESTAMPTZ: "TIMESTAMPTZ",
    TypeFamily.TIME: "TIME",
}


@dataclass(frozen=True)
class _Key:
    method: str  # RANGE, LIST or HASH
    parts: list[exp.Expr]  # a column or an expression per key part
    families: list[TypeFamily | None]


@dataclass(frozen=True)
class PartitionForeignKey:
    """A foreign key declared on ``partition`` only; it binds the parent's rows in ``region``
    (a CHECK expression over the parent's columns; None: every row)."""

    partition: str  # 'schema.table'
    fk: ForeignKey
    region: str | None


def partitions_of(schema: DatabaseSchema, schema_name: str, table: Table) -> list[Table]:
    """The partitions attached to ``table`` (one level), in contract order."""
    qualified = f"{schema_name}.{table.name}"
    return [t for _, t in schema.iter_tables() if t.partition_of == qualified]


def _split(text: str) -> list[exp.Expr]:
    """The comma-separated expressions of a bound or key list."""
    tree = sqlglot.parse_one(f"SELECT {text}", read=_DIALECT)
    assert isinstance(tree, exp.Select)
    return list(tree.expressions)


def _key(table: Table) -> _Key | None:
    found = _METHOD.match(table.partition_key or "")
    if found is None:
        return None
    try:
        parts = _split(found.group(2))
    except SqlglotError:
        return None
    families: list[TypeFamily | None] = []
    out: list[exp.Expr] = []
    for part in parts:
        part = part.this if isinstance(part, exp.Paren) else part
        # A key part's COLLATE or operator class (read as an alias) does not change the region.
        if isinstance(part, exp.Collate | exp.Alias):
            part = part.this
        if isinstance(part, exp.Column) and table.has_column(part.name):
            out.append(exp.column(part.name, quoted=True))
            families.append(table.column(part.name).family)
        else:
            out.append(part)
            families.append(None)
    return _Key(found.group(1).upper(), out, families)


def _value(node: exp.Expr, family: TypeFamily | None) -> exp.Expr:
    if isinstance(node, exp.Literal) and node.is_string and family in _CAST_FAMILIES:
        return exp.cast(node, _CAST_FAMILIES[family])
    return node


def _bound_word(node: exp.Expr) -> str | None:
    """``MINVALUE`` / ``MAXVALUE`` (parsed as column names), else None."""
    if isinstance(node, exp.Column) and node.name.upper() in ("MINVALUE", "MAXVALUE"):
        return node.name.upper()
    return None


def _lexicographic(key: _Key, values: list[exp.Expr], upper: bool) -> exp.Expr:
    """``key >= values`` (``upper``: ``key < values``) as PostgreSQL compares partition keys."""
    result: exp.Expr = exp.false() if upper else exp.true()
    for i in reversed(range(len(key.parts))):
        word = _bound_word(values[i])
        if word == "MINVALUE":
            result = exp.false() if upper else exp.true()
            continue
        if word == "MAXVALUE":
            result = exp.true() if upper else exp.false()
            continue
        part, value = key.parts[i].copy(), _value(values[i], key.families[i])
        strict = (
            exp.LT(this=part, expression=value) if upper else exp.GT(this=part, expression=value)
        )
        if i == len(key.parts) - 1:
            closing = exp.LT if upper else exp.GTE
            result = closing(this=part.copy(), expression=value.copy())
            continue
        equal = exp.EQ(this=part.copy(), expression=value.copy())
        result = exp.or_(strict, exp.and_(equal, result, copy=False), copy=False)
    return result


def _bound_region(key: _Key, bound: str) -> exp.Expr | None:
    """The rows one partition bound takes; None: it takes every row (DEFAULT)."""
    text = bound.strip()
    if text.upper() == "DEFAULT":
        return None
    listed = _LIST.match(text)
    if listed is not None:
        values = _split(listed.group(1))
        part = key.parts[0]
        keep = [_value(v, key.families[0]) for v in values if not isinstance(v, exp.Null)]
        conditions: list[exp.Expr] = []
        if keep:
            inside = exp.In(this=part.copy(), expressions=keep)
            conditions.append(
                exp.and_(exp.Not(this=exp.Is(this=part.copy(), expression=exp.Null())), inside)
            )
        if len(keep) < len(values):
            conditions.append(exp.Is(this=part.copy(), expression=exp.Null()))
        return exp.or_(*conditions) if conditions else exp.false()
    ranged = _RANGE.match(text)
    if ranged is not None:
        low, high = _split(ranged.group(1)), _split(ranged.group(2))
        if len(low) != len(key.parts) or len(high) != len(key.parts):
            raise ValueError(f"bound {bound!r} does not match the key")
        return exp.and_(
            _lexicographic(key, low, upper=False), _lexicographic(key, high, upper=True)
        )
    raise ValueError(f"unknown bound {bound!r}")


def _region(schema: DatabaseSchema, schema_name: str, table: Table) -> exp.Expr | None:
    """Rows some partition of ``table`` takes (recursively); None: every row lands."""
    key = _key(table)
    parts = partitions_of(schema, schema_name, table)
    if key is None:
        raise ValueError(f"cannot read the partition key {table.partition_key!r}")
    if key.method == "HASH":
        if _hash_complete(parts):
            return None
        raise ValueError("hash partitions that do not cover every remainder")
    flat = _flat_region(key, parts)
    if flat is not None:
        return flat
    regions: list[exp.Expr] = []
    for part in parts:
        bound = _bound_region(key, part.partition_bound or "")
        inner = _region(schema, schema_name, part) if part.partition_key else None
        if bound is None:  # a DEFAULT partition: every row lands (sub-partitions aside)
            if inner is None:
                return None
            bound = exp.true()
        regions.append(bound if inner is None else exp.and_(bound, inner))
    if not regions:
        return exp.false()  # no partition: PostgreSQL rejects every row
    if key.method == "RANGE":  # a NULL in a RANGE key lands nowhere
        not_null = [exp.Not(this=exp.Is(this=p.copy(), expression=exp.Null())) for p in key.parts]
        return exp.and_(*not_null, exp.or_(*regions) if len(regions) > 1 else exp.paren(regions[0]))
    return exp.or_(*regions) if len(regions) > 1 else regions[0]


def _is_null(part: exp.Expr, negate: bool = False) -> exp.Expr:
    test = exp.Is(this=part.copy(), expression=exp.Null())
    return exp.Not(this=test) if negate else test


def _flat_region(key: _Key, parts: list[Table], *, one_span: bool = False) -> exp.Expr | None:
    """A one-column key over partitions that are not partitioned themselves, written so that
    CHECK analysis reads a domain: one ``IN`` list for LIST; for RANGE, adjacent bounds merged
    and the outer limits stated apart (``k >= lo AND k < hi AND (...)``), or with ``one_span``
    only the latest bounded span of them. None: another case (the general form applies)."""
    if len(key.parts) != 1 or not parts or any(p.partition_key for p in parts):
        return None
    bounds = [(p.partition_bound or "").strip() for p in parts]
    if any(b.upper() == "DEFAULT" for b in bounds):
        return None
    part, family = key.parts[0], key.families[0]
    if key.method == "LIST":
        listed = [_LIST.match(b) for b in bounds]
        if any(m is None for m in listed):
            return None
        values = [v for m in listed if m is not None for v in _split(m.group(1))]
        keep = [_value(v, family) for v in values if not isinstance(v, exp.Null)]
        inside = exp.In(this=part.copy(), expressions=keep) if keep else exp.false()
        if len(keep) < len(values):
            return exp.or_(_is_null(part), inside)
        return exp.and_(_is_null(part, negate=True), inside)
    merged = _merged_spans(key, bounds)
    if merged is None:
        return None
    if one_span and len(merged) > 1:  # generation: every row in one span is enough
        bounded = [m for m in merged if not (_bound_word(m[0]) or _bound_word(m[1]))]
        merged = [(bounded or merged)[-1]]
    outer = _span(part, family, merged[0][0], merged[-1][1])
    conditions = [_is_null(part, negate=True), *outer]
    if len(merged) > 1:  # gaps between the partitions: the hull above, the pieces verified
        pieces = [exp.and_(*_span(part, family, lo, hi)) for lo, hi in merged]
        conditions.append(exp.paren(exp.or_(*pieces)))
    return exp.and_(*conditions)


def _merged_spans(key: _Key, bounds: list[str]) -> list[tuple[exp.Expr, exp.Expr]] | None:
    """The RANGE bounds of a one-column key, sorted, adjacent ones merged (None: a bound is
    not a plain range, or its values cannot be ordered)."""
    family = key.families[0]
    spans = []
    for b in bounds:
        ranged = _RANGE.match(b)
        if ranged is None:
            return None
        (low,), (high,) = _split(ranged.group(1)), _split(ranged.group(2))
        spans.append((_sort_value(low, family), _sort_value(high, family), low, high))
    if any(lo is _UNSORTABLE or hi is _UNSORTABLE for lo, hi, _, _ in spans):
        return None
    return _merge_spans(spans)


_UNSORTABLE = object()


def _sort_value(node: exp.Expr, family: TypeFamily | None) -> object:
    """A bound's value for ordering: -inf / +inf for MINVALUE / MAXVALUE."""
    from datetime import date

    from datalchemy.constraints.context import CheckContext
    from datalchemy.constraints.folding import constant
    from datalchemy.constraints.values import Unfit, to_family

    word = _bound_word(node)
    if word is not None:
        return (0,) if word == "MINVALUE" else (2,)
    if not isinstance(node, exp.Expression):
        return _UNSORTABLE
    ok, value = constant(node, CheckContext("postgres", date(2000, 1, 1), {}, None))
    if not ok or value is None:
        return _UNSORTABLE
    try:
        return (1, to_family(value, family))
    except (Unfit, TypeError, ValueError):
        return _UNSORTABLE


def _merge_spans(
    spans: list[tuple[object, object, exp.Expr, exp.Expr]],
) -> list[tuple[exp.Expr, exp.Expr]]:
    """Ranges sorted by their lower bound, adjacent ones (one's upper bound is the next one's
    lower bound) merged."""
    ordered = sorted(spans, key=lambda s: s[0])  # type: ignore[arg-type, return-value]
    merged: list[list[object]] = []
    for lo, hi, low, high in ordered:
        if merged and merged[-1][1] == lo:
            merged[-1][1], merged[-1][3] = hi, high
        else:
            merged.append([lo, hi, low, high])
    return [(m[2], m[3]) for m in merged]  # type: ignore[misc]


def _span(
    part: exp.Expr, family: TypeFamily | None, low: exp.Expr, high: exp.Expr
) -> list[exp.Expr]:
    """``part >= low`` and ``part < high``, each left out when open (MINVALUE / MAXVALUE)."""
    conditions: list[exp.Expr] = []
    if _bound_word(low) != "MINVALUE":
        conditions.append(exp.GTE(this=part.copy(), expression=_value(low, family)))
    if _bound_word(high) != "MAXVALUE":
        conditions.append(exp.LT(this=part.copy(), expression=_value(high, family)))
    return conditions or [exp.true()]


def _chosen_region(schema: DatabaseSchema, schema_name: str, table: Table) -> exp.Expr | None:
    """Rows of ``table`` as generation places them: the exact region when CHECK analysis reads
    it as a domain, else the region of one partition (not itself partitioned when one is, the
    latest bounded span of a RANGE) so that every row is right by construction. None: every row
    lands (a DEFAULT partition, complete HASH partitions)."""
    key = _key(table)
    parts = partitions_of(schema, schema_name, table)
    if key is None or key.method == "HASH" or not parts:
        return _region(schema, schema_name, table)
    flat = _flat_region(key, parts, one_span=True)
    if flat is not None:
        return flat
    if any((p.partition_bound or "").strip().upper() == "DEFAULT" for p in parts):
        return None
    leaves = [p for p in parts if not p.partition_key] or parts
    chosen = leaves[-1]
    bound = _bound_region(key, chosen.partition_bound or "")
    inner = _chosen_region(schema, schema_name, chosen) if chosen.partition_key else None
    conditions = [c for c in (bound, inner) if c is not None]
    if key.method == "RANGE":
        conditions = [*(_is_null(p, negate=True) for p in key.parts), *conditions]
    return exp.and_(*conditions) if conditions else None


def _hash_complete(parts: list[Table]) -> bool:
    pairs = []
    for part in parts:
        found = _HASH.match(part.partition_bound or "")
        if found is not None:
            pairs.append((int(found.group(1)), int(found.group(2))))
    if not pairs:
        return False
    modulus = max(m for m, _ in pairs)
    covered = {r for r in range(modulus) for m, rem in pairs if r % m == rem}
    return len(covered) == modulus


def region_check(
    schema: DatabaseSchema, schema_name: str, table: Table, name: str, *, chosen: bool = False
) -> CheckConstraint | None:
    """The rows some partition of ``table`` takes, as a CHECK called ``name`` (None: every row
    lands, or the bounds cannot be read). ``chosen``: the rows generation places (a part of
    that region CHECK analysis reads as a domain; see :func:`with_partitions`)."""
    try:
        region = (_chosen_region if chosen else _region)(schema, schema_name, table)
    except (SqlglotError, ValueError):
        return None
    if region is None:
        return None
    text = region.sql(dialect=_DIALECT)
    columns = sorted(
        {c.name for c in region.find_all(exp.Column)} & {c.name for c in table.columns}
    )
    return CheckConstraint(name=name, expression=text, columns=columns)


def bounds_check(
    schema: DatabaseSchema, schema_name: str, table: Table, *, chosen: bool = False
) -> CheckConstraint | None:
    """The partitions' bounds of a partitioned ``table`` as one CHECK (None: not partitioned,
    every row lands, or the bounds cannot be read); ``chosen``: see :func:`region_check`."""
    if table.kind is not TableKind.PARTITIONED_TABLE:
        return None
    name = f"{table.name}_partition_bounds"
    return region_check(schema, schema_name, table, name, chosen=chosen)


def _region_sql(key: _Key | None, part: Table) -> str | None:
    """The SQL condition of the rows ``part`` takes (None: every row, or unreadable bounds)."""
    if key is None or not part.partition_bound:
        return None
    try:
        bound = _bound_region(key, part.partition_bound)
    except (SqlglotError, ValueError):
        return None
    return bound.sql(dialect=_DIALECT) if bound is not None else None


def _and(*conditions: str | None) -> str | None:
    """The conjunction of the conditions given (None when there is none)."""
    present = [c for c in conditions if c]
    return " AND ".join(f"({c})" for c in present) if present else None


def _fk_ident(fk: ForeignKey) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    return tuple(fk.columns), fk.referenced, tuple(fk.referenced_columns)


def partition_foreign_keys(
    schema: DatabaseSchema, schema_name: str, table: Table
) -> list[PartitionForeignKey]:
    """Foreign keys declared on the partitions of ``table`` (at any depth) and not on it."""
    own = {_fk_ident(fk) for fk in table.foreign_keys}
    key = _key(table)
    out: list[PartitionForeignKey] = []
    for part in partitions_of(schema, schema_name, table):
        region = _region_sql(key, part)
        for fk in part.foreign_keys:
            if _fk_ident(fk) not in own:
                out.append(PartitionForeignKey(f"{schema_name}.{part.name}", fk, region))
        for inner in partition_foreign_keys(schema, schema_name, part):
            if _fk_ident(inner.fk) not in own:
                both = _and(region, inner.region)
                out.append(PartitionForeignKey(inner.partition, inner.fk, both))
    return out


def partition_uniques(
    schema: DatabaseSchema, schema_name: str, table: Table
) -> list[UniqueConstraint]:
    """Unique indexes declared on the partitions of ``table`` (at any depth) and not on it,
    as the parent's partial keys: the partition's region is their predicate."""
    own = {(tuple(u.columns), tuple(u.expressions)) for u in table.uniques}
    key = _key(table)
    out: list[UniqueConstraint] = []
    for part in partitions_of(schema, schema_name, table):
        region = _region_sql(key, part)
        inner = partition_uniques(schema, schema_name, part)
        for u in [*part.uniques, *inner]:
            if (tuple(u.columns), tuple(u.expressions)) in own:
                continue  # the parent's own key, attached to the partition
            out.append(u.model_copy(update={"predicate": _and(region, u.predicate)}))
    return out


def with_partitions(schema: DatabaseSchema, schema_name: str, table: Table) -> Table:
    """``table`` as generation meets it: its partitions' bounds as a CHECK, and the foreign keys
    of its partitions as its own (one per set of columns: the first declared wins).

    Where the bounds are not one domain (gaps between RANGE partitions, partitions partitioned
    again), the CHECK places every row in one partition: more than the database asks, and
    right by construction instead of by retries."""
    if table.kind is not TableKind.PARTITIONED_TABLE:
        return table
    checks = list(table.checks)
    bounds = bounds_check(schema, schema_name, table, chosen=True)
    if bounds is not None:
        checks.append(bounds)
    fks = list(table.foreign_keys)
    taken = {tuple(fk.columns) for fk in fks}
    for pfk in partition_foreign_keys(schema, schema_name, table):
        if tuple(pfk.fk.columns) not in taken:
            fks.append(pfk.fk)
            taken.add(tuple(pfk.fk.columns))
    uniques = [*table.uniques, *partition_uniques(schema, schema_name, table)]
    return table.model_copy(update={"checks": checks, "foreign_keys": fks, "uniques": uniques})
