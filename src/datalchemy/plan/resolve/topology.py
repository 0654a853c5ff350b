"""Which tables a plan generates, how many rows each gets, and in which order.

Tables: the plan's targets plus every parent they reach through foreign keys, recursively. Both
NOT NULL and nullable foreign keys are followed (a nullable FK is then filled with real parent
rows, as the original did, instead of being left NULL); ``foreign_key_strategy: disable`` stops
at that table's FKs. Views, materialized views, partitions and foreign tables are never added: a
foreign key to such a relation (or to a table missing from ``schema.json``) is an error when the
FK is NOT NULL and becomes NULL otherwise.

Rows of an added parent: the largest demand of its children, so that every parent has a few
children and every child a parent:

- one-to-one FK (the FK columns are unique): as many rows as the child's non-NULL references;
- ``foreign_key_cardinality`` ``fixed`` k: ``ceil(child rows / k)``; ``range`` min..max:
  ``ceil(child rows / mean)``, kept inside ``[ceil(rows / max), floor(rows / min)]``;
- otherwise ``ceil(child rows / 5)`` (:data:`DEFAULT_CHILDREN_PER_PARENT`), but at least
  ``min(child rows, 3)`` (:data:`MIN_PARENT_ROWS`) so that children spread over a few parents.

A NULL rate on the FK lowers the demand to the non-NULL references. Demands are recomputed
until they settle (parents of parents follow, cycles converge), so the counts are deterministic.

Order: parents before children (Kahn, smallest ``schema.table`` first). A cycle is broken at
one of its edges, which is then *filled after* the cycle's tables exist (``deferred``):

- a nullable FK is written NULL and set by a fix-up file the loader applies;
- a DEFERRABLE NOT NULL FK keeps its values; the loader checks it at COMMIT;
- a NOT NULL, non-deferrable FK keeps its values too, where the target can load it
  (:attr:`~datalchemy.engines.Capabilities.not_null_fk_cycles`: SQLite checks foreign keys at
  COMMIT, PostgreSQL drops that one constraint in the load transaction and adds it back).

Edges that must not be filled after are kept, then the others are added back one at a time
(NOT NULL non-deferrable ones first, then deferrable NOT NULL ones, then nullable ones, each by
name) unless they would close a cycle; those left out are deferred. So a cycle is broken at a
nullable edge when it has one. Where the target cannot fill a NOT NULL, non-deferrable FK
after, a cycle made only of such FKs cannot be generated (``fk_cycle_unbreakable``). A
self-reference is not an ordering edge: rows point to earlier rows of the same table.

Example:
    >>> demand_rows(200, one_to_one=False, null_rate=0.0, card=None)[0]
    40
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from datalchemy.constraints.enforced import enforced_table
from datalchemy.contracts.plan import Cardinality
from datalchemy.contracts.schema import DatabaseSchema, ForeignKey, Table
from datalchemy.engines import engine_for_schema
from datalchemy.graph import strongly_connected_components
from datalchemy.plan._common import IssueSink

__all__ = [
    "DEFAULT_CHILDREN_PER_PARENT",
    "MIN_PARENT_ROWS",
    "Edge",
    "TableRef",
    "Topology",
    "demand_rows",
    "filled_after_notes",
    "fk_key",
    "order_tables",
]

#: Children per parent row assumed when sizing an added parent (uniform FKs).
DEFAULT_CHILDREN_PER_PARENT = 5
#: Fewest rows of an added parent (unless it has fewer children), so children spread out.
MIN_PARENT_ROWS = 3
_MAX_ROUNDS = 64


def fk_key(fk: ForeignKey) -> str:
    """The FK's constraint name, or ``fk_<col>[_<col>...]`` when it has none."""
    return fk.name or "fk_" + "_".join(fk.columns)


@dataclass(frozen=True)
class TableRef:
    schema_name: str
    table: Table

    @property
    def qualified(self) -> str:
        return f"{self.schema_name}.{self.table.name}"


@dataclass(frozen=True)
class Edge:
    """A foreign key ``child -> parent`` the engine fills (strategy ``respect``)."""

    child: str
    parent: str
    fk: ForeignKey
    key: str
    nullable: bool
    one_to_one: bool

    @property
    def deferrable(self) -> bool:
        return self.fk.deferrable

    @property
    def breakable(self) -> bool:
        """Filled after without help from the target: written NULL, or checked at COMMIT."""
        return self.nullable or self.fk.deferrable

    @property
    def fill_rank(self) -> int:
        """Which edges a cycle keeps first: NOT NULL non-deferrable (0), deferrable NOT NULL
        (1), nullable (2); the last ones kept are the ones filled after."""
        return 2 if self.nullable else (1 if self.fk.deferrable else 0)

    @property
    def self_reference(self) -> bool:
        return self.child == self.parent


