"""Generation: execute a resolved plan into CSV or Parquet files, deterministically.

Example:
    >>> from datalchemy.generate import run_generation  # doctest: +SKIP
    >>> run = run_generation(resolved_plan, schema, "out", workers=2)  # doctest: +SKIP
    >>> run.report.status, run.path.name  # doctest: +SKIP
    ('ok', '2024-05-01T10-00-00Z__generate_1a2b3c4d')
"""

from datalchemy.generate.engine import BLOCK_SIZE, GenerationRun, run_generation
from datalchemy.generate.model import PlanModel, TableModel

__all__ = ["BLOCK_SIZE", "GenerationRun", "PlanModel", "TableModel", "run_generation"]
