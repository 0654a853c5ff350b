"""The generate command owns its process: it imports only what its plan needs (not pyarrow's
pandas, yet pandas stays importable; no SQL, DuckDB, loading or Parquet modules for a plain CSV
run) and keeps freed memory for the next block."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import datalchemy
from datalchemy.cli import _COMMANDS, app, app_for

PROBE = """
import sys
from datalchemy.cli._startup import skip_pandas_probe
skip_pandas_probe()
import pyarrow as pa
pa.array([1, 2, 3])
assert "pandas" not in sys.modules, "pyarrow imported pandas"
import pandas
print(pandas.__name__)
"""


def _generate_then(plan: Path, schema: Path, out: Path, expression: str, setup: str = "") -> str:
    """Run ``datalchemy generate`` in a fresh interpreter (``setup`` first), then print
    ``expression`` there."""
    script = (
        "import sys\n"
        f"{setup}\n"
        "from datalchemy.cli import main\n"
        f"sys.argv = ['datalchemy', 'generate', '--plan', {str(plan)!r}, '--schema',"
        f" {str(schema)!r}, '--out', {str(out)!r}, '--json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        f"print({expression})\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_the_probe_finds_no_pandas_and_pandas_still_imports() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "pandas"


def _car_rental(root: Path) -> tuple[Path, Path]:
    """The car-rental fixture's plan and schema files (30 rows a table)."""
    url = f"sqlite:///{root / 'car.db'}"
    datalchemy.create_fixture("car-rental", url)
    found = datalchemy.introspect(url).schema
    plan, schema = root / "plan.json", root / "schema.json"
    schema.write_text(found.model_dump_json(by_alias=True))
    plan.write_text(datalchemy.suggest_plan(found, rows=30)[0].model_dump_json(by_alias=True))
    return plan, schema


def test_generate_runs_without_importing_pandas(tmp_path: Path) -> None:
    plan, schema = _car_rental(tmp_path)
    assert _generate_then(plan, schema, tmp_path / "out", "'pandas' in sys.modules") == "False"


COUNT_PASSES = """
import gc
passes = [0, 0, 0]
gc.callbacks.append(lambda phase, info: phase == "start" and passes.__setitem__(
    info["generation"], passes[info["generation"]] + 1))
"""


def test_generate_starts_without_walking_its_start_up_heap(tmp_path: Path) -> None:
    """The collector is paused from the command line until the engine starts, then what
    start-up built is frozen out of its reach: no full pass over it, collection back on."""
    plan, schema = _car_rental(tmp_path)
    seen = _generate_then(plan, schema, tmp_path / "out",
                          "passes[2], gc.isenabled(), gc.get_freeze_count() > 10_000",
                          setup=COUNT_PASSES)  # fmt: skip
    assert seen == "0 True True"


def test_the_library_leaves_the_collector_alone(tmp_path: Path) -> None:
    import gc

    from datalchemy.plan.io import load_plan, load_schema

    plan, schema = _car_rental(tmp_path)
    frozen = gc.get_freeze_count()
    datalchemy.generate(load_plan(plan), load_schema(schema), tmp_path / "out")
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_generate_imports_only_what_its_plan_needs(tmp_path: Path) -> None:
    """A CSV run of tables without CHECKs, generated columns or partitions reads no SQL
    expression (sqlglot), queries nothing (DuckDB), loads nothing and writes no Parquet; with
    ``--json`` it prints nothing through rich."""
    import sqlite3

    db = tmp_path / "shop.db"
    with sqlite3.connect(db) as conn:
        conn.executescript(
            "CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE);"
            "CREATE TABLE purchase (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL"
            " REFERENCES customer(id), amount NUMERIC(10,2), at TIMESTAMP);"
        )
    url = f"sqlite:///{db}"
    found = datalchemy.introspect(url).schema
    schema, plan = tmp_path / "schema.json", tmp_path / "plan.json"
    schema.write_text(found.model_dump_json(by_alias=True))
    plan.write_text(datalchemy.suggest_plan(found, rows=50)[0].model_dump_json(by_alias=True))
    heavy = ["sqlglot", "duckdb", "datalchemy.load.runner", "pyarrow.parquet", "pandas", "rich"]
    loaded = f"[m for m in {heavy!r} if m in sys.modules]"
    assert _generate_then(plan, schema, tmp_path / "out", loaded) == "[]"


KEEP = """
import resource
import numpy as np
from datalchemy.cli._startup import keep_freed_memory
keep_freed_memory()
np.ones(9_000_000, np.uint8)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):
    block = np.ones(9_000_000, np.uint8)
    del block
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_freed_blocks_are_reused_without_faulting_their_pages_again() -> None:
    """20 blocks of 9 MB after the first: their pages are already mapped (no fault per page)."""
    done = subprocess.run([sys.executable, "-c", KEEP], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) < 100  # glibc's defaults fault in about 950 pages here


EXIT = """
import atexit, gc, sys
atexit.register(lambda: print("frozen", gc.get_freeze_count() > 0))  # runs after the freeze
from datalchemy.cli._startup import freeze_at_exit
freeze_at_exit()
if sys.argv[1] == "duckdb":
    import duckdb
    duckdb.connect().execute("select 1").fetchall()
