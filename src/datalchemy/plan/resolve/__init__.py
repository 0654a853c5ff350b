"""Plan resolution: a plan and a schema in, the resolved plan the engine runs out.

:func:`build_resolved` (:mod:`.builder`) decides every table, row count, column, key, FK and
CHECK, and reports what it finds into an issue sink instead of raising; validation runs it as
its third stage (:func:`datalchemy.plan.validate_plan`), and
:func:`datalchemy.plan.resolve_plan` returns its result when validation finds no error.

- tables: :mod:`.topology` (which tables, rows, order, cycles), :mod:`.rule_index` (the plan's
  rules by what they apply to), :mod:`.feasibility` (composite keys, cardinalities, cycles);
- columns: :mod:`.columns` (what fills each column and why), :mod:`.column_checks` (does a
  generator fit the column), :mod:`.values` (what values a generator can produce),
  :mod:`.fitting` (moving a suggestion inside a CHECK domain), :mod:`.orders` (CHECK orderings
  kept by construction), :mod:`.row_rules` and :mod:`.row_sums` (row-level CHECKs kept by
  construction: derived columns), :mod:`.sqldefaults` (what a SQL ``DEFAULT`` means);
- defaults by name and type: :mod:`.heuristics` (suggestions, type defaults), with the name
  rules as data in :mod:`.names_text` and :mod:`.names_values`, their vocabulary in
  :mod:`.names` and value ranges in :mod:`.ranges`.
"""

from datalchemy.plan.resolve.builder import build_resolved

__all__ = ["build_resolved"]
