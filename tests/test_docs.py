"""Every docstring example in src/datalchemy runs and stays true (one test per module).

Modules are found on disk, not by importing packages, and imported one at a time when their
test runs. Examples run in an empty temporary folder (some write files, as a user's would) with
no ``DATALCHEMY_*`` or ``DATABASE_URL`` variable set, so they show the defaults. Examples of the
connectivity layer use real databases the suite provides as globals: ``PG_URL`` (a fresh database
on the suite's PostgreSQL server) and ``ODBC_SQLITE`` (an SQLite file through the SQLite3 ODBC
driver). Every module with examples must run at least one (no example is only decoration).
"""

from __future__ import annotations

import doctest
import importlib
import os
from pathlib import Path

import pytest

import datalchemy
from support.odbc import pg_info, sqlite_odbc_info  # noqa: F401 - fixtures the examples use

PACKAGE = Path(datalchemy.__file__).parent

#: Modules a collector must not import, and why.
NOT_IMPORTED = {
    "datalchemy.__main__": "importing it runs the command line (and exits)",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules_with_examples() -> list[str]:
    return sorted(
        _module_name(path)
        for path in PACKAGE.rglob("*.py")
        if ">>>" in path.read_text(encoding="utf-8") and _module_name(path) not in NOT_IMPORTED
    )


MODULES = _modules_with_examples()


def test_every_module_with_examples_is_collected() -> None:
    assert len(MODULES) > 60
    assert {"datalchemy", "datalchemy.api", "datalchemy.plan"} <= set(MODULES)
    for name in NOT_IMPORTED:  # left out only because it has no example to lose
        path = PACKAGE.parent.joinpath(*name.split(".")).with_suffix(".py")
        assert ">>>" not in path.read_text(encoding="utf-8"), name


def _globals(source: str, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    """The databases a module's examples name."""
    found: dict[str, str] = {}
    if "PG_URL" in source:
        found["PG_URL"] = request.getfixturevalue("pg_url")
    if "ODBC_SQLITE" in source:
        info = request.getfixturevalue("sqlite_odbc_info")
        found["ODBC_SQLITE"] = info.secret_url
    return found


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.chdir(tmp_path)
    for var in list(os.environ):
        if var.startswith("DATALCHEMY_") or var == "DATABASE_URL":
            monkeypatch.delenv(var)
    module = importlib.import_module(name)
    source = Path(str(module.__file__)).read_text(encoding="utf-8")
    extra = _globals(source, tmp_path, request)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    for test in doctest.DocTestFinder().find(module, name):
        test.globs.update(extra)
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
    assert runner.tries > 0, f"{name}: every example is marked +SKIP; make one run"
