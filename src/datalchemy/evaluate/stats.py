"""Per-column statistics and FK cardinality, computed by DuckDB over the typed tables.

Per column: NULL fraction, distinct count (exact up to :data:`EXACT_DISTINCT_ROWS` rows, a
HyperLogLog estimate above: deterministic, but approximate), min / max, top values and a
histogram. PII columns get neither min / max nor top values, and their histogram is over value
*lengths*, so no output ever carries one of their values. Two scans per table: one for the
aggregates, one for every histogram (DuckDB's ``histogram`` aggregate over values or bin
numbers); plus one GROUP BY per mid-cardinality column for its top values.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from datalchemy.contracts.metrics import (
    ColumnStats,
    FkCardinality,
    Histogram,
    HistogramBin,
    ValueCount,
)
from datalchemy.contracts.schema import Column, TypeFamily
from datalchemy.evaluate.dataset import Dataset, Session, TableData, count_where, q
from datalchemy.evaluate.privacy import PiiPolicy

__all__ = ["BINS", "EXACT_DISTINCT_ROWS", "column_stats", "fk_cardinality"]

EXACT_DISTINCT_ROWS = 2_000_000
BINS = 10
TOP = 5
#: Columns with at most this many distinct values get exact per-value counts (top values,
#: category chart, weighted-choice agreement).
CATEGORY_LIMIT = 1000
#: Columns with at most this many distinct values are charted value by value.
CATEGORY_CHART = 20
_NUMERIC = {TypeFamily.INTEGER, TypeFamily.DECIMAL, TypeFamily.FLOAT}
_TEMPORAL = {TypeFamily.DATE, TypeFamily.TIMESTAMP, TypeFamily.TIMESTAMPTZ}
_UNORDERED = {
    TypeFamily.JSON,
    TypeFamily.BYTES,
    TypeFamily.ARRAY,
    TypeFamily.GEOMETRY,
    TypeFamily.XML,
    TypeFamily.RANGE,
}


def _num(col: Column) -> str | None:
    """A DOUBLE expression binning can use, or None."""
    if col.array is not None:
        return None
    if col.family in _NUMERIC:
        return f"CAST({q(col.name)} AS DOUBLE)"
    if col.family in _TEMPORAL:
        return f"CAST(epoch({q(col.name)}) AS DOUBLE)"
    return None


def _fmt_num(value: float, col: Column) -> str:
    if col.family in _TEMPORAL:
        moment = datetime.fromtimestamp(value, UTC)
        if col.family is TypeFamily.DATE:
            return moment.date().isoformat()
        return moment.strftime("%Y-%m-%d %H:%M")
    return f"{value:.6g}"


def column_stats(
    session: Session, td: TableData, pii: PiiPolicy
) -> tuple[list[ColumnStats], dict[str, dict[str, int]]]:
    """Stats of every column of a loaded table, and the exact value counts of low-cardinality
    non-PII columns (for the plan-agreement checks)."""
    cols = td.columns
    if not cols:
        return [], {}
    rows = td.rows
    exact = rows <= EXACT_DISTINCT_ROWS
    parts: list[str] = []
    layout: list[tuple[Column, bool, int]] = []  # column, pii, first index in the result
    for col in cols:
        name = q(col.name)
        is_pii = pii.is_pii(td.qualified, col)
        start = len(parts)
        parts.append(f"count({name})")
        parts.append(f"count(DISTINCT {name})" if exact else f"approx_count_distinct({name})")
        ordered = not is_pii and col.family not in _UNORDERED and col.array is None
        parts.append(f"CAST(min({name}) AS VARCHAR)" if ordered else "NULL")
        parts.append(f"CAST(max({name}) AS VARCHAR)" if ordered else "NULL")
        num = None if is_pii else _num(col)
        parts.append(f"min({num})" if num else "NULL")
        parts.append(f"max({num})" if num else "NULL")
        layout.append((col, is_pii, start))
    agg = session.one(f"SELECT {', '.join(parts)} FROM {td.duck}")

    # Second scan: per column, exact value counts (small domains) and / or binned counts.
    hist_parts: list[str] = []
    plans: list[tuple[bool, str, Any]] = []  # has category counts, binned kind, bin params
    for col, is_pii, i in layout:
        nonnull, distinct = int(agg[i]), int(agg[i + 1])
        lo, hi = agg[i + 4], agg[i + 5]
        name = q(col.name)
        category = not is_pii and distinct <= CATEGORY_LIMIT and col.family not in _UNORDERED
        if category:
            hist_parts.append(f"histogram(CAST({name} AS VARCHAR))")
        if lo is not None and hi is not None and hi > lo and distinct > CATEGORY_CHART:
            width = (hi - lo) / BINS
            # FILTER: DuckDB's least() skips NULLs, so least(NULL, 9) would put every NULL in
            # the last bin.
            hist_parts.append(
                f"histogram(least(CAST(floor(({_num(col)} - {lo!r}) / {width!r}) AS BIGINT), "
                f"{BINS - 1})) FILTER (WHERE {name} IS NOT NULL)"
            )
            plans.append((category, "value", (lo, width)))
        elif nonnull and not (category and distinct <= CATEGORY_CHART):
            hist_parts.append(f"histogram(length(CAST({name} AS VARCHAR)))")
            plans.append((category, "length", None))
        else:
            plans.append((category, "none", None))
    hist_values = (
        list(session.one(f"SELECT {', '.join(hist_parts)} FROM {td.duck}")) if hist_parts else []
    )
    it = iter(hist_values)
    stats: list[ColumnStats] = []
    categories: dict[str, dict[str, int]] = {}
    for (col, is_pii, i), (category, kind, params) in zip(layout, plans, strict=True):
        nonnull, distinct = int(agg[i]), int(agg[i + 1])
        top: list[ValueCount] | None = None
        histogram: Histogram | None = None
        if category:
            counts = {str(k): int(v) for k, v in (next(it) or {}).items()}
            categories[col.name] = counts
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            top = [ValueCount(value=k, count=v) for k, v in ranked[:TOP]]
            if len(ranked) <= CATEGORY_CHART:
                histogram = Histogram(
                    kind="category", bins=[HistogramBin(label=k, count=v) for k, v in ranked]
                )
        elif not is_pii and nonnull and distinct <= rows // 2 and col.family not in _UNORDERED:
            top = _top_values(session, td, col)
        if kind != "none":
            binned: dict[int, int] = {int(k): int(v) for k, v in (next(it) or {}).items()}
            if kind == "value":
                lo, width = params
                histogram = Histogram(
                    kind="value",
                    bins=[
                        HistogramBin(label=_fmt_num(lo + b * width, col), count=binned.get(b, 0))
                        for b in range(BINS)
                    ],
                )
            else:
                histogram = _length_bins(binned)
        stats.append(
            ColumnStats(
                table=td.qualified,
                column=col.name,
                family=col.family.value,
                pii=is_pii,
                rows=rows,
                nulls=rows - nonnull,
                null_fraction=round((rows - nonnull) / rows, 6) if rows else 0.0,
                distinct=min(distinct, nonnull),  # an HLL estimate can overshoot
                distinct_approx=not exact,
                min=None if is_pii else agg[i + 2],
                max=None if is_pii else agg[i + 3],
                top_values=None if is_pii else top,
                histogram=histogram,
            )
        )
    return stats, categories


def _top_values(session: Session, td: TableData, col: Column) -> list[ValueCount]:
    """The most frequent values of a mid-cardinality column (ties by value: deterministic)."""
    name = q(col.name)
    rows = session.rows(
        f"SELECT CAST({name} AS VARCHAR) AS v, count(*) AS n FROM {td.duck} "
        f"WHERE {name} IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT {TOP}"
    )
    return [ValueCount(value=str(v), count=int(n)) for v, n in rows]


def _length_bins(counts: dict[Any, int]) -> Histogram:
    """Lengths grouped into at most :data:`BINS` equal ranges."""
    if not counts:
        return Histogram(kind="length")
    lo, hi = min(counts), max(counts)
    width = max(1, math.ceil((hi - lo + 1) / BINS))
    bins: dict[int, int] = {}
    for length, n in counts.items():
        b = (length - lo) // width
        bins[b] = bins.get(b, 0) + n
    out = []
    for b in range(max(bins) + 1):
        start = lo + b * width
        label = f"{start}" if width == 1 else f"{start}-{start + width - 1}"
        out.append(HistogramBin(label=label, count=bins.get(b, 0)))
    return Histogram(kind="length", bins=out)


def fk_cardinality(ds: Dataset, session: Session, td: TableData) -> list[FkCardinality]:
    """Children per parent row for every FK of ``td`` whose parent is in the dataset."""
    out: list[FkCardinality] = []
    present = set(td.header)
    for fk in td.table.foreign_keys:
        parent = ds.table(fk.referenced)
        if parent is None or any(c not in present for c in fk.columns):
            continue
        if any(c not in set(parent.header) for c in fk.referenced_columns):
            continue
        pcols = ", ".join(f"p.{q(c)}" for c in fk.referenced_columns)
        join = " AND ".join(
            f"p.{q(pc)} = c.{q(cc)}"
            for cc, pc in zip(fk.columns, fk.referenced_columns, strict=True)
        )
        per_parent = (
            f"SELECT count(c.{q(fk.columns[0])}) AS k FROM {parent.duck} p "
            f"LEFT JOIN {td.duck} c ON {join} GROUP BY {pcols}"
        )
        dist = session.rows(f"SELECT k, count(*) FROM ({per_parent}) GROUP BY k ORDER BY k")
        any_null = " OR ".join(f"{q(c)} IS NULL" for c in fk.columns)
        nulls = int(session.one(f"SELECT {count_where(any_null)} FROM {td.duck}")[0])
        parents = sum(int(n) for _, n in dist)
        children = sum(int(k) * int(n) for k, n in dist)
        out.append(
            FkCardinality(
                foreign_key=fk.name or "fk_" + "_".join(fk.columns),
                child=td.qualified,
                parent=fk.referenced,
                columns=list(fk.columns),
                parents=parents,
                children=children,
                null_children=nulls,
                min=int(dist[0][0]) if dist else 0,
                mean=round(children / parents, 6) if parents else 0.0,
                max=int(dist[-1][0]) if dist else 0,
                distribution=_bucket([(int(k), int(n)) for k, n in dist]),
            )
        )
    return out


def _bucket(dist: list[tuple[int, int]], limit: int = 50) -> list[tuple[int, int]]:
    """At most ``limit`` pairs: the long tail (zipf) is merged into its lower bounds."""
    if len(dist) <= limit:
        return dist
    hi = dist[-1][0]
    width = math.ceil((hi + 1) / limit)
    merged: dict[int, int] = {}
    for k, n in dist:
        start = (k // width) * width
        merged[start] = merged.get(start, 0) + n
    return sorted(merged.items())
