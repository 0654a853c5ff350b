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
from urllib.parse import unquote, urlsplit

from datalchemy.db.urls import MASK, ConnectionInfo, is_secret_key, register_secret, split_query
from datalchemy.engines.base import Capabilities, Engine
from datalchemy.errors import UsageError

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
        sequences=True,
        drop_secondary=True,
        check_constraints=True,
        # https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS
        max_identifier_length=63,
    )

    def parse(self, conn: str) -> ConnectionInfo:
        """Parse ``postgresql://user:pass@host:port/db?params``; the password is registered."""
        parts = urlsplit(conn)
        try:
            port = parts.port
        except ValueError as exc:
            raise UsageError(
                "invalid_connection",
                "the port in the connection string is not a number",
                hint="use postgresql://user:pass@host:5432/db",
            ) from exc
        password = parts.password
        register_secret(password)
        params, pairs = split_query(parts.query)
        netloc = parts.hostname or ""
        if ":" in netloc:  # IPv6 literal
            netloc = f"[{netloc}]"
        if port is not None:
            netloc = f"{netloc}:{port}"
        if parts.username is not None:
            userinfo = parts.username + (f":{MASK}" if password is not None else "")
            netloc = f"{userinfo}@{netloc}"
        query = "&".join(f"{k}={MASK if is_secret_key(k) else v}" for k, v in pairs)
        redacted = f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")
        database = unquote(parts.path.lstrip("/")) or None
        return ConnectionInfo(
            engine=self.name,
            redacted=redacted,
            user=unquote(parts.username) if parts.username else None,
            host=parts.hostname,
            port=port,
            database=database,
            params=params,
            _raw=conn,
        )

    def connect(self, info: ConnectionInfo, **options: Any) -> Any:
        from datalchemy.db.postgres import connect

        return connect(info, **options)

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

        parts = urlsplit(info.secret_url)
        pairs = [
            ("Driver", "{" + (driver or "PostgreSQL Unicode") + "}"),
            ("Server", parts.hostname or "localhost"),
            ("Port", str(parts.port or 5432)),
            ("Database", info.database or ""),
        ]
        if parts.username:
            pairs.append(("UID", brace(unquote(parts.username))))
        if parts.password is not None:
            pairs.append(("PWD", brace(unquote(parts.password))))
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
