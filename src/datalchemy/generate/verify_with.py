"""CHECKs only the database can evaluate, evaluated by the database: ``generate --verify-with``.

A CHECK that calls an application function (``controlled_for_whitespace(name)``, a PL/pgSQL
validator) cannot be evaluated by DuckDB, so generation cannot verify it on its own. Given a
connection to a database that holds the schema (the source itself, or any copy),
:class:`DatabaseVerifier` sends the values of each block through one read-only statement that
evaluates every such CHECK, and rolls the transaction back: no table is read or written, only
the functions run. Rows that fail are regenerated from the retry stream like any other.

The statement (PostgreSQL), one text array per column the CHECKs read, each value cast back to
the column's declared type so the expressions see what an INSERT would give them::

    BEGIN READ ONLY; SET LOCAL search_path = "<schema>", public;
    SELECT coalesce(NOT (<check 1>), false), ...
      FROM (SELECT CAST(u.v0 AS <type of col0>) AS "col0", ..., u.ord
              FROM unnest($1::text[], ...) WITH ORDINALITY AS u(v0, ..., ord)) AS t
     ORDER BY t.ord;
    ROLLBACK;

Values travel as the text the CSV files hold (:func:`datalchemy.csvformat.csv_column`), which is
what ``COPY`` reads at load time. A value the cast rejects (a domain CHECK) fails the statement;
the block is then evaluated row by row so that only those rows are marked.

A verifier owns one connection, opened on first use and dropped when pickled, so worker
processes and Dask workers each open their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from datalchemy.constraints.model import CheckAnalysis
from datalchemy.contracts.schema import Column
from datalchemy.csvformat import csv_column
from datalchemy.errors import UsageError

__all__ = ["DatabaseVerifier", "require_verifiable"]

Mask = npt.NDArray[np.bool_]


def require_verifiable(conn: str) -> None:
    """Raise unless ``conn`` is a connection string of a database that can verify CHECKs.

    Raises:
        UsageError: ``verify_with_unsupported`` for another engine than PostgreSQL.
    """
    from datalchemy.db.urls import parse_connection
    from datalchemy.engines import POSTGRES, engine_for

    info = parse_connection(conn)
    if engine_for(info) is not POSTGRES:
        raise UsageError(
            "verify_with_unsupported",
            f"--verify-with needs a PostgreSQL database, got {info.engine} ({info.redacted})",
            hint="give the URL of a PostgreSQL database that holds the schema and its functions",
        )


class DatabaseVerifier:
    """Masks of the rows that violate CHECKs DuckDB cannot evaluate, asked of PostgreSQL.

    Args:
        conn: connection string of a database holding the schema's functions.
        schema_name: the table's schema (first on the ``search_path`` of the statement).
        checks: the table's analysed CHECKs; ``indices`` says which of them this verifier
            evaluates (masks are returned under those indices).
        columns: the table's columns by name (declared types for the casts).
    """

    def __init__(
        self,
        conn: str,
        schema_name: str,
        checks: Sequence[CheckAnalysis],
        indices: Sequence[int],
        columns: dict[str, Column],
    ) -> None:
        self.conn = conn
        self.schema_name = schema_name
        self.indices = list(indices)
        self.checks = {i: checks[i] for i in self.indices}
        read = dict.fromkeys(c for i in self.indices for c in checks[i].columns if c in columns)
        self.columns = [columns[c] for c in read]
        self._con: Any = None

    # ------------------------------------------------------------------------------ public

    def failing(self, batch: pa.Table) -> dict[int, Mask]:
        """Check index -> mask over the batch's rows, True where the row violates it."""
        n = batch.num_rows
        if not self.indices or n == 0:
            return {i: np.zeros(n, dtype=np.bool_) for i in self.indices}
        cells = [self._cells(batch, col) for col in self.columns]
        try:
            rows = self._evaluate(cells, n)
        except _Rejected:
            rows = [self._one_row([c[r : r + 1] for c in cells]) for r in range(n)]
        table = np.asarray(rows, dtype=np.bool_).reshape(n, len(self.indices))
        return {idx: table[:, k].copy() for k, idx in enumerate(self.indices)}

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_con"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    # ----------------------------------------------------------------------------- private

    @staticmethod
    def _cells(batch: pa.Table, col: Column) -> list[str | None]:
        if col.name not in batch.column_names:
            return [None] * batch.num_rows  # not written: the database's default applies
        text = pc.cast(csv_column(batch.column(col.name)), pa.string())
        return list(text.to_pylist())

    def _connection(self) -> Any:
        if self._con is None:
            from datalchemy.db.postgres import connect
            from datalchemy.db.urls import parse_connection

            self._con = connect(parse_connection(self.conn), autocommit=True)
        return self._con

    def _statement(self) -> Any:
        from psycopg import sql

        checks = sql.SQL(", ").join(
            sql.SQL("coalesce(NOT ({}), false)").format(sql.SQL(self.checks[i].expression))
            for i in self.indices
        )
        names = [f"v{k}" for k in range(len(self.columns))]
        casts = sql.SQL(", ").join(
            sql.SQL("CAST(u.{} AS {}) AS {}").format(
                sql.Identifier(v), sql.SQL(col.declared_type), sql.Identifier(col.name)
            )
            for v, col in zip(names, self.columns, strict=True)
        )
        arrays = sql.SQL(", ").join(sql.SQL("%s::text[]") for _ in self.columns)
        aliases = sql.SQL(", ").join(sql.Identifier(v) for v in [*names, "ord"])
        if not self.columns:  # CHECKs of constants only
            return sql.SQL("SELECT {} FROM generate_series(1, %s) AS t(ord) ORDER BY t.ord").format(
                checks
            )
        return sql.SQL(
            "SELECT {checks} FROM (SELECT {casts}, u.ord FROM unnest({arrays}) "
            "WITH ORDINALITY AS u({aliases})) AS t ORDER BY t.ord"
        ).format(checks=checks, casts=casts, arrays=arrays, aliases=aliases)

    def _evaluate(self, cells: list[list[str | None]], n: int) -> list[tuple[bool, ...]]:
        import psycopg
        from psycopg import sql

        con = self._connection()
        params: list[Any] = list(cells) if self.columns else [n]
        try:
            con.execute("BEGIN READ ONLY")
            con.execute(
                sql.SQL("SET LOCAL search_path = {}, public").format(
                    sql.Identifier(self.schema_name)
                )
            )
            rows = con.execute(self._statement(), params).fetchall()
        except psycopg.errors.DataError as exc:
            raise _Rejected(str(exc)) from None
        except psycopg.errors.IntegrityError as exc:  # a domain's CHECK on a cast value
            raise _Rejected(str(exc)) from None
        except psycopg.Error as exc:
            from datalchemy.db.errors import map_error

            raise map_error(exc, context=f"verify CHECKs of {self.schema_name}") from None
        finally:
            con.execute("ROLLBACK")
        return [tuple(bool(v) for v in row) for row in rows]

    def _one_row(self, cells: list[list[str | None]]) -> tuple[bool, ...]:
        """One row alone: a value the database rejects outright fails every CHECK."""
        try:
            return self._evaluate(cells, 1)[0]
        except _Rejected:
            return tuple(True for _ in self.indices)


class _Rejected(Exception):
    """The database refused a value before evaluating the CHECKs (a cast, a domain)."""
