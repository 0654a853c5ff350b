"""``evaluate --profile``: how close a generated dataset is to a profile (``similarity.json``).

The generated files are loaded into DuckDB as ``evaluate`` loads them and described with the
profile's own statistics (:func:`datalchemy.profile.stats.column_profile`), then compared column
by column, as SDV's *column shapes*:

- numbers and dates: ``1 - KS``, the Kolmogorov-Smirnov distance between the two distributions
  (each known through quantiles and the share of values at or below them);
- categories (frequent values cover at least half the rows) and booleans: ``1 - TVD``, the total
  variation distance over the frequent values plus one bucket for all the others;
- other text (and PII columns, whose values the profile never kept): ``1 - KS`` of the lengths.

Key columns (primary and foreign keys) are identifiers, not values: they are left out of the
column scores, as SDV leaves out its ``id`` columns, and their spread is scored as fan-outs.

``overall`` is the mean of the column scores. Pairs are scored too (``pair_trends``): numeric
correlations (``1 - |Δr| / 2``), date orders (``1 - |Δshare|``) and fan-outs (``1 - KS`` of
children per parent); ``quality`` is the mean of both, as SDV's quality score.

Example:
    >>> ks_from_quantiles([0, 1, 2, 3], [0.0, 1.0, 2.0, 3.0])
    0.0
    >>> round(tvd({"a": 0.5, "b": 0.5}, {"a": 0.7, "b": 0.3}), 2)
    0.2
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import numpy as np

from datalchemy.contracts.profile import (
    ColumnProfile,
    ColumnSimilarity,
    DatabaseProfile,
    PairSimilarity,
    SimilarityReport,
    TableProfile,
)
from datalchemy.contracts.schema import DatabaseSchema, Table
from datalchemy.evaluate.dataset import Session, open_dataset, q
from datalchemy.profile.distance import ks_from_quantiles, tvd

__all__ = ["compare_to_profile", "ks_from_quantiles", "tvd"]

_EPOCH = datetime(1970, 1, 1)


def _epochs(values: Sequence[str]) -> list[float]:
    out = []
    for v in values:
        moment = datetime.fromisoformat(v).replace(tzinfo=None)
        out.append((moment - _EPOCH).total_seconds())
    return out


_OTHER = "\x00other"


def _key(value: object, numeric: bool) -> str:
    """How a value is compared: numbers as floats (0.1 == 0.10), text case-folded."""
    if numeric and not isinstance(value, bool):
        try:
            return repr(float(str(value)))
        except ValueError:
            return str(value)
    return str(value).lower()


def _shares(p: ColumnProfile, numeric: bool) -> dict[str, float]:
    out = {_key(f.value, numeric): f.share for f in p.frequent}
    out[_OTHER] = max(0.0, 1.0 - sum(out.values()))
    return out


def _generated_shares(
    session: Session, duck: str, src: ColumnProfile, numeric: bool
) -> dict[str, float]:
    c = q(src.name)
    expr = f"CAST({c} AS DOUBLE)" if numeric else f"lower(CAST({c} AS VARCHAR))"
    found = session.rows(
        f"SELECT {expr} AS v, count(*) FROM {duck} "
        f"WHERE {c} IS NOT NULL GROUP BY v ORDER BY 2 DESC LIMIT 5000"
    )
    rows = [(_key(v, numeric), n) for v, n in found]
    total = sum(n for _, n in rows) or 1
    known = {_key(f.value, numeric) for f in src.frequent}
    out: dict[str, float] = {}
    for value, n in rows:
        key = value if value in known else _OTHER
        out[key] = out.get(key, 0.0) + n / total
    (all_rows,) = session.one(f"SELECT count({c}) FROM {duck}")
    out[_OTHER] = out.get(_OTHER, 0.0) + max(0, int(all_rows) - total) / max(1, all_rows)
    return out


def _column_score(
    session: Session, duck: str, table: Table, src: ColumnProfile, rows: int, count: int
) -> ColumnSimilarity | None:
    from datalchemy.profile.stats import column_profile

    if not table.has_column(src.name):
        return None
    col = table.column(src.name)
    gen = column_profile(session, duck, col, rows=rows, pii=src.pii, k=1, count=count)
    base = {"table": "", "column": src.name, "null_rate_source": src.null_rate,
            "null_rate_generated": gen.null_rate}  # fmt: skip
    numeric = src.numeric is not None
    categorical = src.frequent_share >= (0.9 if numeric else 0.5) or src.family.value == "boolean"
    if src.frequent and categorical:
        got = _generated_shares(session, duck, src, numeric)
        score = 1 - tvd(_shares(src, numeric), got)
        return ColumnSimilarity(**base, metric="tvd", score=round(score, 6))
    if src.numeric and gen.numeric:
        ks = ks_from_quantiles(src.numeric.quantiles, gen.numeric.quantiles)
        return ColumnSimilarity(**base, metric="ks", score=round(1 - ks, 6))
    if src.temporal and gen.temporal:
        ks = ks_from_quantiles(_epochs(src.temporal.quantiles), _epochs(gen.temporal.quantiles))
        return ColumnSimilarity(**base, metric="ks", score=round(1 - ks, 6))
    if src.text and gen.text:
        ks = ks_from_quantiles(src.text.length_quantiles, gen.text.length_quantiles)
        return ColumnSimilarity(**base, metric="length_ks", score=round(1 - ks, 6))
    if rows == 0 or src.null_rate >= 1.0:
        return None
    return ColumnSimilarity(**base, metric="ks", score=0.0)


def _pairs(
    session: Session,
    duck: str,
    tp: TableProfile,
    table: Table,
    ducks: dict[str, str],
    count: int,
) -> list[PairSimilarity]:
    from datalchemy.profile.relations import correlations, fan_out

    out: list[PairSimilarity] = []
    cols = {c.name: c for c in table.columns}
    for c in tp.correlations:
        if c.a in cols and c.b in cols:
            got = correlations(session, duck, [cols[c.a], cols[c.b]])
            g = got[0].pearson if got else 0.0
            out.append(PairSimilarity(table=tp.qualified_name, kind="correlation",
                                      columns=[c.a, c.b], source=c.pearson, generated=g,
                                      score=round(1 - abs(c.pearson - g) / 2, 6)))  # fmt: skip
    for o in tp.date_orders:
        if o.earlier in cols and o.later in cols:
            a = f"epoch_us(CAST({q(o.earlier)} AS TIMESTAMP))"
            b = f"epoch_us(CAST({q(o.later)} AS TIMESTAMP))"
            (share,) = session.one(
                f"SELECT avg(CASE WHEN {a} <= {b} THEN 1.0 ELSE 0.0 END) FROM {duck} "
                f"WHERE {q(o.earlier)} IS NOT NULL AND {q(o.later)} IS NOT NULL"
            )
            g = float(share) if share is not None else 0.0
            out.append(PairSimilarity(table=tp.qualified_name, kind="date_order",
                                      columns=[o.earlier, o.later], source=o.share, generated=g,
                                      score=round(1 - abs(o.share - g), 6)))  # fmt: skip
    for f in tp.fan_out:
        fk = next((k for k in table.foreign_keys if list(k.columns) == f.columns), None)
        parent = ducks.get(f.parent)
        if fk is None or parent is None:
            continue
        fan = fan_out(session, duck, fk, parent, f.parent, 0, count)
        ks = ks_from_quantiles(f.quantiles, fan.quantiles)
        out.append(PairSimilarity(table=tp.qualified_name, kind="fan_out", columns=f.columns,
                                  source=f.top_decile_share, generated=fan.top_decile_share,
                                  score=round(1 - ks, 6)))  # fmt: skip
    return out


def _key_columns(table: Table) -> set[str]:
    keys = set(table.primary_key.columns) if table.primary_key else set()
    for fk in table.foreign_keys:
        keys |= set(fk.columns)
    return keys


def compare_to_profile(
    schema: DatabaseSchema,
    profile: DatabaseProfile,
    data_dir: Path,
    *,
    memory_limit: str = "512MB",
) -> SimilarityReport:
    """Score the dataset in ``data_dir`` against ``profile`` (see the module docstring)."""
    ds = open_dataset(schema, data_dir)
    columns: list[ColumnSimilarity] = []
    pairs: list[PairSimilarity] = []
    missing: list[str] = []
    with Session(memory_limit=memory_limit) as session:
        for i, td in enumerate(ds.tables):
            session.load(td, i)
        ducks = {td.qualified: td.duck for td in ds.tables}
        for tp in profile.tables:
            found = ds.table(tp.qualified_name)
            if found is None:
                missing.append(tp.qualified_name)
                continue
            td = found
            keys = _key_columns(td.table)
            for src in tp.columns:
                if src.name in keys:
                    continue  # identifiers: their spread is scored as fan-outs
                scored = _column_score(
                    session, td.duck, td.table, src, td.rows, profile.quantile_count
                )
                if scored is not None:
                    columns.append(scored.model_copy(update={"table": tp.qualified_name}))
            pairs += _pairs(session, td.duck, tp, td.table, ducks, profile.quantile_count)
    overall = round(float(np.mean([c.score for c in columns])), 6) if columns else 0.0
    trends = round(float(np.mean([p.score for p in pairs])), 6) if pairs else None
    quality = round((overall + trends) / 2, 6) if trends is not None else overall
    return SimilarityReport(
        overall=overall,
        pair_trends=trends,
        quality=quality,
        columns=columns,
        pairs=pairs,
        missing_tables=missing,
    )
