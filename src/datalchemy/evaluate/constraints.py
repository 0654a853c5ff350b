"""Every constraint of a table verified over its files, one :class:`ConstraintResult` each.

- value checks on the raw text of the file (one scan for all columns, see
  :mod:`.value_types`): type (the value does not parse as the declared type, or an integer is
  out of its width's range), ``length`` (``varchar(n)``/``char(n)``: more than *n* characters
  once trailing spaces are dropped, as PostgreSQL allows), ``numeric_precision`` (too many
  integer digits for ``numeric(p, s)``), ``numeric_scale`` (non-zero digits beyond the scale:
  PostgreSQL would round them away silently, so the data does not say what the plan meant),
  ``enum`` (a label the enum does not have); the same for the elements of arrays; a type DuckDB
  cannot judge is ``not_evaluated`` with the reason;
- ``not_null`` on the final values (fix-ups applied);
- ``primary_key`` / ``unique``: duplicate keys with SQL NULL semantics (a key with a NULL part
  never collides, unless ``NULLS NOT DISTINCT``; a NULL in a primary key is a violation);
- ``foreign_key``: child keys without a parent row (composite keys; MATCH SIMPLE skips keys with
  a NULL part, MATCH FULL flags partly NULL keys);
- ``check``: every CHECK (and domain CHECK), transpiled from the schema's dialect by
  :func:`datalchemy.constraints.analyze_table`. A row violates a CHECK when it is FALSE (NULL
  passes). A check DuckDB cannot evaluate is reported ``not_evaluated`` with the reason;
- ``trigger``: an INSERT trigger that may reject, rewrite or duplicate rows for reasons the files
  cannot show (:func:`datalchemy.triggers.unverifiable_triggers`) is ``not_evaluated``, with
  its classification and why. Triggers that emulate a foreign key or check the row are in the
  schema as a foreign key / CHECK and verified as such.

Violation counts are rows; for keys, rows beyond the first of each duplicated key. Examples are
the first few offending values in sorted order (deterministic), PII values masked.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import duckdb
import sqlglot
from sqlglot.errors import SqlglotError

from datalchemy.constraints.checks import analyze_check, analyze_table
from datalchemy.constraints.dialects import dialect_for
from datalchemy.constraints.enforced import enforced_table
from datalchemy.constraints.model import CheckAnalysis
from datalchemy.constraints.partitions import partition_foreign_keys
from datalchemy.contracts.metrics import ConstraintKind, ConstraintResult
from datalchemy.contracts.schema import (
    CheckConstraint,
    Column,
    DatabaseSchema,
    ForeignKey,
)
from datalchemy.engines import check_dialect
from datalchemy.evaluate.dataset import Dataset, Session, TableData, count_where, q
from datalchemy.evaluate.privacy import PiiPolicy, mask
from datalchemy.evaluate.value_types import value_checks
from datalchemy.triggers import unverifiable_triggers

__all__ = ["EXAMPLES", "verify_table"]

#: Examples kept per violated constraint.
EXAMPLES = 3

Status = Literal["ok", "violated", "not_evaluated"]


def _result(
    kind: ConstraintKind,
    name: str | None,
    td: TableData,
    columns: list[str],
    violations: int,
    examples: list[str] | None = None,
    *,
    expression: str | None = None,
    note: str | None = None,
    status: Status | None = None,
) -> ConstraintResult:
    return ConstraintResult(
        kind=kind,
        name=name,
        table=td.qualified,
        columns=columns,
        status=status or ("violated" if violations else "ok"),
        violations=violations,
        examples=examples or [],
        expression=expression,
        note=note,
    )


def _text(expr: str) -> str:
    """Example values leave DuckDB as its own text: one format for every type, and no Python
    conversion (a TIMESTAMPTZ fetched as a value needs pytz, which is not a dependency)."""
    return f"CAST({expr} AS VARCHAR)"


def _not_null_columns(schema: DatabaseSchema, td: TableData) -> list[tuple[Column, str]]:
    """Non-nullable columns (column or domain NOT NULL) with the constraint's name."""
    out = []
    for col in td.table.columns:
        if col.is_generated:
            continue
        domain = schema.domain(col.domain) if col.domain else None
        if not col.nullable:
            out.append((col, f"{col.name} NOT NULL"))
        elif domain is not None and domain.not_null:
            out.append((col, f"{domain.qualified_name} NOT NULL"))
    return out


