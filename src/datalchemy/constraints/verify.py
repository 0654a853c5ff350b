"""Verify CHECK constraints on Arrow batches with DuckDB.

:class:`CheckVerifier` evaluates every check's ``verify_sql`` over a batch in one DuckDB query:

    SELECT coalesce(NOT (e0), false) AS c0, coalesce(NOT (e1), false) AS c1, ... FROM batch

SQL semantics: a CHECK fails only when its expression is FALSE; NULL passes. So ``True`` in a
mask means "this row violates the check".

Threads and processes: a verifier owns one DuckDB connection, created on first use. DuckDB
connections must not be used by two threads at once, so a verifier is *thread confined*: use one
per thread (or per worker process). Pickling a verifier drops the connection; the copy opens its
own on first use, so verifiers can be sent to a process pool. The connection runs with
``threads`` DuckDB threads (1 by default, so N workers use N cores), time zone UTC (so
``TIMESTAMP`` constants compare with ``TIMESTAMPTZ`` columns the same on every machine) and
external access disabled (a CHECK cannot read files).

A check whose expression DuckDB rejects (an unknown function, a column missing from the batch, a
runtime error on the data) is moved to :attr:`CheckVerifier.unsupported` with DuckDB's message
instead of failing the run; the other checks keep being verified.

Example:
    >>> import pyarrow as pa
    >>> from datalchemy.constraints.model import CheckAnalysis
    >>> check = CheckAnalysis("pos", "x > 0", ["x"], "domain", '"x" > 0')
    >>> masks = CheckVerifier([check]).failing(pa.table({"x": [1, 0, None]}))
    >>> masks[0].tolist()
    [False, True, False]
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from datalchemy.constraints.model import CheckAnalysis

__all__ = ["CheckVerifier"]

_VIEW = "batch"


class CheckVerifier:
    """Masks of the rows that violate each check, one DuckDB query per batch.

    Args:
        checks: the analysed checks; the indices of the returned masks are indices into it.
            Checks without ``verify_sql`` are skipped (listed in :attr:`unsupported`).
        schema: the Arrow schema of the batches, when known: the checks are then prepared
            against an empty table of that schema right away, so :attr:`unsupported` is complete
            after construction. Otherwise that happens on the first batch (and again whenever
            the batch schema changes).
        threads: DuckDB threads for this verifier's connection.
    """

    def __init__(
        self,
        checks: Sequence[CheckAnalysis],
        *,
        schema: pa.Schema | None = None,
        threads: int = 1,
    ) -> None:
        self.checks = list(checks)
        self.threads = threads
        #: check index -> why it is not verified (no ``verify_sql``, or DuckDB's error).
        self.unsupported: dict[int, str] = {}
        for i, check in enumerate(self.checks):
            if not check.verify_sql:
                self.unsupported[i] = check.note or "no DuckDB expression for this check"
        self._con: Any = None
        self._schema: pa.Schema | None = None
        self._active: list[int] = []
        self._sql: str | None = None
        if schema is not None:
            self._prepare(schema)

    # ------------------------------------------------------------------------------ public

    @property
    def verified(self) -> list[int]:
        """Indices of the checks currently verified."""
        return [i for i in range(len(self.checks)) if i not in self.unsupported]

    def failing(self, batch: pa.Table | pa.RecordBatch) -> dict[int, npt.NDArray[np.bool_]]:
        """Check index -> boolean mask over the batch's rows, True where the row violates it.

        Every verified check gets a mask (all False when no row fails); unsupported checks are
        left out.
        """
        table = pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch
        if self._schema is None or not table.schema.equals(self._schema):
            self._prepare(table.schema)
        if not self._active:
            return {}
        try:
            columns = self._run(table, self._sql or "")
        except Exception:
            # One expression failed on these values: find it, set it aside, run the rest.
            self._isolate_runtime_errors(table)
            if not self._active:
                return {}
            columns = self._run(table, self._sql or "")
        return {idx: np.asarray(columns[f"c{idx}"], dtype=np.bool_) for idx in self._active}

    # ----------------------------------------------------------------------------- private

    def _connection(self) -> Any:
        if self._con is None:
            import duckdb

            con = duckdb.connect(config={"enable_external_access": False})
            con.execute(f"SET threads = {max(1, int(self.threads))}")
            with contextlib.suppress(duckdb.Error):
                con.execute("SET TimeZone = 'UTC'")
            self._con = con
        return self._con

    def _select(self, indices: Sequence[int]) -> str:
        parts = [f"coalesce(NOT ({self.checks[i].verify_sql}), false) AS c{i}" for i in indices]
        return f"SELECT {', '.join(parts)} FROM {_VIEW}"

    def _run(self, table: pa.Table, sql: str) -> dict[str, Any]:
        con = self._connection()
        con.register(_VIEW, table)
        try:
            result: dict[str, Any] = con.execute(sql).fetchnumpy()
        finally:
            con.unregister(_VIEW)
        return result

    def _prepare(self, schema: pa.Schema) -> None:
        """Find the checks DuckDB cannot bind over ``schema``; build the combined query."""
        self._schema = schema
        candidates = [i for i in range(len(self.checks)) if i not in self.unsupported]
        empty = schema.empty_table()
        if candidates:
            try:
                self._run(empty, self._select(candidates))
            except Exception:
                for i in candidates:
                    try:
                        self._run(empty, self._select([i]))
                    except Exception as exc:
                        self.unsupported[i] = _message(exc)
        self._set_active()

    def _set_active(self) -> None:
        self._active = [i for i in range(len(self.checks)) if i not in self.unsupported]
        self._sql = self._select(self._active) if self._active else None

    def _isolate_runtime_errors(self, table: pa.Table) -> None:
        for i in list(self._active):
            try:
                self._run(table, self._select([i]))
            except Exception as exc:
                self.unsupported[i] = _message(exc)
        self._set_active()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_con"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def close(self) -> None:
        """Close the DuckDB connection (a later call to :meth:`failing` reopens one)."""
        if self._con is not None:
            self._con.close()
            self._con = None


def _message(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"DuckDB: {text.splitlines()[0]}" if text else f"DuckDB: {type(exc).__name__}"
