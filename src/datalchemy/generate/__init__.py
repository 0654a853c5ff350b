"""Generation: execute a resolved plan into CSV or Parquet files, deterministically.

Example:
    >>> import datalchemy
    >>> from datalchemy.generate import run_generation
    >>> _ = datalchemy.create_fixture("car-rental", "sqlite://car_rental.db")
    >>> schema = datalchemy.introspect("sqlite://car_rental.db").schema
    >>> plan, _ = datalchemy.suggest_plan(schema, rows=20)
    >>> run = run_generation(datalchemy.resolve_plan(plan, schema), schema, "out", workers=2)
    >>> run.report.status, run.report.workers, run.path.name.split("__")[1][:9]
    ('ok', 2, 'generate_')
"""

from typing import TYPE_CHECKING

from datalchemy._stage_package import export_lazily, make_callable

if TYPE_CHECKING:
    from datalchemy.generate.engine import BLOCK_SIZE, GenerationRun, run_generation
    from datalchemy.generate.model import PlanModel, TableModel

__all__ = ["BLOCK_SIZE", "GenerationRun", "PlanModel", "TableModel", "run_generation"]

make_callable(__name__)  # datalchemy.generate(...) is the stage function too (see _stage_package)
export_lazily(
    __name__,
    {
        **dict.fromkeys(
            ["BLOCK_SIZE", "GenerationRun", "run_generation"], "datalchemy.generate.engine"
        ),
        **dict.fromkeys(["PlanModel", "TableModel"], "datalchemy.generate.model"),
    },
)
