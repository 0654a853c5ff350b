"""The foreign-key graph of a schema: parents before children, self-references, every cycle.

Nodes are generation targets (``schema.table``); an edge goes from the referenced (parent) table to
the referencing (child) table. Used by introspection metrics and by the generation engine's order.

Example:
    >>> from datalchemy.contracts.schema import DatabaseSchema
    >>> g = FkGraph.from_schema(DatabaseSchema(engine="sqlite"))
    >>> g.topo_order()
    []
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from datalchemy.contracts.schema import DatabaseSchema

__all__ = ["FkEdge", "FkGraph", "strongly_connected_components"]

#: Stop enumerating cycles after this many (a dense graph can have exponentially many).
MAX_CYCLES = 1000


@dataclass(frozen=True, order=True)
class FkEdge:
    """One foreign key seen as a graph edge ``parent -> child``."""

    parent: str
    child: str
    name: str | None
    columns: tuple[str, ...]
    nullable: bool  # every FK column is nullable: the edge can be broken with NULLs
    deferrable: bool

    @property
    def breakable(self) -> bool:
        """A cycle can be cut at this edge (insert NULL or defer the check, then fix up)."""
        return self.nullable or self.deferrable


@dataclass
class FkGraph:
    nodes: list[str]
    edges: list[FkEdge]
    _children: dict[str, set[str]] = field(default_factory=dict, repr=False)
    cycles_truncated: bool = False

    @classmethod
    def from_schema(cls, schema: DatabaseSchema) -> FkGraph:
        nodes: set[str] = set()
        edges: list[FkEdge] = []
        for s, t in schema.iter_tables():
            if not t.is_generation_target:
                continue
            child = f"{s.name}.{t.name}"
            nodes.add(child)
            for fk in t.foreign_keys:
                nullable = all(t.has_column(c) and t.column(c).nullable for c in fk.columns)
                edges.append(
                    FkEdge(
                        fk.referenced, child, fk.name, tuple(fk.columns), nullable, fk.deferrable
                    )
                )
        # A parent outside the selected schemas is still a node: it must exist before the child.
        nodes.update(e.parent for e in edges)
        graph = cls(sorted(nodes), sorted(edges))
        for e in graph.edges:
            if e.parent != e.child:
                graph._children.setdefault(e.parent, set()).add(e.child)
        return graph

    @property
    def self_references(self) -> list[str]:
        return sorted({e.child for e in self.edges if e.parent == e.child})

    def topo_order(self) -> list[str]:
        """Parents before children (Kahn, smallest name first; self-loops ignored).

        When only cycles remain, the smallest remaining node is taken next, as if its incoming
        edges inside the cycle were cut; the order stays deterministic.
        """
        indegree = {n: 0 for n in self.nodes}
        for children in self._children.values():
            for c in children:
                indegree[c] += 1
        ready = [n for n, d in indegree.items() if d == 0]
        heapq.heapify(ready)
        order: list[str] = []
        done: set[str] = set()
        while len(order) < len(self.nodes):
            if not ready:
                stuck = min(n for n in self.nodes if n not in done)
                indegree[stuck] = 0
                ready.append(stuck)
            node = heapq.heappop(ready)
            if node in done:
                continue
            done.add(node)
            order.append(node)
            for c in sorted(self._children.get(node, ())):
                if c in done:
                    continue
                indegree[c] -= 1
                if indegree[c] == 0:
                    heapq.heappush(ready, c)
        return order

    def strongly_connected(self) -> list[list[str]]:
        """Components with more than one node (where every cycle of length > 1 lives)."""
        return strongly_connected_components(self.nodes, self._children)

    def cycles(self) -> list[list[str]]:
        """Every elementary cycle of length > 1, each starting at its smallest node, sorted.

        Searched inside strongly connected components only, so an acyclic schema costs nothing.
        Enumeration stops at :data:`MAX_CYCLES` (``cycles_truncated`` is then set).
        """
        found: list[list[str]] = []
        self.cycles_truncated = False
        for comp in self.strongly_connected():
            members = set(comp)
            for start in comp:
                # Visit only nodes greater than start: each cycle is found once, from its minimum.
                stack: list[tuple[str, list[str]]] = [(start, [start])]
                while stack:
                    node, path = stack.pop()
                    for nxt in sorted(self._children.get(node, ()), reverse=True):
                        if nxt == start and len(path) > 1:
                            found.append(list(path))
                            if len(found) >= MAX_CYCLES:
                                self.cycles_truncated = True
                                return sorted(found)
                        elif nxt in members and nxt > start and nxt not in path:
                            stack.append((nxt, [*path, nxt]))
        return sorted(found)


def strongly_connected_components(
    nodes: Iterable[str], children: Mapping[str, Iterable[str]]
) -> list[list[str]]:
    """The strongly connected components with more than one node: each sorted, in sorted order.

    Every cycle of length > 1 lies inside one of them; a self-loop alone makes no component.
    Nodes reached from ``nodes`` through ``children`` are visited too. Iterative Tarjan, so a
    long chain of tables does not hit Python's recursion limit; the result does not depend on
    the order of ``nodes`` or of the children.

    Args:
        nodes: where the search starts.
        children: the edges, ``node -> its successors``.

    Example:
        >>> edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d", "a"}}
        >>> strongly_connected_components(["d", "c", "b", "a"], edges)
        [['a', 'b', 'c']]
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        # Iterative Tarjan: (node, iterator over its children).
        work = [(root, iter(sorted(children.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for c in successors:
                if c not in index:
                    index[c] = low[c] = counter
                    counter += 1
                    stack.append(c)
                    on_stack.add(c)
                    work.append((c, iter(sorted(children.get(c, ())))))
                    advanced = True
                    break
                if c in on_stack:
                    low[node] = min(low[node], index[c])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    comp.append(member)
                    if member == node:
                        break
                if len(comp) > 1:
                    result.append(sorted(comp))
    return sorted(result)
