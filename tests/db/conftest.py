"""Fixtures for the connectivity layer: ConnectionInfo objects and ODBC driver availability."""

from support.odbc import pg_info, pg_odbc_info, sqlite_odbc_info

__all__ = ["pg_info", "pg_odbc_info", "sqlite_odbc_info"]
