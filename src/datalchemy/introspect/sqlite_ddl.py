"""The stored ``CREATE`` text of SQLite objects: a tokenizer and small parsers.

SQLite keeps some facts only in the SQL text of ``sqlite_schema``: CHECK constraints, names of
constraints, COLLATE, AUTOINCREMENT, generated-column expressions, deferrable foreign keys, and
the expressions and WHERE clause of an index. The parsers here read exactly those facts from
``CREATE TABLE``, ``CREATE INDEX`` and ``CREATE TRIGGER`` text and keep expressions as written.

sqlglot is not used: its SQLite dialect rejects valid DDL that real databases hold
(``ON CONFLICT`` clauses, ``VARYING CHARACTER(20)``, ``NOT NULL UNIQUE CONSTRAINT c CHECK (...)``,
``WITHOUT ROWID, STRICT``) and rewrites expressions. Text that does not have the expected shape
raises :class:`DdlError`; the introspector then falls back to the PRAGMAs.

Example:
    >>> d = parse_create_table("CREATE TABLE t (a INT CONSTRAINT pos CHECK (a > 0)) STRICT")
    >>> d.checks[0].name, d.checks[0].expression, d.strict
    ('pos', 'a > 0', True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "CheckDef",
    "ColumnDef",
    "DdlError",
    "FkClause",
    "TableDef",
    "TriggerDef",
    "fold",
    "parse_create_index",
    "parse_create_table",
    "parse_create_trigger",
    "referenced_columns",
    "tokenize",
]


class DdlError(Exception):
    """The SQL text does not have the shape the parser expects."""


@dataclass(frozen=True)
class Token:
    kind: Literal["word", "quoted", "string", "number", "blob", "op"]
    text: str
    start: int
    end: int

    @property
    def value(self) -> str:
        """The identifier named by the token (quotes removed, doubled quotes undone)."""
        if self.kind == "quoted" or self.kind == "string":
            q = self.text[0]
            inner = self.text[1:-1]
            return inner if q == "[" else inner.replace(q + q, q)
        return self.text

    def kw(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


_WORD = re.compile(r"(?:[A-Za-z_]|[^\x00-\x7f])(?:[A-Za-z0-9_$]|[^\x00-\x7f])*")
_NUMBER = re.compile(r"0[xX][0-9a-fA-F]+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_OPS = ("->>", "->", "<=", ">=", "<>", "!=", "==", "||", "<<", ">>")
_CLOSERS = {"'": "'", '"': '"', "`": "`", "[": "]"}


def tokenize(sql: str) -> list[Token]:
    """SQLite tokens of ``sql`` with their offsets; comments and whitespace dropped.

    Example:
        >>> [t.value for t in tokenize('CREATE TABLE [a b] ("x""y" INT) -- note')]
        ['CREATE', 'TABLE', 'a b', '(', 'x"y', 'INT', ')']
    """
    out: list[Token] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch.isspace():
            i += 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end < 0 else end + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif ch in "xX" and i + 1 < n and sql[i + 1] == "'":
            end = sql.find("'", i + 2)
            if end < 0:
                raise DdlError("unterminated blob literal")
            out.append(Token("blob", sql[i : end + 1], i, end + 1))
            i = end + 1
        elif ch in _CLOSERS:
            close = _CLOSERS[ch]
            j = i + 1
            while True:
                j = sql.find(close, j)
                if j < 0:
                    raise DdlError(f"unterminated {ch} quote")
                if close != "]" and sql.startswith(close * 2, j):
                    j += 2
                    continue
                break
            kind: Literal["string", "quoted"] = "string" if ch == "'" else "quoted"
            out.append(Token(kind, sql[i : j + 1], i, j + 1))
            i = j + 1
        elif (m := _NUMBER.match(sql, i)) and (ch.isdigit() or ch == "."):
            out.append(Token("number", m.group(), i, m.end()))
            i = m.end()
        elif m := _WORD.match(sql, i):
            out.append(Token("word", m.group(), i, m.end()))
            i = m.end()
        else:
            op = next((o for o in _OPS if sql.startswith(o, i)), ch)
            out.append(Token("op", op, i, i + len(op)))
            i += len(op)
    return out


class Cursor:
    """Walks a token list; every ``expect_*`` raises :class:`DdlError` on a mismatch."""

    def __init__(self, sql: str, tokens: list[Token] | None = None, pos: int = 0) -> None:
        self.sql = sql
        self.tokens = tokenize(sql) if tokens is None else tokens
        self.pos = pos

    def peek(self, ahead: int = 0) -> Token | None:
        i = self.pos + ahead
        return self.tokens[i] if i < len(self.tokens) else None

    def at(self, *words: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kw(*words)

    def at_op(self, op: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "op" and tok.text == op

    def accept(self, *sequence: str) -> bool:
        """Consume the keywords ``sequence`` if they come next."""
        for k, word in enumerate(sequence):
            tok = self.peek(k)
            if tok is None or not tok.kw(word):
                return False
        self.pos += len(sequence)
        return True

    def expect(self, *sequence: str) -> None:
        if not self.accept(*sequence):
            raise DdlError(f"expected {' '.join(sequence)} at {self._where()}")

    def expect_op(self, op: str) -> Token:
        tok = self.peek()
        if tok is None or tok.kind != "op" or tok.text != op:
            raise DdlError(f"expected {op!r} at {self._where()}")
        self.pos += 1
        return tok

    def name(self) -> str:
        tok = self.peek()
        if tok is None or tok.kind not in ("word", "quoted", "string"):
            raise DdlError(f"expected a name at {self._where()}")
        self.pos += 1
        return tok.value

    def qualified_name(self) -> str:
        """``[schema.]name``; the schema part is dropped."""
        name = self.name()
        if self.at_op("."):
            self.pos += 1
            name = self.name()
        return name

    def group(self) -> tuple[int, int]:
        """Consume ``( ... )``; return the token range strictly inside the parentheses."""
        self.expect_op("(")
        start, depth = self.pos, 1
        while True:
            tok = self.peek()
            if tok is None:
                raise DdlError("unbalanced parentheses")
            self.pos += 1
            if tok.kind == "op" and tok.text == "(":
                depth += 1
            elif tok.kind == "op" and tok.text == ")":
                depth -= 1
                if depth == 0:
                    return start, self.pos - 1

    def text(self, start: int, end: int) -> str:
        """The source text of tokens ``start`` to ``end`` (exclusive), as written."""
        if start >= end:
            return ""
        return self.sql[self.tokens[start].start : self.tokens[end - 1].end]

    def split(self, start: int, end: int) -> list[tuple[int, int]]:
        """Token ranges of the comma-separated items between ``start`` and ``end``."""
        items: list[tuple[int, int]] = []
        depth, item_start = 0, start
        for i in range(start, end):
            tok = self.tokens[i]
            if tok.kind == "op" and tok.text == "(":
                depth += 1
            elif tok.kind == "op" and tok.text == ")":
                depth -= 1
            elif tok.kind == "op" and tok.text == "," and depth == 0:
                items.append((item_start, i))
                item_start = i + 1
        items.append((item_start, end))
        return items

    def _where(self) -> str:
        tok = self.peek()
        return "the end" if tok is None else f"{tok.text!r} (offset {tok.start})"


@dataclass
class ColumnDef:
    name: str
    collation: str | None = None
    autoincrement: bool = False
    generated: str | None = None


@dataclass
class CheckDef:
    name: str | None
    expression: str
    column: str | None  # None for a table CHECK


@dataclass
class FkClause:
    name: str | None
    columns: list[str]
    table: str
    ref_columns: list[str]
    deferrable: bool = False
    initially_deferred: bool = False


@dataclass
class TableDef:
    """What the CREATE TABLE text says beyond the PRAGMAs."""

    columns: list[ColumnDef] = field(default_factory=list)
    pk_name: str | None = None
    checks: list[CheckDef] = field(default_factory=list)
    uniques: list[tuple[str | None, list[str]]] = field(default_factory=list)
    fks: list[FkClause] = field(default_factory=list)
    without_rowid: bool = False
    strict: bool = False

    def column(self, name: str) -> ColumnDef | None:
        return next((c for c in self.columns if fold(c.name) == fold(name)), None)


_COLUMN_CONSTRAINTS = (
    "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE",
    "REFERENCES", "GENERATED", "AS",
)  # fmt: skip
_TABLE_CONSTRAINTS = ("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN")


def parse_create_table(sql: str) -> TableDef:
    """Parse a stored ``CREATE TABLE`` statement (https://sqlite.org/lang_createtable.html).

    Example:
        >>> d = parse_create_table("CREATE TABLE t (a INT CONSTRAINT pos CHECK (a > 0)) STRICT")
        >>> d.checks[0].name, d.checks[0].expression, d.strict
        ('pos', 'a > 0', True)
    """
    cur = Cursor(sql)
    cur.expect("CREATE")
    cur.accept("TEMP") or cur.accept("TEMPORARY")
    cur.expect("TABLE")
    cur.accept("IF", "NOT", "EXISTS")
    cur.qualified_name()
    start, end = cur.group()
    out = TableDef()
    in_constraints = False
    for a, b in cur.split(start, end):
        item = Cursor(sql, cur.tokens[:b], a)
        first = item.peek()
        if first is None:
            raise DdlError("empty column definition")
        if in_constraints or first.kw(*_TABLE_CONSTRAINTS):
            # Column definitions come first; table constraints may follow without commas.
            in_constraints = True
            _table_constraints(item, out)
        else:
            _column_def(item, out)
    while cur.peek() is not None:
        if cur.accept("WITHOUT", "ROWID"):
            out.without_rowid = True
        elif cur.accept("STRICT"):
            out.strict = True
        else:
            cur.expect_op(",")
    return out


def _column_def(cur: Cursor, out: TableDef) -> None:
    col = ColumnDef(cur.name())
    out.columns.append(col)
    while cur.peek() is not None and not cur.at(*_COLUMN_CONSTRAINTS):  # the type name
        if cur.at_op("("):
            cur.group()
        else:
            cur.pos += 1
    pending: str | None = None
    while cur.peek() is not None:
        if cur.accept("CONSTRAINT"):
            pending = cur.name()
            continue
        if cur.accept("PRIMARY", "KEY"):
            cur.accept("ASC") or cur.accept("DESC")
            _conflict_clause(cur)
            col.autoincrement = cur.accept("AUTOINCREMENT")
            out.pk_name = pending
        elif cur.accept("NOT", "NULL") or cur.accept("NULL"):
            _conflict_clause(cur)
        elif cur.accept("UNIQUE"):
            _conflict_clause(cur)
            out.uniques.append((pending, [col.name]))
        elif cur.accept("CHECK"):
            out.checks.append(CheckDef(pending, cur.text(*cur.group()).strip(), col.name))
        elif cur.accept("DEFAULT"):
            _skip_default(cur)
        elif cur.accept("COLLATE"):
            col.collation = cur.name()
        elif cur.accept("REFERENCES"):
            out.fks.append(_fk_clause(cur, pending, [col.name]))
        elif cur.accept("GENERATED", "ALWAYS", "AS") or cur.accept("AS"):
            col.generated = cur.text(*cur.group()).strip()
            cur.accept("STORED") or cur.accept("VIRTUAL")
        else:
            raise DdlError(f"unexpected {cur.peek().text!r} in column {col.name!r}")  # type: ignore[union-attr]
        pending = None


def _table_constraints(cur: Cursor, out: TableDef) -> None:
    """One or more table constraints (SQLite does not require commas between them)."""
    name: str | None = None
    while cur.peek() is not None:
        if cur.accept("CONSTRAINT"):
            name = cur.name()  # SQLite also accepts a lone CONSTRAINT name; it names nothing
            continue
        if cur.accept("PRIMARY", "KEY"):
            cur.group()  # the columns come from PRAGMA table_xinfo
            out.pk_name = name
        elif cur.accept("UNIQUE"):
            out.uniques.append((name, _column_list(cur)))
        elif cur.accept("CHECK"):
            out.checks.append(CheckDef(name, cur.text(*cur.group()).strip(), None))
        elif cur.accept("FOREIGN", "KEY"):
            columns = _column_list(cur)
            cur.expect("REFERENCES")
            out.fks.append(_fk_clause(cur, name, columns))
        else:
            raise DdlError(f"unexpected table constraint at {cur._where()}")
        _conflict_clause(cur)
        name = None


def _column_list(cur: Cursor) -> list[str]:
    """``(a COLLATE x DESC, b)`` → ``["a", "b"]``."""
    start, end = cur.group()
    names: list[str] = []
    for a, _b in cur.split(start, end):
        tok = cur.tokens[a]
        if tok.kind not in ("word", "quoted", "string"):
            raise DdlError("expected a column name")
        names.append(tok.value)
    return names


def _fk_clause(cur: Cursor, name: str | None, columns: list[str]) -> FkClause:
    fk = FkClause(name, columns, cur.name(), _column_list(cur) if cur.at_op("(") else [])
    while cur.peek() is not None:
        if cur.accept("ON"):
            if not (cur.accept("DELETE") or cur.accept("UPDATE")):
                raise DdlError("expected DELETE or UPDATE after ON")
            if not (
                cur.accept("SET", "NULL")
                or cur.accept("SET", "DEFAULT")
                or cur.accept("CASCADE")
                or cur.accept("RESTRICT")
                or cur.accept("NO", "ACTION")
            ):
                raise DdlError("unknown foreign key action")
        elif cur.accept("MATCH"):
            cur.name()
        elif cur.accept("NOT", "DEFERRABLE"):
            if cur.accept("INITIALLY"):
                cur.name()
        elif cur.accept("DEFERRABLE"):
            # Only DEFERRABLE INITIALLY DEFERRED is deferred in SQLite; the other forms are
            # immediate constraints. https://sqlite.org/foreignkeys.html#fk_deferred
            fk.deferrable = True
            fk.initially_deferred = cur.accept("INITIALLY", "DEFERRED")
            cur.accept("INITIALLY", "IMMEDIATE")
        else:
            break
    return fk


def _conflict_clause(cur: Cursor) -> None:
    if cur.accept("ON", "CONFLICT"):
        cur.name()


def _skip_default(cur: Cursor) -> None:
    """Skip a DEFAULT value: ``(expr)``, a signed number, a literal or a keyword."""
    if cur.at_op("("):
        cur.group()
        return
    if cur.at_op("+") or cur.at_op("-"):
        cur.pos += 1
    if cur.peek() is None:
        raise DdlError("DEFAULT without a value")
    cur.pos += 1


def parse_create_index(sql: str) -> tuple[list[str], str | None]:
    """The key parts (as written, without ASC/DESC) and WHERE clause of a ``CREATE INDEX``.

    Example:
        >>> parse_create_index("CREATE UNIQUE INDEX i ON t (lower(e) DESC, b) WHERE b > 0")
        (['lower(e)', 'b'], 'b > 0')
    """
    cur = Cursor(sql)
    cur.expect("CREATE")
    cur.accept("UNIQUE")
    cur.expect("INDEX")
    cur.accept("IF", "NOT", "EXISTS")
    cur.qualified_name()
    cur.expect("ON")
    cur.name()
    start, end = cur.group()
    parts: list[str] = []
    for a, b in cur.split(start, end):
        if b > a and cur.tokens[b - 1].kw("ASC", "DESC"):
            b -= 1
        parts.append(cur.text(a, b))
    predicate: str | None = None
    if cur.accept("WHERE"):
        predicate = cur.text(cur.pos, len(cur.tokens)).strip()
    elif cur.peek() is not None:
        raise DdlError(f"unexpected {cur.peek().text!r} after the index columns")  # type: ignore[union-attr]
    return parts, predicate


@dataclass(frozen=True)
class TriggerDef:
    """What a ``CREATE TRIGGER`` says: when it fires, its WHEN clause and its statements."""

    timing: str
    events: list[str]
    update_of: list[str] = field(default_factory=list)
    when: str | None = None
    body: list[str] = field(default_factory=list)
    """The statements between ``BEGIN`` and ``END``, as written, without their ``;``."""


def parse_create_trigger(sql: str) -> TriggerDef:
    """A ``CREATE TRIGGER`` statement (https://sqlite.org/lang_createtrigger.html).

    Example:
        >>> t = parse_create_trigger(
        ...     "CREATE TRIGGER t BEFORE UPDATE OF a ON x FOR EACH ROW WHEN NEW.a < 0 "
        ...     "BEGIN SELECT RAISE(ABORT, 'neg'); END")
        >>> t.timing, t.events, t.update_of, t.when, t.body
        ('BEFORE', ['UPDATE'], ['a'], 'NEW.a < 0', ["SELECT RAISE(ABORT, 'neg')"])
    """
    cur = Cursor(sql)
    cur.expect("CREATE")
    cur.accept("TEMP") or cur.accept("TEMPORARY")
    cur.expect("TRIGGER")
    cur.accept("IF", "NOT", "EXISTS")
    cur.qualified_name()
    timing = "BEFORE"  # SQLite's default when no timing is written
    if cur.accept("INSTEAD", "OF"):
        timing = "INSTEAD OF"
    elif cur.at("BEFORE", "AFTER"):
        timing = cur.name().upper()
    tok = cur.peek()
    if tok is None or not tok.kw("INSERT", "UPDATE", "DELETE"):
        raise DdlError("expected INSERT, UPDATE or DELETE")
    cur.pos += 1
    update_of: list[str] = []
    if tok.kw("UPDATE") and cur.accept("OF"):
        update_of.append(cur.name())
        while cur.at_op(","):
            cur.pos += 1
            update_of.append(cur.name())
    cur.expect("ON")
    cur.qualified_name()
    cur.accept("FOR", "EACH", "ROW")
    when: str | None = None
    if cur.accept("WHEN"):
        start = cur.pos
        while cur.peek() is not None and not cur.at("BEGIN"):
            cur.pos += 1
        when = cur.text(start, cur.pos).strip() or None
    cur.expect("BEGIN")
    last = len(cur.tokens) - 1
    if last < cur.pos or not cur.tokens[last].kw("END"):
        raise DdlError("expected END at the end of the trigger")
    body: list[str] = []
    start, depth = cur.pos, 0
    for i in range(cur.pos, last):
        t = cur.tokens[i]
        if t.kind == "op" and t.text in "()":
            depth += 1 if t.text == "(" else -1
        elif t.kind == "op" and t.text == ";" and depth == 0:
            if i > start:
                body.append(cur.text(start, i))
            start = i + 1
    if last > start:
        body.append(cur.text(start, last))
    return TriggerDef(timing, [tok.text.upper()], update_of, when, body)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold(name: str) -> str:
    """SQLite compares identifiers case-insensitively for ASCII letters only.

    Example:
        >>> fold("Ação_ID")
        'ação_id'
    """
    return name.translate(_ASCII_LOWER)


def referenced_columns(expression: str, columns: list[str]) -> list[str]:
    """Columns of ``columns`` that ``expression`` reads, in table order (function names skipped).

    Example:
        >>> referenced_columns("length(Placa) = 7 AND ano > 1990", ["ano", "placa", "cor"])
        ['ano', 'placa']
    """
    try:
        tokens = tokenize(expression)
    except DdlError:
        return []
    used: set[str] = set()
    for i, tok in enumerate(tokens):
        if tok.kind not in ("word", "quoted"):
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.kind == "word" and nxt is not None and nxt.kind == "op" and nxt.text == "(":
            continue  # a function call such as length(x)
        used.add(fold(tok.value))
    return [c for c in columns if fold(c) in used]
