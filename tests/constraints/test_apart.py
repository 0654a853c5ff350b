"""Foreign keys kept apart by a CHECK (``entity0 <> entity1``): which FKs, and the two moves the
engine makes (a freely picked parent shifts; a composite key's digit skips the partner)."""

from __future__ import annotations

import numpy as np

from datalchemy.constraints.apart import fk_partners, shift_apart, skip_partner
from datalchemy.contracts.resolved import (
    ResolvedCheck,
    ResolvedColumn,
    ResolvedForeignKey,
    ResolvedTable,
)


def _table(sql: str, strategy: str = "derive", parent_b: str = "area") -> ResolvedTable:
    fks = [
        ResolvedForeignKey(key=f"fk_{c}", columns=[c], parent_schema="s", parent_table=parent,
                           parent_columns=["id"], nullable=False)
        for c, parent in (("a", "area"), ("b", parent_b), ("c", "area"))
    ]  # fmt: skip
    columns = [
        ResolvedColumn(name=c, ordinal=i, family="integer", action="foreign_key",
                       foreign_key=f"fk_{c}", reason="foreign_key")
        for i, c in enumerate("abc", 1)
    ]  # fmt: skip
    check = ResolvedCheck(
        name="apart", expression="a <> b", columns=["a", "b"], strategy=strategy, verify_sql=sql
    )  # type: ignore[arg-type]
    return ResolvedTable(
        schema="s", table="t", rows=10, columns=columns, foreign_keys=fks, checks=[check]
    )


def test_partners_come_from_derive_checks_between_fks_to_one_parent() -> None:
    assert fk_partners(_table('"a" <> "b"')) == {"fk_a": "fk_b", "fk_b": "fk_a"}
    assert fk_partners(_table('NOT ("a" = "b")')) == {"fk_a": "fk_b", "fk_b": "fk_a"}
    assert fk_partners(_table('"a" <> "b"', strategy="domain")) == {}
    assert fk_partners(_table('"a" <> "b"', parent_b="other")) == {}
    assert fk_partners(_table('"a" < "b"')) == {}


def test_shifted_parents_differ_from_their_partner() -> None:
    rng = np.random.default_rng(1)
    parent = rng.integers(-1, 5, 1000)
    other = rng.integers(-1, 5, 1000)
    moved = shift_apart(parent, other, parents=5)
    assert not ((moved == other) & (moved >= 0)).any()
    assert ((moved >= -1) & (moved < 5)).all()
    assert (moved[parent != other] == parent[parent != other]).all()  # only clashes move
    assert (shift_apart(parent, other, parents=1) == parent).all()  # nowhere to go


def test_skipping_the_partner_keeps_digits_distinct() -> None:
    digits = np.arange(7)  # the radix of 8 parents shrunk by one
    for other in range(8):
        values = skip_partner(digits, np.full(7, other))
        assert sorted(values.tolist()) == [v for v in range(8) if v != other]
    assert skip_partner(digits, np.full(7, -1)).tolist() == digits.tolist()  # NULL partner
