"""Safe statistics between columns and tables: fan-out of foreign keys, date orders, and
correlations of numbers (all aggregates, no value).

Example:
    >>> zipf_for_top_decile(0.10, 1000) is None  # even: no skew to fit
    True
    >>> 0.4 < (zipf_for_top_decile(0.45, 1000) or 0) < 0.9
    True
"""

from __future__ import annotations

import itertools
from functools import cache

import numpy as np
import numpy.typing as npt

from datalchemy.contracts.plan import Cardinality
from datalchemy.contracts.profile import Correlation, DateOrder, FanOut
from datalchemy.contracts.schema import Column, ForeignKey, Table, TypeFamily
from datalchemy.evaluate.dataset import Session, q
from datalchemy.profile.stats import quantile_sql

__all__ = [
    "correlations",
    "date_orders",
    "fan_out",
    "fan_out_fit",
    "keyless",
    "zipf_for_top_decile",
]

_T = TypeFamily
_NUMERIC = frozenset({_T.INTEGER, _T.DECIMAL, _T.FLOAT, _T.MONEY})
_TEMPORAL = frozenset({_T.DATE, _T.TIMESTAMP, _T.TIMESTAMPTZ})
#: Share of rows in one order for two date columns to count as ordered.
ORDERED = 0.98
#: Numbers compared pairwise at most (the first ones of the table).
MAX_NUMBERS = 16


def fan_out(
    session: Session,
    child: str,
    fk: ForeignKey,
    parent: str,
    parent_qualified: str,
    rows: int,
    count: int,
) -> FanOut:
    """Children per parent row of ``fk`` (``child`` and ``parent`` are DuckDB tables)."""
    on = " AND ".join(
        f"p.{q(pc)} = c.{q(cc)}" for cc, pc in zip(fk.columns, fk.referenced_columns, strict=True)
    )
    keys = ", ".join(q(c) for c in fk.columns)
    notnull = " AND ".join(f"{q(c)} IS NOT NULL" for c in fk.columns)
    counts = f"SELECT {keys}, count(*) AS n FROM {child} WHERE {notnull} GROUP BY {keys}"
    per_parent = f"SELECT coalesce(c.n, 0) AS n FROM {parent} p LEFT JOIN ({counts}) c ON {on}"
    qs, mean, childless = session.one(
        f"SELECT {quantile_sql('n', count)}, avg(n), avg(CASE WHEN n = 0 THEN 1.0 ELSE 0.0 END) "
        f"FROM ({per_parent})"
    )
    (top,) = session.one(
        f"SELECT coalesce(sum(n) FILTER (WHERE r <= 0.1) / nullif(sum(n), 0), 0) FROM "
        f"(SELECT n, percent_rank() OVER (ORDER BY n DESC) AS r FROM ({per_parent}))"
    )
    (nulls,) = session.one(f"SELECT avg(CASE WHEN {notnull} THEN 0.0 ELSE 1.0 END) FROM {child}")
    return FanOut(
        foreign_key=fk.name or "fk_" + "_".join(fk.columns),
        columns=list(fk.columns),
        parent=parent_qualified,
        null_rate=round(float(nulls or 0), 6),
        quantiles=[round(float(v), 4) for v in (qs or [])],
        mean=round(float(mean or 0), 6),
        childless=round(float(childless or 0), 6),
        top_decile_share=round(float(top or 0), 6),
    )


def date_orders(session: Session, duck: str, columns: list[Column], count: int) -> list[DateOrder]:
    """Pairs of date columns that (almost) always come in one order, with their gaps."""
    temporal = [c for c in columns if c.family in _TEMPORAL]
    out = []
    for a, b in itertools.combinations(temporal, 2):
        ea = f"epoch_us(CAST({q(a.name)} AS TIMESTAMP))"
        eb = f"epoch_us(CAST({q(b.name)} AS TIMESTAMP))"
        both = f"{q(a.name)} IS NOT NULL AND {q(b.name)} IS NOT NULL"
        (share,) = session.one(
            f"SELECT avg(CASE WHEN {ea} <= {eb} THEN 1.0 ELSE 0.0 END) FROM {duck} WHERE {both}"
        )
        if share is None:
            continue
        share = float(share)
        if share >= ORDERED:
            first, second, ef, es = a, b, ea, eb
        elif share <= 1 - ORDERED:
            first, second, ef, es, share = b, a, eb, ea, 1 - share
        else:
            continue
        (gaps,) = session.one(
            f"SELECT {quantile_sql(f'({es} - {ef}) / 86400000000.0', count)} FROM {duck} "
            f"WHERE {both} AND {ef} <= {es}"
        )
        out.append(
            DateOrder(
                earlier=first.name,
                later=second.name,
                share=round(share, 6),
                gap_days=[round(float(g), 6) for g in gaps],
            )
        )
    return out