def _value_and_null_checks(
    schema: DatabaseSchema, session: Session, td: TableData, pii: PiiPolicy
) -> list[ConstraintResult]:
    checks: list[tuple[ConstraintKind, Column, str, str]] = []
    results: list[ConstraintResult] = []
    for col in td.columns:
        for check in value_checks(schema, td, col):
            if check.condition is None:  # a type DuckDB cannot judge: said, not guessed
                results.append(
                    _result(check.kind, None, td, [col.name], 0, status="not_evaluated",
                            note=check.note)
                )  # fmt: skip
                continue
            # A NULL raw value is not a type problem (NOT NULL says whether it may be NULL).
            cond = f"{td.raw(col.name)} IS NOT NULL AND ({check.condition})"
            checks.append((check.kind, col, cond, check.note))
    fixed = {c for fx in td.fixups for c in fx.fk_columns}
    present = set(td.header)
    nn = _not_null_columns(schema, td)
    counts: list[int] = []
    if checks:
        select = ", ".join(count_where(cond) for _, _, cond, _ in checks)
        counts = [int(v) for v in session.one(f"SELECT {select} FROM {td.raw_source()}")]
    for (kind, col, cond, note), n in zip(checks, counts, strict=True):
        examples: list[str] = []
        if n:
            raw = td.raw(col.name)
            rows = session.rows(
                f"SELECT DISTINCT {raw} AS v FROM {td.raw_source()} WHERE {cond} "
                f"ORDER BY v LIMIT {EXAMPLES}"
            )
            is_pii = pii.is_pii(td.qualified, col)
            examples = [f"{col.name}={mask(r[0], is_pii)}" for r in rows]
        results.append(_result(kind, None, td, [col.name], n, examples, note=note))
    # NOT NULL on the final values: the file's own NULLs (type failures are not NULLs), and for
    # columns a fix-up sets, the values after the fix-up.
    exprs: list[str] = []
    for col, _ in nn:
        if col.name not in present:
            continue
        if col.name in fixed:
            exprs.append(f"(SELECT {count_where(q(col.name) + ' IS NULL')} FROM {td.duck})")
        else:
            exprs.append(
                f"(SELECT {count_where(td.raw(col.name) + ' IS NULL')} FROM {td.raw_source()})"
            )
    nulls = [int(v) for v in session.one("SELECT " + ", ".join(exprs))] if exprs else []
    it = iter(nulls)
    for col, name in nn:
        if col.name in present:
            n = next(it)
            examples = _null_examples(td, session, col, pii, col.name in fixed) if n else []
            results.append(_result("not_null", name, td, [col.name], n, examples))
        elif col.default is None and col.identity is None and not col.rowid_alias:
            # COPY without this column inserts NULL for every row.
            results.append(
                _result(
                    "not_null",
                    name,
                    td,
                    [col.name],
                    td.rows,
                    note="column missing from the file and has no default",
                )
            )
    return results


def _null_examples(
    td: TableData, session: Session, col: Column, pii: PiiPolicy, fixed: bool
) -> list[str]:
    """The primary keys of a few rows with the NULL (the value itself says nothing)."""
    pk = [
        c
        for c in (td.table.primary_key.columns if td.table.primary_key else [])
        if c in set(td.header) and c != col.name
    ]
    if not pk:
        return [f"{col.name}=NULL"]
    if fixed:
        sel, src, cond = ", ".join(_text(q(c)) for c in pk), td.duck, f"{q(col.name)} IS NULL"
    else:
        sel = ", ".join(td.raw(c) for c in pk)
        src, cond = td.raw_source(), f"{td.raw(col.name)} IS NULL"
    rows = session.rows(f"SELECT {sel} FROM {src} WHERE {cond} ORDER BY ALL LIMIT {EXAMPLES}")
    cols = [td.table.column(c) for c in pk]
    return [
        ", ".join(
            f"{c.name}={mask(v, pii.is_pii(td.qualified, c))}" for c, v in zip(cols, r, strict=True)
        )
        + f": {col.name}=NULL"
        for r in rows
    ]


