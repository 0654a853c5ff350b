"""The public API: the stage functions survive imports of the stage packages of the same names."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import datalchemy
import datalchemy.api
from datalchemy._stage_package import StagePackage

# A submodule of each stage package, imported first thing in a fresh interpreter, and the lines
# that then call `datalchemy.<stage>` (each prints "ok" when the function ran).
_FIXTURE = [
    "_ = datalchemy.create_fixture('car-rental', 'sqlite://car_rental.db')",
    "schema = datalchemy.introspect('sqlite://car_rental.db').schema",
]
_GENERATE = [
    *_FIXTURE,
    "plan, _ = datalchemy.suggest_plan(schema, rows=3)",
    "run = datalchemy.generate(plan, schema, 'out')",
]
STAGES: dict[str, tuple[str, list[str]]] = {
    "introspect": ("sqlite", [*_FIXTURE, "print('ok' if schema.engine == 'sqlite' else '?')"]),
    "generate": ("engine", [*_GENERATE, "print(run.report.status)"]),
    "evaluate": (
        "report_html",
        [*_GENERATE, "print(datalchemy.evaluate(schema, plan, run.path).metrics.status)"],
    ),
    "load": (
        "sqlite",
        [
            *_GENERATE,
            "_ = datalchemy.create_fixture('car-rental', 'sqlite://copy.db')",
            "print(datalchemy.load(run.path, schema, 'sqlite://copy.db').report.status)",
        ],
    ),
}


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_importing_a_stage_package_keeps_the_stage_function(stage: str, tmp_path: Path) -> None:
    submodule, calls = STAGES[stage]
    code = textwrap.dedent(
        f"""
        import importlib
        import pkgutil
        import sys

        import datalchemy.{stage}.{submodule}

        import datalchemy
        import datalchemy.api

        stages = ("introspect", "generate", "evaluate", "load")
        for name in stages:  # every submodule of every stage package, after the façade is bound
            package = sys.modules["datalchemy." + name]
            for info in pkgutil.iter_modules(package.__path__):
                importlib.import_module(f"datalchemy.{{name}}.{{info.name}}")
        for name in stages:  # the function, or the package that calls it (_stage_package)
            value = getattr(datalchemy, name)
            assert value is getattr(datalchemy.api, name) or callable(value), name
        from datalchemy.{stage} import {submodule}  # the package is still reachable this way
        assert {submodule}.__name__ == "datalchemy.{stage}.{submodule}"
        """
    ) + "\n".join(calls)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ok"]


def test_import_datalchemy_loads_no_cli_database_or_data_library() -> None:
    heavy = ("typer", "rich", "duckdb", "faker", "psycopg", "pyodbc", "arrow_odbc", "sqlglot")
    code = (
        "import sys, datalchemy\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_lazily_exported_names_are_listed_before_first_use() -> None:
    """dir() (REPL completion) and help() list a stage package's names before any is used."""
    packages = ("generate", "load", "plan", "triggers")
    code = textwrap.dedent(
        f"""
        import importlib, pydoc
        for name in {packages!r}:
            package = importlib.import_module("datalchemy." + name)
            missing = set(package.__all__) - set(dir(package))
            assert not missing, (name, missing)
            text = pydoc.render_doc(package, renderer=pydoc.plaintext)
            for n in package.__all__:
                assert any(n + end in text for end in ("(", " = ")), (name, n)
        print("ok")
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ok"]


def test_public_names_are_sorted_and_resolve() -> None:
    assert datalchemy.__all__ == sorted(datalchemy.__all__)
    for name in datalchemy.__all__:
        assert getattr(datalchemy, name) is not None, name
    for name in datalchemy.api.__all__:
        value = getattr(datalchemy, name)
        # A stage package imported first stays the attribute, and calling it runs the function.
        assert value is getattr(datalchemy.api, name) or (
            isinstance(value, StagePackage) and value.__name__ == f"datalchemy.{name}"
        ), name
