"""The engine protocol: what one database engine declares, and the helpers all engines share.

An :class:`Engine` is a stateless object that says everything datalchemy needs to know about one
kind of database: which connection strings are its own, its sqlglot dialect, how to connect, pool
connections, introspect, load and run SQL files, how its driver's exceptions look, how to quote a
name, and what it can do (:class:`Capabilities`). The rest of the code asks the engine
(``engines.engine_for(info).introspect(...)``) instead of comparing engine names.

Every heavy import (psycopg, pyodbc, arrow-odbc, the introspectors, the load targets) happens
inside a method, so importing an engine module costs next to nothing.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from importlib.abc import Traversable
from typing import TYPE_CHECKING, Any, ClassVar

from datalchemy.contracts.common import EngineName
from datalchemy.errors import DatalchemyError, UsageError

if TYPE_CHECKING:
    from datalchemy.contracts.common import Issue
    from datalchemy.contracts.schema import DatabaseSchema
    from datalchemy.db.metrics import DbMetrics
    from datalchemy.db.pool import Pool, PoolConfig
    from datalchemy.db.urls import ConnectionInfo
    from datalchemy.load.dataset import DatasetTable
    from datalchemy.load.target import TargetFactory

__all__ = ["Capabilities", "Engine", "ServerInfo", "quote_identifier", "sql_literal"]


@dataclass(frozen=True, kw_only=True)
class Capabilities:
    """What an engine (or an ODBC driver family) can do; code asks these, never the name.

    Every field is required, so a new engine states each one.

    Example:
        >>> from datalchemy.engines import get_engine
        >>> get_engine("sqlite").capabilities.single_writer
        True
    """

    schemas: bool
    """Tables live in named schemas, so SQL names them ``"schema"."table"`` (SQLite: one file,
    tables named alone)."""

    copy_csv: bool
    """Bulk load streams the CSV file's bytes as they are (PostgreSQL ``COPY ... FROM STDIN``);
    the loader then checks each file's SHA-256 on that same pass instead of reading it twice."""

    single_writer: bool
    """One writer at a time: parallel load workers would only wait for each other."""

    deferrable_constraints: bool
    """Foreign keys can be checked at COMMIT, so cycle fix-ups run inside the load transaction
    (PostgreSQL ``DEFERRABLE`` + ``SET CONSTRAINTS``, SQLite ``PRAGMA defer_foreign_keys``)."""

    not_null_fk_cycles: bool
    """A cycle of NOT NULL, non-deferrable foreign keys loads: one edge of it is filled after
    the cycle's tables (SQLite checks every foreign key at COMMIT with ``defer_foreign_keys``;
    PostgreSQL drops that one constraint inside the load transaction and adds it back, validated,
    before COMMIT). Without it, plan resolution refuses such a cycle (``fk_cycle_unbreakable``)."""

    sequences: bool
    """Identity / serial sequences exist apart from the table and must be moved past the loaded
    keys (SQLite moves ``sqlite_sequence`` itself)."""

    drop_secondary: bool
    """``--mode recreate`` drops secondary indexes (and foreign keys where the engine can) before
    the load and re-creates them after it."""

    check_constraints: bool
    """Introspection reads CHECK constraints (the ODBC catalog functions cannot)."""

    max_identifier_length: int | None
    """Longest identifier in bytes (PostgreSQL ``NAMEDATALEN - 1`` = 63); None: no limit."""


@dataclass(frozen=True)
class ServerInfo:
    """Who and what a database server says it is (for ``/db test`` and connection checks)."""

    engine: str
    user: str | None
    database: str | None
    version: str


def quote_identifier(name: str, quote: str = '"') -> str:
    """``name`` as a quoted SQL identifier: wrapped in ``quote``, inner quotes doubled.

    Example:
        >>> quote_identifier('a"b'), quote_identifier("dot.sch"), quote_identifier("x`y", "`")
        ('"a""b"', '"dot.sch"', '`x``y`')
    """
    return quote + name.replace(quote, quote + quote) + quote


