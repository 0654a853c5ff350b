"""Introspection through ODBC needs the ODBC fixtures of the connectivity tests."""

from support.odbc import pg_info, pg_odbc_info, sqlite_odbc_info

__all__ = ["pg_info", "pg_odbc_info", "sqlite_odbc_info"]
