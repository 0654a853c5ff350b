"""Evaluate a generated dataset offline: constraints, statistics, plan agreement, provenance.

:func:`run_evaluate` reads the dataset folder ``datalchemy generate`` wrote (CSV or Parquet files,
fix-up files, ``generation_report.json``, ``resolved_plan.json``), verifies every constraint of the
schema on the files alone with DuckDB (no database, tables never loaded into Python), and writes
``metrics.json``, ``report.md`` and a self-contained ``report.html`` (inline SVG, no network).

Example:
    >>> from pathlib import Path
    >>> from datalchemy.plan.io import load_schema
    >>> from datalchemy.evaluate import run_evaluate
    >>> run = run_evaluate(load_schema(Path("schema.json")), None,
    ...                    Path("out/2024-01-01T00-00-00Z__generate_ab12cd34"))  # doctest: +SKIP
    >>> run.metrics.status, run.metrics.violations_total  # doctest: +SKIP
    ('ok', 0)
    >>> sorted(run.files)  # doctest: +SKIP
    ['metrics.json', 'report.html', 'report.md']

Modules: :mod:`.dataset` (files, DuckDB session, fix-ups), :mod:`.constraints`, :mod:`.stats`,
:mod:`.intent`, :mod:`.provenance`, :mod:`.report_md`, :mod:`.report_html` (with :mod:`.svg`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from datalchemy._stage_package import export_lazily, make_callable

if TYPE_CHECKING:
    from datalchemy.evaluate.runner import KINDS, EvaluationRun, evaluate_dataset, run_evaluate

__all__ = ["KINDS", "EvaluationRun", "evaluate_dataset", "run_evaluate"]

make_callable(__name__)  # datalchemy.evaluate(...) is the stage function too (see _stage_package)
export_lazily(__name__, dict.fromkeys(__all__, "datalchemy.evaluate.runner"))
