"""The FK graph drawn by Graphviz ``dot`` when it is installed (spline edges around the boxes).

``dot -Tsvg`` gets the graph on stdin (left to right, parents first, one box per table, the FK
name as each edge's tooltip); its SVG is made responsive (it shrinks to the page instead of
scrolling sideways) and given the classes the report styles. Without ``dot``, or when it fails,
:func:`graphviz_svg` returns None and the report uses the pure-Python layout
(:mod:`datalchemy.evaluate.graph_layout`).

Example:
    >>> svg = graphviz_svg(["a", "b"], [("a", "b", "b_a_fk")])
    >>> svg is None or ('class="fkgraph"' in svg and 'data-layout="graphviz"' in svg)
    True
"""

from __future__ import annotations

import re
import shutil
import subprocess

__all__ = ["graphviz_svg"]

_TIMEOUT_S = 20


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot_source(nodes: list[str], edges: list[tuple[str, str, str]], rankdir: str) -> str:
    lines = [
        "digraph fk {",
        f'  rankdir={rankdir}; nodesep=0.25; ranksep=0.6; bgcolor="transparent";',
        '  node [shape=box, style="rounded,filled", fillcolor="#f1f4f8", color="#4e79a7", '
        'fontname="sans-serif", fontsize=11, height=0.3, margin="0.12,0.04"];',
        '  edge [color="#666666", arrowsize=0.6];',
    ]
    # No tooltip attributes: they make dot wrap shapes in <a xlink:...> links. Each shape's
    # <title> (the table, or "parent->child") is the tooltip browsers show.
    lines += [f"  {_quoted(n)};" for n in sorted(nodes)]
    lines += [f"  {_quoted(p)} -> {_quoted(c)};" for p, c, _ in sorted(edges)]
    return "\n".join([*lines, "}"]) + "\n"


def graphviz_svg(
    nodes: list[str], edges: list[tuple[str, str, str]], *, page: int = 1200
) -> str | None:
    """The graph as an inline ``<svg>`` drawn by ``dot``, or None when ``dot`` is unavailable.

    Left to right (parents left) when that fits ``page`` pixels; otherwise top to bottom if
    that is narrower, as a deep chain of tables is.
    """
    dot = shutil.which("dot")
    if dot is None or not nodes:
        return None
    across = _render(dot, _dot_source(nodes, edges, "LR"))
    if across is None or across[1] <= page:
        return across[0] if across else None
    down = _render(dot, _dot_source(nodes, edges, "TB"))
    return (down if down is not None and down[1] < across[1] else across)[0]


def _render(dot: str, source: str) -> tuple[str, int] | None:
    """(responsive SVG, natural width in px) of ``source``, or None when ``dot`` fails."""
    try:
        done = subprocess.run(
            [dot, "-Tsvg"], input=source, capture_output=True, text=True,
            timeout=_TIMEOUT_S, check=True,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    svg = done.stdout[done.stdout.find("<svg") :]
    found = re.match(r'<svg width="(\d+)pt" height="(\d+)pt"', svg)
    if not found:
        return None
    width = int(found.group(1)) * 4 // 3  # pt -> CSS px
    # Responsive: as wide as it is, never wider than the page (then it scales down).
    svg = svg.replace(
        found.group(0),
        f'<svg class="fkgraph" data-layout="graphviz" width="100%" '
        f'style="max-width:{width}px;height:auto"',
        1,
    )
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)  # dot's version and file comments
    if "xlink:" not in svg.replace("xmlns:xlink", ""):
        svg = svg.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    return svg.strip(), width
