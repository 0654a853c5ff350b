"""The layout of a table's unique keys (constraints.keys.plan_keys) and index key parts."""

from __future__ import annotations

import pytest

from datalchemy.constraints.keys import KeyPart, plan_keys, read_key_part
from datalchemy.contracts.plan import Cardinality
from datalchemy.contracts.resolved import (
    ResolvedColumn,
    ResolvedForeignKey,
    ResolvedTable,
    ResolvedUnique,
)


def _col(name: str, *, unique: bool = False, action: str = "generate") -> ResolvedColumn:
    return ResolvedColumn(
        name=name, ordinal=1, family="integer", action=action,  # type: ignore[arg-type]
        generator="g" if action == "generate" else None, reason="rule", unique=unique,
    )  # fmt: skip


def _fk(key: str, *cols: str, parent: str = "p") -> ResolvedForeignKey:
    return ResolvedForeignKey(
        key=key, columns=list(cols), parent_schema="s", parent_table=parent,
        parent_columns=["id"] * len(cols), nullable=False, cardinality=Cardinality(),
    )  # fmt: skip


def _table(cols: list[ResolvedColumn], keys: list[list[str]], fks=(), rows: int = 100):  # type: ignore[no-untyped-def]
    return ResolvedTable(
        schema="s", table="t", rows=rows, columns=cols, foreign_keys=list(fks),
        uniques=[ResolvedUnique(name=f"k{i}", columns=k) for i, k in enumerate(keys)],
    )  # fmt: skip


SPACES = {"a": 10, "b": 1000, "c": 5, "d": 3, "e": 2}


def _layout(rt: ResolvedTable, parents: int = 40):  # type: ignore[no-untyped-def]
    return plan_keys(rt, parent_rows=lambda fk: parents, space=SPACES.get)


def test_a_key_with_a_unique_column_is_met_by_it() -> None:
    rt = _table([_col("a"), _col("b", unique=True)], [["a", "b"]])
    layout = _layout(rt)
    assert layout.met == {"k0": "column b is unique"} and not layout.composites


def test_a_column_two_keys_share_is_promoted_when_it_can_hold_every_row() -> None:
    rt = _table([_col("a"), _col("b"), _col("c")], [["a", "b"], ["b", "c"]])
    layout = _layout(rt)
    assert layout.promoted == ["b"] and layout.unique == ["b"]
    assert not layout.composites and not layout.problems


def test_a_key_containing_a_built_key_is_met_by_it() -> None:
    rt = _table([_col("x"), _col("c"), _col("d")], [["x", "c", "d"], ["x", "c"]],
                fks=[_fk("fx", "x")])  # fmt: skip
    layout = _layout(rt)
    assert [(c.label, c.lead) for c in layout.composites] == [("k1", "fx")]
    assert layout.met["k0"] == "contains key k1"


def test_keys_sharing_an_fk_group_rows_under_it() -> None:
    # PRIMARY KEY (a_fk, position) + UNIQUE (a_fk, field_fk): both grouped by a_fk.
    cols = [_col("item"), _col("c"), _col("field")]
    fks = [_fk("f_item", "item"), _fk("f_field", "field", parent="fields")]
    rt = _table(cols, [["item", "c"], ["item", "field"]], fks=fks)
    layout = _layout(rt)
    assert {c.lead for c in layout.composites} == {"f_item"}
    assert layout.placed == {"f_field"} and layout.grouped == {"f_item"}
    assert not layout.problems


def test_a_key_of_one_fk_is_one_to_one() -> None:
    rt = _table([_col("x")], [["x"]], fks=[_fk("fx", "x")])
    assert _layout(rt).one_to_one == ["fx"]


def test_a_constant_key_holds_one_row() -> None:
    rt = _table([_col("v")], [[]], rows=5)
    problem = _layout(rt).problems[0]
    assert problem.code == "unique_capacity" and problem.capacity == 1


def test_keys_that_cannot_be_solved_are_named() -> None:
    # Two keys share the small columns d and e and nothing can hold every row.
    rt = _table([_col("d"), _col("e"), _col("c")], [["d", "e"], ["e", "c"]], rows=6)
    codes = {p.code for p in _layout(rt).problems}
    assert "unique_keys_overlap" in codes


def test_a_column_without_a_value_space_is_named() -> None:
    rt = _table([_col("a"), _col("z")], [["a", "z"]])
    problem = _layout(rt).problems[0]
    assert (problem.code, problem.column) == ("unique_capacity", "z")


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("lower(email)", KeyPart(("email",), "lower")),
        ("upper((code)::text)", KeyPart(("code",), "upper")),
        ("lower(btrim(name))", KeyPart(("name",), "lower")),
        ("COALESCE(parent_id, 0)", KeyPart(("parent_id",), nulls_count=True)),
        ("(true)", KeyPart(())),
        ("1", KeyPart(())),
        ("date(created_at)", KeyPart(("created_at",), exact=False)),
        ("(a || b)", KeyPart(("a", "b"), exact=False)),
    ],
)
def test_index_key_parts(text: str, part: KeyPart) -> None:
    assert read_key_part(text, "postgres") == part


def test_a_self_reference_in_a_key_is_left_free_and_the_rest_is_built() -> None:
    self_fk = _fk("f_parent", "parent", parent="t").model_copy(update={"self_reference": True})
    cols = [_col("parent"), _col("step"), _col("c")]
    fks = [self_fk, _fk("f_step", "step", parent="steps")]
    rt = _table(cols, [["parent", "step", "c"]], fks=fks)
    layout = _layout(rt)
    assert [(c.lead, c.others, c.columns) for c in layout.composites] == [("f_step", [], ["c"])]
    assert not layout.problems
