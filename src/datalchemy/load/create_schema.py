"""``load --create-schema``: make the tables of ``schema.json`` in an empty target, around the data.

The runner calls the three phases of :class:`~datalchemy.load.ddl.SchemaDdl` inside the load's
own transaction(s): :func:`create_before_data` (after checking that the target holds none of the
objects), then the data, then :func:`create_keys` and, after the cycle fix-ups,
:func:`create_foreign_keys`. A failure anywhere rolls the DDL back with the data (PostgreSQL and
SQLite both run DDL in transactions), so a failed load leaves no half-made schema behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from datalchemy.errors import DatabaseError, UsageError
from datalchemy.load.ddl import DdlStatement, SchemaDdl
from datalchemy.load.target import StepProgress

__all__ = [
    "DdlTarget",
    "create_before_data",
    "create_foreign_keys",
    "create_keys",
]

_EXTENSION_STATES = {"42704", "42883"}  # undefined_object (a type), undefined_function
_SHOWN = 8


class DdlTarget(Protocol):
    """What a load target offers ``--create-schema`` (PostgreSQL and SQLite targets)."""

    def execute_ddl(self, sql: str) -> None: ...

    def existing_objects(
        self, relations: Sequence[tuple[str, str]], types: Sequence[tuple[str, str]]
    ) -> list[str]: ...


def _run(target: DdlTarget, phase: str, steps: list[DdlStatement], on_step: StepProgress) -> None:
    for i, step in enumerate(steps):
        on_step(phase, i, len(steps))
        try:
            target.execute_ddl(step.sql)
        except DatabaseError as exc:
            extension = exc.sqlstate in _EXTENSION_STATES
            raise DatabaseError(
                "create_schema_failed",
                f"--create-schema could not create {step.what}: {exc.message}",
                path=step.what,
                hint=(
                    "the source uses a type or function schema.json does not define (from an "
                    "extension?): create it in the target (CREATE EXTENSION ...), then load again"
                    if extension
                    else "nothing was created (the load's transaction was rolled back); the "
                    f"statement was: {step.sql[:300]}"
                ),
                sqlstate=exc.sqlstate,
            ) from None
    on_step(phase, len(steps), len(steps))


def create_before_data(target: DdlTarget, ddl: SchemaDdl, on_step: StepProgress) -> None:
    """Check that the target holds none of the objects, then create the schemas, types,
    sequences and tables (with their CHECKs)."""
    found = target.existing_objects(ddl.relations, ddl.types)
    if found:
        shown = ", ".join(found[:_SHOWN]) + (
            f" and {len(found) - _SHOWN} more" if found[_SHOWN:] else ""
        )
        raise UsageError(
            "create_schema_target_not_empty",
            f"--create-schema makes the schema in an empty target, but it already holds {shown}",
            path=found[0],
            hint="load into the existing tables without --create-schema, or into a new "
            "database (or file)",
        )
    _run(target, "create tables", ddl.pre_data, on_step)


def create_keys(target: DdlTarget, ddl: SchemaDdl, on_step: StepProgress) -> None:
    """Primary keys, UNIQUE constraints and indexes, built over the loaded rows."""
    _run(target, "build keys and indexes", ddl.keys, on_step)


def create_foreign_keys(target: DdlTarget, ddl: SchemaDdl, on_step: StepProgress) -> None:
    """Foreign keys, each validated once over the loaded rows."""
    _run(target, "add foreign keys", ddl.foreign_keys, on_step)
