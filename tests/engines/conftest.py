"""Engine tests reach every engine's database, ODBC included."""

from support.odbc import pg_info, pg_odbc_info, sqlite_odbc_info

__all__ = ["pg_info", "pg_odbc_info", "sqlite_odbc_info"]
