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
    Lorem words into an integer column, and a unique CPF column from three values:

    >>> from datalchemy import create_fixture, introspect
    >>> from datalchemy.contracts.plan import Plan
    >>> _ = create_fixture("car-rental", "sqlite://car_rental.db")
    >>> schema = introspect("sqlite://car_rental.db").schema
    >>> rules = [
    ...     {"type": "column_generator", "schema": "main", "table": "clientes",
    ...      "column": "cpf", "generator": "primitive.choice",
    ...      "params": {"values": ["111", "222", "333"]}},
    ...     {"type": "column_generator", "schema": "main", "table": "avaliacoes",
    ...      "column": "nota", "generator": "faker.lorem.raw.Word"}]
    >>> plan = Plan.model_validate({"plan_version": "0.3", "seed": 1,
    ...     "schema_ref": {"schema_version": "0.3", "engine": "sqlite"},
    ...     "targets": [{"schema": "main", "table": "clientes", "rows": 10},
    ...                 {"schema": "main", "table": "avaliacoes", "rows": 10}], "rules": rules})
    >>> outcome = repair_plan(plan, schema)
    >>> [(r.code, r.action, r.path) for r in outcome.repairs]  # doctest: +NORMALIZE_WHITESPACE
    [('unique_capacity', 'disambiguate', '/rules/0/generator'),
     ('generator_type_mismatch', 'column_default', '/rules/1/generator')]
    >>> outcome.plan.rules[0].disambiguate, outcome.plan.rules[1].generator_id
    (True, 'primitive.choice.weighted')
"""

from datalchemy.plan.repair.loop import REPAIRS, RepairOutcome, repair_plan, repairable

__all__ = ["REPAIRS", "RepairOutcome", "repair_plan", "repairable"]
