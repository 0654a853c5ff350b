"""Does the data say what the plan asked for? Each check states its tolerance.

From the resolved plan (``resolved_plan.json``):

- ``rows``: rows found = rows planned (exact);
- ``null_rate``: observed NULL fraction within ``max(0.005, 4 sigma)`` of the column's (or FK's)
  ``null_rate``, sigma the binomial standard deviation ``sqrt(p (1 - p) / n)``;
- ``weights``: for weighted / uniform choices over a value list, each value's share of the
  non-NULL values within the same 4-sigma bound (values outside the list are reported);
- ``range``: no value outside the generator's ``[min, max]`` (exact);
- ``children_per_parent``: ``fixed`` => no parent above ``per_parent``; ``range`` => the mean
  within ``[min - 1, max + 1]`` (counts are rescaled to the child rows); one-to-one => at most one.

Columns with transforms are skipped (a transform may change values on purpose). A failed check is
a warning, never a constraint violation.
"""

from __future__ import annotations

import math
from typing import Any

from datalchemy.contracts.metrics import ColumnStats, FkCardinality, IntentCheck
from datalchemy.contracts.resolved import ResolvedColumn, ResolvedPlan
from datalchemy.evaluate.dataset import (
    Dataset,
    Session,
    TableData,
    count_where,
    duck_type,
    q,
    sql_literal,
)

__all__ = ["intent_checks"]

SIGMAS = 4.0
FLOOR = 0.005
_RANGE_GENERATORS = {
    "primitive.int.range",
    "primitive.float.range",
    "primitive.decimal.numeric",
    "primitive.decimal.range",
    "primitive.date.range",
    "primitive.timestamp.range",
}


def _tol(p: float, n: int) -> float:
    return max(FLOOR, SIGMAS * math.sqrt(max(p * (1 - p), 0.0) / max(n, 1)))


def _choice(rc: ResolvedColumn) -> tuple[list[str], list[float]] | None:
    params: dict[str, Any] = rc.params or {}
    values = params.get("values")
    if not rc.generator or "choice" not in rc.generator or not isinstance(values, list):
        return None
    if not values or any(isinstance(v, dict | list) for v in values):
        return None
    weights = params.get("weights")
    if not isinstance(weights, list) or len(weights) != len(values):
        weights = [1.0] * len(values)
    total = float(sum(float(w) for w in weights)) or 1.0
    return [str(v).lower() if isinstance(v, bool) else str(v) for v in values], [
        float(w) / total for w in weights
    ]


