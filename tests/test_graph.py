"""The FK graph: order, self-references, cycles, breakable edges."""

from __future__ import annotations

from datalchemy.contracts.schema import (
    Column,
    DatabaseSchema,
    ForeignKey,
    Schema,
    Table,
    TableKind,
    TypeFamily,
)
from datalchemy.graph import FkGraph


def _table(name: str, fks: list[tuple[str, str, bool]], kind: TableKind = TableKind.TABLE) -> Table:
    """``fks``: (column, parent table, nullable)."""
    cols = [
        Column(ordinal=1, name="id", declared_type="int", family=TypeFamily.INTEGER, nullable=False)
    ]
    keys = []
    for i, (col, parent, nullable) in enumerate(fks, start=2):
        cols.append(
            Column(
                ordinal=i,
                name=col,
                declared_type="int",
                family=TypeFamily.INTEGER,
                nullable=nullable,
            )
        )
        keys.append(
            ForeignKey(
                name=f"{name}_{col}_fkey",
                columns=[col],
                referenced_schema="s",
                referenced_table=parent,
                referenced_columns=["id"],
            )
        )
    return Table(name=name, kind=kind, columns=cols, foreign_keys=keys)


def _schema(*tables: Table) -> DatabaseSchema:
    return DatabaseSchema(engine="postgres", schemas=[Schema(name="s", tables=list(tables))])


def test_parents_come_first_and_ties_break_by_name() -> None:
    g = FkGraph.from_schema(
        _schema(
            _table("orders", [("customer_id", "customers", False)]),
            _table("customers", []),
            _table("items", [("order_id", "orders", False), ("product_id", "products", False)]),
            _table("products", []),
            _table("v", [], kind=TableKind.VIEW),
        )
    )
    assert g.topo_order() == ["s.customers", "s.orders", "s.products", "s.items"]
    assert g.cycles() == []
    assert g.self_references == []


def test_self_reference_is_not_a_cycle_but_is_listed() -> None:
    g = FkGraph.from_schema(_schema(_table("emp", [("boss_id", "emp", True)])))
    assert g.self_references == ["s.emp"]
    assert g.cycles() == []
    assert g.topo_order() == ["s.emp"]
    assert g.edges[0].breakable


def test_every_cycle_is_listed_once() -> None:
    g = FkGraph.from_schema(
        _schema(
            _table("a", [("b_id", "b", True)]),
            _table("b", [("c_id", "c", False), ("a_id", "a", False)]),
            _table("c", [("a_id", "a", False)]),
            _table("d", [("a_id", "a", False)]),
        )
    )
    assert g.cycles() == [["s.a", "s.b"], ["s.a", "s.c", "s.b"]]
    assert g.strongly_connected() == [["s.a", "s.b", "s.c"]]
    order = g.topo_order()
    assert sorted(order) == ["s.a", "s.b", "s.c", "s.d"]
    assert order.index("s.a") < order.index("s.d")
    breakable = [e for e in g.edges if e.breakable]
    assert [(e.parent, e.child) for e in breakable] == [("s.b", "s.a")]
