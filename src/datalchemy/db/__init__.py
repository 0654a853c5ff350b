"""Database connectivity: connection strings and redaction, connections, pools, streaming, errors.

Modules, one job each (what differs between engines is declared in :mod:`datalchemy.engines`):

* :mod:`datalchemy.db.urls`: parse connection strings (through the engines' URL schemes),
  register and redact secrets.
* :mod:`datalchemy.db.postgres` / :mod:`datalchemy.db.sqlite`: native connections.
* :mod:`datalchemy.db.odbc`: ODBC strings, driver profiles, pyodbc / arrow-odbc connect,
  transactions and the ODBC pool drivers; :mod:`datalchemy.db.odbc_stream`: Arrow streaming
  reads; :mod:`datalchemy.db.odbc_insert`: bulk inserts inside a caller-controlled transaction.
* :mod:`datalchemy.db.pool`: pools with a configurable checkout health check and serialized
  recovery (psycopg_pool for PostgreSQL, a thin pool for ODBC and SQLite).
* :mod:`datalchemy.db.stream`: bounded streaming reads from PostgreSQL, sync and asyncio.
* :mod:`datalchemy.db.copy`: PostgreSQL ``COPY`` from CSV bytes or Arrow batches.
* :mod:`datalchemy.db.errors`: driver exceptions mapped onto :mod:`datalchemy.errors`.
* :mod:`datalchemy.db.metrics`: the thread-safe counters behind ``DbMetricsSnapshot``.

See ``docs/connectivity.md``. The names below are imported on first use (the CLI needs
``redact_text`` before any database).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datalchemy.db.metrics import DbMetrics
    from datalchemy.db.urls import (
        ConnectionInfo,
        parse_connection,
        redact_text,
        register_secret,
        resolve_connection,
    )

_LAZY = {
    "ConnectionInfo": "urls",
    "DbMetrics": "metrics",
    "parse_connection": "urls",
    "redact_text": "urls",
    "register_secret": "urls",
    "resolve_connection": "urls",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'datalchemy.db' has no attribute {name!r}")
    return getattr(importlib.import_module(f"datalchemy.db.{module}"), name)


__all__ = [
    "ConnectionInfo",
    "DbMetrics",
    "parse_connection",
    "redact_text",
    "register_secret",
    "resolve_connection",
]
