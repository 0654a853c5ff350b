"""The public API: one function per pipeline stage, re-exported by :mod:`datalchemy`.

Each function is a thin, typed entry point into its stage's package, which it imports when it is
called, so ``import datalchemy`` loads no database driver, DuckDB, Faker, typer or rich.

Example:
    The whole pipeline on the embedded SQLite car-rental database (files go to the current
    folder):

    >>> import datalchemy
    >>> _ = datalchemy.create_fixture("car-rental", "sqlite://car_rental.db")
    >>> schema = datalchemy.introspect("sqlite://car_rental.db").schema
    >>> plan, notes = datalchemy.suggest_plan(schema, rows=10)
    >>> datalchemy.validate_plan(plan, schema).ok
    True
    >>> run = datalchemy.generate(plan, schema, "out")
    >>> ev = datalchemy.evaluate(schema, plan, run.path)
    >>> _ = datalchemy.create_fixture("car-rental", "sqlite://copy.db")
    >>> loaded = datalchemy.load(run.path, schema, "sqlite://copy.db")
    >>> run.report.rows_written, ev.metrics.violations_total, loaded.report.counts_verified
    (137, 0, True)

Note:
    ``generate``, ``evaluate``, ``load`` and ``introspect`` are also the names of the stage
    packages. On ``datalchemy`` they are the functions; the packages stay importable by their
    dotted names (``from datalchemy.generate import run_generation``, ``import
    datalchemy.generate.engine``). Python's ``import datalchemy.generate.engine as engine``
    looks the attribute ``generate`` up, so write ``from datalchemy.generate import engine``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

# NOTE: these imports run at import time on purpose. Importing a submodule for the first time
# binds it as an attribute of its parent package, so the stage packages must be imported before
# `datalchemy/__init__.py` binds the functions of the same names; afterwards, importing any of
# their submodules (`import datalchemy.generate.engine`) leaves `datalchemy.generate` alone.
# The packages export their names lazily (_stage_package.export_lazily), so this is cheap.
import datalchemy.evaluate
import datalchemy.generate
import datalchemy.introspect
import datalchemy.load
import datalchemy.plan  # noqa: F401
from datalchemy.contracts.plan import Plan
from datalchemy.contracts.resolved import ResolvedPlan
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.db.urls import ConnectionInfo

if TYPE_CHECKING:
    from collections.abc import Mapping

    from datalchemy.evaluate import EvaluationRun
    from datalchemy.fixtures import FixtureResult
    from datalchemy.generate import GenerationRun
    from datalchemy.introspect import IntrospectionResult, IntrospectRun
    from datalchemy.load import LoadRun
    from datalchemy.plan import ColumnExplanation, ValidationReport

__all__ = [
    "create_fixture",
    "evaluate",
    "generate",
    "introspect",
    "load",
    "resolve_plan",
    "run_introspect",
    "suggest_plan",
    "validate_plan",
]


def create_fixture(
    name: str, conn: str | ConnectionInfo, *, with_data: bool = True
) -> FixtureResult:
    """Create a built-in example database: ``crm`` (PostgreSQL) or ``car-rental`` (SQLite).

    The CRM schema is dropped and created again; the car-rental tables are created where they
    do not exist yet.

    Args:
        name: ``crm`` or ``car-rental`` (``datalchemy fixtures list``).
        conn: where to create it; a PostgreSQL URL for ``crm``, a SQLite one for ``car-rental``.
        with_data: also insert the fixture's seed rows (the CRM has some, car-rental none).

    Returns:
        The fixture, its engine, the redacted connection, the SQL files applied and the tables.

    Raises:
        UsageError: unknown fixture, or a connection to the wrong engine.
        ConnectionFailed: the database cannot be reached.
        DatabaseError: the database refused the SQL.

    Example:
        >>> result = create_fixture("car-rental", "sqlite://car_rental.db")
        >>> result.engine, result.tables
        ('sqlite', 20)
    """
    from datalchemy.fixtures import create_fixture as _create

    return _create(name, conn, with_data=with_data)


def introspect(
    conn: str | ConnectionInfo | None = None,
    *,
    schemas: list[str] | None = None,
    include_system_schemas: bool = False,
) -> IntrospectionResult:
    """Read a database's structure into the ``schema.json`` contract; no files written.

    Args:
        conn: connection string (``postgresql://``, ``sqlite://``, ``odbc://``, a raw ODBC
            string) or a parsed one; ``DATABASE_URL`` when None.
        schemas: schemas to read (default: every user schema).
        include_system_schemas: also read ``pg_catalog`` and ``information_schema``.

    Returns:
        The schema (:class:`~datalchemy.contracts.schema.DatabaseSchema`), its metrics and the
        warnings introspection raised (types it does not know, constraints it cannot read).

    Raises:
        UsageError: no or unrecognised connection string.
        ConnectionFailed: the database cannot be reached.
        InputError: a requested schema does not exist, or the file is not a database.

    Example:
        >>> _ = create_fixture("car-rental", "sqlite://car_rental.db")
        >>> result = introspect("sqlite://car_rental.db")
        >>> result.metrics.counts.tables, result.schema.find_table("main", "veiculos").name
        (20, 'veiculos')
    """
    from datalchemy.introspect import introspect as _introspect

    return _introspect(conn, schemas=schemas, include_system_schemas=include_system_schemas)


def run_introspect(
    conn: str | ConnectionInfo | None = None,
    *,
    schemas: list[str] | None = None,
    include_system_schemas: bool = False,
    run_root: Path | str = "runs",
    out: Path | str | None = None,
) -> IntrospectRun:
    """Introspect like :func:`introspect` and write a run folder under ``run_root``.

    The folder holds ``schema.json``, ``metrics.json``, ``config.json`` (connection redacted)
    and ``logs.ndjson``; on failure it keeps ``config.json`` and a log ending in ``run_failed``.

    Args:
        conn: connection string or parsed connection (``DATABASE_URL`` when None).
        schemas: schemas to read (default: every user schema).
        include_system_schemas: also read the system schemas.
        run_root: folder in which the run folder is created.
        out: also copy ``schema.json`` to this path.

    Returns:
        The run folder, the paths of ``schema.json`` and ``metrics.json``, and the result.

    Raises:
        UsageError, ConnectionFailed, InputError: as :func:`introspect`.

    Example:
        >>> _ = create_fixture("car-rental", "sqlite://car_rental.db")
        >>> run = run_introspect("sqlite://car_rental.db", run_root="runs", out="schema.json")
        >>> run.schema_path.name, Path("schema.json").read_text() == run.schema_path.read_text()
        ('schema.json', True)
    """
    from datalchemy.introspect import run_introspect as _run

    return _run(
        conn,
        schemas=schemas,
        include_system_schemas=include_system_schemas,
        run_root=run_root,
        out=out,
    )


def suggest_plan(
    schema: DatabaseSchema,
    *,
    rows: int | Mapping[str, int] = 100,
    default_rows: int = 100,
    locale: str = "pt_BR",
    seed: int = 42,
    base_date: date | None = None,
) -> tuple[Plan, list[ColumnExplanation]]:
    """A complete, valid plan for ``schema`` and why each column gets what it gets.

    Args:
        schema: the introspected schema.
        rows: rows of every leaf table (an int), or per table (``{"schema.table": n}``; a bare
            table name works when it is unique); parents get rows sized from their children.
        default_rows: leaf rows when ``rows`` is a mapping.
        locale: the plan's locale (``pt_BR`` picks Brazilian generators).
        seed: the plan's seed.
        base_date: "today" for the data (default: the day it runs, recorded in the plan).

    Returns:
        The plan and one explanation per column (generator, reason, confidence).

    Raises:
        UsageError: unknown locale, a ``rows`` entry that names no table, a count below 1.

    Example:
        >>> _ = create_fixture("car-rental", "sqlite://car_rental.db")
        >>> schema = introspect("sqlite://car_rental.db").schema
        >>> plan, notes = suggest_plan(schema, rows=10)
        >>> next(n.generator for n in notes if n.column == "cpf")
        'semantic.br.cpf'
    """
    from datalchemy.plan import suggest_plan as _suggest

    return _suggest(
        schema,
        rows=rows,
        default_rows=default_rows,
        locale=locale,
        seed=seed,
        base_date=base_date,
    )


def validate_plan(
    plan: Plan | Mapping[str, Any] | str | bytes,
    schema: DatabaseSchema,
    *,
    strict: bool | None = None,
) -> ValidationReport:
    """Every issue of ``plan`` against ``schema``, in one pass, each with a code and a path.

    Args:
        plan: a :class:`~datalchemy.contracts.plan.Plan`, its JSON text or parsed JSON.
        schema: the introspected schema.
        strict: turn warnings into errors (the plan's ``options.strict`` also does).

    Returns:
        The report: ``ok`` when no issue is an error, every issue, and the resolved plan.

    Example:
        >>> _ = create_fixture("car-rental", "sqlite://car_rental.db")
        >>> schema = introspect("sqlite://car_rental.db").schema
        >>> report = validate_plan({"plan_version": "0.3", "seed": 1,
        ...     "schema_ref": {"schema_version": "0.3", "engine": "sqlite"},
        ...     "targets": [{"schema": "main", "table": "veiculo", "rows": 10}]}, schema)
        >>> report.ok, [(i.code, i.path) for i in report.errors]
        (False, [('unknown_table', '/targets/0/table')])
        >>> report.errors[0].hint
        'did you mean veiculos, veiculos_filiais?'
    """
    from datalchemy.plan import validate_plan as _validate

    return _validate(plan, schema, strict=strict)


def resolve_plan(
    plan: Plan | dict[str, Any] | str, schema: DatabaseSchema, *, strict: bool | None = None
) -> ResolvedPlan:
    """Validate ``plan`` and return what generation runs: every table, column, key and CHECK.

    Args:
        plan: a plan, or its JSON (text or parsed).
        schema: the introspected schema.
        strict: treat warnings as errors (default: the plan's ``options.strict``).

    Returns:
        The resolved plan, with the validation warnings in ``warnings``.

    Raises:
        PlanValidationError: ``plan_invalid``, with every issue in ``issues``.

    Example:
        >>> _ = create_fixture("car-rental", "sqlite://car_rental.db")
        >>> schema = introspect("sqlite://car_rental.db").schema
        >>> resolved = resolve_plan({"plan_version": "0.3", "seed": 1,
        ...     "schema_ref": {"schema_version": "0.3", "engine": "sqlite"},
        ...     "targets": [{"schema": "main", "table": "veiculos", "rows": 10}]}, schema)
        >>> [(t.table, t.rows) for t in resolved.tables if t.auto_added]  # the parents it needs
        [('categorias_veiculo', 3), ('marcas', 3), ('modelos', 3)]
    """
    from datalchemy.plan import resolve_plan as _resolve

    return _resolve(plan, schema, strict=strict)


def generate(
    plan: Plan,
    schema: DatabaseSchema,
    out: Path | str = "out",
    *,
    workers: int = 1,
    cluster: str | None = None,
    strict: bool | None = None,
    existing: str | None = None,
    base_date: date | None = None,
    verify_with: str | None = None,
    force: bool = False,
    format: Literal["csv", "parquet"] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> GenerationRun:
    """Resolve ``plan`` against ``schema`` and write its data into a new folder under ``out``.

    The files and their bytes depend only on the plan and the schema (and, with ``existing``,
    on what the target holds), not on ``workers`` or ``cluster``. Rules that cannot be honoured
    as written are repaired (``run.report.repairs``) unless ``strict``.

    Args:
        plan: the plan (see :func:`suggest_plan`).
        schema: the schema it was written for.
        out: folder in which the dataset folder is created (an fsspec URL such as
            ``s3://bucket/data`` with ``cluster``).
        workers: local processes that generate blocks of rows in parallel.
        cluster: run the blocks on Dask: ``"local"``, ``"local:N"`` or a scheduler address
            (``"tcp://host:8786"``); needs ``datalchemy[dask]``. See ``docs/scaling.md``.
        strict: refuse repairs and treat warnings as errors (default: the plan's
            ``options.strict``).
        existing: connection string of the populated database the data is for: its keys and
            unique values are read (read-only) and avoided (see ``docs/loading.md``).
        base_date: "today" for the data instead of the plan's ``base_date`` (use the day the
            data is loaded when CHECKs compare with ``CURRENT_DATE``).
        verify_with: connection string of a PostgreSQL database holding the schema (the source
            or a copy): CHECKs that call application functions, which DuckDB cannot evaluate,
            are evaluated by it on every block in rolled-back statements (nothing is written).
        force: start even when the dataset's estimated size exceeds the output's free space
            (otherwise ``insufficient_disk_space`` says both numbers and nothing is written).
        format: ``csv`` or ``parquet`` instead of the plan's ``output.format``.
        progress: called with (table, rows written, rows requested) as blocks are written.

    Returns:
        The dataset folder (one file per table, ``generation_report.json``) and the report.

    Raises:
        PlanValidationError: the plan has errors (:func:`validate_plan` lists them).
        GenerationError: a constraint could not be satisfied; the ``.partial`` folder keeps a
            report with status ``failed``.

    Example:
        >>> _ = create_fixture("car-rental", "sqlite://car_rental.db")
        >>> schema = introspect("sqlite://car_rental.db").schema
        >>> plan, _ = suggest_plan(schema, rows=10)
        >>> run = generate(plan, schema, "out")
        >>> run.report.status, (run.path / "main.veiculos.csv").exists()
        ('ok', True)
    """
    from datalchemy.generate import run_generation

    given = plan.fingerprint()  # the data belongs to the plan as given (base_date aside)
    if base_date is not None:
        plan = plan.model_copy(update={"base_date": base_date})
    resolved = resolve_plan(plan, schema, strict=strict)
    resolved = resolved.model_copy(update={"plan_fingerprint": given})
    if format is not None:
        resolved = resolved.model_copy(update={"format": format})
    held = None
    if existing is not None:
        from datalchemy.generate.existing import read_existing

        held = read_existing(existing, schema, resolved)
    try:
        return run_generation(
            resolved,
            schema,
            out,
            workers=workers,
            cluster=cluster,
            existing=held,
            verify_with=verify_with,
            force=force,
            progress=progress,
        )
    finally:
        if held is not None:
            held.close()


def evaluate(
    schema: DatabaseSchema,
    plan: Plan | None,
    data: Path | str,
    *,
    out: Path | str | None = None,
    as_of: date | None = None,
    verify_with: str | None = None,
) -> EvaluationRun:
    """Verify a dataset folder offline (DuckDB over the files) and write its reports.

    Every PK, UNIQUE, FK, NOT NULL, CHECK, type and length is checked on the files alone, and
    the data is compared with the plan's intent. See ``docs/evaluation.md``.

    Args:
        schema: the schema the data was generated for.
        plan: the plan (optional): its fingerprint is checked against the dataset's.
        data: the dataset folder written by :func:`generate`.
        out: where ``metrics.json``, ``report.md`` and ``report.html`` go (default: ``data``).
        as_of: the day CHECKs that read ``CURRENT_DATE`` / ``now()`` are evaluated for, as the
            database would on that day (default: today; ``metrics.as_of`` says which).
        verify_with: connection string of a PostgreSQL database holding the schema: CHECKs
            that call its functions are evaluated there (rolled back) instead of being
            ``not_evaluated``.

    Returns:
        The metrics (``status``, ``violations_total``, ...) and the paths of the files written.

    Raises:
        InputError: missing folder, missing or unreadable files, a report that is not valid.

    Example:
        >>> _ = create_fixture("car-rental", "sqlite://car_rental.db")
        >>> schema = introspect("sqlite://car_rental.db").schema
        >>> plan, _ = suggest_plan(schema, rows=10)
        >>> ev = evaluate(schema, plan, generate(plan, schema, "out").path)
        >>> ev.metrics.status, ev.metrics.violations_total, sorted(ev.files)
        ('ok', 0, ['metrics.json', 'report.html', 'report.md'])
    """
    from datalchemy.evaluate import run_evaluate

    return run_evaluate(
        schema,
        plan,
        Path(data),
        out_dir=Path(out) if out else None,
        as_of=as_of,
        verify_with=verify_with,
    )


def load(
    data: Path | str,
    schema: DatabaseSchema,
    conn: str,
    *,
    mode: str = "append",
    transaction: str = "auto",
    workers: int = 1,
    resume: bool = False,
    triggers: str = "enable",
    create_schema: bool = False,
) -> LoadRun:
    """Load a dataset folder written by :func:`generate` into ``conn`` and verify the counts.

    Parents are loaded first, cycle fix-ups applied and sequences moved past the loaded keys.
    One transaction by default: a failure leaves the target as it was. See ``docs/loading.md``.

    Args:
        data: the dataset folder.
        schema: the schema the data was generated for.
        conn: the target database; its tables must exist, unless ``create_schema``.
        mode: ``append``; ``truncate`` (empty the tables first); ``recreate`` (truncate, drop
            secondary indexes and foreign keys, load, create them again).
        transaction: ``all`` (one transaction), ``table`` (one per table, resumable) or
            ``auto`` (``all`` up to 4 GiB of data and with one worker, else ``table``).
        workers: parallel writers (PostgreSQL; SQLite has a single writer).
        resume: continue a ``table`` run that failed, from its checkpoint.
        triggers: ``enable`` (the target's triggers fire; one that rejects a row is named in the
            error); ``disable`` (the user triggers of the loaded tables are switched off for the
            load, in its transaction, and back on before it commits; listed in the report).
        create_schema: make the schema's types, sequences and tables first, in a target that
            holds none of them (PostgreSQL, SQLite: a new file works), and their keys, indexes
            and foreign keys after the data, all in the load's transaction.

    Returns:
        The load report (rows per table, ``counts_verified``), the plan of work and the run
        folder.

    Raises:
        DatalchemyError: with a code for what failed; ``load_report.json`` is written first.

    Example:
        >>> _ = create_fixture("car-rental", "sqlite://car_rental.db")
        >>> schema = introspect("sqlite://car_rental.db").schema
        >>> plan, _ = suggest_plan(schema, rows=10)
        >>> run = generate(plan, schema, "out")
        >>> _ = create_fixture("car-rental", "sqlite://target.db")
        >>> loaded = load(run.path, schema, "sqlite://target.db")
        >>> loaded.report.status, loaded.report.rows_loaded, loaded.report.counts_verified
        ('ok', 137, True)
        >>> fresh = load(run.path, schema, "sqlite:///new.db", create_schema=True)
        >>> fresh.report.rows_loaded, fresh.report.schema_created[0]
        (137, 'table main.avaliacoes')
    """
    from datalchemy.load import run_load

    return run_load(
        data,
        schema,
        conn,
        mode=mode,
        transaction=transaction,
        workers=workers,
        resume=resume,
        triggers=triggers,
        create_schema=create_schema,
    )
