"""Triggers: what they do to the rows a load inserts, read from their bodies.

Introspection classifies every trigger (``Trigger.classification`` in ``schema.json``) and
records what it enforces as ordinary constraints, so plan, generation and evaluation meet it
without knowing it came from a trigger:

- a trigger that rejects rows without a parent row (calibre's ``fkc_*``, zotero's ``fki_*``
  shapes) becomes a :class:`~datalchemy.contracts.schema.ForeignKey` with ``enforced_by``;
- a trigger that rejects rows by a condition on the row's own values becomes a
  :class:`~datalchemy.contracts.schema.CheckConstraint` of level ``trigger``.

What cannot be met from the schema (conditions on other tables, application functions, writes
to other tables, rewritten rows) is said before generating (:func:`generation_risks`), listed as
``not_evaluated`` by evaluation, and has a way through at load (``--triggers disable``).

Modules: :mod:`.sqlite_body` and :mod:`.plpgsql` read bodies into :class:`.model.BodyFacts`,
:mod:`.conditions` reads one rejection condition, :mod:`.classify` decides, :mod:`.annotate`
writes the result into the contract, :mod:`.risks` turns it into issues.

Example:
    >>> from datalchemy.contracts.schema import DatabaseSchema
    >>> generation_risks(DatabaseSchema(engine="sqlite"))
    []
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from datalchemy._stage_package import export_lazily

if TYPE_CHECKING:
    from datalchemy.triggers.annotate import (
        FunctionSource,
        annotate_postgres,
        annotate_sqlite,
        fires_on_write,
    )
    from datalchemy.triggers.risks import (
        RISKY,
        generation_risks,
        trigger_issue,
        triggers_to_disable,
        unverifiable_triggers,
    )

__all__ = [
    "RISKY",
    "FunctionSource",
    "annotate_postgres",
    "annotate_sqlite",
    "fires_on_write",
    "generation_risks",
    "trigger_issue",
    "triggers_to_disable",
    "unverifiable_triggers",
]

# Reading trigger bodies needs sqlglot; checking a plan's risks does not.
export_lazily(
    __name__,
    {
        **dict.fromkeys(
            ["FunctionSource", "annotate_postgres", "annotate_sqlite", "fires_on_write"],
            "datalchemy.triggers.annotate",
        ),
        **dict.fromkeys(
            [
                "RISKY",
                "generation_risks",
                "trigger_issue",
                "triggers_to_disable",
                "unverifiable_triggers",
            ],
            "datalchemy.triggers.risks",
        ),
    },
)
