"""Safe statistics of one column of a DuckDB table (the source's, or a generated dataset's).

:func:`column_profile` computes, with a handful of aggregate queries: the NULL rate and the
distinct ratio; for numbers, quantiles with the share of values at or below each (ties), mean,
standard deviation, whether all are whole and how many decimals they use; for dates and
timestamps, quantiles; for text, quantiles of the length, character classes and frequent shapes
(``AAA-99999``); and the values seen at least ``k`` times, unless the column is PII. The same
function describes a generated dataset in ``evaluate --profile``, so both sides are measured
alike.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from datalchemy.contracts.profile import (
    ColumnProfile,
    Frequent,
    NumericStats,
    TemporalStats,
    TextStats,
)
from datalchemy.contracts.schema import Column, TypeFamily
from datalchemy.evaluate.dataset import Session, q

__all__ = ["FREQUENT_LIMIT", "column_profile", "probabilities", "quantile_sql"]

_T = TypeFamily
_NUMERIC = frozenset({_T.INTEGER, _T.DECIMAL, _T.FLOAT, _T.MONEY})
_TEMPORAL = frozenset({_T.DATE, _T.TIMESTAMP, _T.TIMESTAMPTZ})
_TEXT = frozenset({_T.TEXT, _T.UNKNOWN, _T.ENUM, _T.UUID})
#: Most frequent values kept per column.
FREQUENT_LIMIT = 60
_EPOCH = datetime(1970, 1, 1)
#: (name, DuckDB regex) of the character classes of text values.
_CLASSES = (
    ("digit", "[0-9]"),
    ("lower", "[a-z]"),
    ("upper", "[A-Z]"),
    ("space", "\\s"),
    ("punct", "[!-/:-@\\[-`{-~]"),
    ("non_ascii", "[^\\x00-\\x7F]"),
)


def probabilities(count: int) -> list[float]:
    """``count`` equally spaced probabilities from 0 to 1."""
    return [i / (count - 1) for i in range(count)]


def quantile_sql(expr: str, count: int) -> str:
    """DuckDB ``quantile_cont`` of ``expr`` at ``count`` probabilities (a list)."""
    probs = ", ".join(repr(p) for p in probabilities(count))
    return f"quantile_cont({expr}, [{probs}])"


def _cdf(session: Session, duck: str, expr: str, knots: list[float], nonnull: int) -> list[float]:
    if not nonnull:
        return []
    parts = ", ".join(f"count(*) FILTER (WHERE {expr} <= {k!r})" for k in knots)
    row = session.one(f"SELECT {parts} FROM {duck}")
    return [round(int(v) / nonnull, 6) for v in row]


def _numeric(session: Session, duck: str, col: Column, count: int, nonnull: int) -> NumericStats:
    x = f"CAST({q(col.name)} AS DOUBLE)"
    qs, mean, std, whole, places = session.one(
        f"SELECT {quantile_sql(x, count)}, avg({x}), coalesce(stddev_pop({x}), 0), "
        f"bool_and({x} = round({x})), "
        f"max(length(regexp_extract(CAST({q(col.name)} AS VARCHAR), '\\.(\\d*?)0*$', 1))) "
        f"FROM {duck} WHERE {q(col.name)} IS NOT NULL"
    )
    knots = [float(v) for v in qs]
    scale = col.scale if col.family == _T.DECIMAL and col.scale is not None else places
    return NumericStats(
        quantiles=[_round(v) for v in knots],
        cdf=_cdf(session, duck, x, knots, nonnull),
        mean=_round(float(mean)),
        std=_round(float(std)),
        integer=bool(whole),
        scale=min(int(scale or 0), 6),
    )


def _round(v: float) -> float:
    return float(f"{v:.10g}") if math.isfinite(v) else 0.0


def _iso(micros: float, kind: str) -> str:
    moment = _EPOCH + timedelta(microseconds=round(micros))
    return moment.date().isoformat() if kind == "date" else moment.isoformat(timespec="seconds")


def _temporal(session: Session, duck: str, col: Column, count: int, nonnull: int) -> TemporalStats:
    kind = "date" if col.family == _T.DATE else "timestamp"
    x = f"epoch_us(CAST({q(col.name)} AS TIMESTAMP))"
    (qs,) = session.one(
        f"SELECT {quantile_sql(x, count)} FROM {duck} WHERE {q(col.name)} IS NOT NULL"
    )
    knots = [float(v) for v in qs]
    return TemporalStats(
        kind=kind,
        quantiles=[_iso(v, kind) for v in knots],
        cdf=_cdf(session, duck, x, knots, nonnull),
    )


def shape_sql(expr: str) -> str:
    """SQL turning text into its shape: ``A`` upper, ``a`` lower, ``9`` digit, rest kept."""
    s = f"regexp_replace({expr}, '[A-Z]', 'A', 'g')"
    s = f"regexp_replace({s}, '[a-z]', 'a', 'g')"
    return f"regexp_replace({s}, '[0-9]', '9', 'g')"


def _text(session: Session, duck: str, col: Column, count: int, k: int, nonnull: int) -> TextStats:
    x = f"CAST({q(col.name)} AS VARCHAR)"
    classes = ", ".join(
        f"avg(CASE WHEN regexp_matches({x}, '{rx}') THEN 1.0 ELSE 0.0 END)" for _, rx in _CLASSES
    )
    row = session.one(
        f"SELECT {quantile_sql(f'length({x})', count)}, {classes} "
        f"FROM {duck} WHERE {q(col.name)} IS NOT NULL"
    )
    shapes = session.rows(
        f"SELECT {shape_sql(x)} AS s, count(*) AS n FROM {duck} "
        f"WHERE {q(col.name)} IS NOT NULL AND length({x}) <= 40 "
        f"GROUP BY s HAVING count(*) >= {int(k)} ORDER BY n DESC, s LIMIT 10"
    )
    return TextStats(
        length_quantiles=[_round(float(v)) for v in row[0]],
        classes={
            name: round(float(v or 0), 4) for (name, _), v in zip(_CLASSES, row[1:], strict=True)
        },
        shapes=[Frequent(value=s, share=round(n / nonnull, 6)) for s, n in shapes],
    )


def _frequent(session: Session, duck: str, col: Column, k: int, nonnull: int) -> list[Frequent]:
    c = q(col.name)
    if col.family in _TEXT or col.family == _T.BOOLEAN:
        expr = f"CAST({c} AS VARCHAR)" if col.family != _T.BOOLEAN else c
    elif col.family in _NUMERIC:
        expr = f"CAST({c} AS DOUBLE)"
    else:
        return []
    rows = session.rows(
        f"SELECT {expr} AS v, count(*) AS n FROM {duck} WHERE {c} IS NOT NULL "
        f"GROUP BY v HAVING count(*) >= {int(k)} ORDER BY n DESC, v LIMIT {FREQUENT_LIMIT}"
    )
    out = []
    for value, n in rows:
        v: Any = value
        if col.family in _NUMERIC:
            v = int(value) if float(value).is_integer() and col.family == _T.INTEGER else value
        out.append(Frequent(value=v, share=round(n / nonnull, 6)))
    return out


def _coarse(stats: NumericStats | TemporalStats) -> NumericStats | TemporalStats:
    """Quantiles of a PII column blurred so that none is a row's value: numbers to two
    significant digits, dates to the first of their month."""
    if isinstance(stats, NumericStats):
        blurred = {
            "quantiles": [float(f"{v:.2g}") for v in stats.quantiles],
            "cdf": [],
            "mean": float(f"{stats.mean:.2g}"),
            "std": float(f"{stats.std:.2g}"),
        }
        return stats.model_copy(update=blurred)
    months = [v[:7] + ("-01" if stats.kind == "date" else "-01T00:00:00") for v in stats.quantiles]
    return stats.model_copy(update={"quantiles": months, "cdf": []})


def column_profile(
    session: Session,
    duck: str,
    col: Column,
    *,
    rows: int,
    pii: list[str],
    k: int,
    count: int,
    key: bool = False,
) -> ColumnProfile:
    """The safe statistics of ``col`` in DuckDB table ``duck``.

    A PII column keeps no value: its text keeps lengths, character classes and shapes, its
    numbers and dates blurred quantiles (:func:`_coarse`). A key column (``key``: part of the
    primary key or a foreign key) keeps no frequent values: they are identifiers.
    """
    c = q(col.name)
    nonnull, distinct = session.one(f"SELECT count({c}), count(DISTINCT {c}) FROM {duck}")
    nonnull, distinct = int(nonnull), int(distinct)
    out = ColumnProfile(
        name=col.name,
        family=col.family,
        null_rate=round(1 - nonnull / rows, 6) if rows else 0.0,
        distinct_ratio=round(distinct / nonnull, 6) if nonnull else 0.0,
        pii=pii,
    )
    if not nonnull:
        return out
    if col.family in _NUMERIC:
        out.numeric = _numeric(session, duck, col, count, nonnull)
    elif col.family in _TEMPORAL:
        out.temporal = _temporal(session, duck, col, count, nonnull)
    elif col.family in _TEXT:
        out.text = _text(session, duck, col, count, k, nonnull)
    if pii:  # never a value: blurred quantiles, and text shapes only
        if out.numeric is not None:
            out.numeric = _coarse(out.numeric)  # type: ignore[assignment]
        if out.temporal is not None:
            out.temporal = _coarse(out.temporal)  # type: ignore[assignment]
        return out
    if not key:
        out.frequent = _frequent(session, duck, col, k, nonnull)
        out.frequent_share = round(sum(f.share for f in out.frequent), 6)
    return out
