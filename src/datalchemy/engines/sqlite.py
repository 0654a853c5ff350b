"""SQLite: stdlib sqlite3 connections, a thin pool, PRAGMA + DDL introspection, executemany loads.

Example:
    >>> from datalchemy.engines import get_engine
    >>> lite = get_engine("sqlite")
    >>> lite.parse("sqlite:////tmp/cars.db").database, lite.parse("sqlite:///cars.db").database
    ('/tmp/cars.db', 'cars.db')
    >>> lite.matches_path("cars.sqlite3")
    True
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import replace
from importlib.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote

from datalchemy.db.urls import ConnectionInfo
from datalchemy.engines.base import Capabilities, Engine, ServerInfo
from datalchemy.errors import ConnectionFailed, DatabaseError, UsageError

if TYPE_CHECKING:
    from datalchemy.contracts.common import Issue
    from datalchemy.contracts.schema import DatabaseSchema
    from datalchemy.db.metrics import DbMetrics
    from datalchemy.db.pool import Pool, PoolConfig, ThinPool
    from datalchemy.load.dataset import DatasetTable
    from datalchemy.load.target import TargetFactory

__all__ = ["SQLITE", "SqliteEngine"]

#: Bare paths with these endings are SQLite files (``cars.db`` without ``sqlite://``).
FILE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
#: Seconds a loader's statement waits for another writer's lock.
LOAD_BUSY_TIMEOUT = 30.0


def _refuse_other_reading(path: str, conn: str) -> None:
    """``sqlite:///x`` is the relative ``x``; when only the absolute ``/x`` exists, say so."""
    plain = unquote(path.partition("?")[0])
    if not plain or plain == ":memory:" or os.path.exists(plain):
        return
    if os.path.exists("/" + plain):
        raise UsageError(
            "sqlite_path_ambiguous",
            f"{conn} names the relative path {plain} (as in SQLAlchemy), which does not exist "
            f"here, but /{plain} does",
            hint=f"write sqlite:////{plain} (four slashes) for the absolute path",
        )