def _keys(
    schema: DatabaseSchema, session: Session, td: TableData, pii: PiiPolicy
) -> list[ConstraintResult]:
    dialect = check_dialect(schema)
    # A partitioned table's partitions may declare unique indexes of their own: each binds
    # the rows of its partition (constraints/partitions.py).
    table = enforced_table(schema, td.schema_name, td.table, generation=False)
    keys: list[tuple[ConstraintKind, str | None, list[str], list[str], str | None, bool]] = []
    if table.primary_key is not None:
        pk = table.primary_key
        keys.append(("primary_key", pk.name, pk.columns, [q(c) for c in pk.columns], None, False))
    for u in table.uniques:
        parts = [q(c) for c in u.columns]
        try:
            parts += [sqlglot.transpile(e, read=dialect, write="duckdb")[0] for e in u.expressions]
            pred = (
                sqlglot.transpile(u.predicate, read=dialect, write="duckdb")[0]
                if u.predicate
                else None
            )
        except SqlglotError as exc:
            keys.append(
                ("unique", u.name, u.columns + u.expressions, [], f"cannot parse: {exc}", False)
            )
            continue
        keys.append(
            ("unique", u.name, u.columns + u.expressions, parts, pred, u.nulls_not_distinct)
        )
    results: list[ConstraintResult] = []
    present = set(td.header)
    for kind, name, columns, parts, pred, nulls_equal in keys:
        if not parts:
            results.append(_result(kind, name, td, columns, 0, status="not_evaluated", note=pred))
            continue
        missing = [c for c in columns if c in {x.name for x in table.columns} and c not in present]
        if missing:
            results.append(
                _result(
                    kind,
                    name,
                    td,
                    columns,
                    0,
                    status="not_evaluated",
                    note=f"columns missing from the file: {', '.join(missing)}",
                )
            )
            continue
        where = [f"({pred})"] if pred else []
        null_rows = 0
        if kind == "primary_key":
            any_null = " OR ".join(f"{p} IS NULL" for p in parts)
            null_rows = int(session.one(f"SELECT {count_where(any_null)} FROM {td.duck}")[0])
            where.append(f"NOT ({any_null})")
        elif not nulls_equal:
            where += [f"{p} IS NOT NULL" for p in parts]
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        key_list = ", ".join(f"{p} AS k{i}" for i, p in enumerate(parts))
        grouped = f"SELECT {key_list}, count(*) AS n FROM {td.duck}{cond} GROUP BY ALL HAVING n > 1"
        try:
            dup = session.one(f"SELECT coalesce(sum(n - 1), 0) FROM ({grouped})")
            extra = int(dup[0])
            examples: list[str] = []
            if extra:
                key_names = [f"k{i}" for i in range(len(parts))]
                shown_keys = ", ".join(_text(k) for k in key_names)
                rows = session.rows(
                    f"SELECT {shown_keys}, n FROM ({grouped}) "
                    f"ORDER BY n DESC, {', '.join(key_names)} LIMIT {EXAMPLES}"
                )
                cols = [table.column(c) if table.has_column(c) else None for c in columns]
                for r in rows:
                    shown = ", ".join(
                        f"{c}={mask(v, col is None or pii.is_pii(td.qualified, col))}"
                        for c, col, v in zip(columns, cols, r[:-1], strict=False)
                    )
                    examples.append(f"({shown}) x{r[-1]}")
            if null_rows:
                examples.append(f"{null_rows} row(s) with NULL in the key")
            results.append(_result(kind, name, td, columns, extra + null_rows, examples))
        except duckdb.Error as exc:
            results.append(
                _result(kind, name, td, columns, 0, status="not_evaluated", note=_duck_message(exc))
            )
    return results


def _foreign_keys(
    ds: Dataset, session: Session, td: TableData, pii: PiiPolicy
) -> list[ConstraintResult]:
    return [_foreign_key(ds, session, td, pii, fk) for fk in td.table.foreign_keys]


