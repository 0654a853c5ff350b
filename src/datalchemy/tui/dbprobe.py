"""Connection checks for ``/db test`` and ``/db privileges`` through datalchemy's drivers.

The public API has no "test this connection" function yet, so these open a connection with the
connectivity layer's own ``connect`` (errors come back coded, secrets masked) and ask the server
who and what it is.
"""

from __future__ import annotations

from datalchemy.db.urls import ConnectionInfo
from datalchemy.engines import engine_for
from datalchemy.engines.base import ServerInfo

__all__ = ["ServerInfo", "probe"]

#: Seconds a connection attempt may take (the original's /db test timeout).
CONNECT_TIMEOUT = 5


def probe(info: ConnectionInfo) -> ServerInfo:
    """Connect to ``info``, ask the server who and what it is, and close.

    Raises:
        ConnectionFailed / InputError: from the driver, coded and redacted.
    """
    return engine_for(info).server_info(info, timeout=CONNECT_TIMEOUT)