class SqliteEngine(Engine):
    """SQLite files through the standard library (``sqlite:///path.db`` or a bare ``x.db``)."""

    name = "sqlite"
    label = "SQLite"
    url_prefixes = ("sqlite:",)
    url_hint = "sqlite:///relative/file.db or sqlite:////absolute/file.db"
    dialect = "sqlite"
    capabilities = Capabilities(
        schemas=False,
        copy_csv=False,
        single_writer=True,
        deferrable_constraints=True,
        not_null_fk_cycles=True,
        sequences=False,
        drop_secondary=True,  # secondary indexes only: SQLite cannot drop a foreign key
        check_constraints=True,
        max_identifier_length=None,
    )

    def matches_path(self, conn: str) -> bool:
        return conn.lower().endswith(FILE_SUFFIXES) and "://" not in conn

    def parse(self, conn: str) -> ConnectionInfo:
        """Parse a SQLite URL the way SQLAlchemy does: ``sqlite:///relative.db`` (three slashes,
        then a path relative to the current folder), ``sqlite:////abs/path.db`` (four: an
        absolute path), ``sqlite:///:memory:``; also the original tool's ``sqlite://rel.db`` and a
        bare file path. Query parameters are SQLite URI options (``mode=ro``).

        Raises:
            UsageError: ``sqlite:///data/x.db`` when ``data/x.db`` does not exist here but
                ``/data/x.db`` does: the other reading, named with the URL that means it.
        """
        if not conn.lower().startswith(self.url_prefixes):
            return self._file(conn, raw=conn)
        rest = conn[len("sqlite:") :]
        if rest.startswith("////"):
            path = rest[3:]  # sqlite:////abs/path -> /abs/path
        elif rest.startswith("///"):
            path = rest[3:]  # sqlite:///rel/path -> rel/path (SQLAlchemy's reading)
            _refuse_other_reading(path, conn)
        elif rest.startswith("//"):
            path = rest[2:]  # sqlite://relative/path (the original tool's form)
        else:
            path = rest
        path, _, query = path.partition("?")
        if not path:
            raise UsageError(
                "invalid_connection",
                "the SQLite connection string names no file",
                hint="use sqlite:///relative/path.db or sqlite:////absolute/path.db",
            )
        info = self._file(unquote(path), raw=conn)
        return replace(info, params=dict(parse_qsl(query))) if query else info

    def _file(self, path: str, raw: str) -> ConnectionInfo:
        if path == "/:memory:":
            path = ":memory:"
        return ConnectionInfo(engine=self.name, redacted=raw, database=path, _raw=raw)

    def connect(self, info: ConnectionInfo, **options: Any) -> Any:
        from datalchemy.db.sqlite import connect

        return connect(info, **options)

    def server_info(self, info: ConnectionInfo, *, timeout: int = 10) -> ServerInfo:
        from datalchemy.db.sqlite import connect

        db = connect(info, readonly=True)
        try:
            version = db.execute("select sqlite_version()").fetchone()[0]
        finally:
            db.close()
        return ServerInfo(self.name, None, info.database, f"SQLite {version}")

    def driver_errors(self) -> tuple[type[BaseException], ...]:
        import sqlite3

        return (sqlite3.Error,)

    def create_pool(
        self,
        info: ConnectionInfo,
        config: PoolConfig | None = None,
        *,
        metrics: DbMetrics | None = None,
    ) -> Pool[Any]:
        from datalchemy.db.pool import PoolConfig

        return _thin_pool(info, config or PoolConfig(), metrics)

    def odbc_family(self, info: ConnectionInfo) -> str:
        return "sqlite"

    def odbc_attributes(self, info: ConnectionInfo, *, driver: str | None) -> list[tuple[str, str]]:
        return [("Driver", "{" + (driver or "SQLite3") + "}"), ("Database", info.sqlite_path)]

    def introspect(
        self,
        info: ConnectionInfo,
        *,
        schemas: list[str] | None = None,
        include_system_schemas: bool = False,
    ) -> tuple[DatabaseSchema, list[Issue]]:
        from datalchemy.introspect.sqlite import introspect_sqlite

        return introspect_sqlite(info, schemas=schemas)

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
        from datalchemy.db.pool import PoolConfig
        from datalchemy.load.sqlite import SqliteTarget
        from datalchemy.load.target import TargetFactory, pooled_targets

        def open_pool() -> ThinPool:
            path = info.sqlite_path
            if path != ":memory:" and not Path(path).is_file():
                if not create:  # an empty file would only fail later with "no such table"
                    raise ConnectionFailed(
                        "database_not_found",
                        f"the SQLite file does not exist: {path}",
                        path=info.redacted,
                        hint="load with --create-schema to make it with the schema's tables "
                        "(datalchemy.load(..., create_schema=True))",
                    )
                # A failed load rolls its tables back; the file it made goes with them.
                resources.callback(_remove_if_empty, Path(path))
            # The checkout timeout doubles as the busy timeout of every pooled connection.
            config = PoolConfig(max_size=workers + 1, timeout=LOAD_BUSY_TIMEOUT)
            return _thin_pool(info, config, metrics)

        return TargetFactory(
            pooled_targets(open_pool, lambda pool: SqliteTarget(pool, metrics, info), resources),
            SqliteTarget.strategy,
        )

    def run_sql_files(self, info: ConnectionInfo, files: Sequence[Traversable], schema: str) -> int:
        import sqlite3

        db = self.connect(info)
        try:
            db.execute("PRAGMA foreign_keys=ON")
            script = "\n".join(f.read_text(encoding="utf-8") for f in files)
            try:
                db.executescript(f"BEGIN;\n{script}\nCOMMIT;")
            except sqlite3.Error as exc:
                db.rollback()
                raise DatabaseError("sql_error", f"fixture SQL failed: {exc}") from None
            row = db.execute(
                "select count(*) from sqlite_schema where type = 'table' "
                "and name not like 'sqlite_%'"
            ).fetchone()
        finally:
            db.close()
        return int(row[0])


#: The engine instance the registry (:data:`datalchemy.engines.ENGINES`) holds.
SQLITE = SqliteEngine()


def _remove_if_empty(path: Path) -> None:
    import sqlite3

    try:
        with contextlib.closing(sqlite3.connect(path)) as db:
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.Error:
        return
    if tables == 0:
        path.unlink(missing_ok=True)


def _thin_pool(info: ConnectionInfo, config: PoolConfig, metrics: DbMetrics | None) -> ThinPool:
    from datalchemy.db.pool import ThinPool
    from datalchemy.db.sqlite import pool_driver

    return ThinPool(pool_driver(info, config), config, metrics=metrics)
