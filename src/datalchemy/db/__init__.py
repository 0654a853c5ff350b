"""Database connectivity: connection strings and redaction, connections, error taxonomy."""

from datalchemy.db.urls import (
    ConnectionInfo,
    parse_connection,
    redact_text,
    register_secret,
    resolve_connection,
)

__all__ = [
    "ConnectionInfo",
    "parse_connection",
    "redact_text",
    "register_secret",
    "resolve_connection",
]
