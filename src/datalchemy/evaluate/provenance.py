"""Provenance: the files are the ones generation wrote, for this plan and this schema.

Every file ``generation_report.json`` lists is hashed again (SHA-256, streamed) and compared;
its row count is compared with the rows found. The report's schema fingerprint is compared with
the schema given to ``evaluate``, its plan fingerprint with ``resolved_plan.json`` and with the
plan given (when there is one). A changed file is a violation (kind ``file_hash``): whatever else
the evaluation says, it is not about the data generation produced.
"""

from __future__ import annotations

from datalchemy._version import __version__
from datalchemy.contracts.common import Issue
from datalchemy.contracts.metrics import ConstraintResult, FileCheck, Provenance
from datalchemy.contracts.plan import Plan
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.evaluate.dataset import Dataset
from datalchemy.generate.sinks import file_sha256

__all__ = ["check_provenance"]


def check_provenance(
    schema: DatabaseSchema, plan: Plan | None, ds: Dataset
) -> tuple[Provenance, list[ConstraintResult], list[Issue]]:
    """The provenance record, one ``file_hash`` result per file, and mismatch warnings."""
    report = ds.report
    results: list[ConstraintResult] = []
    warnings: list[Issue] = []
    if report is None:
        return Provenance(generator_version=__version__), results, warnings
    rows = {t.rel: t.rows for t in ds.tables}
    schema_fp = schema.fingerprint or schema.compute_fingerprint()
    prov = Provenance(
        run_id=report.run_id,
        generation_status=report.status,
        seed=report.seed,
        algorithm_version=report.algorithm_version,
        generator_version=__version__,
        plan_fingerprint=report.plan_fingerprint,
        schema_fingerprint=report.schema_fingerprint,
        schema_fingerprint_ok=(
            None if report.schema_fingerprint is None else report.schema_fingerprint == schema_fp
        ),
        generator_usage=dict(sorted(report.generator_usage.items())),
    )
    expected_fps = []
    if ds.resolved is not None:
        expected_fps.append(ds.resolved.plan_fingerprint)
    if plan is not None:
        expected_fps.append(plan.fingerprint())
    if report.plan_fingerprint is not None and expected_fps:
        prov.plan_fingerprint_ok = all(fp == report.plan_fingerprint for fp in expected_fps)
    for name, ok in (("schema", prov.schema_fingerprint_ok), ("plan", prov.plan_fingerprint_ok)):
        if ok is False:
            warnings.append(
                Issue(
                    severity="warning",
                    code=f"{name}_fingerprint_mismatch",
                    path="generation_report.json",
                    message=f"the dataset was generated for a different {name}",
                    hint=f"evaluate with the {name} the dataset was generated from",
                )
            )
    for tr in sorted(report.tables, key=lambda t: (t.schema_name, t.table)):
        for f in tr.files:
            path = ds.data_dir / f.path
            actual = file_sha256(path) if path.is_file() else None
            found = rows.get(f.path)
            ok = actual == f.sha256 and (found is None or found == f.rows)
            prov.files.append(
                FileCheck(
                    path=f.path,
                    expected_sha256=f.sha256,
                    actual_sha256=actual,
                    expected_rows=f.rows,
                    rows=found,
                    ok=ok,
                )
            )
            why = None
            if not ok:
                why = (
                    "content changed since generation"
                    if actual != f.sha256
                    else f"{found} rows, generation wrote {f.rows}"
                )
            results.append(
                ConstraintResult(
                    kind="file_hash",
                    name=f.path,
                    table=f"{tr.schema_name}.{tr.table}",
                    status="ok" if ok else "violated",
                    violations=0 if ok else 1,
                    examples=[]
                    if ok
                    else [
                        f"expected sha256 {f.sha256[:16]}..., found {(actual or 'missing')[:16]}..."
                    ],
                    note=why,
                )
            )
    return prov, results, warnings
