"""Database engines as plugins: one module per engine, one table that lists them.

Every engine is an :class:`~datalchemy.engines.base.Engine` (``base.py``) that declares its URL
schemes, sqlglot dialect, connect, driver errors, pool, introspector, load target, identifier
quoting and :class:`~datalchemy.engines.base.Capabilities`. Code outside this package never
compares engine names: it asks :func:`engine_for` (a connection), :func:`engine_for_schema` (a
``schema.json``) or :func:`get_engine` (a name) and calls the engine.

Adding an engine (MySQL, say) in five steps (``docs/architecture.md`` has the full checklist):

1. ``engines/mysql.py``: ``class MysqlEngine(Engine)`` with ``name``, ``label``,
   ``url_prefixes``, ``url_hint``, ``dialect`` (sqlglot's name), ``identifier_quote`` and
   ``capabilities``, and the abstract methods; import the driver inside the methods only.
2. Add ``"mysql"`` to ``EngineName`` in ``contracts/common.py`` (then ``make schemas``).
3. End the module with ``MYSQL = MysqlEngine()`` and add it to :data:`ENGINES` below.
4. Write its introspector (``introspect/mysql.py``) and load target (``load/mysql.py``).
5. Add ``tests/engines`` cases (the registry tests run over every engine by themselves),
   ``tests/introspect/test_introspect_mysql.py``, ``tests/load/test_load_mysql.py``, and the
   connection-string form to ``docs/connectivity.md``.

Example:
    >>> from datalchemy.db.urls import parse_connection
    >>> engine_for(parse_connection("sqlite:///cars.db")).dialect
    'sqlite'
    >>> sorted(ENGINES)
    ['odbc', 'postgres', 'sqlite']
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from datalchemy.engines.base import Capabilities, Engine, quote_identifier
from datalchemy.engines.odbc import ODBC
from datalchemy.engines.postgres import POSTGRES
from datalchemy.engines.sqlite import SQLITE
from datalchemy.errors import UsageError

if TYPE_CHECKING:
    from datalchemy.contracts.schema import DatabaseSchema
    from datalchemy.db.urls import ConnectionInfo

__all__ = [
    "ENGINES",
    "ODBC",
    "POSTGRES",
    "SQLITE",
    "Capabilities",
    "Engine",
    "check_dialect",
    "engine_for",
    "engine_for_schema",
    "engine_for_url",
    "get_engine",
    "quote_identifier",
]

#: Every engine by name, in the order connection-string hints list them.
ENGINES: Mapping[str, Engine] = MappingProxyType(
    {engine.name: engine for engine in (POSTGRES, SQLITE, ODBC)}
)


def get_engine(name: str | Engine) -> Engine:
    """The engine called ``name`` (an :class:`Engine` is returned as it is).

    Raises:
        UsageError: ``unknown_engine`` when no engine has that name.

    Example:
        >>> get_engine("postgres").label
        'PostgreSQL'
    """
    if isinstance(name, Engine):
        return name
    engine = ENGINES.get(name)
    if engine is None:
        raise UsageError(
            "unknown_engine",
            f"there is no database engine called {name!r}",
            hint=f"known engines: {', '.join(sorted(ENGINES))}",
        )
    return engine


def engine_for(info: ConnectionInfo) -> Engine:
    """The engine of a parsed connection."""
    return get_engine(info.engine)


def engine_for_schema(schema: DatabaseSchema) -> Engine:
    """The engine a ``schema.json`` was introspected from."""
    return get_engine(schema.engine)


def engine_for_url(conn: str) -> Engine | None:
    """The engine whose URL scheme (or raw ODBC form) starts ``conn``; else the one that takes
    ``conn`` as a bare path (a SQLite file); None when no engine does.

    Example:
        >>> forms = ("postgres://h/db", "Driver={X};Database=a.db", "a.db")
        >>> [engine_for_url(conn).name for conn in forms]
        ['postgres', 'odbc', 'sqlite']
    """
    for engine in ENGINES.values():
        if engine.matches(conn):
            return engine
    for engine in ENGINES.values():
        if engine.matches_path(conn):
            return engine
    return None


def check_dialect(schema: DatabaseSchema) -> str:
    """The sqlglot dialect of ``schema``'s CHECK and index expressions: the engine's own for
    native schemas, the source database's for ODBC ones (``source_dialect``).

    Example:
        >>> from datalchemy.contracts.schema import DatabaseSchema
        >>> check_dialect(DatabaseSchema(engine="odbc", source_dialect="sqlite"))
        'sqlite'
    """
    return engine_for_schema(schema).check_dialect(schema)