def intent_checks(
    resolved: ResolvedPlan,
    ds: Dataset,
    session: Session,
    stats: list[ColumnStats],
    categories: dict[str, dict[str, dict[str, int]]],
    cardinality: list[FkCardinality],
) -> list[IntentCheck]:
    by_col = {(s.table, s.column): s for s in stats}
    out: list[IntentCheck] = []
    for rt in sorted(resolved.tables, key=lambda t: t.qualified_name):
        td = ds.table(rt.qualified_name)
        if td is None:
            continue
        out.append(
            IntentCheck(
                kind="rows",
                table=td.qualified,
                expected=str(rt.rows),
                observed=str(td.rows),
                tolerance="exact",
                ok=td.rows == rt.rows,
            )
        )
        fk_null = {fk.key: fk for fk in rt.foreign_keys}
        ranges: list[tuple[ResolvedColumn, str, str, str]] = []
        for rc in rt.columns:
            st = by_col.get((td.qualified, rc.name))
            if st is None or rc.transforms or not td.rows:
                continue
            if rc.action == "generate":
                p = rc.null_rate
            elif rc.action == "foreign_key" and rc.foreign_key in fk_null:
                fk = fk_null[rc.foreign_key]
                if fk.self_reference or fk.deferred:
                    continue  # roots and cycle edges are NULL by design, not by rate
                p = fk.null_rate
            else:
                continue
            if p == 0.0 and not td.table.column(rc.name).nullable:
                continue  # NOT NULL already says it
            tol = _tol(p, td.rows)
            out.append(
                IntentCheck(
                    kind="null_rate",
                    table=td.qualified,
                    column=rc.name,
                    expected=f"{p:.4f}",
                    observed=f"{st.null_fraction:.4f}",
                    tolerance=f"±{tol:.4f}",
                    ok=abs(st.null_fraction - p) <= tol,
                )
            )
            choice = _choice(rc) if rc.action == "generate" else None
            counts = categories.get(td.qualified, {}).get(rc.name)
            if choice is not None and counts is not None:
                out.append(_weights(td, rc.name, choice, counts))
            params: dict[str, Any] = rc.params or {}
            if (
                rc.action == "generate"
                and rc.generator in _RANGE_GENERATORS
                and params.get("min") is not None
                and params.get("max") is not None
            ):
                col = td.table.column(rc.name)
                target = duck_type(col)
                if target is not None:
                    ranges.append((rc, target, str(params["min"]), str(params["max"])))
        out += _ranges(session, td, ranges)
        for fk in rt.foreign_keys:
            card = next(
                (c for c in cardinality if c.child == td.qualified and c.foreign_key == fk.key),
                None,
            )
            if card is None:
                continue
            cd = fk.cardinality
            if fk.one_to_one:
                out.append(
                    IntentCheck(
                        kind="children_per_parent",
                        table=td.qualified,
                        column=",".join(fk.columns),
                        expected="<= 1 (one-to-one)",
                        observed=f"max {card.max}",
                        tolerance="exact",
                        ok=card.max <= 1,
                    )
                )
            elif cd.distribution == "fixed" and cd.per_parent is not None:
                out.append(
                    IntentCheck(
                        kind="children_per_parent",
                        table=td.qualified,
                        column=",".join(fk.columns),
                        expected=f"<= {cd.per_parent} (fixed)",
                        observed=f"max {card.max}",
                        tolerance="exact",
                        ok=card.max <= cd.per_parent,
                    )
                )
            elif cd.distribution == "range" and cd.min is not None and cd.max is not None:
                ok = cd.min - 1 <= card.mean <= cd.max + 1
                out.append(
                    IntentCheck(
                        kind="children_per_parent",
                        table=td.qualified,
                        column=",".join(fk.columns),
                        expected=f"mean in [{cd.min}, {cd.max}] (range)",
                        observed=f"mean {card.mean:.3f}",
                        tolerance="±1",
                        ok=ok,
                    )
                )
    return out


def _weights(
    td: TableData, column: str, choice: tuple[list[str], list[float]], counts: dict[str, int]
) -> IntentCheck:
    values, shares = choice
    n = sum(counts.values())
    worst = 0.0
    worst_tol = 0.0
    ok = True
    observed = []
    for v, share in zip(values, shares, strict=True):
        obs = counts.get(v, 0) / n if n else 0.0
        tol = _tol(share, n)
        observed.append(f"{obs:.3f}")
        if abs(obs - share) - tol > worst - worst_tol:
            worst, worst_tol = abs(obs - share), tol
        ok = ok and abs(obs - share) <= tol
    unexpected = sorted(set(counts) - set(values))
    note = f"; {len(unexpected)} unexpected value(s)" if unexpected else ""
    return IntentCheck(
        kind="weights",
        table=td.qualified,
        column=column,
        expected=", ".join(f"{s:.3f}" for s in shares),
        observed=", ".join(observed) + note,
        tolerance=f"±{max(worst_tol, FLOOR):.4f} per value (4 sigma)",
        ok=ok and not unexpected,
    )


def _ranges(
    session: Session, td: TableData, ranges: list[tuple[ResolvedColumn, str, str, str]]
) -> list[IntentCheck]:
    if not ranges:
        return []
    parts = [
        count_where(
            f"{q(rc.name)} < TRY_CAST({sql_literal(lo)} AS {t}) "
            f"OR {q(rc.name)} > TRY_CAST({sql_literal(hi)} AS {t})"  # constants: no pushdown
        )
        for rc, t, lo, hi in ranges
    ]
    counts = session.one(f"SELECT {', '.join(parts)} FROM {td.duck}")
    return [
        IntentCheck(
            kind="range",
            table=td.qualified,
            column=rc.name,
            expected=f"[{lo}, {hi}]",
            observed=f"{int(n)} value(s) outside",
            tolerance="exact",
            ok=int(n) == 0,
        )
        for (rc, _, lo, hi), n in zip(ranges, counts, strict=True)
    ]
