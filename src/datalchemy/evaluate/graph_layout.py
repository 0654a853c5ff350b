"""A layered (Sugiyama-style) layout of the FK graph, in pure Python, with routed edges.

Tables go in layers by FK depth: columns, parents left, or rows, parents on top, for a graph too
deep to fit the page in columns (:func:`best_layout`). An edge that skips layers gets a *dummy*
slot in every layer it crosses, so it passes through a reserved gap instead of behind a table's
box; the order inside each layer is improved by barycenter sweeps (fewer crossings); edges are
cubic curves between layers and straight runs through their slots. Graphviz draws the same graph
better when ``dot`` is installed (:mod:`datalchemy.evaluate.graphviz`); this is the fallback.

Example:
    >>> lay = layered_layout(["a", "b", "c"], [("a", "b", "fk1"), ("a", "c", "fk2")],
    ...                      {"a": 0, "b": 1, "c": 1})
    >>> [n.name for n in lay.nodes], lay.nodes[0].x < lay.nodes[1].x
    (['a', 'b', 'c'], True)
    >>> len(lay.edges), lay.edges[0].points[0][0] == lay.nodes[0].x + lay.nodes[0].width
    (2, True)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

__all__ = ["Layout", "PlacedEdge", "PlacedNode", "best_layout", "layered_layout"]

BOX_H, NODE_GAP, DUMMY_H, COLUMN_GAP, PAD = 26, 14, 8, 64, 16
DUMMY_W, ROW_GAP = 8, 48
CHAR_W, MIN_BOX_W, MAX_BOX_W = 6.4, 90, 300
_SWEEPS = 6


@dataclass(frozen=True)
class PlacedNode:
    name: str
    x: float
    y: float
    width: float
    height: float = BOX_H
    label: str = ""


@dataclass(frozen=True)
class PlacedEdge:
    """An edge from ``parent`` to ``child``: ``points`` run left to right through its slots;
    ``reverse``: the arrow points at the first point (a cycle edge drawn against the layers)."""

    parent: str
    child: str
    label: str
    points: list[tuple[float, float]]
    reverse: bool = False
    loop: bool = False  # a self-reference
    side: bool = False  # both tables in one column: drawn out and back through the gap right


@dataclass
class Layout:
    width: float
    height: float
    vertical: bool = False  # layers as rows (parents on top) instead of columns
    nodes: list[PlacedNode] = field(default_factory=list)
    edges: list[PlacedEdge] = field(default_factory=list)


@dataclass
class _Slot:
    key: str  # a node name, or "~edge-index-layer" for a dummy
    dummy: bool
    order: float = 0.0


def _label(name: str, width: float) -> str:
    room = int((width - 12) / CHAR_W)
    return name if len(name) <= room else name[: max(room - 1, 1)] + "…"


def layered_layout(
    nodes: list[str],
    edges: list[tuple[str, str, str]],
    depth: dict[str, int],
    *,
    vertical: bool = False,
) -> Layout:
    """Place ``nodes`` (tables) in layers by ``depth`` (columns, parents left; rows, parents on
    top, when ``vertical``) and route ``edges`` (parent, child, label) between them;
    deterministic for the same input."""
    layer = {n: depth.get(n, 0) for n in nodes}
    ranks = max(layer.values(), default=-1) + 1
    slots: list[list[_Slot]] = [[] for _ in range(ranks)]
    for n in sorted(nodes):
        slots[layer[n]].append(_Slot(n, False))
    # Each edge as a chain of slots from the first layer it touches to the last.
    chains: list[tuple[int, list[str], bool]] = []  # (edge index, slot keys, reversed)
    sideways: list[int] = []
    for i, (parent, child, _) in enumerate(edges):
        if parent == child or parent not in layer or child not in layer:
            continue
        if layer[parent] == layer[child]:
            sideways.append(i)
            continue
        lo, hi, rev = (parent, child, False)
        if layer[child] < layer[parent]:
            lo, hi, rev = child, parent, True
        keys = [lo]
        for k in range(layer[lo] + 1, layer[hi]):
            key = f"~{i}-{k}"
            slots[k].append(_Slot(key, True))
            keys.append(key)
        keys.append(hi)
        chains.append((i, keys, rev))
    _order(slots, chains)
    pos = (_place_rows if vertical else _place_columns)(slots)
    width = max((x + w for x, _, w, _ in pos.values()), default=0.0) + PAD
    height = max((y + h for _, y, _, h in pos.values()), default=0.0) + PAD
    layout = Layout(width=width, height=height, vertical=vertical)
    for n in sorted(nodes):
        nx, ny, w, h = pos[n]
        layout.nodes.append(PlacedNode(n, nx, ny, w, h, _label(n, w)))
    for i, keys, rev in chains:
        points: list[tuple[float, float]] = []
        for j, key in enumerate(keys):
            kx, ky, w, h = pos[key]
            if j > 0:  # enter the layer: left side (columns) or top (rows)
                points.append((kx + w / 2, ky) if vertical else (kx, ky + h / 2))
            if j < len(keys) - 1:  # leave it: right side or bottom
                points.append((kx + w / 2, ky + h) if vertical else (kx + w, ky + h / 2))
        parent, child, label = edges[i]
        layout.edges.append(PlacedEdge(parent, child, label, points, reverse=rev))
    for i in sideways:
        parent, child, label = edges[i]
        (px, py, pw, ph), (cx, cy, cw, ch) = pos[parent], pos[child]
        if vertical:
            points = [(px + pw / 2, py + ph), (cx + cw / 2, cy + ch)]
        else:
            points = [(px + pw, py + ph / 2), (cx + cw, cy + ch / 2)]
        layout.edges.append(PlacedEdge(parent, child, label, points, side=True))
    for parent, child, label in edges:
        if parent == child and parent in pos:
            nx, ny, w, _ = pos[parent]
            layout.edges.append(
                PlacedEdge(parent, child, label, [(nx + w - 30, ny), (nx + w - 6, ny)], loop=True)
            )
    return layout


def best_layout(
    nodes: list[str], edges: list[tuple[str, str, str]], depth: dict[str, int], page: float
) -> Layout:
    """Columns (parents left) when they fit ``page`` pixels, else whichever orientation needs
    less shrinking to fit: a deep graph reads better in rows than scaled to a thread."""
    across = layered_layout(nodes, edges, depth)
    if across.width <= page:
        return across
    down = layered_layout(nodes, edges, depth, vertical=True)
    return down if down.width < across.width else across


Position = dict[str, tuple[float, float, float, float]]  # slot key -> x, y, width, height


def _box_width(name: str) -> float:
    return float(min(MAX_BOX_W, max(MIN_BOX_W, len(name) * CHAR_W + 14)))


def _place_columns(slots: list[list[_Slot]]) -> Position:
    """Layers as columns as wide as their widest table; slots stacked top to bottom."""
    pos: Position = {}
    x = float(PAD)
    for col in slots:
        width = max([float(MIN_BOX_W)] + [_box_width(s.key) for s in col if not s.dummy])
        y = float(PAD + 14)  # room for self-reference loops above the first box
        for s in col:
            slot_h = float(DUMMY_H if s.dummy else BOX_H)
            pos[s.key] = (x, y, width, slot_h)
            y += slot_h + (4 if s.dummy else NODE_GAP)
        x += width + COLUMN_GAP
    return pos


def _place_rows(slots: list[list[_Slot]]) -> Position:
    """Layers as rows; each table as wide as its name, dummies as narrow lanes."""
    pos: Position = {}
    y = float(PAD + 14)
    for row in slots:
        x = float(PAD)
        for s in row:
            slot_w = float(DUMMY_W) if s.dummy else _box_width(s.key)
            pos[s.key] = (x, y, slot_w, float(BOX_H))
            x += slot_w + (6 if s.dummy else NODE_GAP)
        y += BOX_H + ROW_GAP
    return pos


def _order(slots: list[list[_Slot]], chains: list[tuple[int, list[str], bool]]) -> None:
    """Barycenter sweeps: each slot moves toward the mean position of its neighbours in the
    column before (sweeping right) or after (sweeping left)."""
    left: dict[str, list[str]] = {}
    right: dict[str, list[str]] = {}
    for _, keys, _ in chains:
        for a, b in itertools.pairwise(keys):
            right.setdefault(a, []).append(b)
            left.setdefault(b, []).append(a)
    index = {s.key: float(i) for col in slots for i, s in enumerate(col)}
    for sweep in range(_SWEEPS):
        forward = sweep % 2 == 0
        columns = range(1, len(slots)) if forward else range(len(slots) - 2, -1, -1)
        neighbours = left if forward else right
        for k in columns:
            col = slots[k]
            for i, s in enumerate(col):
                near = [index[n] for n in neighbours.get(s.key, [])]
                s.order = sum(near) / len(near) if near else float(i)
            col.sort(key=lambda s: (s.order, s.key))
            for i, s in enumerate(col):
                index[s.key] = float(i)
