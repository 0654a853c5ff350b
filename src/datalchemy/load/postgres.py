"""PostgreSQL target: ``COPY ... FROM STDIN (FORMAT csv)`` fed with the file's own bytes.

The generator writes CSV that ``COPY`` accepts as it is, so the fastest path moves the file in
1 MiB chunks straight into the protocol (:func:`datalchemy.db.copy.copy_csv`): no parsing, no
Python row tuples, the SHA-256 computed on the same pass (measured against binary COPY,
``executemany`` and ``psql \\copy`` in ``bench/load_dataset.py``). Parquet files are encoded to
the same CSV block by block (:func:`datalchemy.db.copy.copy_arrow`). ``COPY`` writes identity
columns as given (also ``GENERATED ALWAYS``), so sequences are moved past the loaded values
afterwards.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

import psycopg
import pyarrow.parquet as pq
from psycopg import sql

from datalchemy.db.copy import copy_arrow, copy_csv
from datalchemy.db.errors import map_error
from datalchemy.db.metrics import DbMetrics
from datalchemy.db.pool import PgPool
from datalchemy.errors import DatabaseError, InputError
from datalchemy.load.cycles import HeldForeignKey
from datalchemy.load.dataset import DatasetTable, FixupFile
from datalchemy.load.target import Progress, SavedDdl, StepProgress, TableLoadError
from datalchemy.load.triggers import DisabledTriggers, disable_postgres_triggers, restore_triggers

__all__ = ["PostgresTarget"]

T = TypeVar("T")
_COPY_LINE = re.compile(r"COPY [^,]+, line (\d+)")


def _ident(table: DatasetTable) -> sql.Identifier:
    return sql.Identifier(table.schema_name, table.name)


def _qualified(schema: str, name: str, conn: psycopg.Connection[Any]) -> str:
    return sql.Identifier(schema, name).as_string(conn)


def _columns(names: Sequence[str]) -> sql.Composable:
    return sql.SQL(", ").join(sql.Identifier(c) for c in names)


def _changed(table: DatasetTable) -> InputError:
    return InputError(
        "dataset_file_changed",
        f"{table.path.name} differs from what the generation report recorded (SHA-256 mismatch)",
        path=str(table.path),
        hint="the file was edited after generation; generate again, or evaluate it first",
    )


def _failing_row(exc: psycopg.Error) -> int | None:
    context = getattr(exc.diag, "context", None) or ""
    found = _COPY_LINE.search(context)
    return int(found.group(1)) - 1 if found else None  # line 1 is the header


class PostgresTarget:
    """One connection checked out of the load's pool for as long as the target lives.

    Pooled connections are in autocommit mode; the target opens and ends its transaction with
    explicit ``BEGIN`` / ``COMMIT`` / ``ROLLBACK``.
    """

    strategy = "copy_csv"

    def __init__(self, pool: PgPool, metrics: DbMetrics) -> None:
        self._metrics = metrics
        self._checkout = contextlib.ExitStack()
        self._conn: psycopg.Connection[Any] = self._checkout.enter_context(pool.connection())

    # -- transaction ---------------------------------------------------------------------------

    def begin(self) -> None:
        self.rollback()
        self._execute(sql.SQL("BEGIN"), context="begin the load transaction")

    def commit(self) -> None:
        self._execute(sql.SQL("COMMIT"), context="commit")

    def rollback(self) -> None:
        # When the connection is gone, the server has rolled the transaction back itself.
        if self._conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            with contextlib.suppress(psycopg.Error):
                self._conn.execute("ROLLBACK")

    def close(self) -> None:
        self.rollback()
        self._checkout.close()  # back to the pool (a broken connection is replaced there)

    def cancel(self) -> None:
        # Thread-safe; the server stops the running statement (a COPY included), which then
        # fails with SQLSTATE 57014 in the thread that runs it.
        with contextlib.suppress(psycopg.Error):
            self._conn.cancel_safe(timeout=5.0)

    # -- statements ----------------------------------------------------------------------------

    def _run(self, fn: Callable[[], T], context: str) -> T:
        start = time.perf_counter()
        try:
            result = fn()
        except psycopg.Error as exc:
            err = map_error(exc, context=context)
            self._metrics.record_error(err)
            raise err from None
        self._metrics.record_query(time.perf_counter() - start)
        return result

    def _execute(self, query: sql.SQL | sql.Composed, *, context: str) -> list[tuple[Any, ...]]:
        def go() -> list[tuple[Any, ...]]:
            cur = self._conn.execute(query)
            return cur.fetchall() if cur.description else []

        return self._run(go, context)

    def count(self, table: DatasetTable) -> int:
        rows = self._execute(
            sql.SQL("SELECT count(*) FROM {}").format(_ident(table)),
            context=f"count {table.qualified}",
        )
        return int(rows[0][0])

    def current_date(self) -> date | None:
        rows = self._execute(sql.SQL("SELECT current_date"), context="read current_date")
        value = rows[0][0]
        return value if isinstance(value, date) else None

    def empty(self, tables: Sequence[DatasetTable], on_step: StepProgress) -> None:
        # One TRUNCATE of every table: no row-by-row delete and no FK search (PostgreSQL refuses
        # when a table outside the list references one of them).
        if tables:
            on_step("empty tables", 0, 1)
            self._execute(
                sql.SQL("TRUNCATE {} RESTART IDENTITY").format(
                    sql.SQL(", ").join(_ident(t) for t in tables)
                ),
                context="truncate the target tables",
            )
            on_step("empty tables", 1, 1)

    def drop_secondary(self, tables: Sequence[DatasetTable]) -> SavedDdl:
        oids = [f"{sql.Identifier(t.schema_name, t.name).as_string(self._conn)}" for t in tables]
        fks = self._execute(
            sql.SQL(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
                "FROM pg_constraint c WHERE c.contype = 'f' "
                "AND (c.conrelid = ANY({oids}::regclass[]) "
                "OR c.confrelid = ANY({oids}::regclass[])) "
                "ORDER BY 1, 2"
            ).format(oids=sql.Literal(oids)),
            context="read foreign keys",
        )
        indexes = self._execute(
            sql.SQL(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE i.indrelid = ANY({oids}::regclass[]) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1"
            ).format(oids=sql.Literal(oids)),
            context="read secondary indexes",
        )
        for rel, name, _ in fks:
            self._execute(
                sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                    sql.SQL(str(rel)), sql.Identifier(str(name))
                ),
                context=f"drop foreign key {name}",
            )
        for name, _ in indexes:
            self._execute(
                sql.SQL("DROP INDEX {}").format(sql.SQL(str(name))), context=f"drop index {name}"
            )
        return SavedDdl(
            indexes=[str(d) for _, d in indexes],
            foreign_keys=[(str(r), str(n), str(d)) for r, n, d in fks],
        )

    def restore_secondary(self, saved: SavedDdl) -> None:
        for ddl in saved.indexes:
            self._execute(sql.SQL(ddl), context="re-create index")
        for rel, name, definition in saved.foreign_keys:
            # NOT VALID then VALIDATE: the check scans once, without blocking other readers.
            already = definition.endswith("NOT VALID")
            self._execute(
                sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
                    sql.SQL(rel),
                    sql.Identifier(name),
                    sql.SQL(definition if already else definition + " NOT VALID"),
                ),
                context=f"re-create foreign key {name}",
            )
            if not already:
                self._execute(
                    sql.SQL("ALTER TABLE {} VALIDATE CONSTRAINT {}").format(
                        sql.SQL(rel),
                        sql.Identifier(name),
                    ),
                    context=f"validate foreign key {name}",
                )

    # -- data ----------------------------------------------------------------------------------

    def load_table(self, table: DatasetTable, progress: Progress) -> int:
        name = (table.schema_name, table.name)
        digest = hashlib.sha256()
        done = 0

        def on_block(block: bytes) -> None:
            nonlocal done
            if table.hash_while_reading:
                digest.update(block)
            done += len(block)
            progress(table, min(done, table.bytes))

        try:
            if table.format == "parquet":
                batches = pq.ParquetFile(table.path).iter_batches(batch_size=65536)
                return copy_arrow(
                    self._conn, name, list(table.columns), batches,
                    metrics=self._metrics, on_block=on_block,
                )  # fmt: skip

            def check_at_end(block: bytes) -> None:
                on_block(block)
                # Raised inside the COPY: the server aborts it, nothing of the file stays.
                if done == table.bytes and digest.hexdigest() != table.sha256:
                    raise _changed(table)

            return copy_csv(
                self._conn, name, list(table.columns), table.path,
                metrics=self._metrics,
                on_block=check_at_end if table.hash_while_reading else on_block,
            )  # fmt: skip
        except InputError as exc:
            raise TableLoadError(exc, None) from None
        except DatabaseError as exc:
            cause = exc.__cause__
            if not isinstance(cause, psycopg.Error):
                raise TableLoadError(exc, None) from None
            raise TableLoadError(
                exc,
                _failing_row(cause),
                raw=cause.diag.message_primary,
                context=cause.diag.context,
            ) from None

    def apply_fixup(self, table: DatasetTable, fixup: FixupFile) -> int:
        cols = list(fixup.columns)
        stage = sql.Identifier("_datalchemy_fixup")
        self._execute(
            sql.SQL("CREATE TEMP TABLE {} ON COMMIT DROP AS SELECT {} FROM {} LIMIT 0").format(
                stage, _columns(cols), _ident(table)
            ),
            context=f"stage fix-ups of {table.qualified}",
        )
        copy_csv(self._conn, "_datalchemy_fixup", cols, fixup.path, metrics=self._metrics)
        sets = sql.SQL(", ").join(
            sql.SQL("{} = f.{}").format(sql.Identifier(c), sql.Identifier(c))
            for c in fixup.fk_columns
        )
        match = sql.SQL(" AND ").join(
            sql.SQL("t.{} = f.{}").format(sql.Identifier(c), sql.Identifier(c))
            for c in fixup.key_columns
        )

        def go() -> int:
            cur = self._conn.execute(
                sql.SQL("UPDATE {} AS t SET {} FROM {} AS f WHERE {}").format(
                    _ident(table), sets, stage, match
                )
            )
            updated = cur.rowcount
            self._conn.execute(sql.SQL("DROP TABLE {}").format(stage))
            return updated

        return self._run(go, f"apply fix-ups of {table.qualified}")

    def move_sequences(self, table: DatasetTable) -> list[str]:
        # Owned sequences (identity, serial) and plain nextval('...') defaults alike.
        rows = self._execute(
            sql.SQL(
                "SELECT a.attname, coalesce(pg_get_serial_sequence({rel}, a.attname), "
                "substring(pg_get_expr(d.adbin, d.adrelid) from 'nextval\\(''([^'']+)''')) "
                "FROM pg_attribute a LEFT JOIN pg_attrdef d "
                "ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                "WHERE a.attrelid = {rel}::regclass AND a.attnum > 0 AND NOT a.attisdropped "
                "AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype) "
                "ORDER BY a.attnum"
            ).format(rel=sql.Literal(_ident(table).as_string(self._conn))),
            context=f"find sequences of {table.qualified}",
        )
        moved = []
        for column, sequence in rows:
            if sequence is None or column not in table.columns:
                continue
            result = self._execute(
                sql.SQL(
                    "SELECT setval({seq}, m) FROM (SELECT max({col}) AS m FROM {t}) s "
                    "WHERE m IS NOT NULL AND m >= coalesce(pg_sequence_last_value({seq}), m)"
                ).format(
                    seq=sql.Literal(sequence), col=sql.Identifier(str(column)), t=_ident(table)
                ),
                context=f"move sequence {sequence}",
            )
            if result:
                moved.append(str(sequence))
        return moved

    def disable_triggers(self, tables: Sequence[DatasetTable]) -> DisabledTriggers:
        relations = [_ident(t).as_string(self._conn) for t in tables]
        return disable_postgres_triggers(self._query, self._statement, relations)

    def restore_triggers(self, saved: DisabledTriggers) -> None:
        restore_triggers(self._statement, saved)

    def _query(self, text: str) -> list[tuple[Any, ...]]:
        return self._execute(sql.SQL(text), context="read triggers")

    def _statement(self, text: str) -> None:
        self._execute(sql.SQL(text), context="switch triggers")

    def hold_foreign_keys(self, held: Sequence[HeldForeignKey]) -> SavedDdl:
        """Defer the DEFERRABLE ones; drop the others in this transaction (nobody else sees the
        table without them) and return their definitions to add back, validated."""
        dropped: list[tuple[str, str, str]] = []
        for h in held:
            name = h.fk.name or ""
            if h.fk.deferrable:
                self._execute(
                    sql.SQL("SET CONSTRAINTS {} DEFERRED").format(
                        sql.Identifier(h.table.schema_name, name)
                    ),
                    context=f"defer foreign key {name}",
                )
                continue
            rel = _ident(h.table).as_string(self._conn)
            found = self._execute(
                sql.SQL(
                    "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = {rel}::regclass AND conname = {name} AND contype = 'f'"
                ).format(rel=sql.Literal(rel), name=sql.Literal(name)),
                context=f"read foreign key {name}",
            )
            if not found:  # already dropped (--mode recreate drops every foreign key)
                continue
            self._execute(
                sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                    _ident(h.table), sql.Identifier(name)
                ),
                context=f"hold foreign key {name} until its cycle is loaded",
            )
            dropped.append((rel, name, str(found[0][0])))
        return SavedDdl(indexes=[], foreign_keys=dropped)

    def execute_ddl(self, text: str) -> None:
        self._execute(sql.SQL(text), context="create the schema")

    def existing_objects(
        self, relations: Sequence[tuple[str, str]], types: Sequence[tuple[str, str]]
    ) -> list[str]:
        quoted = {_qualified(s, n, self._conn): f"{s}.{n}" for s, n in relations}
        typed = {_qualified(s, n, self._conn): f"{s}.{n}" for s, n in types}
        rows = self._execute(
            sql.SQL(
                "SELECT x FROM unnest({rel}::text[]) AS x WHERE to_regclass(x) IS NOT NULL "
                "UNION ALL "
                "SELECT x FROM unnest({typ}::text[]) AS x WHERE to_regtype(x) IS NOT NULL"
            ).format(rel=sql.Literal(list(quoted)), typ=sql.Literal(list(typed))),
            context="look for the schema's objects in the target",
        )
        names = {**quoted, **typed}
        return sorted(names[str(r[0])] for r in rows)

    def check_foreign_keys(self, tables: Sequence[DatasetTable]) -> None:
        # Immediate constraints were checked row by row; deferred ones are checked at COMMIT.
        self._execute(
            sql.SQL("SET CONSTRAINTS ALL IMMEDIATE"), context="check deferred constraints"
        )
