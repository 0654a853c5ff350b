"""Plans: automatic suggestion, validation that lists every problem, resolution and display.

- :func:`suggest_plan`: a complete plan for a schema, with a :class:`ColumnExplanation` per
  column (:mod:`.suggest`);
- :func:`validate_plan`: every issue of a plan against a schema, in one pass
  (:class:`ValidationReport`, :mod:`.validate`);
- :func:`resolve_plan`: the :class:`~datalchemy.contracts.resolved.ResolvedPlan` the engine runs
  (raises :class:`~datalchemy.errors.PlanValidationError` with every issue when there are
  errors); how each table and column is decided is in :mod:`.resolve`;
- :func:`load_plan` / :func:`load_schema`: files with coded errors (:mod:`.io`);
- :mod:`.show`: rich rendering (imported on demand: ``import datalchemy.plan`` loads no rich).

The layers import downwards only: ``suggest`` and ``validate`` use ``resolve``, and all three
use the shared helpers of :mod:`._common`.
``docs/plan_generators.md`` explains how to write a plan and every validation code.

Example:
    On the embedded car-rental database (written to the current folder):

    >>> from datalchemy import create_fixture, introspect
    >>> _ = create_fixture("car-rental", "sqlite://car_rental.db")
    >>> schema = introspect("sqlite://car_rental.db").schema
    >>> plan, notes = suggest_plan(schema, rows=50)
    >>> validate_plan(plan, schema).ok
    True
    >>> [t.table for t in resolve_plan(plan, schema).tables][:3]
    ['categorias_veiculo', 'clientes', 'enderecos_clientes']
"""

from typing import TYPE_CHECKING

from datalchemy._stage_package import export_lazily

if TYPE_CHECKING:
    from datalchemy.plan.io import load_plan, load_schema
    from datalchemy.plan.suggest import ColumnExplanation, suggest_plan
    from datalchemy.plan.validate import ValidationReport, resolve_plan, validate_plan

__all__ = [
    "ColumnExplanation",
    "ValidationReport",
    "load_plan",
    "load_schema",
    "resolve_plan",
    "suggest_plan",
    "validate_plan",
]
export_lazily(
    __name__,
    {
        **dict.fromkeys(["load_plan", "load_schema"], "datalchemy.plan.io"),
        **dict.fromkeys(["ColumnExplanation", "suggest_plan"], "datalchemy.plan.suggest"),
        **dict.fromkeys(
            ["ValidationReport", "resolve_plan", "validate_plan"], "datalchemy.plan.validate"
        ),
    },
)