def _foreign_key(
    ds: Dataset,
    session: Session,
    td: TableData,
    pii: PiiPolicy,
    fk: ForeignKey,
    *,
    where: str | None = None,
    scope: str = "",
) -> ConstraintResult:
    """One FK over the child's rows (only those where ``where`` holds: the rows a partition
    takes, for an FK declared on that partition; ``scope`` says which in the note)."""
    present = set(td.header)
    parent = ds.table(fk.referenced)
    cols = fk.columns
    missing = (
        [c for c in cols if c not in present]
        + [c for c in fk.referenced_columns if c not in set(parent.header)]
        if parent is not None
        else []
    )
    if parent is None or missing:
        note = (
            f"parent {fk.referenced} is not in the dataset"
            if parent is None
            else f"columns missing from the files: {', '.join(missing)}"
        )
        return _result("foreign_key", fk.name, td, cols, 0, status="not_evaluated", note=note)
    c_cols = [f"c.{q(c)}" for c in cols]
    join = " AND ".join(
        f"p.{q(pc)} = c.{q(cc)}" for cc, pc in zip(cols, fk.referenced_columns, strict=True)
    )
    if fk.match == "full":
        # MATCH FULL: all NULL passes; partly NULL is a violation; all set must match.
        all_null = " AND ".join(f"{c} IS NULL" for c in c_cols)
        any_null = " OR ".join(f"{c} IS NULL" for c in c_cols)
        cond = (
            f"NOT ({all_null}) AND (({any_null}) OR NOT EXISTS "
            f"(SELECT 1 FROM {parent.duck} p WHERE {join}))"
        )
    else:
        not_null = " AND ".join(f"{c} IS NOT NULL" for c in c_cols)
        cond = f"{not_null} AND NOT EXISTS (SELECT 1 FROM {parent.duck} p WHERE {join})"
    if where is not None:
        cond = f"({where}) AND {cond}"
    base = f"FROM {td.duck} c WHERE {cond}"
    n = int(session.one(f"SELECT count(*) {base}")[0])
    examples: list[str] = []
    if n:
        rows = session.rows(
            f"SELECT DISTINCT {', '.join(_text(c) for c in c_cols)} {base} "
            f"ORDER BY ALL LIMIT {EXAMPLES}"
        )
        tcols = [td.table.column(c) for c in cols]
        for r in rows:
            shown = ", ".join(
                f"{c.name}={mask(v, pii.is_pii(td.qualified, c))}"
                for c, v in zip(tcols, r, strict=True)
            )
            examples.append(f"({shown}) -> no {fk.referenced} row")
    note = f"{scope}references {fk.referenced} ({', '.join(fk.referenced_columns)})" + (
        f"; enforced by {fk.enforced_by}" if fk.enforced_by else ""
    )
    return _result("foreign_key", fk.name, td, cols, n, examples, note=note)


def _partition_foreign_keys(
    schema: DatabaseSchema, ds: Dataset, session: Session, td: TableData, pii: PiiPolicy
) -> list[ConstraintResult]:
    """Foreign keys declared on a partition only: checked on the rows that partition takes."""
    schema_name = td.schema_name
    families = {c.name: c.family for c in td.table.columns}
    results = []
    for pfk in partition_foreign_keys(schema, schema_name, td.table):
        where: str | None = None
        if pfk.region is not None:
            region = CheckConstraint(name=None, expression=pfk.region)
            analysis, _, _ = analyze_check(
                region, dialect=dialect_for(schema), base_date=date(2000, 1, 1), families=families
            )
            if analysis.verify_sql is None:
                results.append(
                    _result(
                        "foreign_key",
                        pfk.fk.name,
                        td,
                        pfk.fk.columns,
                        0,
                        status="not_evaluated",
                        note=f"declared on partition {pfk.partition}, whose bound DuckDB cannot "
                        f"evaluate ({analysis.note})",
                    )
                )
                continue
            where = analysis.verify_sql
        scope = f"declared on partition {pfk.partition} (its rows only); "
        results.append(_foreign_key(ds, session, td, pii, pfk.fk, where=where, scope=scope))
    return results


def _triggers(schema: DatabaseSchema, td: TableData) -> list[ConstraintResult]:
    """INSERT triggers that may reject, rewrite or duplicate rows by what the files cannot show
    (other tables, application functions, bodies not read): ``not_evaluated``, so a dataset is
    never called clean while the database may still refuse it. Triggers recorded as foreign
    keys or CHECKs were verified with those."""
    return [
        _result("trigger", trigger.name, td, [], 0, status="not_evaluated", note=note)
        for trigger, note in unverifiable_triggers(schema, td.table)
    ]


