"""Tiny inline-SVG charts made in Python: a bar chart and a layered FK graph.

No JavaScript, no fonts to fetch, no external references: the SVG text goes straight into the
HTML. Every label is XML-escaped. Output is deterministic (fixed number formatting).
"""

from __future__ import annotations

from html import escape

__all__ = ["bar_chart", "fk_graph"]


def _n(value: float) -> str:
    return f"{value:.1f}"


def bar_chart(
    title: str, bars: list[tuple[str, int]], *, width: int = 360, height: int = 180
) -> str:
    """A vertical bar chart; labels under the bars (shortened), counts in the tooltips."""
    left, bottom, top = 36, 40, 22
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = max((c for _, c in bars), default=0) or 1
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<text x="4" y="14" font-size="12" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#888"/>',
        f'<text x="{left - 4}" y="{top + 8}" font-size="9" text-anchor="end">{peak}</text>',
    ]
    if bars:
        slot = plot_w / len(bars)
        for i, (label, count) in enumerate(bars):
            h = plot_h * count / peak
            x = left + i * slot + slot * 0.1
            y = top + plot_h - h
            short = label if len(label) <= 10 else label[:9] + "…"
            parts.append(
                f'<rect class="bar" x="{_n(x)}" y="{_n(y)}" width="{_n(slot * 0.8)}" '
                f'height="{_n(h)}" fill="#4e79a7"><title>{escape(label)}: {count}</title></rect>'
            )
            lx, ly = x + slot * 0.4, top + plot_h + 10
            parts.append(
                f'<text x="{_n(lx)}" y="{_n(ly)}" font-size="8" text-anchor="end" '
                f'transform="rotate(-35 {_n(lx)} {_n(ly)})">{escape(short)}</text>'
            )
    else:
        parts.append(f'<text x="{left + 8}" y="{top + plot_h / 2}" font-size="10">no values</text>')
    parts.append("</svg>")
    return "".join(parts)


def fk_graph(nodes: list[str], edges: list[tuple[str, str, str]], depth: dict[str, int]) -> str:
    """Tables as boxes in columns by FK depth (parents left), edges ``parent -> child``.

    ``edges`` are (parent, child, label); ``depth`` maps a table to its layer (0: no parents).
    Self-references are drawn as a loop above the box.
    """
    box_w, box_h, gap_x, gap_y, pad = 170, 26, 70, 16, 20
    layers: dict[int, list[str]] = {}
    for node in sorted(nodes):
        layers.setdefault(depth.get(node, 0), []).append(node)
    pos: dict[str, tuple[float, float]] = {}
    for layer, members in sorted(layers.items()):
        for row, node in enumerate(members):
            pos[node] = (pad + layer * (box_w + gap_x), pad + 14 + row * (box_h + gap_y))
    width = pad * 2 + (max(layers, default=0) + 1) * (box_w + gap_x)
    tallest = max((len(m) for m in layers.values()), default=1)
    height = pad * 2 + 14 + tallest * (box_h + gap_y)
    parts = [
        f'<svg class="fkgraph" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="FK graph">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'fill="#666"/></marker></defs>',
    ]
    for parent, child, label in sorted(edges):
        if parent not in pos or child not in pos:
            continue
        px, py = pos[parent]
        cx, cy = pos[child]
        tip = f"<title>{escape(parent)} → {escape(child)} ({escape(label)})</title>"
        if parent == child:
            parts.append(
                f'<path class="edge" d="M {_n(px + box_w - 30)} {_n(py)} C {_n(px + box_w - 30)} '
                f'{_n(py - 16)} {_n(px + box_w - 6)} {_n(py - 16)} {_n(px + box_w - 6)} {_n(py)}" '
                f'fill="none" stroke="#666" marker-end="url(#arrow)">{tip}</path>'
            )
            continue
        x1, y1 = px + box_w, py + box_h / 2
        x2, y2 = cx, cy + box_h / 2
        if cx <= px:  # same or earlier layer (a cycle edge): go around on the right
            x1, x2 = px + box_w, cx + box_w
        mid = (x1 + x2) / 2 if cx > px else max(x1, x2) + 30
        parts.append(
            f'<path class="edge" d="M {_n(x1)} {_n(y1)} C {_n(mid)} {_n(y1)} {_n(mid)} {_n(y2)} '
            f'{_n(x2)} {_n(y2)}" fill="none" stroke="#666" marker-end="url(#arrow)">{tip}</path>'
        )
    for node, (x, y) in sorted(pos.items()):
        short = node if len(node) <= 26 else node[:25] + "…"
        parts.append(
            f'<g class="node"><rect x="{_n(x)}" y="{_n(y)}" width="{box_w}" height="{box_h}" '
            f'rx="4" fill="#f1f4f8" stroke="#4e79a7"/><text x="{_n(x + 6)}" y="{_n(y + 17)}" '
            f'font-size="11">{escape(short)}</text><title>{escape(node)}</title></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
