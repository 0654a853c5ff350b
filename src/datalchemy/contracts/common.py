"""Small models shared by several contracts."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["EngineName", "ErrorInfo", "Issue", "Severity"]

Severity = Literal["error", "warning", "info"]

#: The database engines datalchemy reads and writes; each has a module in
#: :mod:`datalchemy.engines` (adding one adds its name here).
EngineName = Literal["postgres", "sqlite", "odbc"]


class Issue(BaseModel):
    """One finding: validation problem, introspection warning, generation warning.

    ``path`` is a JSON pointer into a contract (``/rules/3/generator``) or a dotted object name
    (``crm.leads.score``).
    """

    model_config = ConfigDict(extra="forbid")

    severity: Severity
    code: str
    path: str | None = None
    message: str
    hint: str | None = None


class ErrorInfo(BaseModel):
    """The error that ended a run, as written into its report."""

    model_config = ConfigDict(extra="forbid")

    code: str
    message: str
    path: str | None = None
    hint: str | None = None