def correlations(
    session: Session, duck: str, columns: list[Column], count: int = 101
) -> list[Correlation]:
    """Pearson and Spearman correlations of the table's number columns (keys excluded), with
    the quantiles of their ratio when they move together."""
    numbers = [c for c in columns if c.family in _NUMERIC][:MAX_NUMBERS]
    out = []
    for a, b in itertools.combinations(numbers, 2):
        xa, xb = f"CAST({q(a.name)} AS DOUBLE)", f"CAST({q(b.name)} AS DOUBLE)"
        both = f"{q(a.name)} IS NOT NULL AND {q(b.name)} IS NOT NULL"
        pearson, spearman = session.one(
            f"SELECT corr(x, y), corr(rx, ry) FROM (SELECT {xa} AS x, {xb} AS y, "
            f"percent_rank() OVER (ORDER BY {xa}) AS rx, percent_rank() OVER (ORDER BY {xb}) AS ry "
            f"FROM {duck} WHERE {both})"
        )
        if pearson is None or spearman is None:
            continue
        ratios = None
        if abs(float(spearman)) >= 0.9:
            (qs,) = session.one(
                f"SELECT {quantile_sql(f'{xb} / {xa}', count)} FROM {duck} "
                f"WHERE {both} AND {xa} > 0 AND {xb} > 0"
            )
            ratios = [round(float(v), 6) for v in qs] if qs else None
        out.append(
            Correlation(
                a=a.name,
                b=b.name,
                pearson=round(float(pearson), 4),
                spearman=round(float(spearman), 4),
                ratio_quantiles=ratios,
            )
        )
    return out


def keyless(table: Table) -> list[Column]:
    """The table's columns that are not part of its primary key or a foreign key."""
    keys = set(table.primary_key.columns) if table.primary_key else set()
    for fk in table.foreign_keys:
        keys |= set(fk.columns)
    return [c for c in table.columns if c.name not in keys]


def _quantiles(counts: npt.NDArray[np.float64], n: int) -> list[float]:
    return [float(v) for v in np.quantile(counts, np.linspace(0, 1, n))]


def _zipf_counts(parents: int, children: int, s: float) -> npt.NDArray[np.float64]:
    w = 1.0 / np.power(np.arange(1, parents + 1, dtype=np.float64), s)
    counts: npt.NDArray[np.float64] = np.floor(w / w.sum() * children + 0.5)
    return counts


def fan_out_fit(fan: FanOut, parents: int, children: int) -> Cardinality:
    """The engine cardinality whose children-per-parent distribution is closest (KS) to the
    measured one: uniform picks (about Poisson), a range of counts, or Zipf with a fitted
    exponent."""
    from datalchemy.profile.distance import ks_from_quantiles

    parents, children = max(parents, 1), max(children, 0)
    n = len(fan.quantiles) or 101
    rng = np.random.default_rng(0)
    candidates: list[tuple[Cardinality, list[float]]] = []
    even = rng.multinomial(children, [1.0 / parents] * parents).astype(np.float64)
    candidates.append((Cardinality(), _quantiles(even, n)))
    if fan.quantiles:
        lo = int(np.floor(np.quantile(fan.quantiles, 0.05)))
        hi = max(lo, int(np.ceil(np.quantile(fan.quantiles, 0.95))))
        spread = rng.integers(lo, hi + 1, parents).astype(np.float64)
        spread = np.floor(spread / max(spread.sum(), 1) * children + 0.5)
        candidates.append(
            (Cardinality(distribution="range", min=lo, max=hi), _quantiles(spread, n))
        )
    for s in np.round(np.arange(0.1, 2.01, 0.1), 2):
        counts = _zipf_counts(parents, children, float(s))
        candidates.append((Cardinality(distribution="zipf", s=float(s)), _quantiles(counts, n)))
    scored = [(ks_from_quantiles(fan.quantiles, q), i) for i, (_, q) in enumerate(candidates)]
    return candidates[min(scored)[1]][0]


@cache
def _top_decile(parents: int, s: float) -> float:
    w = 1.0 / np.power(np.arange(1, parents + 1, dtype=np.float64), s)
    top = max(1, parents // 10)
    return float(w[:top].sum() / w.sum())


def zipf_for_top_decile(share: float, parents: int) -> float | None:
    """The Zipf exponent whose busiest 10 % of ``parents`` hold ``share`` of the children, or
    None when the fan-out is about even (no exponent above 0.05 is needed)."""
    parents = max(parents, 10)
    if share <= _top_decile(parents, 0.05) + 0.02:
        return None
    grid = np.round(np.arange(0.05, 3.001, 0.05), 2)
    errors = [abs(_top_decile(parents, float(s)) - share) for s in grid]
    return float(grid[int(np.argmin(errors))])
