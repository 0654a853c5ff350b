"""ODBC driver families: what datalchemy knows about the databases behind an ODBC driver.

One :class:`DriverProfile` per family, in one table (:data:`DRIVER_PROFILES`). A profile holds
the driver's quirks (connection-string attributes, safe insert paths, how a statement timeout is
set) and what the database behind it can do (its :class:`Capabilities`, its sqlglot dialect and
the few SQL statements a load needs there). Everything that differs between ODBC databases is
read from here; adding a family is one entry with its ``names``.

psqlODBC buffers a whole result in the client unless ``UseDeclareFetch=1`` (418 MB vs 67 MB for
1 M rows), the Debian package turns its communication log on (``CommLog=1``), and libsqliteodbc
crashes the interpreter under pyodbc's ``fast_executemany``. User-given attributes always win over
the profile's (``docs/connectivity.md``).

Example:
    >>> profile_for("psqlodbcw.so").family, profile_for("SQLite3").dialect
    ('postgresql', 'sqlite')
    >>> profile_for("Some Vendor").family
    'generic'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from datalchemy.engines.base import Capabilities

__all__ = [
    "DRIVER_PROFILES",
    "SYSTEM_SCHEMAS",
    "SYSTEM_TABLE_PREFIXES",
    "DriverProfile",
    "InsertMethod",
    "profile_for",
]

InsertMethod = Literal["executemany", "fast_executemany", "arrow"]


@dataclass(frozen=True, kw_only=True)
class DriverProfile:
    """What datalchemy knows about one ODBC driver family."""

    family: str
    """``postgresql``, ``sqlite`` or ``generic``."""

    label: str
    """How messages name the database behind the driver (``SQLite``)."""

    capabilities: Capabilities
    """What the database behind the driver can do through ODBC."""

    names: tuple[str, ...] = ()
    """Lower-case fragments of a driver, DSN or DBMS name that identify the family."""

    dialect: str | None = None
    """sqlglot dialect of the database behind the driver; None when unknown."""

    attributes: dict[str, str] = field(default_factory=dict)
    """Connection-string additions (the user's own attributes take precedence); ``{fetch}`` in
    a value is replaced by the fetch/batch size."""

    fast_executemany: bool = False
    """Whether pyodbc's parameter arrays are safe with this driver."""

    timeout: Literal["connsettings", "attribute"] | None = "attribute"
    """How a statement timeout is set: ``connsettings`` (a ``SET statement_timeout`` run by the
    driver at connect), ``attribute`` (ODBC ``SQL_ATTR_QUERY_TIMEOUT`` via
    ``Connection.timeout``), or None (unsupported)."""

    insert_method: InsertMethod = "executemany"
    """The fastest transactional bulk-insert path measured for the driver."""

    overriding_system_value: bool = False
    """INSERTs say ``OVERRIDING SYSTEM VALUE``, so ``GENERATED ALWAYS`` identity columns take
    the given values (as ``COPY`` does)."""

    load_begin: tuple[str, ...] = ()
    """Statements run at the start of every load transaction (defer foreign-key checks)."""

    load_check: tuple[str, ...] = ()
    """Statements that check deferred constraints before COMMIT, so a failure names them."""

    foreign_key_pragma: bool = False
    """``PRAGMA foreign_key_check`` names a broken foreign key before COMMIT (SQLite)."""

    sequence_sql: tuple[str, str] | None = None
    """Two queries that move sequences past the loaded keys: (``column, sequence`` of a table,
    bound twice to the quoted table name; ``setval`` of one sequence, bound twice to its name)."""

    system_schemas: frozenset[str] = frozenset()
    """Schemas holding the database's own catalog, never user tables."""

    system_table_prefixes: tuple[str, ...] = ()
    """Name prefixes of the database's internal tables."""

    missing_database_markers: tuple[str, ...] = ()
    """Fragments that, all in a failed connect's message, mean the database file is missing."""


_NO_CAPABILITIES = Capabilities(
    schemas=True,
    copy_csv=False,
    single_writer=False,
    deferrable_constraints=False,
    not_null_fk_cycles=False,
    sequences=False,
    drop_secondary=False,
    check_constraints=False,
    max_identifier_length=None,
)

# Owned sequences (identity, serial) and plain nextval('...') defaults alike.
_PG_SEQUENCES = (
    "SELECT a.attname, coalesce(pg_get_serial_sequence(?, a.attname), "
    "substring(pg_get_expr(d.adbin, d.adrelid) from 'nextval\\(''([^'']+)''')) "
    "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
    "WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0 AND NOT a.attisdropped "
    "AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype) ORDER BY a.attnum"
)
# {column} and {table} are quoted identifiers; the sequence name is bound twice.
_PG_SETVAL = (
    "SELECT setval(CAST(? AS regclass), m) FROM (SELECT max({column}) AS m FROM {table}) s "
    "WHERE m IS NOT NULL AND m >= coalesce(pg_sequence_last_value(CAST(? AS regclass)), m)"
)

#: Per-driver settings, by family. Measured on psqlODBC 13.02 and libsqliteodbc 0.9998.
DRIVER_PROFILES: dict[str, DriverProfile] = {
    "postgresql": DriverProfile(
        family="postgresql",
        label="PostgreSQL",
        names=("postgres", "psql"),
        dialect="postgres",
        capabilities=Capabilities(
            schemas=True,
            copy_csv=False,
            single_writer=False,
            deferrable_constraints=True,
            not_null_fk_cycles=False,  # the portable ODBC target drops no constraint
            sequences=True,
            drop_secondary=False,  # the portable ODBC target reads no DDL back
            check_constraints=False,
            max_identifier_length=63,
        ),
        attributes={
            # Debian's odbcinst.ini template enables a per-process log file in /tmp.
            "CommLog": "0",
            "Debug": "0",
            # Without a declare/fetch cursor the driver reads the whole result into memory.
            "UseDeclareFetch": "1",
            "Fetch": "{fetch}",
        },
        # Parameter arrays drop fractional seconds of timestamps with psqlODBC (measured; pyodbc
        # issue #1023): silent corruption, so refused. arrow-odbc is faster anyway.
        fast_executemany=False,
        # psqlODBC rejects SQL_ATTR_QUERY_TIMEOUT on the connection (attribute 113).
        timeout="connsettings",
        insert_method="arrow",
        overriding_system_value=True,
        load_check=("SET CONSTRAINTS ALL IMMEDIATE",),
        sequence_sql=(_PG_SEQUENCES, _PG_SETVAL),
        system_schemas=frozenset({"pg_catalog", "information_schema", "pg_toast"}),
    ),
    "sqlite": DriverProfile(
        family="sqlite",
        label="SQLite",
        names=("sqlite",),
        dialect="sqlite",
        capabilities=Capabilities(
            schemas=False,
            copy_csv=False,
            single_writer=True,
            deferrable_constraints=True,
            not_null_fk_cycles=True,  # load_begin defers foreign keys to COMMIT
            sequences=False,
            drop_secondary=False,
            check_constraints=False,
            max_identifier_length=None,
        ),
        attributes={
            # Enforce foreign keys like the native path (PRAGMA foreign_keys=ON per connection).
            "FKSupport": "1",
            # A typo in the file name must fail, not create an empty database.
            "NoCreat": "1",
            # Busy timeout in milliseconds: wait for a competing writer instead of failing.
            "Timeout": "5000",
        },
        # pyodbc fast_executemany segfaults with libsqliteodbc (TEXT reported with size 0).
        fast_executemany=False,
        timeout=None,
        insert_method="arrow",
        load_begin=("PRAGMA defer_foreign_keys = ON",),
        foreign_key_pragma=True,
        system_table_prefixes=("sqlite_",),
        # libsqliteodbc reports a missing file (NoCreat=1) only as "connect failed (14)".
        missing_database_markers=("(14)", "sqlite"),
    ),
    "generic": DriverProfile(
        family="generic",
        label="ODBC",
        capabilities=_NO_CAPABILITIES,
        system_schemas=frozenset({"sys", "INFORMATION_SCHEMA"}),
    ),
}

#: Schemas never read by ODBC introspection, whatever the driver says it is.
SYSTEM_SCHEMAS = frozenset().union(*(p.system_schemas for p in DRIVER_PROFILES.values()))
#: Table-name prefixes of internal tables, skipped by ODBC introspection.
SYSTEM_TABLE_PREFIXES = tuple(x for p in DRIVER_PROFILES.values() for x in p.system_table_prefixes)


def profile_for(*names: str | None) -> DriverProfile:
    """The profile whose ``names`` occur in the first of ``names`` that identifies a family
    (driver, DSN or DBMS names, any case); the generic profile when none does.

    Example:
        >>> profile_for(None, "PostgreSQL").family
        'postgresql'
    """
    for name in names:
        lower = (name or "").lower()
        for profile in DRIVER_PROFILES.values():
            if any(fragment in lower for fragment in profile.names):
                return profile
    return DRIVER_PROFILES["generic"]