def unique_sets(table: Table) -> list[frozenset[str]]:
    """Column sets that are unique in ``table`` (PK and plain-column UNIQUE keys)."""
    sets: list[frozenset[str]] = []
    if table.primary_key and table.primary_key.columns:
        sets.append(frozenset(table.primary_key.columns))
    for u in table.uniques:
        if u.columns and not u.expressions:
            sets.append(frozenset(u.columns))
    return sets


def table_edges(schema_name: str, table: Table) -> list[Edge]:
    """Every FK of ``table`` as an edge (sorted by key)."""
    child = f"{schema_name}.{table.name}"
    keys = unique_sets(table)
    out: list[Edge] = []
    for fk in table.foreign_keys:
        cols = set(fk.columns)
        nullable = all(table.has_column(c) and table.column(c).nullable for c in fk.columns)
        one = any(k <= cols for k in keys)
        out.append(Edge(child, fk.referenced, fk, fk_key(fk), nullable, one))
    return sorted(out, key=lambda e: e.key)


def demand_rows(
    child_rows: int, *, one_to_one: bool, null_rate: float, card: Cardinality | None
) -> tuple[int, str]:
    """Rows a parent needs for ``child_rows`` children, and how that was computed."""
    refs = child_rows if null_rate <= 0 else math.ceil(child_rows * (1 - null_rate))
    if one_to_one:
        return max(1, refs), f"one-to-one: one parent row per child reference ({refs})"
    if card is not None and card.distribution == "fixed" and card.per_parent:
        k = card.per_parent
        return max(1, math.ceil(refs / k)), f"ceil({refs} / {k} children per parent)"
    if card is not None and card.distribution == "range" and card.max:
        lo, hi = card.min or 0, card.max
        mean = (lo + hi) / 2 or 1
        n = max(math.ceil(refs / mean), math.ceil(refs / hi))
        if lo > 0:
            n = min(n, max(1, refs // lo))
        return max(1, n), f"{refs} children at {lo}-{hi} per parent"
    k = DEFAULT_CHILDREN_PER_PARENT
    n = math.ceil(refs / k)
    if n < MIN_PARENT_ROWS and refs > n:
        return min(refs, MIN_PARENT_ROWS), f"at least {MIN_PARENT_ROWS} parents for {refs} children"
    return max(1, n), f"ceil({refs} / {k} children per parent)"


@dataclass
class Topology:
    """The tables to generate, their rows and order, and the FKs the engine fills."""

    tables: dict[str, TableRef]
    rows: dict[str, int]
    rows_reason: dict[str, str]
    auto: set[str]
    edges: list[Edge]  # respected FKs whose parent is generated (incl. self-references)
    missing: list[Edge]  # respected FKs whose parent cannot be generated
    order: list[str] = field(default_factory=list)
    deferred: set[tuple[str, str]] = field(default_factory=set)  # (child, key)
    unbreakable: list[list[Edge]] = field(default_factory=list)


def build_topology(
    schema: DatabaseSchema,
    targets: Mapping[str, int],
    *,
    disabled: set[str],
    cardinality: Mapping[tuple[str, str], tuple[Cardinality | None, float]],
    extra_demand: Mapping[str, tuple[int, str]] | None = None,
) -> Topology:
    """Tables, rows and order for ``targets`` (``schema.table`` → rows).

    ``disabled``: tables whose FKs are not filled. ``cardinality``: ``(child, fk key)`` →
    (cardinality, null rate) from the plan. ``extra_demand``: more rows some parents need
    (composite unique keys), with the reason.
    """
    # Partition bounds and generated columns' rules come as CHECKs, partitions' FKs as FKs.
    catalog: dict[str, TableRef] = {
        f"{s.name}.{t.name}": TableRef(s.name, enforced_table(schema, s.name, t, generation=True))
        for s, t in schema.iter_tables()
    }
    tables: dict[str, TableRef] = {}
    edges: list[Edge] = []
    missing: list[Edge] = []
    queue = sorted(q for q in targets if q in catalog)
    while queue:
        name = queue.pop(0)
        if name in tables:
            continue
        ref = catalog[name]
        tables[name] = ref
        if name in disabled:
            continue
        for edge in table_edges(ref.schema_name, ref.table):
            parent = catalog.get(edge.parent)
            if parent is None or not parent.table.is_generation_target:
                missing.append(edge)
                continue
            edges.append(edge)
            if edge.parent not in tables and edge.parent not in queue:
                queue.append(edge.parent)
                queue.sort()
    auto = {q for q in tables if q not in targets}
    rows: dict[str, int] = {q: int(targets[q]) for q in tables if q in targets}
    reason: dict[str, str] = {q: "target" for q in rows}
    extra = dict(extra_demand or {})
    for q in sorted(auto):
        rows[q] = 1
        reason[q] = "added parent"
    for _ in range(_MAX_ROUNDS):
        changed = False
        for q in sorted(auto):
            best, why = extra.get(q, (0, "added parent"))
            for e in edges:
                if e.parent != q or e.self_reference:
                    continue
                card, null_rate = cardinality.get((e.child, e.key), (None, 0.0))
                n, how = demand_rows(
                    rows[e.child], one_to_one=e.one_to_one, null_rate=null_rate, card=card
                )
                if n > best:
                    best = n
                    why = f"parent of {e.child} ({rows[e.child]} rows) via {e.key}: {how}"
            best = max(best, 1)
            changed |= best != rows[q]
            rows[q], reason[q] = best, why
        if not changed:
            break
    topo = Topology(tables, rows, reason, auto, edges, missing)
    capabilities = engine_for_schema(schema).capabilities_for_schema(schema)
    topo.order, topo.deferred, topo.unbreakable = order_tables(
        sorted(tables), edges, not_null_fill_after=capabilities.not_null_fk_cycles
    )
    return topo


def _reachable(graph: Mapping[str, set[str]], start: str, goal: str) -> bool:
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in graph.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def order_tables(
    nodes: list[str], edges: list[Edge], *, not_null_fill_after: bool = False
) -> tuple[list[str], set[tuple[str, str]], list[list[Edge]]]:
    """(order, deferred edges as (child, key), unbreakable cycles as lists of edges).

    ``not_null_fill_after``: the target can fill a NOT NULL, non-deferrable FK after its cycle
    (see the module docstring), so no cycle is unbreakable.

    Example:
        >>> from datalchemy.contracts.schema import ForeignKey
        >>> def fk(child, parent):
        ...     return Edge(child, parent, ForeignKey(name=f"{child}_fk", columns=["p"],
        ...         referenced_schema="s", referenced_table=parent[2:],
        ...         referenced_columns=["id"]), f"{child}_fk", False, False)
        >>> cycle = [fk("s.a", "s.b"), fk("s.b", "s.a")]
        >>> order_tables(["s.a", "s.b"], cycle)[2] != []
        True
        >>> order_tables(["s.a", "s.b"], cycle, not_null_fill_after=True)[:2]
        (['s.b', 's.a'], {('s.b', 's.b_fk')})
    """
    between = [e for e in edges if not e.self_reference and e.parent in nodes]
    graph: dict[str, set[str]] = {}
    fixed = [e for e in between if not (e.breakable or not_null_fill_after)]
    for e in fixed:
        graph.setdefault(e.parent, set()).add(e.child)
    unbreakable = []
    for comp in strongly_connected_components(nodes, graph):
        members = set(comp)
        unbreakable.append([e for e in fixed if e.parent in members and e.child in members])
    deferred: set[tuple[str, str]] = set()
    candidates = sorted(
        (e for e in between if e.breakable or not_null_fill_after),
        key=lambda e: (e.fill_rank, e.child, e.key),  # NOT NULL edges kept first
    )
    for e in candidates:
        if _reachable(graph, e.child, e.parent):
            deferred.add((e.child, e.key))
        else:
            graph.setdefault(e.parent, set()).add(e.child)
    indegree = {n: 0 for n in nodes}
    for outs in graph.values():
        for c in outs:
            indegree[c] += 1
    ready = [n for n in nodes if indegree[n] == 0]
    heapq.heapify(ready)
    order: list[str] = []
    done: set[str] = set()
    while len(order) < len(nodes):
        if not ready:  # only unbreakable cycles remain: take the smallest to finish the order
            stuck = min(n for n in nodes if n not in done)
            indegree[stuck] = 0
            heapq.heappush(ready, stuck)
        node = heapq.heappop(ready)
        if node in done:
            continue
        done.add(node)
        order.append(node)
        for c in sorted(graph.get(node, ())):
            if c in done:
                continue
            indegree[c] -= 1
            if indegree[c] == 0:
                heapq.heappush(ready, c)
    return order, deferred, unbreakable


def filled_after_notes(topo: Topology, sink: IssueSink) -> None:
    """``fk_cycle_filled_after`` (info) for each NOT NULL FK that closes a cycle: its values are
    written with the rows and the loader checks the constraint once the cycle is loaded.
    (Nullable ones are marked ``deferred`` in the resolved plan and set by fix-up files.)"""
    for e in topo.edges:
        if (e.child, e.key) not in topo.deferred or e.nullable:
            continue
        how = (
            "DEFERRABLE: checked at COMMIT"
            if e.fk.deferrable
            else "PostgreSQL drops the constraint inside the load transaction and adds it back, "
            "validated; SQLite checks it at COMMIT"
        )
        sink.info(
            "fk_cycle_filled_after",
            e.child,
            f"{e.child}.{e.key} (NOT NULL, references {e.parent}) closes a foreign-key cycle: "
            f"it is filled after, checked once every table of the cycle is loaded ({how})",
            hint="load in one transaction (--transaction all, the default for this size)",
        )
