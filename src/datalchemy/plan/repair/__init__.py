"""Plan repairs: when a rule cannot be honoured as written, the constraints win and the run goes on.

:func:`repair_plan` turns every repairable problem of a plan into a deterministic, documented
change of the plan, reported as a :class:`~datalchemy.contracts.plan.Repair` (the problem's
code, the JSON path, what was asked, what is done). ``plan validate``, ``plan fix`` and
``generate`` repair by default; ``--strict`` refuses every repair, and the problems are errors
as they always were. ``docs/plan_generators.md`` ("Repairs") lists them:

============================  ==================  ==========================================
code                          action              what generation does instead
============================  ==================  ==========================================
unique_capacity               switch_generator    a raw Faker ID becomes its enumerable
                                                  ``semantic.*`` alias (same values)
unique_capacity               disambiguate        values kept, repeats numbered (``X 2``)
unique_capacity (a key)       disambiguate /      the key's text columns are numbered, else
                              lower_rows          the rows are lowered to ``max_rows``
unique_transform_collision    disambiguate        the transform applies, then repeats get a
                                                  number
check_unsatisfiable           check_domain        the range moves inside the CHECK, or the
                                                  column's own generator (fitted to it)
generator_type_mismatch       convert /           the same meaning in the column's type, else
                              column_default      the column's own generator
enum_label_invalid            drop_labels /       labels the enum lacks are dropped; none
                              column_default      left: the enum's own labels
value_too_long                truncate            values cut to the column's length
numeric_out_of_range          clamp               min/max clamped to the column's type
============================  ==================  ==========================================

Modules: :mod:`.context` (what a repair sees), :mod:`.fit` (type, labels, CHECK, length),
:mod:`.unique` (unique columns and keys), :mod:`.loop` (the passes).

Example:
    >>> from datalchemy.contracts.plan import Plan
    >>> from datalchemy.contracts.schema import DatabaseSchema
    >>> from pathlib import Path
    >>> schema = DatabaseSchema.model_validate_json(
    ...     Path("tests/golden/crm.schema.json").read_text())  # doctest: +SKIP
"""

from datalchemy.plan.repair.loop import REPAIRS, RepairOutcome, repair_plan, repairable

__all__ = ["REPAIRS", "RepairOutcome", "repair_plan", "repairable"]
