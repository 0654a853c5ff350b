"""PostgreSQL: psycopg 3 connections, psycopg_pool, catalog introspection, ``COPY`` loads.

Example:
    >>> from datalchemy.engines import get_engine
    >>> pg = get_engine("postgres")
    >>> pg.parse("postgresql://ana:s3cr3t@db:5432/crm").redacted, pg.dialect
    ('postgresql://ana:***@db:5432/crm', 'postgres')
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from importlib.abc import Traversable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from datalchemy.db.urls import (
    MASK,
    ConnectionInfo,
    is_secret_key,
    register_secret,
    split_postgres_url,
    split_query,
)
from datalchemy.engines.base import Capabilities, Engine, ServerInfo

if TYPE_CHECKING:
    from datalchemy.contracts.common import Issue
    from datalchemy.contracts.schema import DatabaseSchema
    from datalchemy.db.metrics import DbMetrics
    from datalchemy.db.pool import Pool, PoolConfig
    from datalchemy.load.dataset import DatasetTable
    from datalchemy.load.target import TargetFactory

__all__ = ["POSTGRES", "PostgresEngine"]


class PostgresEngine(Engine):
    """PostgreSQL through psycopg 3 (``postgresql://`` / ``postgres://``)."""

    name = "postgres"
    label = "PostgreSQL"
    url_prefixes = ("postgres://", "postgresql://")
    url_hint = "postgresql://user:pass@host:port/db"
    dialect = "postgres"
    capabilities = Capabilities(
        schemas=True,
        copy_csv=True,
        single_writer=False,
        deferrable_constraints=True,
        not_null_fk_cycles=True,
        sequences=True,
        drop_secondary=True,
        check_constraints=True,
        # https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS
        max_identifier_length=63,
    )

    def parse(self, conn: str) -> ConnectionInfo:
        """Parse ``postgresql://user:pass@host:port/db?params`` once, into the keyword arguments
        the driver gets (libpq never sees the URL, so it cannot split it differently) and the
        redacted form; the password is registered for redaction.

        Raises:
            UsageError: ``ambiguous_connection_url`` when an unencoded ``@``, ``/``, ``?`` or
                ``#`` (in a password, typically) lets the string be split in more than one way;
                ``invalid_connection`` for a port that is not a number.
        """
        parts = split_postgres_url(conn)
        password = parts.password
        register_secret(password)
        register_secret(parts.password_as_written)
        params, pairs = split_query(parts.query)
        userinfo = ""
        if parts.user is not None:
            userinfo = quote(parts.user, safe="") + (f":{MASK}" if password is not None else "")
            userinfo += "@"
        query = "&".join(f"{k}={MASK if is_secret_key(k) else v}" for k, v in pairs)
        redacted = f"{parts.scheme}://{userinfo}{parts.hostport}/{quote(parts.database or '')}"
        redacted = redacted.rstrip("/") if not parts.database else redacted
        redacted += f"?{query}" if query else ""
        driver = {
            "host": parts.host,
            "port": parts.port,
            "user": parts.user,
            "password": password,
            "dbname": parts.database,
        }
        driver_params = {k: v for k, v in driver.items() if v is not None} | dict(pairs)
        return ConnectionInfo(
            engine=self.name,
            redacted=redacted,
            user=parts.user,
            host=parts.host,
            port=int(parts.port) if parts.port and parts.port.isdigit() else None,
            database=parts.database,
            params=params,
            _raw=conn,
            _driver=tuple(driver_params.items()),
        )

    def connect(self, info: ConnectionInfo, **options: Any) -> Any:
        from datalchemy.db.postgres import connect

        return connect(info, **options)

    def server_info(self, info: ConnectionInfo, *, timeout: int = 10) -> ServerInfo:
        from datalchemy.db.postgres import connect

        with connect(info, connect_timeout=timeout, autocommit=True) as conn:
            row = conn.execute("select current_user, current_database(), version()").fetchone()
        assert row is not None
        return ServerInfo(self.name, str(row[0]), str(row[1]), str(row[2]))

    def driver_errors(self) -> tuple[type[BaseException], ...]:
        import psycopg
        import psycopg_pool

        return (psycopg.Error, psycopg_pool.PoolTimeout, psycopg_pool.PoolClosed)

    def create_pool(
        self,
        info: ConnectionInfo,
        config: PoolConfig | None = None,
        *,
        metrics: DbMetrics | None = None,
    ) -> Pool[Any]:
        from datalchemy.db.pool import PgPool

        return PgPool(info, config, metrics=metrics)

    def odbc_family(self, info: ConnectionInfo) -> str:
        return "postgresql"

    def odbc_attributes(self, info: ConnectionInfo, *, driver: str | None) -> list[tuple[str, str]]:
        from datalchemy.engines.odbc import brace

        params = info.driver_params
        pairs = [
            ("Driver", "{" + (driver or "PostgreSQL Unicode") + "}"),
            ("Server", params.get("host") or "localhost"),
            ("Port", params.get("port") or "5432"),
            ("Database", info.database or ""),
        ]
        if params.get("user"):
            pairs.append(("UID", brace(params["user"])))
        if "password" in params:
            pairs.append(("PWD", brace(params["password"])))
        sslmode = info.params.get("sslmode")
        if sslmode:
            pairs.append(("SSLmode", sslmode))
        return pairs

    def introspect(
        self,
        info: ConnectionInfo,
        *,
        schemas: list[str] | None = None,
        include_system_schemas: bool = False,
    ) -> tuple[DatabaseSchema, list[Issue]]:
        from datalchemy.introspect.postgres import introspect_postgres

        return introspect_postgres(
            info, schemas=schemas, include_system_schemas=include_system_schemas
        )

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
        from datalchemy.db.pool import PgPool, PoolConfig
        from datalchemy.load.postgres import PostgresTarget
        from datalchemy.load.target import TargetFactory, pooled_targets

        def open_pool() -> PgPool:
            # One connection per worker, plus one for the final step of per-table loads.
            return PgPool(info, PoolConfig(min_size=1, max_size=workers + 1), metrics=metrics)

        return TargetFactory(
            pooled_targets(open_pool, lambda pool: PostgresTarget(pool, metrics), resources),
            PostgresTarget.strategy,
        )

    def run_sql_files(self, info: ConnectionInfo, files: Sequence[Traversable], schema: str) -> int:
        import psycopg

        from datalchemy.db.errors import map_error

        with self.connect(info) as db:  # one transaction: all files or nothing
            for file in files:
                try:
                    db.execute(file.read_text(encoding="utf-8").encode("utf-8"))
                except psycopg.Error as exc:
                    raise map_error(exc, context=f"fixture file {file.name}") from None
            row = db.execute(
                "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                "where n.nspname = %s and c.relkind in ('r', 'p')",
                (schema,),
            ).fetchone()
        return int(row[0]) if row else 0


#: The engine instance the registry (:data:`datalchemy.engines.ENGINES`) holds.
POSTGRES = PostgresEngine()
