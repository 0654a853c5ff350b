"""What a suggested plan links across columns and tables, and the skewed FK fan-out it asks for.

- :func:`fan_out_rules`: every plain many-to-one foreign key gets a Zipf fan-out (a few parents
  with many children, most with a handful, as customers and their orders), written as a
  ``foreign_key_cardinality`` rule so the plan shows it and a user can change it. Keys that must
  stay even are left uniform: one-to-one keys, self-references, FKs broken for a cycle, and FKs
  inside a composite key (a parent with hundreds of children would need as many distinct values
  in the key's other columns).
- :func:`column_links`: the cross-column links resolution made for a column (what it reads,
  whom it agrees with), in words, for ``plan suggest``.

Example:
    >>> from datalchemy.contracts.resolved import ResolvedColumn
    >>> from datalchemy.contracts.schema import TypeFamily
    >>> email = ResolvedColumn(name="email", ordinal=3, family=TypeFamily.TEXT,
    ...     action="generate", generator="derive.email_from_person", reason="name_heuristic",
    ...     params={"input_columns": ["nome", "sobrenome"]}, inputs=["nome", "sobrenome"])
    >>> column_links(email)
    ['reads nome, sobrenome (derive.email_from_person)']
"""

from __future__ import annotations

from datalchemy.contracts.plan import Cardinality, ForeignKeyCardinalityRule
from datalchemy.contracts.resolved import ResolvedColumn, ResolvedPlan

__all__ = ["ZIPF_S", "column_links", "fan_out_rules"]

#: Exponent of the default fan-out: parent of rank r weighs 1 / r**0.6. With five children per
#: parent on average, the median parent has about 3, one in ten has 8 or more, and the busiest
#: of 1,000 parents about 130 (2.7 %) of 5,000 children.
ZIPF_S = 0.6


def fan_out_rules(resolved: ResolvedPlan) -> tuple[list[ForeignKeyCardinalityRule], dict[str, str]]:
    """Zipf fan-out rules for the plain many-to-one FKs of ``resolved``, and a note per FK
    column (``schema.table.column`` -> why)."""
    rules: list[ForeignKeyCardinalityRule] = []
    notes: dict[str, str] = {}
    for t in resolved.tables:
        in_keys = {c for u in t.uniques if len(u.columns) > 1 for c in u.columns}
        for fk in t.foreign_keys:
            plain = not (fk.one_to_one or fk.self_reference or fk.deferred)
            if not plain or set(fk.columns) & in_keys or fk.cardinality.distribution != "uniform":
                continue
            named = fk.key if not fk.key.startswith("fk_") else None
            rules.append(
                ForeignKeyCardinalityRule.model_validate(
                    {
                        "schema": t.schema_name,
                        "table": t.table,
                        "foreign_key": named,
                        "columns": None if named else list(fk.columns),
                        "children_per_parent": Cardinality(distribution="zipf", s=ZIPF_S),
                    }
                )
            )
            parent = f"{fk.parent_schema}.{fk.parent_table}"
            for c in fk.columns:
                notes[f"{t.qualified_name}.{c}"] = (
                    f"children per {parent} row follow Zipf (s={ZIPF_S}): a few parents with "
                    "many, most with a handful"
                )
    return rules, notes


def column_links(c: ResolvedColumn) -> list[str]:
    """The cross-column links of one resolved column, in words."""
    out: list[str] = []
    if c.inputs:
        out.append(f"reads {', '.join(c.inputs)} ({c.generator})")
    group = c.params.get("group")
    if isinstance(group, str):
        out.append(f"agrees with the row's group {group!r}")
    return out
