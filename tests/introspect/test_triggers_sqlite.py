"""SQLite triggers read from their CREATE text: every classification, on small DDL of our own.

Each case builds a database file, introspects it, and checks the trigger's classification, the
constraints it added to its table (foreign keys with ``enforced_by``, CHECKs of level
``trigger``) and the finding introspection reported for it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import DatabaseSchema, Table, Trigger
from datalchemy.db.urls import parse_connection
from datalchemy.introspect.sqlite import introspect_sqlite
from datalchemy.triggers import generation_risks, triggers_to_disable

PARENTS = """
CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE shelves (code TEXT NOT NULL, room INTEGER NOT NULL, label TEXT,
                      PRIMARY KEY (code, room));
CREATE TABLE books (id INTEGER PRIMARY KEY, author INTEGER, shelf TEXT, room INTEGER,
                    title TEXT NOT NULL, pages INTEGER);
"""


def _introspect(tmp_path: Path, sql: str) -> tuple[DatabaseSchema, list[Issue]]:
    path = tmp_path / "t.db"
    conn = sqlite3.connect(path)
    try:
        conn.executescript(sql)
    finally:
        conn.close()
    return introspect_sqlite(parse_connection(f"sqlite:///{path}"))


def _table(schema: DatabaseSchema, name: str) -> Table:
    return schema.get_schema("main").table(name)


def _trigger(schema: DatabaseSchema, table: str, name: str) -> Trigger:
    return next(t for t in _table(schema, table).triggers if t.name == name)


def _finding(issues: list[Issue], path: str) -> Issue:
    return next(i for i in issues if i.path == path)


@pytest.mark.parametrize(
    ("body", "nulls_allowed"),
    [
        # calibre's shape: a CASE over a scalar subquery that is NULL when no parent matches.
        (
            "SELECT CASE WHEN (SELECT id FROM authors WHERE id = NEW.author) IS NULL "
            "THEN RAISE(ABORT, 'Foreign key violation: author not in authors') END",
            False,
        ),
        (
            "SELECT RAISE(FAIL, 'no author') WHERE NOT EXISTS "
            "(SELECT 1 FROM authors a WHERE a.id = NEW.author)",
            False,
        ),
        (
            "SELECT RAISE(ROLLBACK, 'no author') WHERE NEW.author NOT IN (SELECT id FROM authors)",
            True,
        ),
        (
            "SELECT RAISE(ABORT, 'no author') WHERE NEW.author IS NOT NULL AND "
            "(SELECT count(*) FROM authors WHERE id = NEW.author) = 0",
            True,
        ),
    ],
)
def test_emulated_foreign_key_becomes_a_foreign_key(
    tmp_path: Path, body: str, nulls_allowed: bool
) -> None:
    schema, issues = _introspect(
        tmp_path,
        PARENTS + f"CREATE TRIGGER fkc_books_author BEFORE INSERT ON books BEGIN {body}; END;",
    )
    trigger = _trigger(schema, "books", "fkc_books_author")
    assert trigger.classification == "emulated_foreign_key"
    assert trigger.reason == "rejects rows without a parent: (author) -> main.authors(id)"
    [fk] = _table(schema, "books").foreign_keys
    assert (fk.name, fk.columns, fk.referenced, fk.referenced_columns, fk.enforced_by) == (
        "fkc_books_author",
        ["author"],
        "main.authors",
        ["id"],
        "trigger fkc_books_author",
    )
    # Without a NULL guard the lookup rejects a NULL author too: recorded as a CHECK.
    not_null = [c for c in _table(schema, "books").checks if c.name and "not_null" in c.name]
    assert (
        not_null == []
        if nulls_allowed
        else [c.expression for c in not_null] == ['"author" IS NOT NULL']
    )
    finding = _finding(issues, "main.books.fkc_books_author")
    assert (finding.severity, finding.code) == ("info", "trigger_enforced_as_foreign_key")
    assert generation_risks(schema) == []


def test_composite_emulated_key_with_when_guard_and_update_twin(tmp_path: Path) -> None:
    schema, _ = _introspect(
        tmp_path,
        PARENTS
        + """
        CREATE TRIGGER fki_books_shelf BEFORE INSERT ON books
        FOR EACH ROW WHEN NEW.shelf IS NOT NULL BEGIN
            SELECT RAISE(ABORT, 'no shelf')
            WHERE (SELECT label FROM shelves s WHERE s.code = NEW.shelf AND NEW.room = s.room)
                  IS NULL AND NEW.room IS NOT NULL;
        END;
        CREATE TRIGGER fku_books_shelf BEFORE UPDATE OF shelf, room ON books BEGIN
            SELECT RAISE(ABORT, 'no shelf') WHERE NOT EXISTS
                (SELECT 1 FROM shelves WHERE code = NEW.shelf AND room = NEW.room);
        END;
        """,
    )
    # The label may be NULL: "(SELECT label ...) IS NULL" does not mean "no parent".
    assert _trigger(schema, "books", "fki_books_shelf").classification == "rejects_rows"
    update = _trigger(schema, "books", "fku_books_shelf")
    assert update.classification == "emulated_foreign_key"
    [fk] = _table(schema, "books").foreign_keys
    assert (fk.columns, fk.referenced_columns, fk.enforced_by) == (
        ["shelf", "room"],
        ["code", "room"],
        "trigger fku_books_shelf",
    )


def test_key_declared_already_or_not_a_key_adds_no_foreign_key(tmp_path: Path) -> None:
    schema, _ = _introspect(
        tmp_path,
        """
        CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE books (id INTEGER PRIMARY KEY, author INTEGER NOT NULL REFERENCES authors,
                            author_name TEXT);
        CREATE TRIGGER fkc_author BEFORE INSERT ON books BEGIN
            SELECT RAISE(ABORT, 'x') WHERE NOT EXISTS (SELECT 1 FROM authors WHERE id = NEW.author);
        END;
        CREATE TRIGGER by_name BEFORE INSERT ON books BEGIN
            SELECT RAISE(ABORT, 'x')
            WHERE NOT EXISTS (SELECT 1 FROM authors WHERE name = NEW.author_name);
        END;
        """,
    )
    books = _table(schema, "books")
    assert [fk.enforced_by for fk in books.foreign_keys] == [None]  # the declared one only
    assert _trigger(schema, "books", "fkc_author").classification == "emulated_foreign_key"
    # authors.name is not a key: a lookup on it is a condition on another table.
    by_name = _trigger(schema, "books", "by_name")
    assert by_name.classification == "rejects_rows"
    assert by_name.reason == "rejects rows under a condition that reads other tables (authors)"


@pytest.mark.parametrize(
    ("trigger", "expression", "columns"),
    [
        # zotero's shape
        (
            "CREATE TRIGGER fki_tags BEFORE INSERT ON tags FOR EACH ROW BEGIN "
            "SELECT RAISE(ABORT, 'Tag cannot be blank') WHERE TRIM(NEW.name)=''; END",
            "NOT (TRIM(\"name\") = '')",
            ["name"],
        ),
        (
            "CREATE TRIGGER fki_tags BEFORE INSERT ON tags WHEN NEW.kind = 2 AND NEW.name = '' "
            "BEGIN SELECT RAISE(IGNORE); END",
            'NOT ("kind" = 2 AND "name" = \'\')',
            ["kind", "name"],
        ),
        (
            "CREATE TRIGGER fki_tags BEFORE INSERT ON tags BEGIN SELECT CASE "
            "WHEN length(NEW.name) > 40 THEN RAISE(ABORT, 'long') END; END",
            'NOT (LENGTH("name") > 40)',
            ["name"],
        ),
    ],
)
def test_row_check_becomes_a_check(
    tmp_path: Path, trigger: str, expression: str, columns: list[str]
) -> None:
    schema, issues = _introspect(
        tmp_path, f"CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT, kind INT);\n{trigger};"
    )
    assert _trigger(schema, "tags", "fki_tags").classification == "row_check"
    [check] = _table(schema, "tags").checks
    assert (check.name, check.level, check.expression, check.columns, check.enforced_by) == (
        "fki_tags",
        "trigger",
        expression,
        columns,
        "trigger fki_tags",
    )
    assert _finding(issues, "main.tags.fki_tags").code == "trigger_enforced_as_check"


def test_rejections_that_are_not_constraints(tmp_path: Path) -> None:
    schema, issues = _introspect(
        tmp_path,
        """
        CREATE TABLE collections (id INTEGER PRIMARY KEY, library INT NOT NULL, parent INT);
        CREATE TRIGGER fki_parent_library BEFORE INSERT ON collections BEGIN
            SELECT RAISE(ABORT, 'parent in another library')
            WHERE NEW.parent IS NOT NULL
              AND NEW.library != (SELECT library FROM collections WHERE id = NEW.parent);
        END;
        CREATE TRIGGER pattern BEFORE INSERT ON collections BEGIN
            SELECT RAISE(ABORT, 'bad') WHERE NEW.library REGEXP '^9';
        END;
        CREATE TRIGGER always BEFORE INSERT ON collections BEGIN SELECT RAISE(ABORT, 'no'); END;
        """,
    )
    expected = {
        "fki_parent_library": "rejects rows under a condition that reads other tables "
        "(collections)",
        "pattern": "calls regexp(), which the database does not define (an application "
        "function): every statement that reaches it fails; rejects rows under a condition that "
        "calls regexp()",
        "always": "rejects rows always",
    }
    for name, reason in expected.items():
        trigger = _trigger(schema, "collections", name)
        assert (trigger.classification, trigger.reason) == ("rejects_rows", reason), name
        finding = _finding(issues, f"main.collections.{name}")
        assert (finding.severity, finding.code) == ("warning", "trigger_may_reject_rows")
        assert finding.hint is not None and "--triggers disable" in finding.hint
    assert _table(schema, "collections").checks == []
    assert [i.path for i in generation_risks(schema)] == [
        "main.collections.always",
        "main.collections.fki_parent_library",
        "main.collections.pattern",
    ]
    # Only a call the database lacks makes every insert fail whatever the data.
    assert triggers_to_disable(schema) == ["main.collections.pattern"]


def test_writes_rewrites_application_functions_and_delete_triggers(tmp_path: Path) -> None:
    schema, issues = _introspect(
        tmp_path,
        """
        CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT, sort TEXT, uuid TEXT);
        CREATE TABLE books_pages_link (book INTEGER PRIMARY KEY, pages INT DEFAULT 0);
        CREATE TABLE audit (at TEXT, what TEXT);
        CREATE TRIGGER pages AFTER INSERT ON books BEGIN
            INSERT INTO books_pages_link(book) VALUES (NEW.id);
        END;
        CREATE TRIGGER books_insert_trg AFTER INSERT ON books BEGIN
            UPDATE books SET sort = title_sort(NEW.title), uuid = uuid4() WHERE id = NEW.id;
        END;
        CREATE TRIGGER upper_title AFTER INSERT ON books BEGIN
            UPDATE books SET title = upper(NEW.title) WHERE id = NEW.id;
        END;
        CREATE TRIGGER gone AFTER DELETE ON books BEGIN
            INSERT INTO audit VALUES (datetime('now'), 'deleted ' || OLD.id);
        END;
        CREATE TRIGGER quiet AFTER INSERT ON audit BEGIN SELECT 1; END;
        """,
    )
    classes = {t.name: (t.classification, t.writes) for t in _table(schema, "books").triggers}
    assert classes == {
        "books_insert_trg": ("rejects_rows", []),
        "gone": ("writes_other_tables", ["main.audit"]),
        "pages": ("writes_other_tables", ["main.books_pages_link"]),
        "upper_title": ("rewrites_row", []),
    }
    assert _trigger(schema, "books", "books_insert_trg").reason == (
        "calls title_sort(), uuid4(), which the database does not define (an application "
        "function): every statement that reaches it fails; updates rows of its own table"
    )
    assert _trigger(schema, "audit", "quiet").classification == "no_effect"
    codes = {i.path: i.code for i in issues if i.path and i.path.startswith("main.")}
    assert codes == {
        "main.books.books_insert_trg": "trigger_may_reject_rows",
        "main.books.pages": "trigger_writes_other_tables",
        "main.books.upper_title": "trigger_rewrites_row",
    }
    pages = _finding(issues, "main.books.pages")
    assert "main.books_pages_link is generated too" in pages.message
    # What the corpus harness switches off: undefined functions and writes to generated tables.
    assert triggers_to_disable(schema) == ["main.books.books_insert_trg", "main.books.pages"]
    assert triggers_to_disable(schema, ["main.books"]) == ["main.books.books_insert_trg"]


def test_classification_is_left_out_of_schemas_without_triggers(tmp_path: Path) -> None:
    schema, _ = _introspect(tmp_path, PARENTS)
    text = schema.to_json()
    assert "enforced_by" not in text and "classification" not in text
    again = DatabaseSchema.model_validate_json(text)
    assert again.compute_fingerprint() == schema.fingerprint