"""


@pytest.mark.parametrize(("loaded", "frozen"), [("nothing", "True"), ("duckdb", "False")])
def test_the_run_is_left_to_the_os_at_exit_unless_duckdb_checks_its_objects(
    loaded: str, frozen: str
) -> None:
    """At exit the run's objects are frozen out of the collector (no teardown work), except
    when DuckDB is loaded: its nanobind extension would report them as leaked."""
    done = subprocess.run([sys.executable, "-c", EXIT, loaded], capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["frozen", frozen]
    assert "leaked" not in done.stderr


def test_a_generate_run_that_loads_duckdb_exits_without_warnings(tmp_path: Path) -> None:
    """The whole command (``main``), with a CHECK that DuckDB verifies: stderr stays empty."""
    url = f"sqlite:///{tmp_path / 'car.db'}"
    datalchemy.create_fixture("car-rental", url)
    schema = datalchemy.introspect(url).schema
    (tmp_path / "schema.json").write_text(schema.model_dump_json(by_alias=True))
    plan = datalchemy.suggest_plan(schema, rows=20)[0]
    (tmp_path / "plan.json").write_text(plan.model_dump_json(by_alias=True))
    script = (
        "import sys\n"
        "sys.argv = ['datalchemy', *sys.argv[1:]]\n"
        "from datalchemy.cli import main\n"
        "try:\n    main()\nfinally:\n    print('duckdb' in sys.modules, file=sys.stderr)\n"
    )
    args = ["generate", "--plan", str(tmp_path / "plan.json"), "--schema",
            str(tmp_path / "schema.json"), "--out", str(tmp_path / "out"), "--json"]  # fmt: skip
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "True"  # DuckDB was loaded, and nothing else was said
    assert json.loads(done.stdout)["status"] == "ok"


BLAS = """
import os, sys
from datalchemy.cli._startup import single_thread_blas
single_thread_blas()
import numpy
print(os.environ["OPENBLAS_NUM_THREADS"], len(os.listdir("/proc/self/task")))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="threads listed in /proc")
@pytest.mark.parametrize(("chosen", "expected"), [(None, "1 1"), ("2", "2 ")])
def test_numpy_starts_no_blas_threads_unless_the_user_asks(chosen: str | None,
                                                           expected: str) -> None:  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if chosen:
        env["OPENBLAS_NUM_THREADS"] = chosen
    done = subprocess.run([sys.executable, "-c", BLAS], capture_output=True, text=True,
                          timeout=60, env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(expected)


@pytest.mark.parametrize(
    "args",
    [
        *([name, "--help"] for name in _COMMANDS),
        ["--debug", "generate", "--help"],
        ["plan", "validate", "--help"],
        ["generate", "--bogus"],
        ["generate"],
        ["plan", "bogus"],
    ],
    ids=" ".join,
)
def test_the_app_of_one_command_parses_and_helps_as_the_whole_app(args: list[str]) -> None:
    """`main` builds only the command the line names: same help, same errors."""
    alone = app_for(args)
    assert alone is not app
    runner = CliRunner()
    one, whole = runner.invoke(alone, args), runner.invoke(app, args)
    assert (one.exit_code, one.output) == (whole.exit_code, whole.output)


@pytest.mark.parametrize(
    "args",
    [[], ["--help"], ["--version", "--help"], ["--debug"], ["--debug", "--help"], ["generat"]],
)
def test_a_line_that_names_no_command_gets_the_whole_app(args: list[str]) -> None:
    assert app_for(args) is app


@pytest.mark.parametrize("args", [["--version"], ["--debug", "--version"], ["--version", "load"]])
def test_the_version_is_answered_without_building_a_command(args: list[str]) -> None:
    alone = app_for(args)
    assert alone is not app and not typer.main.get_command(alone).commands  # type: ignore[attr-defined]
    result = CliRunner().invoke(alone, args)
    assert (result.exit_code, result.output) == (0, f"datalchemy {datalchemy.__version__}\n")
    script = "import sys\nfrom datalchemy.cli import main\nsys.argv = ['datalchemy', '--version']\n"
    script += "try:\n    main()\nexcept SystemExit:\n    pass\n"
    script += "print([m for m in sys.modules if m.startswith(('datalchemy.cli.', 'rich'))])\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.stdout.splitlines()[-1] == str(
        ["datalchemy.cli._help", "datalchemy.cli._output", "datalchemy.cli._startup"]
    )


def test_generate_imports_no_other_command() -> None:
    script = (
        "import sys\n"
        "from datalchemy.cli import app_for\n"
        "app_for(['generate', '--help'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('datalchemy.cli.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(
        ["datalchemy.cli._help", "datalchemy.cli._options", "datalchemy.cli._output",
         "datalchemy.cli._startup", "datalchemy.cli.generate"]
    )  # fmt: skip
