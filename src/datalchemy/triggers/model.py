"""What a trigger body does, as the body readers (SQLite, PL/pgSQL) report it.

A reader turns a trigger into :class:`BodyFacts`: the conditions under which it rejects a row
(each a sqlglot expression over ``NEW.<column>``, with every enclosing ``IF`` / ``WHEN`` folded
in), the tables it writes, whether it rewrites the row, and what it could not read. The
classifier (:mod:`datalchemy.triggers.classify`) decides from these facts alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp

__all__ = ["BodyFacts", "Rejection", "all_of", "not_taken", "shorten"]


@dataclass(frozen=True)
class Rejection:
    """A row is rejected (an error is raised, or the row is silently skipped) when ``condition``
    holds; ``None`` when the reader could not express the condition (``why`` completes "rejects
    rows ...": ``under a condition not read``, ``from a query over other tables``)."""

    condition: exp.Expr | None
    why: str = ""


@dataclass
class BodyFacts:
    """Everything a reader found in one trigger body."""

    rejections: list[Rejection] = field(default_factory=list)
    writes: list[str] = field(default_factory=list)
    """Tables the body inserts into, updates or deletes from, as written (maybe unqualified)."""
    inserts_own_table: bool = False
    rewrites: list[str] = field(default_factory=list)
    """How the body changes the row itself (``sets NEW.x``, ``updates its own row``)."""
    unknown_functions: list[str] = field(default_factory=list)
    """Functions the database does not define (every statement calling them fails)."""
    unrecognized: list[str] = field(default_factory=list)
    """Statements or constructs the reader does not understand, shortened for messages."""

    def add_write(self, table: str) -> None:
        if table not in self.writes:
            self.writes.append(table)

    def add_unknown_function(self, name: str) -> None:
        if name not in self.unknown_functions:
            self.unknown_functions.append(name)


def shorten(text: str, limit: int = 60) -> str:
    """One line of at most ``limit`` characters, for messages."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def all_of(conditions: list[exp.Expr]) -> exp.Expr:
    """The conjunction of ``conditions`` (``TRUE`` ones dropped; ``TRUE`` when none is left)."""
    kept = [c for c in conditions if not (isinstance(c, exp.Boolean) and c.this)]
    if not kept:
        return exp.true()
    if len(kept) == 1:
        return kept[0].copy()
    return exp.and_(*(exp.paren(c.copy()) for c in kept))


def not_taken(condition: exp.Expr) -> exp.Expr:
    """True when a branch guarded by ``condition`` (``IF`` / ``CASE WHEN``) is not taken: the
    condition is FALSE *or NULL*, so ``NOT COALESCE(condition, FALSE)``."""
    return exp.Not(this=exp.Coalesce(this=condition.copy(), expressions=[exp.false()]))
