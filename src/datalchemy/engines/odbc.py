"""ODBC: any database with an ODBC driver, through pyodbc (control) and arrow-odbc (data).

What differs between the databases behind ODBC drivers is kept per driver family in
:mod:`datalchemy.engines.odbc_drivers`; this engine picks the family from the connection string
(``Driver=`` / DSN name) and reads capabilities and the CHECK dialect from it.

Example:
    >>> from datalchemy.engines import get_engine
    >>> odbc = get_engine("odbc")
    >>> info = odbc.parse("Driver={SQLite3};Database=/tmp/x.db")
    >>> odbc.odbc_family(info), odbc.capabilities_for(info).single_writer
    ('sqlite', True)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from datalchemy.db.urls import MASK, ConnectionInfo, is_secret_key, register_secret, split_query
from datalchemy.engines.base import Capabilities, Engine, ServerInfo
from datalchemy.engines.odbc_drivers import DRIVER_PROFILES, profile_for

if TYPE_CHECKING:
    from datalchemy.contracts.common import Issue
    from datalchemy.contracts.schema import DatabaseSchema
    from datalchemy.db.metrics import DbMetrics
    from datalchemy.db.pool import Pool, PoolConfig
    from datalchemy.load.dataset import DatasetTable
    from datalchemy.load.target import TargetFactory

__all__ = ["ODBC", "OdbcEngine", "brace", "odbc_pairs"]

#: The dialect of CHECK text from an ODBC source whose database is unknown (ANSI-like SQL).
FALLBACK_CHECK_DIALECT = "postgres"

_PAIR = re.compile(r"\s*([^=;]+?)\s*=\s*(\{(?:[^}]|\}\})*\}|[^;]*)\s*(?:;|$)")
_RAW_ODBC = re.compile(r"^\s*(driver|dsn|filedsn)\s*=", re.IGNORECASE)


def odbc_pairs(text: str) -> list[tuple[str, str]]:
    """The ``key=value`` attributes of an ODBC connection string, braces kept.

    Example:
        >>> odbc_pairs("Driver={PostgreSQL Unicode};PWD={a;b}")
        [('Driver', '{PostgreSQL Unicode}'), ('PWD', '{a;b}')]
    """
    return [(m.group(1), m.group(2)) for m in _PAIR.finditer(text) if m.group(1)]


def brace(value: str) -> str:
    """Quote an attribute value that holds ``;``, braces or outer spaces (ODBC rules).

    Example:
        >>> brace("p;w"), brace("plain")
        ('{p;w}', 'plain')
    """
    if any(ch in value for ch in ";{}") or value != value.strip():
        return "{" + value.replace("}", "}}") + "}"
    return value


class OdbcEngine(Engine):
    """Any ODBC data source: ``odbc://DSN?uid=..&pwd=..``, ``odbc://Driver=...`` or a raw
    ``Driver={...};...`` / ``DSN=...`` string."""

    name = "odbc"
    label = "ODBC"
    url_prefixes = ("odbc://",)
    url_hint = "odbc://DSN or an ODBC string starting with Driver=..."
    dialect = None  # the database behind the driver decides: see check_dialect
    capabilities = DRIVER_PROFILES["generic"].capabilities

    def matches(self, conn: str) -> bool:
        return super().matches(conn) or _RAW_ODBC.match(conn) is not None

    def parse(self, conn: str) -> ConnectionInfo:
        """Parse an ODBC string or an ``odbc://DSN`` URL; secret attributes are registered."""
        if not conn.lower().startswith(self.url_prefixes):
            return self._parse_string(conn)
        rest = conn[len("odbc://") :]
        return self._parse_string(rest) if "=" in rest.split("?", 1)[0] else self._parse_dsn(rest)

    def _parse_string(self, conn: str) -> ConnectionInfo:
        params: dict[str, str] = {}
        shown: list[str] = []
        for key, raw_value in odbc_pairs(conn):
            value = raw_value
            if is_secret_key(key):
                inner = value[1:-1].replace("}}", "}") if value.startswith("{") else value
                register_secret(inner)
                register_secret(value)
                value = MASK
            params[key] = value
            shown.append(f"{key}={value}")
        lower = {k.lower(): v for k, v in params.items()}
        port = lower.get("port")
        return ConnectionInfo(
            engine=self.name,
            redacted=";".join(shown),
            user=lower.get("uid") or lower.get("user") or lower.get("username"),
            host=lower.get("server") or lower.get("servername") or lower.get("host"),
            port=int(port) if port and port.isdigit() else None,
            database=lower.get("database") or lower.get("dbname") or lower.get("dsn"),
            params=params,
            _raw=conn,
        )

    def _parse_dsn(self, rest: str) -> ConnectionInfo:
        dsn, _, query = rest.partition("?")
        dsn = unquote(dsn.strip("/"))
        params, pairs = split_query(query)
        odbc = ";".join([f"DSN={dsn}", *(f"{k}={v}" for k, v in pairs)])
        info = self._parse_string(odbc)
        shown = "&".join(f"{k}={v}" for k, v in params.items())
        return ConnectionInfo(
            engine=self.name,
            redacted="odbc://" + dsn + ("?" + shown if params else ""),
            user=info.user,
            host=info.host,
            port=info.port,
            database=dsn,
            params=params,
            _raw=odbc,
        )

    def connect(self, info: ConnectionInfo, **options: Any) -> Any:
        from datalchemy.db.odbc import connect

        return connect(info, **options)

    def server_info(self, info: ConnectionInfo, *, timeout: int = 10) -> ServerInfo:
        import pyodbc

        from datalchemy.db.odbc import connect

        conn = connect(info, login_timeout=timeout)
        try:
            name = conn.getinfo(pyodbc.SQL_DBMS_NAME)
            version = conn.getinfo(pyodbc.SQL_DBMS_VER)
            user = conn.getinfo(pyodbc.SQL_USER_NAME)
            database = conn.getinfo(pyodbc.SQL_DATABASE_NAME)
        finally:
            conn.close()
        return ServerInfo(
            self.name, str(user or "") or None, str(database or "") or None, f"{name} {version}"
        )

    def driver_errors(self) -> tuple[type[BaseException], ...]:
        bases: list[type[BaseException]] = []
        try:
            import pyodbc

            bases.append(pyodbc.Error)
        except ImportError:  # pragma: no cover - the ODBC system library may be missing
            pass
        try:
            import arrow_odbc

            bases.append(arrow_odbc.Error)
        except ImportError:  # pragma: no cover
            pass
        return tuple(bases)

    def create_pool(
        self,
        info: ConnectionInfo,
        config: PoolConfig | None = None,
        *,
        metrics: DbMetrics | None = None,
    ) -> Pool[Any]:
        from datalchemy.db.odbc import pool_driver
        from datalchemy.db.pool import PoolConfig, ThinPool

        config = config or PoolConfig()
        return ThinPool(pool_driver(info, config), config, metrics=metrics)

    def odbc_family(self, info: ConnectionInfo) -> str:
        attrs = {k.lower(): v.strip("{}") for k, v in odbc_pairs(info.odbc_string)}
        return profile_for(attrs.get("driver", "") or attrs.get("dsn", "")).family

    def odbc_attributes(self, info: ConnectionInfo, *, driver: str | None) -> list[tuple[str, str]]:
        return odbc_pairs(info.odbc_string)

    def capabilities_for(self, info: ConnectionInfo) -> Capabilities:
        return DRIVER_PROFILES[self.odbc_family(info)].capabilities

    def capabilities_for_schema(self, schema: DatabaseSchema) -> Capabilities:
        """The driver family whose database writes ``schema.source_dialect`` (generic when
        the source was not recognised)."""
        family = next(
            (
                p
                for p in DRIVER_PROFILES.values()
                if p.dialect and p.dialect == schema.source_dialect
            ),
            DRIVER_PROFILES["generic"],
        )
        return family.capabilities

    def introspect(
        self,
        info: ConnectionInfo,
        *,
        schemas: list[str] | None = None,
        include_system_schemas: bool = False,
    ) -> tuple[DatabaseSchema, list[Issue]]:
        from datalchemy.introspect.odbc import introspect_odbc

        return introspect_odbc(info, schemas=schemas)

    def check_dialect(self, schema: DatabaseSchema) -> str:
        """The source's dialect recorded at introspection (``source_dialect``); PostgreSQL's,
        the most ANSI-like, when the driver family was unknown."""
        return schema.source_dialect or FALLBACK_CHECK_DIALECT

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
        from datalchemy.db.odbc import pool_driver
        from datalchemy.db.pool import PoolConfig, ThinPool
        from datalchemy.load.odbc import OdbcTarget, needs_pyodbc
        from datalchemy.load.target import TargetFactory, pooled_targets

        # arrow-odbc is the fast path; only pyodbc can write GENERATED ALWAYS identity columns.
        pyodbc = needs_pyodbc(tables)
        profile = DRIVER_PROFILES[self.odbc_family(info)]

        def open_pool() -> ThinPool:
            config = PoolConfig(max_size=workers + 1)
            return ThinPool(pool_driver(info, config, arrow=not pyodbc), config, metrics=metrics)

        def make(pool: ThinPool) -> OdbcTarget:
            return OdbcTarget(pool, metrics, profile, pyodbc=pyodbc)

        return TargetFactory(pooled_targets(open_pool, make, resources), OdbcTarget.strategy)


#: The engine instance the registry (:data:`datalchemy.engines.ENGINES`) holds.
ODBC = OdbcEngine()
