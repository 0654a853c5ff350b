"""Automatic plans: a complete plan for a schema, with an explanation per column.

:func:`suggest_plan` (:mod:`.planner`) resolves a plan without rules and writes each default
choice of resolution down as a rule; :mod:`.rows` decides the targets and their rows.
"""

from datalchemy.plan.suggest.planner import (
    DEFAULT_SEED,
    OPTIONAL_NULL_RATE,
    ColumnExplanation,
    suggest_plan,
)

__all__ = ["DEFAULT_SEED", "OPTIONAL_NULL_RATE", "ColumnExplanation", "suggest_plan"]
