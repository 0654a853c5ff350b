"""PostgreSQL connections (psycopg 3) with driver errors mapped onto datalchemy's taxonomy."""

from __future__ import annotations

import psycopg

from datalchemy.db.errors import map_connect_error
from datalchemy.db.urls import ConnectionInfo
from datalchemy.engines.postgres import POSTGRES
from datalchemy.errors import ConnectionFailed

__all__ = ["connect", "connect_async"]


def connect(
    info: ConnectionInfo,
    *,
    autocommit: bool = False,
    connect_timeout: int = 10,
    application_name: str = "datalchemy",
) -> psycopg.Connection[tuple[object, ...]]:
    """Open a connection to ``info`` or raise :class:`ConnectionFailed` (secrets never shown).

    Example:
        >>> from datalchemy.db.urls import parse_connection  # doctest: +SKIP
        >>> info = parse_connection("postgresql://u:p@127.0.0.1/db")  # doctest: +SKIP
        >>> with connect(info) as conn:  # doctest: +SKIP
        ...     conn.execute("select 1").fetchone()
    """
    POSTGRES.require(info, purpose="psycopg", error=ConnectionFailed)
    try:
        return psycopg.connect(
            info.secret_url,
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
        >>> conn = await connect_async(info)  # doctest: +SKIP
        >>> await (await conn.execute("select 1")).fetchone()  # doctest: +SKIP
        (1,)
    """
    POSTGRES.require(info, purpose="psycopg", error=ConnectionFailed)
    try:
        return await psycopg.AsyncConnection.connect(
            info.secret_url,
            autocommit=autocommit,
            connect_timeout=connect_timeout,
            application_name=application_name,
        )
    except psycopg.Error as exc:
        raise map_connect_error(exc, info) from None
