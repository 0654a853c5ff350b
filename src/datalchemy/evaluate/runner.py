"""The evaluation run behind :func:`datalchemy.evaluate.run_evaluate` (exported lazily by the
package, so importing :mod:`datalchemy.evaluate` loads no metrics contract)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import get_args

from datalchemy.contracts.common import Issue
from datalchemy.contracts.metrics import (
    ColumnStats,
    ConstraintKind,
    ConstraintResult,
    ConstraintSummary,
    EvaluationMetrics,
    FkCardinality,
    IntentCheck,
    TableSummary,
)
from datalchemy.contracts.plan import Plan
from datalchemy.contracts.resolved import ResolvedPlan
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.errors import DatalchemyError, InputError
from datalchemy.interrupts import on_stop

__all__ = ["KINDS", "EvaluationRun", "evaluate_dataset", "run_evaluate"]

#: Constraint kinds in report order (the order the contract declares them in).
KINDS: tuple[ConstraintKind, ...] = get_args(ConstraintKind)
_TRIGGER_HINT = (
    "the database runs the trigger on load and may reject rows; if the data does not need it, "
    "load with --triggers disable"
)


@dataclass
class EvaluationRun:
    """What :func:`run_evaluate` produced: the metrics and the files written."""

    metrics: EvaluationMetrics
    out_dir: Path
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.metrics.violations_total == 0


def _resolved_for(
    schema: DatabaseSchema, plan: Plan | None, resolved: ResolvedPlan | None
) -> tuple[ResolvedPlan | None, list[Issue]]:
    if resolved is not None or plan is None:
        return resolved, []
    from datalchemy.plan import resolve_plan

    try:
        return resolve_plan(plan, schema), []
    except DatalchemyError as exc:
        issue = Issue(
            severity="warning",
            code="plan_not_resolved",
            path="plan.json",
            message=f"the plan could not be resolved ({exc.code}); plan agreement "
            "is skipped and text columns are masked as PII",
            hint="evaluate the dataset folder that has resolved_plan.json",
        )
        return None, [issue]


def evaluate_dataset(
    schema: DatabaseSchema,
    plan: Plan | None,
    data_dir: Path,
    *,
    memory_limit: str = "512MB",
    threads: int = 2,
    as_of: date | None = None,
    verify_with: str | None = None,
) -> EvaluationMetrics:
    """The evaluation itself (no files written); see :func:`run_evaluate`."""
    from datalchemy.evaluate.constraints import verify_table
    from datalchemy.evaluate.dataset import Session, open_dataset
    from datalchemy.evaluate.intent import intent_checks
    from datalchemy.evaluate.privacy import PiiPolicy
    from datalchemy.evaluate.provenance import check_provenance
    from datalchemy.evaluate.stats import column_stats, fk_cardinality

    started = time.perf_counter()
    if verify_with is not None:
        from datalchemy.generate.verify_with import require_verifiable

        require_verifiable(verify_with)
    ds = open_dataset(schema, data_dir)
    resolved, warnings = _resolved_for(schema, plan, ds.resolved)
    warnings += ds.warnings
    # Time-relative CHECKs are the database's verdict on a given day, not the plan's base_date.
    as_of = as_of or date.today()
    pii = PiiPolicy(resolved)
    constraints: list[ConstraintResult] = []
    columns: list[ColumnStats] = []
    cards: list[FkCardinality] = []
    categories: dict[str, dict[str, dict[str, int]]] = {}
    intent: list[IntentCheck] = []
    with (
        Session(memory_limit=memory_limit, threads=threads) as session,
        on_stop(session.con.interrupt),  # SIGINT / SIGTERM stop a running DuckDB query
    ):
        for i, td in enumerate(ds.tables):
            session.load(td, i)
        for td in ds.tables:
            constraints += verify_table(schema, ds, session, td, pii, as_of, verify_with)
            table_stats, cats = column_stats(session, td, pii)
            columns += table_stats
            categories[td.qualified] = cats
            cards += fk_cardinality(ds, session, td)
        if resolved is not None:
            intent = intent_checks(resolved, ds, session, columns, categories, cards)
    provenance, file_results, prov_warnings = check_provenance(schema, plan, ds)
    constraints += file_results
    warnings += prov_warnings
    for c in constraints:
        if c.status == "not_evaluated":
            warnings.append(
                Issue(
                    severity="warning",
                    code=f"{c.kind}_not_evaluated",
                    path=f"{c.table}.{c.name or ','.join(c.columns)}",
                    message=f"not evaluated: {c.note}",
                    hint=_TRIGGER_HINT
                    if c.kind == "trigger"
                    else "the database will still enforce it on load",
                )
            )
    for ic in intent:
        if not ic.ok:
            where = f"{ic.table}.{ic.column}" if ic.column else ic.table
            warnings.append(
                Issue(
                    severity="warning",
                    code=f"intent_{ic.kind}",
                    path=where,
                    message=f"expected {ic.expected}, observed {ic.observed} "
                    f"(tolerance {ic.tolerance})",
                    hint="compare the plan's rule with the generator's output",
                )
            )
    rank = {k: i for i, k in enumerate(KINDS)}
    constraints.sort(key=lambda c: (c.table, rank[c.kind], c.name or "", c.columns))
    summary = []
    for kind in KINDS:
        of_kind = [c for c in constraints if c.kind == kind]
        if not of_kind:
            continue
        summary.append(
            ConstraintSummary(
                kind=kind,
                checked=len(of_kind),
                violated=sum(1 for c in of_kind if c.status == "violated"),
                violations=sum(c.violations for c in of_kind),
                not_evaluated=sum(1 for c in of_kind if c.status == "not_evaluated"),
            )
        )
    planned = {t.qualified_name: t.rows for t in resolved.tables} if resolved else {}
    tables = [
        TableSummary(
            table=td.qualified,
            file=td.rel,
            format=td.format,
            rows_expected=planned.get(td.qualified),
            rows_found=td.rows,
        )
        for td in ds.tables
    ]
    violations = sum(c.violations for c in constraints)
    not_evaluated = sum(1 for c in constraints if c.status == "not_evaluated")
    warnings.sort(key=lambda w: (w.path or "", w.code, w.message))
    return EvaluationMetrics(
        status="violations" if violations else ("incomplete" if not_evaluated else "ok"),
        dataset=data_dir.resolve().name,
        tables=tables,
        summary=summary,
        constraints=constraints,
        columns=sorted(columns, key=lambda s: (s.table, s.column)),
        foreign_keys=sorted(cards, key=lambda c: (c.child, c.foreign_key)),
        intent=intent,
        provenance=provenance,
        warnings=warnings,
        violations_total=violations,
        not_evaluated_total=not_evaluated,
        as_of=as_of,
        duration_ms=int((time.perf_counter() - started) * 1000),
    )


def run_evaluate(
    schema: DatabaseSchema,
    plan: Plan | None,
    data_dir: Path,
    *,
    out_dir: Path | None = None,
    memory_limit: str = "512MB",
    threads: int = 2,
    as_of: date | None = None,
    verify_with: str | None = None,
) -> EvaluationRun:
    """Evaluate the dataset in ``data_dir``; write ``metrics.json``, ``report.md``, ``report.html``.

    Args:
        schema: the schema the data was generated for.
        plan: the plan (optional): its fingerprint is checked against the dataset's, and it is
            resolved for plan intent when the folder has no ``resolved_plan.json``.
        data_dir: the dataset folder.
        out_dir: where the three files go (default: ``data_dir``).
        memory_limit, threads: DuckDB limits; bigger work spills to a temporary folder.
        as_of: the day time-relative CHECKs (``d >= CURRENT_DATE``, ``ts <= now()``) are
            evaluated for, as the database would on that day (default: today); the metrics
            record it (``as_of``).
        verify_with: a PostgreSQL database holding the schema: CHECKs DuckDB cannot evaluate
            (application functions) are evaluated by it, in rolled-back read-only statements.

    Raises:
        InputError: missing folder, missing / unsafe / unreadable files, bad report JSON.

    The files are written before the caller decides what violations mean (``--fail-on-violation``
    raises :class:`~datalchemy.errors.ViolationsFound` after this returns).
    """
    from datalchemy.evaluate.report_html import render_html
    from datalchemy.evaluate.report_md import dataset_repairs, render_markdown
    from datalchemy.runs import atomic_write_text

    metrics = evaluate_dataset(
        schema,
        plan,
        data_dir,
        memory_limit=memory_limit,
        threads=threads,
        as_of=as_of,
        verify_with=verify_with,
    )
    repairs = dataset_repairs(data_dir)  # listed first in both reports
    target = out_dir or data_dir
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            "out_dir_unwritable",
            f"cannot create {target}: {exc.strerror}",
            path=str(target),
            hint="choose a writable --out folder",
        ) from None
    # Every text is rendered before any file is written: a renderer that fails leaves no
    # metrics.json from this run that looks like a finished evaluation.
    texts = {
        "metrics.json": metrics.model_dump_json(indent=2) + "\n",
        "report.md": render_markdown(metrics, repairs),
        "report.html": render_html(metrics, schema, repairs),
    }
    files = {name: atomic_write_text(target / name, text) for name, text in texts.items()}
    return EvaluationRun(metrics=metrics, out_dir=target, files=files)