def sql_literal(text: str) -> str:
    """``text`` as a SQL string literal (single quotes doubled); the same in every engine.

    Example:
        >>> sql_literal("O'Brien")
        "'O''Brien'"
    """
    return "'" + text.replace("'", "''") + "'"


class Engine(ABC):
    """One database engine. Subclass it in ``engines/<name>.py`` and add the instance to the
    table in :mod:`datalchemy.engines` (the module docstring there has the checklist)."""

    name: ClassVar[EngineName]
    """The engine's name in every contract (``schema.json``, ``load_report.json``)."""

    label: ClassVar[str]
    """How messages name it (``PostgreSQL``)."""

    url_prefixes: ClassVar[tuple[str, ...]]
    """Connection-string prefixes (URL schemes) that select this engine, lower case."""

    url_hint: ClassVar[str]
    """The connection-string form shown in hints (``postgresql://user:pass@host:port/db``)."""

    dialect: ClassVar[str | None]
    """sqlglot dialect of the engine's SQL; None when it depends on the connection (ODBC)."""

    identifier_quote: ClassVar[str] = '"'
    """The character that quotes identifiers: ANSI double quotes (MySQL would use a backtick)."""

    capabilities: ClassVar[Capabilities]
    """What the engine can do (see :meth:`capabilities_for` for per-connection refinements)."""

    # -- connection strings --------------------------------------------------------------------

    def matches(self, conn: str) -> bool:
        """True when ``conn`` starts with one of the engine's URL prefixes (any letter case)."""
        return conn.lower().startswith(self.url_prefixes)

    def matches_path(self, conn: str) -> bool:
        """True when ``conn`` is a bare form of this engine's strings (a SQLite file path);
        tried only after every engine's :meth:`matches` said no."""
        return False

    @abstractmethod
    def parse(self, conn: str) -> ConnectionInfo:
        """Parse a string this engine :meth:`matches`; secrets are registered for redaction."""

    def require(
        self,
        info: ConnectionInfo,
        *,
        purpose: str = "this operation",
        error: type[DatalchemyError] = UsageError,
        code: str = "wrong_engine",
    ) -> None:
        """Raise ``error(code)`` unless ``info`` is a connection of this engine.

        Example:
            >>> from datalchemy.engines import POSTGRES
            >>> from datalchemy.db.urls import parse_connection
            >>> POSTGRES.require(parse_connection("x.db"), purpose="COPY")
            Traceback (most recent call last):
            ...
            datalchemy.errors.UsageError: wrong_engine: COPY needs a PostgreSQL connection, got ...
        """
        if info.engine != self.name:
            raise error(
                code,
                f"{purpose} needs a {self.label} connection, got {info.engine}",
                hint=f"use {self.url_hint}",
            )

    # -- connections ---------------------------------------------------------------------------

    @abstractmethod
    def connect(self, info: ConnectionInfo, **options: Any) -> Any:
        """Open one driver connection (options as the ``datalchemy.db.<driver>.connect`` of the
        engine takes them); connection errors come out mapped."""

    @abstractmethod
    def driver_errors(self) -> tuple[type[BaseException], ...]:
        """Base exception classes of the engine's drivers (imported here, lazily), so
        :func:`datalchemy.db.errors.is_driver_error` recognises them."""

    @abstractmethod
    def create_pool(
        self,
        info: ConnectionInfo,
        config: PoolConfig | None = None,
        *,
        metrics: DbMetrics | None = None,
    ) -> Pool[Any]:
        """A connection pool for ``info`` (see :mod:`datalchemy.db.pool`)."""

    def capabilities_for(self, info: ConnectionInfo) -> Capabilities:
        """The capabilities of the database behind ``info`` (ODBC: its driver family's)."""
        return self.capabilities

    def capabilities_for_schema(self, schema: DatabaseSchema) -> Capabilities:
        """The capabilities of the database ``schema`` was read from (and will be loaded
        into): plan resolution asks these (ODBC: the family of its ``source_dialect``)."""
        return self.capabilities

    @abstractmethod
    def odbc_family(self, info: ConnectionInfo) -> str:
        """The ODBC driver family that reaches this connection's database
        (a key of :data:`datalchemy.engines.odbc_drivers.DRIVER_PROFILES`)."""

    @abstractmethod
    def odbc_attributes(self, info: ConnectionInfo, *, driver: str | None) -> list[tuple[str, str]]:
        """``info`` as ODBC connection-string attributes (secrets included); ``driver``
        overrides the ODBC driver name used for a native connection."""

    # -- introspection -------------------------------------------------------------------------

    @abstractmethod
    def introspect(
        self,
        info: ConnectionInfo,
        *,
        schemas: list[str] | None = None,
        include_system_schemas: bool = False,
    ) -> tuple[DatabaseSchema, list[Issue]]:
        """Read the database's structure into the ``schema.json`` contract, with warnings."""

    @abstractmethod
    def server_info(self, info: ConnectionInfo, *, timeout: int = 10) -> ServerInfo:
        """Connect, ask the server who and what it is (user, database, version), and close.

        Raises:
            ConnectionFailed: coded and redacted, as :meth:`connect` raises it.
        """

    def check_dialect(self, schema: DatabaseSchema) -> str:
        """The sqlglot dialect in which ``schema``'s CHECK and index expressions are written."""
        if self.dialect is None:  # pragma: no cover - engines without a dialect override this
            raise NotImplementedError(f"{self.label} must say which dialect its CHECKs are in")
        return self.dialect

    # -- loading -------------------------------------------------------------------------------

    @abstractmethod
    def load_target(
        self,
        info: ConnectionInfo,
        metrics: DbMetrics,
        *,
        tables: Sequence[DatasetTable],
        workers: int,
        resources: ExitStack,
        create: bool = False,
    ) -> TargetFactory:
        """How the loader gets targets for ``info``: pooled connections (the pool opens on the
        first target, so a dry run connects to nothing, and is closed by ``resources``).
        ``create``: the load makes the schema (``--create-schema``), so a database file that
        does not exist yet may be created."""

    def run_sql_files(self, info: ConnectionInfo, files: Sequence[Traversable], schema: str) -> int:
        """Run SQL files in order, all in one transaction; return the tables of ``schema`` after.

        Raises:
            UsageError: the engine cannot run SQL scripts (ODBC: drivers differ in how they
                take several statements).
        """
        raise UsageError(
            "sql_files_unsupported",
            f"datalchemy cannot run SQL files through {self.label}",
            hint="connect with the database's native URL",
        )

    # -- SQL text ------------------------------------------------------------------------------

    def quote(self, name: str) -> str:
        """``name`` as a quoted identifier of this engine.

        Example:
            >>> from datalchemy.engines import get_engine
            >>> get_engine("postgres").quote('a"b')
            '"a""b"'
        """
        return quote_identifier(name, self.identifier_quote)

    def qualify(self, schema: str, name: str, *, capabilities: Capabilities | None = None) -> str:
        """The quoted name of table ``schema.name``; the schema is left out where the engine
        (or the given ``capabilities``) has no schemas in names.

        Example:
            >>> from datalchemy.engines import POSTGRES, SQLITE
            >>> POSTGRES.qualify("dot.sch", "t"), SQLITE.qualify("main", "t")
            ('"dot.sch"."t"', '"t"')
        """
        caps = capabilities or self.capabilities
        if not caps.schemas:
            return self.quote(name)
        return f"{self.quote(schema)}.{self.quote(name)}"

    def __repr__(self) -> str:
        return f"<engine {self.name}>"
