"""PostgreSQL connections (psycopg 3) with driver errors mapped onto datalchemy's taxonomy."""

from __future__ import annotations

import psycopg

from datalchemy.db.errors import map_connect_error
from datalchemy.db.urls import ConnectionInfo
from datalchemy.engines.postgres import POSTGRES
from datalchemy.errors import ConnectionFailed

__all__ = ["connect", "connect_async", "conninfo"]


def conninfo(info: ConnectionInfo) -> str:
    """libpq's ``key=value`` connection string, built from the URL's parsed parts (never the
    URL itself: libpq would split one whose password holds an ``@`` or ``/`` its own way).

    Example:
        >>> from datalchemy.db.urls import parse_connection
        >>> conninfo(parse_connection("postgresql://ana:p%40ss%2Fx@db:5433/crm?sslmode=disable"))
        'host=db port=5433 user=ana password=p@ss/x dbname=crm sslmode=disable'
    """
    from psycopg.conninfo import make_conninfo

    return make_conninfo("", **info.driver_params)


def connect(
    info: ConnectionInfo,
    *,
    autocommit: bool = False,
    connect_timeout: int = 10,
    application_name: str = "datalchemy",
) -> psycopg.Connection[tuple[object, ...]]:
    """Open a connection to ``info`` or raise :class:`ConnectionFailed` (secrets never shown).

    Example (``PG_URL`` is a PostgreSQL database):
        >>> from datalchemy.db.urls import parse_connection
        >>> with connect(parse_connection(PG_URL)) as conn:
        ...     conn.execute("select 1").fetchone()
        (1,)
    """
    POSTGRES.require(info, purpose="psycopg", error=ConnectionFailed)
    try:
        return psycopg.connect(
            conninfo(info),
            autocommit=autocommit,
            connect_timeout=connect_timeout,
            application_name=application_name,
        )
    except psycopg.Error as exc:
        raise map_connect_error(exc, info) from None


async def connect_async(
    info: ConnectionInfo,
    *,
    autocommit: bool = False,
    connect_timeout: int = 10,
    application_name: str = "datalchemy",
) -> psycopg.AsyncConnection[tuple[object, ...]]:
    """The asyncio twin of :func:`connect` (``psycopg.AsyncConnection``).

    Example:
        >>> import asyncio
        >>> from datalchemy.db.urls import parse_connection
        >>> async def one() -> tuple[object, ...] | None:
        ...     async with await connect_async(parse_connection(PG_URL)) as conn:
        ...         return await (await conn.execute("select 1")).fetchone()
        >>> asyncio.run(one())
        (1,)
    """
    POSTGRES.require(info, purpose="psycopg", error=ConnectionFailed)
    try:
        return await psycopg.AsyncConnection.connect(
            conninfo(info),
            autocommit=autocommit,
            connect_timeout=connect_timeout,
            application_name=application_name,
        )
    except psycopg.Error as exc:
        raise map_connect_error(exc, info) from None
