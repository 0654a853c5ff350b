"""The FK graph: order, self-references, cycles, breakable edges; strongly connected components."""

from __future__ import annotations

import random

from datalchemy.contracts.schema import (
    Column,
    DatabaseSchema,
    ForeignKey,
    Schema,
    Table,
    TableKind,
    TypeFamily,
)
from datalchemy.graph import FkGraph, strongly_connected_components


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


def _reaches(children: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = {start}, [start]
    while todo:
        for nxt in children.get(todo.pop(), ()):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def test_components_match_mutual_reachability_on_random_graphs() -> None:
    rng = random.Random(20240101)
    for _ in range(300):
        nodes = [f"s.t{i:02d}" for i in range(rng.randint(0, 9))]
        density = rng.choice([0.05, 0.15, 0.3])
        children = {a: {b for b in nodes if rng.random() < density} for a in nodes}
        # Brute force: two distinct nodes share a component when each reaches the other.
        groups = {
            frozenset(
                [a]
                + [
                    b
                    for b in nodes
                    if b != a and _reaches(children, a, b) and _reaches(children, b, a)
                ]
            )
            for a in nodes
        }
        expected = sorted(sorted(g) for g in groups if len(g) > 1)
        shuffled = nodes[:]
        rng.shuffle(shuffled)
        assert strongly_connected_components(shuffled, children) == expected


def test_components_of_a_long_chain_need_no_recursion() -> None:
    # A ring of 5,000 tables: a recursive search would pass Python's recursion limit.
    nodes = [f"s.t{i:05d}" for i in range(5000)]
    ring = {a: {b} for a, b in zip(nodes, nodes[1:] + nodes[:1], strict=True)}
    assert strongly_connected_components(nodes, ring) == [nodes]
    ring[nodes[-1]] = set()
    assert strongly_connected_components(nodes, ring) == []
