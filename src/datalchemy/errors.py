"""Errors that datalchemy raises, and the CLI exit code each one maps to.

Every error a user can cause is a :class:`DatalchemyError` carrying a stable ``code`` (for scripts),
a human ``message``, a ``path`` (JSON pointer, file path or ``schema.table.column``) saying where
the problem is, and a ``hint`` saying what to do. The CLI prints these without a traceback.

Hierarchy (exit code in brackets)::

    DatalchemyError [1]
    ├── UsageError [2]                 bad command-line arguments
    ├── InputError [3]                 a file or contract that cannot be read or parsed
    ├── PlanValidationError [4]        the plan has errors (the report lists them all)
    ├── ConnectionFailed [5]           unreachable host, wrong password, missing database
    ├── DatabaseError [6]              SQL error during an operation (carries SQLSTATE)
    │   ├── ConstraintViolation [6]    the database rejected rows (carries the constraint name)
    │   ├── ConnectionLost [6]         the session broke mid-operation (SQLSTATE class 08, 57P0x)
    │   ├── ProtocolError [6]          driver/transport failure without a usable SQLSTATE
    │   ├── QueryTimeout [6]           a statement timeout or ODBC HYT00/HYT01 fired
    │   ├── QueryCancelled [6]         the statement was cancelled (57014, HY008, asyncio)
    │   ├── TransactionConflict [6]    serialization failure / deadlock (40001, 40P01): retry
    │   └── PoolTimeout [6]            no pooled connection became free in time
    ├── GenerationError [7]            impossible constraints or a failed generation
    ├── ViolationsFound [9]            evaluation found violations (with --fail-on-violation)
    └── Interrupted [130]              SIGINT / SIGTERM
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "EXIT_CODES",
    "ConnectionFailed",
    "ConnectionLost",
    "ConstraintViolation",
    "DatabaseError",
    "DatalchemyError",
    "GenerationError",
    "InputError",
    "Interrupted",
    "PlanValidationError",
    "PoolTimeout",
    "ProtocolError",
    "QueryCancelled",
    "QueryTimeout",
    "TransactionConflict",
    "UsageError",
    "ViolationsFound",
]


class DatalchemyError(Exception):
    """Base class of every error datalchemy raises on purpose.

    Example:
        >>> err = InputError("plan_not_found", "plan file does not exist", path="plan.json",
        ...                  hint="check the path")
        >>> err.exit_code, err.code
        (3, 'plan_not_found')
    """

    exit_code: ClassVar[int] = 1

    def __init__(
        self,
        code: str,
        message: str,
        *,
        path: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.path = path
        self.hint = hint

    def to_dict(self) -> dict[str, Any]:
        """The error as a JSON-ready mapping (used by ``--json`` output and reports)."""
        return {
            "code": self.code,
            "message": self.message,
            "path": self.path,
            "hint": self.hint,
            "exit_code": self.exit_code,
        }

    def __str__(self) -> str:
        where = f" [{self.path}]" if self.path else ""
        return f"{self.code}{where}: {self.message}"


class UsageError(DatalchemyError):
    """The command line is inconsistent (missing or conflicting arguments)."""

    exit_code = 2


class InputError(DatalchemyError):
    """A file or contract given by the user cannot be read or does not parse."""

    exit_code = 3


class PlanValidationError(DatalchemyError):
    """A plan failed validation; ``issues`` holds every problem found."""

    exit_code = 4

    def __init__(
        self,
        code: str,
        message: str,
        *,
        path: str | None = None,
        hint: str | None = None,
        issues: list[Any] | None = None,
    ) -> None:
        super().__init__(code, message, path=path, hint=hint)
        self.issues = issues or []


class ConnectionFailed(DatalchemyError):
    """The database could not be reached or refused the credentials."""

    exit_code = 5
    #: Error kind used by metrics (``errors_by_kind``) and retry decisions.
    kind: ClassVar[str] = "connection"
    retryable: ClassVar[bool] = False


class DatabaseError(DatalchemyError):
    """The database reported an error while running an operation.

    ``kind`` names the family callers act on (``sql``, ``constraint``, ``connection``,
    ``protocol``, ``timeout``, ``cancelled``, ``transient``); ``retryable`` is True only when
    running the same work again on a fresh connection can succeed.
    """

    exit_code = 6
    kind: ClassVar[str] = "sql"
    retryable: ClassVar[bool] = False

    def __init__(
        self,
        code: str,
        message: str,
        *,
        path: str | None = None,
        hint: str | None = None,
        sqlstate: str | None = None,
    ) -> None:
        super().__init__(code, message, path=path, hint=hint)
        self.sqlstate = sqlstate

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "sqlstate": self.sqlstate}


class ConstraintViolation(DatabaseError):
    """The database rejected data because of a constraint."""

    kind = "constraint"

    def __init__(
        self,
        code: str,
        message: str,
        *,
        path: str | None = None,
        hint: str | None = None,
        sqlstate: str | None = None,
        constraint: str | None = None,
    ) -> None:
        super().__init__(code, message, path=path, hint=hint, sqlstate=sqlstate)
        self.constraint = constraint

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "constraint": self.constraint}


class ConnectionLost(DatabaseError):
    """The session broke during an operation (server restart, killed backend, network loss).

    Whether the interrupted statement took effect is unknown: retry only idempotent work.
    """

    kind = "connection"
    retryable = True


class ProtocolError(DatabaseError):
    """The driver or transport failed without a SQLSTATE the caller could act on."""

    kind = "protocol"


class QueryTimeout(DatabaseError):
    """A statement ran longer than its timeout (PostgreSQL ``statement_timeout``, ODBC HYT00)."""

    kind = "timeout"


class QueryCancelled(DatabaseError):
    """A statement was cancelled on request (SQLSTATE 57014 by user request, ODBC HY008)."""

    kind = "cancelled"


class TransactionConflict(DatabaseError):
    """Serialization failure or deadlock (40001, 40P01): the whole transaction may be retried."""

    kind = "transient"
    retryable = True


class PoolTimeout(DatabaseError):
    """No pooled connection became available within the checkout timeout."""

    kind = "timeout"
    retryable = True


class GenerationError(DatalchemyError):
    """Generation cannot proceed (impossible constraint, generator failure)."""

    exit_code = 7


class ViolationsFound(DatalchemyError):
    """Evaluation found constraint violations and the caller asked to fail on them."""

    exit_code = 9


class Interrupted(DatalchemyError):
    """The run was interrupted by SIGINT or SIGTERM."""

    exit_code = 130


#: Documented exit codes, by error class name (``0`` is success).
EXIT_CODES: dict[str, int] = {
    cls.__name__: cls.exit_code
    for cls in (
        DatalchemyError,
        UsageError,
        InputError,
        PlanValidationError,
        ConnectionFailed,
        DatabaseError,
        ConstraintViolation,
        ConnectionLost,
        ProtocolError,
        QueryTimeout,
        QueryCancelled,
        TransactionConflict,
        PoolTimeout,
        GenerationError,
        ViolationsFound,
        Interrupted,
    )
}
