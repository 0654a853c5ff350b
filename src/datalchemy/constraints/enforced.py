"""A table with every rule the database applies to its rows, not only the ones it declares.

Besides a table's own constraints, PostgreSQL rejects a row that no partition takes, that breaks
a foreign key a partition declares, or whose generated column does not fit its type.
:func:`enforced_table` states them as the table's own (CHECKs and foreign keys), so that plan
resolution, generation and evaluation treat them like any other (see :mod:`.partitions` and
:mod:`.generated`).

Example:
    >>> from datalchemy.contracts.schema import Column, DatabaseSchema, Schema, Table
    >>> t = Table(name="t", columns=[Column(ordinal=1, name="x", declared_type="int",
    ...           family="integer", nullable=False)])
    >>> db = DatabaseSchema(engine="sqlite", schemas=[Schema(name="main", tables=[t])])
    >>> enforced_table(db, "main", t, generation=True) is t
    True
"""

from __future__ import annotations

from datalchemy.contracts.schema import DatabaseSchema, Table, TableKind

__all__ = ["enforced_table"]


def enforced_table(
    schema: DatabaseSchema, schema_name: str, table: Table, *, generation: bool
) -> Table:
    """``table`` with the partition bounds and generated-column rules as its own constraints.

    ``generation``: as generation meets them, more strictly than the database asks where that
    makes rows right by construction (every row in one partition when the bounds are not one
    domain, the foreign keys of partitions on every row, bounded inputs of generated columns).
    Otherwise exactly what the database checks (evaluation), without the partitions' foreign
    keys, which bind only the rows of their partition
    (:func:`~datalchemy.constraints.partitions.partition_foreign_keys`).
    """
    if table.kind is not TableKind.PARTITIONED_TABLE and not any(
        c.generated_kind and c.generated for c in table.columns
    ):
        return table  # nothing to add (and no expression to read: sqlglot is not imported)
    from datalchemy.constraints.dialects import dialect_for
    from datalchemy.constraints.generated import with_generated
    from datalchemy.constraints.partitions import bounds_check, partition_uniques, with_partitions

    if generation:
        out = with_partitions(schema, schema_name, table)
    else:
        bounds = bounds_check(schema, schema_name, table)
        out = table.model_copy(
            update={
                "checks": [*table.checks, *([bounds] if bounds is not None else [])],
                "uniques": [*table.uniques, *partition_uniques(schema, schema_name, table)],
            }
        )
    return with_generated(out, dialect_for(schema), generation=generation)
