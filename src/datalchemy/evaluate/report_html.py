"""``report.html``: one self-contained file (inline CSS and SVG; no scripts, no network).

Sections: repairs (first: what generation did instead of a rule it could not honour),
summary, constraints by kind, problems, every check (folded), FK graph (Graphviz when
installed, else a layered layout with routed edges: :func:`datalchemy.evaluate.svg.fk_graph`), a
chart per column (category counts, value histogram, or, for PII and free text, a histogram of
lengths), and the closing report (``report.md`` rendered as HTML). At 1280 px nothing scrolls
sideways: the graph scales down, long cells wrap.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from datalchemy.contracts.metrics import (
    ColumnStats,
    ConstraintResult,
    EvaluationMetrics,
    HistogramBin,
)
from datalchemy.contracts.plan import Repair
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.evaluate.report_md import REPAIRS_NOTE, render_markdown
from datalchemy.evaluate.svg import bar_chart, fk_graph

__all__ = ["render_html"]

_CSS = """
body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:12px;margin:8px 0;max-width:100%}
td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top;
overflow-wrap:break-word}
svg.fkgraph{display:block;margin:8px 0}.closing{font-size:13px}.closing h1{font-size:17px}
.closing h2{font-size:15px;border:none}.closing code{overflow-wrap:anywhere}
th{background:#f1f4f8}.violated{background:#fde2e1}.not_evaluated{background:#fff4d6}
.ok{color:#2a7a2a}.charts{display:flex;flex-wrap:wrap;gap:10px}
.card{border:1px solid #ddd;border-radius:4px;padding:4px;font-size:11px;width:362px;
overflow-wrap:break-word}
.status-ok{color:#2a7a2a}.status-violations{color:#b00020}.status-incomplete{color:#a66a00}
.repairs{background:#fff8e1;border:1px solid #e0c060;padding:4px 10px}
"""


def _depths(
    m: EvaluationMetrics, schema: DatabaseSchema
) -> tuple[list[str], list[tuple[str, str, str]], dict[str, int]]:
    nodes = [t.table for t in m.tables]
    present = set(nodes)
    edges: list[tuple[str, str, str]] = []
    for s, t in schema.iter_tables():
        child = f"{s.name}.{t.name}"
        if child not in present:
            continue
        for fk in t.foreign_keys:
            if fk.referenced in present:
                edges.append((fk.referenced, child, fk.name or ",".join(fk.columns)))
    from datalchemy.graph import FkGraph

    order = [n for n in FkGraph.from_schema(schema).topo_order() if n in present]
    depth: dict[str, int] = {}
    index = {n: i for i, n in enumerate(order)}
    for node in order:
        parents = [
            p for p, c, _ in edges if c == node and p != node and index.get(p, -1) < index[node]
        ]
        depth[node] = 1 + max((depth.get(p, 0) for p in parents), default=-1)
    return nodes, edges, depth


def _integer_bins(bins: list[HistogramBin], top: str | None) -> list[tuple[str, int]]:
    """Value bins of an integer column labelled with the integers they hold (``3-5``), not the
    fractional edges of equal-width bins (``2.5``)."""
    try:
        starts = [math.ceil(float(b.label)) for b in bins]
        last = math.floor(float(top)) if top is not None else None
    except ValueError:
        return [(b.label, b.count) for b in bins]
    out = []
    for i, b in enumerate(bins):
        end = starts[i + 1] - 1 if i + 1 < len(bins) else last
        if end is None or end <= starts[i]:
            out.append((str(starts[i]), b.count))
        else:
            out.append((f"{starts[i]}-{end}", b.count))
    return out


def _chart(s: ColumnStats) -> str:
    title = f"{s.column}" + (" (PII)" if s.pii else "")
    h = s.histogram
    bars = [(b.label, b.count) for b in h.bins] if h is not None else []
    if h is not None and h.kind == "value" and s.family == "integer":
        bars = _integer_bins(h.bins, s.max)
    kind = {"value": "values", "length": "lengths", "category": "counts"}.get(
        h.kind if h is not None else "", "no data"
    )
    info = (
        f"{escape(s.family)} · nulls {s.null_fraction:.2%} · distinct "
        f"{'~' if s.distinct_approx else ''}{s.distinct if s.distinct is not None else '-'}"
    )
    if s.min is not None:  # whole values (timestamps included); the card wraps them
        info += f" · min {escape(s.min)} · max {escape(s.max or '')}"
    return (
        f'<div class="card" data-column="{escape(s.table)}.{escape(s.column)}">'
        f"{bar_chart(f'{title} - {kind}', bars)}<div>{info}</div></div>"
    )


def _closing(m: EvaluationMetrics, repairs: Sequence[Repair]) -> str:
    """``report.md`` rendered as HTML (CommonMark with tables; raw HTML in it is escaped)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    return f'<div class="closing">{md.render(render_markdown(m, repairs))}</div>'


def _kind_class(violated: int, not_evaluated: int) -> str:
    return "violated" if violated else ("not_evaluated" if not_evaluated else "ok")


def _constraint_table(rows: list[ConstraintResult], table_id: str) -> list[str]:
    out = [
        f'<table id="{table_id}"><tr><th>table</th><th>kind</th><th>name</th><th>columns</th>'
        "<th>status</th><th>violations</th><th>examples / note</th></tr>"
    ]
    for c in rows:
        note = [c.note] if c.note and c.status != "ok" else []  # ok rows: no alarming text
        detail = "; ".join(c.examples + note)
        out.append(
            f'<tr class="{c.status}"><td>{escape(c.table)}</td><td>{c.kind}</td>'
            f"<td>{escape(c.name or '')}</td><td>{escape(', '.join(c.columns))}</td>"
            f"<td>{c.status}</td><td>{c.violations}</td><td>{escape(detail)}</td></tr>"
        )
    out.append("</table>")
    return out


def _repairs(repairs: Sequence[Repair]) -> list[str]:
    if not repairs:
        return []
    out = [
        '<section class="repairs" id="repairs">',
        f"<h2>Repairs ({len(repairs)})</h2>",
        f"<p>{len(repairs)} {escape(REPAIRS_NOTE)}</p>",
        "<table><tr><th>code</th><th>action</th><th>where</th><th>asked</th><th>done</th></tr>",
    ]
    for r in repairs:
        out.append(
            f"<tr><td>{escape(r.code)}</td><td>{escape(r.action)}</td>"
            f"<td>{escape(r.target)}<br><code>{escape(r.path)}</code></td>"
            f"<td>{escape(r.asked)}</td><td>{escape(r.done)}</td></tr>"
        )
    return [*out, "</table></section>"]


def render_html(
    m: EvaluationMetrics, schema: DatabaseSchema, repairs: Sequence[Repair] = ()
) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>datalchemy evaluation - {escape(m.dataset)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Evaluation of {escape(m.dataset)}</h1>",
        *_repairs(repairs),
        f'<p class="status-{escape(m.status)}"><b>status: {escape(m.status)}</b> - '
        f"{m.violations_total} violation(s), {m.not_evaluated_total} not evaluated, "
        f"{len(m.tables)} table(s), {len(m.columns)} column(s)</p>",
        "<h2>Constraints</h2>",
        "<table><tr><th>kind</th><th>checked</th><th>violated</th><th>violations</th>"
        "<th>not evaluated</th></tr>",
        *(
            f'<tr class="{_kind_class(k.violated, k.not_evaluated)}">'
            f"<td>{k.kind}</td><td>{k.checked}</td><td>{k.violated}</td><td>{k.violations}</td>"
            f"<td>{k.not_evaluated}</td></tr>"
            for k in m.summary
        ),
        "</table>",
    ]
    problems = [c for c in m.constraints if c.status != "ok"]
    out.append(f"<h3>Problems ({len(problems)})</h3>" if problems else "<p>No violations.</p>")
    # Problems first and in full; every check (mostly "ok") is folded below them.
    out += _constraint_table(problems, "problems") if problems else []
    out.append(f"<details><summary>All {len(m.constraints)} constraint checks</summary>")
    out += _constraint_table(m.constraints, "constraints")
    out.append("</details>")
    nodes, edges, depth = _depths(m, schema)
    out += ["<h2>Foreign keys</h2>", fk_graph(nodes, edges, depth)]
    if m.foreign_keys:
        out.append(
            "<table><tr><th>foreign key</th><th>child</th><th>parent</th><th>min</th>"
            "<th>mean</th><th>max</th></tr>"
        )
        for fk in m.foreign_keys:
            out.append(
                f"<tr><td>{escape(fk.foreign_key)}</td><td>{escape(fk.child)}</td>"
                f"<td>{escape(fk.parent)}</td><td>{fk.min}</td><td>{fk.mean:.3f}</td>"
                f"<td>{fk.max}</td></tr>"
            )
        out.append("</table>")
    out.append("<h2>Columns</h2>")
    for table in m.tables:
        out.append(f"<h3>{escape(table.table)} ({table.rows_found} rows)</h3>")
        out.append('<div class="charts">')
        out += [_chart(s) for s in m.columns if s.table == table.table]
        out.append("</div>")
    out += ["<h2>Report</h2>", _closing(m, repairs), "</body></html>"]
    return "\n".join(out) + "\n"
