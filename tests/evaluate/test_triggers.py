"""Evaluation and triggers: a trigger recorded as a foreign key or CHECK is verified like one
(and the database rejects what evaluation flags, naming the same trigger); a trigger that may
reject rows otherwise is ``not_evaluated``, so the dataset is never called clean."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.errors import DatalchemyError
from datalchemy.evaluate import run_evaluate
from datalchemy.introspect import introspect
from datalchemy.load import run_load
from support.datasets import tamper

from .helpers import generate, read_cells, set_cell

DDL = """
CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE books (id INTEGER PRIMARY KEY, author INTEGER NOT NULL, title TEXT NOT NULL);
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TRIGGER fkc_books_author BEFORE INSERT ON books BEGIN
    SELECT CASE WHEN (SELECT id FROM authors WHERE id = NEW.author) IS NULL
        THEN RAISE(ABORT, 'Foreign key violation: author not in authors') END;
END;
CREATE TRIGGER tags_not_blank BEFORE INSERT ON tags BEGIN
    SELECT RAISE(ABORT, 'Tag cannot be blank') WHERE TRIM(NEW.name) = '';
END;
CREATE TRIGGER books_title_sort AFTER INSERT ON books BEGIN
    UPDATE books SET title = title_sort(NEW.title) WHERE id = NEW.id;
END;
"""


def _build(path: Path, ddl: str = DDL) -> str:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(ddl)
    conn.close()
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> tuple[DatabaseSchema, Path]:
    root = tmp_path_factory.mktemp("library")
    schema = introspect(_build(root / "source.db")).schema
    rows = {"main.authors": 20, "main.books": 60, "main.tags": 30}
    return schema, generate(schema, root / "out", rows=rows)


def _copy(data: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(data, tmp_path / data.name))


def _file(data: Path, table: str) -> Path:
    return next(data.glob(f"main.{table}.csv"))


def test_trigger_constraints_are_verified_and_risky_triggers_not_evaluated(
    library: tuple[DatabaseSchema, Path], tmp_path: Path
) -> None:
    schema, data = library
    m = run_evaluate(schema, None, _copy(data, tmp_path)).metrics
    assert m.violations_total == 0
    assert m.status == "incomplete"  # never "ok" while a trigger is not checked
    by_kind_name = {(c.kind, c.name): c for c in m.constraints}
    fk = by_kind_name[("foreign_key", "fkc_books_author")]
    assert fk.status == "ok" and fk.note is not None and "trigger fkc_books_author" in fk.note
    assert by_kind_name[("check", "tags_not_blank")].status == "ok"
    risky = by_kind_name[("trigger", "books_title_sort")]
    assert (risky.status, risky.table) == ("not_evaluated", "main.books")
    assert risky.note is not None and risky.note.startswith("rejects_rows: calls title_sort()")
    [warning] = [w for w in m.warnings if w.code == "trigger_not_evaluated"]
    assert warning.path == "main.books.books_title_sort"
    assert warning.hint is not None and "--triggers disable" in warning.hint
    assert m.not_evaluated_total == 1


@pytest.mark.parametrize(
    ("table", "column", "value", "kind", "trigger"),
    [
        ("books", "author", "999999", "foreign_key", "fkc_books_author"),
        ("tags", "name", '"   "', "check", "tags_not_blank"),
    ],
)
def test_evaluate_and_the_database_name_the_same_trigger(
    library: tuple[DatabaseSchema, Path],
    tmp_path: Path,
    table: str,
    column: str,
    value: str,
    kind: str,
    trigger: str,
) -> None:
    schema, data = library
    corrupted = _copy(data, tmp_path)
    path = _file(corrupted, table)
    _, rows = read_cells(path)
    set_cell(path, 2, column, value)
    m = run_evaluate(schema, None, corrupted).metrics
    violated = [(c.kind, c.name) for c in m.constraints if c.status == "violated"]
    assert (kind, trigger) in violated
    # The database (triggers on, books_title_sort left out: it needs calibre's function).
    ddl = DDL.split("CREATE TRIGGER books_title_sort")[0]
    tamper(corrupted, path.name, lambda lines: lines)  # the report takes the edit as given
    with pytest.raises(DatalchemyError) as info:
        run_load(corrupted, schema, _build(tmp_path / "target.db", ddl))
    assert info.value.code == "trigger_rejected_row"
    assert f"raised by trigger {trigger} on main.{table}" in info.value.message
    assert "(data row 3)" in info.value.message and len(rows) > 3