def _checks(
    schema: DatabaseSchema,
    session: Session,
    td: TableData,
    pii: PiiPolicy,
    as_of: date,
    verify_with: str | None = None,
) -> list[ConstraintResult]:
    # Partition bounds and generated columns' types are checked as CHECKs (constraints/enforced).
    table = enforced_table(schema, td.schema_name, td.table, generation=False)
    analysed = analyze_table(schema, table, base_date=as_of).checks
    if not analysed:
        return []
    present = set(td.header)
    results: dict[int, ConstraintResult] = {}
    runnable: list[int] = []
    by_database = [
        i
        for i, a in enumerate(analysed)
        if a.verify_sql is None and verify_with and set(a.columns) <= present
    ]
    if by_database and verify_with:
        results.update(_by_database(session, td, pii, analysed, by_database, verify_with))
    for i, a in enumerate(analysed):
        missing = [c for c in a.columns if c not in present]
        if i in results:
            continue
        if a.verify_sql is None:
            results[i] = _result(
                "check",
                a.name,
                td,
                a.columns,
                0,
                expression=a.expression,
                status="not_evaluated",
                note=a.note or "cannot be translated to DuckDB",
            )
        elif missing:
            results[i] = _result(
                "check",
                a.name,
                td,
                a.columns,
                0,
                expression=a.expression,
                status="not_evaluated",
                note=f"columns missing from the file: {', '.join(missing)}",
            )
        else:
            runnable.append(i)

    def counts(indices: list[int]) -> list[int]:
        select = ", ".join(count_where(f"NOT ({analysed[i].verify_sql})") for i in indices)
        return [int(v) for v in session.one(f"SELECT {select} FROM {td.duck}")]

    found: dict[int, int] = {}
    try:
        found = dict(zip(runnable, counts(runnable), strict=True)) if runnable else {}
    except duckdb.Error:
        # One expression DuckDB rejects: run them one by one to name it; the rest still count.
        for i in runnable:
            try:
                found[i] = counts([i])[0]
            except duckdb.Error as exc:
                results[i] = _result(
                    "check",
                    analysed[i].name,
                    td,
                    analysed[i].columns,
                    0,
                    expression=analysed[i].expression,
                    status="not_evaluated",
                    note=_duck_message(exc),
                )
    pk = td.table.primary_key.columns if td.table.primary_key else []
    for i, n in found.items():
        a = analysed[i]
        examples: list[str] = []
        if n:
            shown_cols = [c for c in dict.fromkeys(pk + a.columns) if c in present]
            sel = ", ".join(_text(q(c)) for c in shown_cols)
            rows = session.rows(
                f"SELECT DISTINCT {sel} FROM {td.duck} WHERE NOT ({a.verify_sql}) "
                f"ORDER BY ALL LIMIT {EXAMPLES}"
            )
            for r in rows:
                examples.append(
                    ", ".join(
                        f"{c}={mask(v, pii.is_pii(td.qualified, td.table.column(c)))}"
                        for c, v in zip(shown_cols, r, strict=True)
                    )
                )
        note = f"time-relative: evaluated as of {as_of.isoformat()}" if a.time_relative else None
        results[i] = _result(
            "check", a.name, td, a.columns, n, examples, expression=a.expression, note=note
        )
    return [results[i] for i in sorted(results)]


def _by_database(
    session: Session,
    td: TableData,
    pii: PiiPolicy,
    analysed: list[CheckAnalysis],
    indices: list[int],
    verify_with: str,
) -> dict[int, ConstraintResult]:
    """CHECKs DuckDB cannot evaluate, evaluated by the ``--verify-with`` database."""
    from datalchemy.evaluate.database_checks import database_verdicts

    verdicts = database_verdicts(
        session, td, pii, analysed, indices, verify_with, examples=EXAMPLES
    )
    note = "evaluated by the --verify-with database"
    return {
        i: _result(
            "check",
            analysed[i].name,
            td,
            analysed[i].columns,
            n,
            examples,
            expression=analysed[i].expression,
            note=note,
        )
        for i, (n, examples) in verdicts.items()
    }


def _duck_message(exc: BaseException) -> str:
    text = str(exc).strip()
    return "DuckDB: " + (text.splitlines()[0] if text else type(exc).__name__)


def verify_table(
    schema: DatabaseSchema,
    ds: Dataset,
    session: Session,
    td: TableData,
    pii: PiiPolicy,
    as_of: date,
    verify_with: str | None = None,
) -> list[ConstraintResult]:
    """Every constraint of one loaded table (see the module docstring); ``verify_with``: a
    database that evaluates the CHECKs DuckDB cannot."""
    return (
        _value_and_null_checks(schema, session, td, pii)
        + _keys(schema, session, td, pii)
        + _foreign_keys(ds, session, td, pii)
        + _partition_foreign_keys(schema, ds, session, td, pii)
        + _checks(schema, session, td, pii, as_of, verify_with)
        + _triggers(schema, td)
    )
