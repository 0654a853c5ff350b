"""Inline-SVG charts made in Python: a bar chart and the FK graph.

No JavaScript, no fonts to fetch, no external references: the SVG text goes straight into the
HTML. Every label is XML-escaped. Output is deterministic (fixed number formatting).
"""

from __future__ import annotations

import math
from html import escape

from datalchemy.evaluate.graph_layout import PlacedEdge, best_layout

__all__ = ["PAGE_WIDTH", "bar_chart", "fk_graph"]

#: The report's content width (CSS ``max-width`` of the body): a graph wider than this shrinks.
PAGE_WIDTH = 1200


def _n(value: float) -> str:
    return f"{value:.1f}"


def bar_chart(
    title: str, bars: list[tuple[str, int]], *, width: int = 360, plot_height: int = 118
) -> str:
    """A vertical bar chart; every label written whole under its bar (rotated; with many bars,
    every second or third one), counts in the tooltips."""
    left, top = 36, 22
    plot_w = width - left - 8
    longest = max((len(label) for label, _ in bars), default=0)
    # Rotated 55 degrees, a label of n characters (~4.6 px each at 8 px) needs n * 3.8 px below.
    bottom = 14 + round(min(longest, 30) * 3.8)
    height = top + plot_height + bottom
    peak = max((c for _, c in bars), default=0) or 1
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<text x="4" y="14" font-size="12" font-weight="bold">{escape(title)}'
        f"<title>{escape(title)}</title></text>",
        f'<line x1="{left}" y1="{top + plot_height}" x2="{left + plot_w}" '
        f'y2="{top + plot_height}" stroke="#888"/>',
        f'<text x="{left - 4}" y="{top + 8}" font-size="9" text-anchor="end">{peak}</text>',
    ]
    if bars:
        slot = plot_w / len(bars)
        every = max(1, math.ceil(11 / slot))  # a rotated label needs ~11 px of width
        for i, (label, count) in enumerate(bars):
            h = plot_height * count / peak
            x = left + i * slot + slot * 0.1
            y = top + plot_height - h
            parts.append(
                f'<rect class="bar" x="{_n(x)}" y="{_n(y)}" width="{_n(slot * 0.8)}" '
                f'height="{_n(h)}" fill="#4e79a7"><title>{escape(label)}: {count}</title></rect>'
            )
            if i % every:
                continue
            lx, ly = x + slot * 0.4, top + plot_height + 9
            parts.append(
                f'<text class="label" x="{_n(lx)}" y="{_n(ly)}" font-size="8" text-anchor="end" '
                f'transform="rotate(-55 {_n(lx)} {_n(ly)})">{escape(label)}</text>'
            )
    else:
        parts.append(
            f'<text x="{left + 8}" y="{top + plot_height / 2}" font-size="10">no values</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def fk_graph(
    nodes: list[str],
    edges: list[tuple[str, str, str]],
    depth: dict[str, int],
    *,
    graphviz: bool = True,
) -> str:
    """The FK graph: tables as boxes in columns by FK depth (parents left), edges
    ``parent -> child`` routed around the boxes, never behind one.

    ``edges`` are (parent, child, label); ``depth`` maps a table to its column (0: no parents).
    Graphviz ``dot`` draws it when installed (and ``graphviz``); otherwise the layered layout
    of :mod:`datalchemy.evaluate.graph_layout`. Either way the SVG scales down to the page
    instead of scrolling sideways.
    """
    if graphviz:
        from datalchemy.evaluate.graphviz import graphviz_svg

        drawn = graphviz_svg(nodes, edges, page=PAGE_WIDTH)
        if drawn is not None:
            return drawn
    lay = best_layout(nodes, edges, depth, page=PAGE_WIDTH)
    width, height = round(lay.width), round(lay.height)
    parts = [
        f'<svg class="fkgraph" data-layout="layered" xmlns="http://www.w3.org/2000/svg" '
        f'width="100%" style="max-width:{width}px;height:auto" viewBox="0 0 {width} {height}" '
        'role="img" aria-label="FK graph">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'fill="#666"/></marker></defs>',
    ]
    for edge in sorted(lay.edges, key=lambda e: (e.parent, e.child, e.label)):
        tip = f"<title>{escape(edge.parent)} → {escape(edge.child)} ({escape(edge.label)})</title>"
        marker = "marker-start" if edge.reverse else "marker-end"
        parts.append(
            f'<path class="edge" d="{_edge_path(edge, lay.vertical)}" fill="none" stroke="#666" '
            f'{marker}="url(#arrow)">{tip}</path>'
        )
    for node in lay.nodes:  # boxes last: drawn over nothing but their own space
        parts.append(
            f'<g class="node"><rect x="{_n(node.x)}" y="{_n(node.y)}" width="{_n(node.width)}" '
            f'height="{_n(node.height)}" rx="4" fill="#f1f4f8" stroke="#4e79a7"/>'
            f'<text x="{_n(node.x + 6)}" y="{_n(node.y + 17)}" font-size="11">'
            f"{escape(node.label)}</text><title>{escape(node.name)}</title></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _edge_path(edge: PlacedEdge, vertical: bool) -> str:
    (x1, y1), (x2, y2) = edge.points[0], edge.points[-1]
    if edge.loop:  # a self-reference: a loop above the box
        return (
            f"M {_n(x1)} {_n(y1)} C {_n(x1)} {_n(y1 - 16)} {_n(x2)} {_n(y2 - 16)} {_n(x2)} {_n(y2)}"
        )
    if edge.side:  # out of one box and back into the other, through the gap beside the layer
        if vertical:
            bulge = max(y1, y2) + 24
            return (
                f"M {_n(x1)} {_n(y1)} C {_n(x1)} {_n(bulge)} {_n(x2)} {_n(bulge)} {_n(x2)} {_n(y2)}"
            )
        bulge = max(x1, x2) + 28
        return f"M {_n(x1)} {_n(y1)} C {_n(bulge)} {_n(y1)} {_n(bulge)} {_n(y2)} {_n(x2)} {_n(y2)}"
    path = [f"M {_n(x1)} {_n(y1)}"]
    # Points alternate: leave a layer, enter the next, ... Between layers a curve whose ends
    # follow the layer axis; inside a layer a straight run through the edge's own slot.
    for i in range(1, len(edge.points)):
        (ax, ay), (bx, by) = edge.points[i - 1], edge.points[i]
        if i % 2 == 0:
            path.append(f"L {_n(bx)} {_n(by)}")
        elif vertical:
            mid = (ay + by) / 2
            path.append(f"C {_n(ax)} {_n(mid)} {_n(bx)} {_n(mid)} {_n(bx)} {_n(by)}")
        else:
            mid = (ax + bx) / 2
            path.append(f"C {_n(mid)} {_n(ay)} {_n(mid)} {_n(by)} {_n(bx)} {_n(by)}")
    return " ".join(path)
