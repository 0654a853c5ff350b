"""Read the PL/pgSQL function of a PostgreSQL trigger into :class:`BodyFacts`, conservatively.

The body is split into statements on sqlglot's PostgreSQL tokens; conditions and SQL statements
are parsed with sqlglot. Understood:

- ``IF c THEN ... [ELSIF c THEN ...] [ELSE ...] END IF`` (nested too): the statements of a
  branch run under its condition and the earlier branches not taken; a branch that ``RETURN``\\ s
  guards the statements after the ``IF``;
- ``RAISE [EXCEPTION] ...`` rejects the row under the enclosing conditions (``RAISE NOTICE`` and
  the other levels do not); ``ASSERT c`` rejects it when ``c`` is not true; ``RETURN NULL`` in a
  ``BEFORE ... FOR EACH ROW`` trigger skips it silently;
- ``NEW.x := ...`` rewrites the row (``BEFORE`` row triggers);
- ``INSERT`` / ``UPDATE`` / ``DELETE`` / ``MERGE`` write tables;
- ``RETURN``, ``NULL``, ``PERFORM pg_notify(...)``, ``GET DIAGNOSTICS``, assignments to local
  variables and ``SELECT ... INTO`` change nothing by themselves (``INTO STRICT`` rejects the row
  when no row is found, under a condition not read).

Anything else (loops, ``CASE`` statements, nested blocks, ``EXCEPTION`` handlers, dynamic
``EXECUTE``, ``PERFORM`` of other functions) makes the body *unrecognized*; the tables it writes
and whether it raises are then found by a plain scan of its tokens.

Example:
    >>> body = "BEGIN IF NEW.qty < 0 THEN RAISE EXCEPTION 'negative'; END IF; RETURN NEW; END"
    >>> facts = read_plpgsql(body, own=("shop", "items"), before_row=True)
    >>> [r.condition.sql("postgres") for r in facts.rejections]
    ['NEW.qty < 0']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import sqlglot
from sqlglot import Token, TokenType, exp
from sqlglot.errors import SqlglotError

from datalchemy.triggers.model import BodyFacts, Rejection, all_of, not_taken, shorten

__all__ = ["read_plpgsql"]

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")
_LEVELS = {"DEBUG", "LOG", "INFO", "NOTICE", "WARNING", "EXCEPTION"}
_BLOCKS = {"LOOP", "FOR", "WHILE", "FOREACH", "CASE", "BEGIN", "DECLARE", "EXCEPTION"}
_DML = {"INSERT", "UPDATE", "DELETE", "WITH", "MERGE"}
_BRANCH_ENDS = {"ELSIF", "ELSEIF", "ELSE", "END"}

Guard = exp.Expr | None
"""A condition a statement runs under; None when it could not be read."""
Outcome = Literal["through", "returns", "rejects"]
"""How a statement list ends: it runs on, it returns, it rejects the row."""


class _Unreadable(Exception):
    """The body has a construct this reader does not follow."""


def read_plpgsql(
    body: str,
    *,
    own: tuple[str, str],
    before_row: bool,
    when: exp.Expr | None = None,
) -> BodyFacts:
    """The facts of a trigger function's body.

    Args:
        body: the function's source (``pg_proc.prosrc``).
        own: ``(schema, table)`` the trigger is on.
        before_row: a ``BEFORE ... FOR EACH ROW`` trigger (only those can change or skip the row).
        when: the trigger's ``WHEN`` condition, under which the whole body runs.
    """
    try:
        tokens = sqlglot.tokenize(body, read="postgres")
    except Exception:  # the tokenizer raises more than its own errors on odd input
        return BodyFacts(unrecognized=["a body sqlglot cannot tokenize"])
    reader = _Reader(body, tokens, own, before_row)
    try:
        start, end = reader.outer_block()
        reader.statements(start, end, [when] if when is not None else [])
    except _Unreadable as exc:
        fallback = _Reader(body, tokens, own, before_row)
        fallback.facts.unrecognized.append(str(exc))
        fallback.scan()
        return fallback.facts
    return reader.facts


@dataclass
class _Branch:
    condition: Guard
    is_else: bool
    start: int
    end: int


@dataclass
class _Reader:
    text: str
    tokens: list[Token]
    own: tuple[str, str]
    before_row: bool
    facts: BodyFacts = field(default_factory=BodyFacts)

    # -- tokens ---------------------------------------------------------------------------------

    def kw(self, i: int) -> str:
        """The upper-case word at ``i`` ("" for strings, quoted names and past the end)."""
        if not 0 <= i < len(self.tokens):
            return ""
        tok = self.tokens[i]
        if tok.token_type.name.endswith("STRING") or tok.token_type is TokenType.IDENTIFIER:
            return ""
        return tok.text.upper()

    def is_name(self, i: int) -> bool:
        """A table or schema name (keywords such as ``comment`` included)."""
        if i >= len(self.tokens):
            return False
        tok = self.tokens[i]
        return tok.token_type is TokenType.IDENTIFIER or _WORD.fullmatch(tok.text) is not None

    def type(self, i: int) -> TokenType | None:
        return self.tokens[i].token_type if i < len(self.tokens) else None

    def source(self, start: int, end: int) -> str:
        """The text of tokens ``start`` to ``end`` (exclusive) as written."""
        if start >= end:
            return ""
        return self.text[self.tokens[start].start : self.tokens[end - 1].end + 1]

    def semicolon(self, i: int) -> int:
        depth = 0
        while i < len(self.tokens):
            kind = self.tokens[i].token_type
            if kind in (TokenType.L_PAREN, TokenType.L_BRACKET):
                depth += 1
            elif kind in (TokenType.R_PAREN, TokenType.R_BRACKET):
                depth -= 1
            elif kind is TokenType.SEMICOLON and depth == 0:
                return i
            i += 1
        raise _Unreadable("a statement without its ';'")

    def then(self, i: int) -> int:
        """The ``THEN`` that ends the condition starting at ``i`` (CASE expressions skipped)."""
        depth = cases = 0
        while i < len(self.tokens):
            kind, word = self.tokens[i].token_type, self.kw(i)
            if kind in (TokenType.L_PAREN, TokenType.L_BRACKET):
                depth += 1
            elif kind in (TokenType.R_PAREN, TokenType.R_BRACKET):
                depth -= 1
            elif word == "CASE":
                cases += 1
            elif word == "END" and cases:
                cases -= 1
            elif word == "THEN" and depth == 0 and cases == 0:
                return i
            i += 1
        raise _Unreadable("an IF without THEN")

    def expression(self, start: int, end: int) -> Guard:
        text = self.source(start, end)
        try:
            tree = sqlglot.parse_one(text, read="postgres")
        except SqlglotError:
            return None
        except Exception:  # sqlglot raises more than its own errors on odd input
            return None
        return None if isinstance(tree, exp.Query | exp.DML | exp.Command) else tree

    # -- structure ------------------------------------------------------------------------------

    def outer_block(self) -> tuple[int, int]:
        """The token range between the function's outer ``BEGIN`` and ``END``."""
        begin = next(
            (i for i, t in enumerate(self.tokens) if t.token_type is TokenType.BEGIN), None
        )
        end = next((i for i in range(len(self.tokens) - 1, -1, -1) if self.kw(i) == "END"), None)
        if begin is None or end is None or end <= begin:
            raise _Unreadable("no BEGIN ... END block")
        return begin + 1, end

    def if_structure(self, i: int) -> tuple[list[_Branch], int]:
        """The branches of the ``IF`` at ``i`` and the index of the ``;`` after ``END IF``."""
        branches: list[_Branch] = []
        then = self.then(i + 1)
        condition, is_else, start = self.expression(i + 1, then), False, then + 1
        while True:
            k = self.skip_statements(start)
            branches.append(_Branch(condition, is_else, start, k))
            word = self.kw(k)
            if word in ("ELSIF", "ELSEIF") and not is_else:
                then = self.then(k + 1)
                condition, start = self.expression(k + 1, then), then + 1
            elif word == "ELSE" and not is_else:
                condition, is_else, start = None, True, k + 1
            elif (
                word == "END" and self.kw(k + 1) == "IF" and self.type(k + 2) is TokenType.SEMICOLON
            ):
                return branches, k + 2
            else:
                raise _Unreadable("an IF that does not end with END IF")

    def skip_statements(self, i: int) -> int:
        """From ``i``, past whole statements, to the next ``ELSIF`` / ``ELSE`` / ``END``."""
        while i < len(self.tokens) and self.kw(i) not in _BRANCH_ENDS:
            if self.kw(i) == "IF":
                i = self.if_structure(i)[1] + 1
            elif self.kw(i) in _BLOCKS:
                raise _Unreadable(f"a {self.kw(i)} construct")
            else:
                i = self.semicolon(i) + 1
        return i

    # -- statements -----------------------------------------------------------------------------

    def statements(self, i: int, end: int, guards: list[Guard]) -> Outcome:
        """Read the statements from ``i`` to ``end``: how they end when they run to the end."""
        guards = list(guards)
        while i < end:
            word = self.kw(i)
            if word == "IF":
                done, outcome, after = self.if_block(i, guards)
                if outcome != "through":
                    return outcome
                guards += after
                i = done + 1
            elif word in _BLOCKS or self.type(i) is TokenType.LT:
                raise _Unreadable(f"a {word or 'labelled block'} construct")
            else:
                j = self.semicolon(i)
                outcome = self.simple(i, j, guards)
                if outcome != "through":
                    return outcome
                i = j + 1
        return "through"

    def if_block(self, i: int, guards: list[Guard]) -> tuple[int, Outcome, list[Guard]]:
        """Read an ``IF``: (index of its final ``;``, how it ends when every branch ends the
        same way, the guards the statements after it run under).

        A later branch runs only when the earlier ones are not taken; an earlier branch that
        rejects the row can be left out of that (the row is rejected either way), one that
        returns cannot."""
        branches, done = self.if_structure(i)
        earlier: list[Guard] = []
        after: list[Guard] = []
        outcomes: set[Outcome] = set()
        for b in branches:
            taken = [None if c is None else not_taken(c) for c in earlier]
            if not b.is_else:
                taken.append(b.condition)
            outcome = self.statements(b.start, b.end, guards + taken)
            outcomes.add(outcome)
            if outcome == "returns":
                readable = [c for c in taken if c is not None]
                after.append(not_taken(all_of(readable)) if len(readable) == len(taken) else None)
            if not b.is_else and outcome != "rejects":
                earlier.append(b.condition)
        if not any(b.is_else for b in branches) or "through" in outcomes:
            return done, "through", after
        return done, "rejects" if outcomes == {"rejects"} else "returns", after

    def reject(self, guards: list[Guard], why: str = "") -> None:
        if any(g is None for g in guards):
            self.facts.rejections.append(Rejection(None, why or "under a condition not read"))
        else:
            self.facts.rejections.append(Rejection(all_of([g for g in guards if g is not None])))

    def simple(self, i: int, j: int, guards: list[Guard]) -> Outcome:
        """Read one statement ``[i, j)``."""
        word, text = self.kw(i), self.source(i, j)
        if word == "RETURN":
            if self.before_row and self.kw(i + 1) == "NULL" and i + 2 == j:
                self.reject(guards)
                return "rejects"
            return "returns"
        if word == "RAISE":
            level = self.kw(i + 1)
            if level not in _LEVELS or level == "EXCEPTION":
                self.reject(guards)
                return "rejects"
        elif word == "ASSERT":
            comma = next(
                (k for k in range(i + 1, j) if self.tokens[k].token_type is TokenType.COMMA), j
            )
            condition = self.expression(i + 1, comma)
            self.reject([*guards, None if condition is None else not_taken(condition)])
        elif word == "NEW" and self._sets_new(i):
            if self.before_row:
                self.facts.rewrites.append(f"sets NEW.{self.tokens[i + 2].text}")
        elif word in _DML:
            self.dml(i, j)
        elif word == "SELECT":
            if any(self.kw(k) == "INTO" and self.kw(k + 1) == "STRICT" for k in range(i, j)):
                self.reject([None], "when a SELECT ... INTO STRICT finds no row")
        elif not self._changes_nothing(word, i):
            self.facts.unrecognized.append(shorten(text))
        return "through"

    def _changes_nothing(self, word: str, i: int) -> bool:
        """``NULL;``, ``GET DIAGNOSTICS``, ``PERFORM pg_notify(...)``, ``var := ...``."""
        notify = word == "PERFORM" and self.kw(i + 1) == "PG_NOTIFY"
        return notify or word in ("NULL", "GET") or self._assigns(i + 1)

    def _sets_new(self, i: int) -> bool:
        """``NEW.x := ...`` (or ``=``) at ``i``."""
        return self.type(i + 1) is TokenType.DOT and self._assigns(i + 3)

    def _assigns(self, i: int) -> bool:
        return self.type(i) in (TokenType.COLON_EQ, TokenType.EQ)

    # -- writes ---------------------------------------------------------------------------------

    def dml(self, i: int, j: int) -> None:
        """The tables the statement ``[i, j)`` writes (read by sqlglot, else by its tokens)."""
        try:
            tree = sqlglot.parse_one(self.source(i, j), read="postgres")
        except Exception:  # sqlglot raises more than its own errors on odd input
            self.scan(i, j, writes_only=True)
            return
        for node in tree.find_all(exp.Insert, exp.Update, exp.Delete, exp.Merge):
            target = node.this
            if isinstance(target, exp.Schema):
                target = target.this
            if isinstance(target, exp.Table) and target.name:
                self.wrote(type(node).__name__.upper(), target.db, target.name)

    def wrote(self, verb: str, schema: str, table: str) -> None:
        if table == self.own[1] and schema in ("", self.own[0]):
            if verb == "INSERT":
                self.facts.inserts_own_table = True
            else:
                self.facts.rewrites.append(f"{verb.lower()}s rows of its own table")
        else:
            self.facts.add_write(f"{schema}.{table}" if schema else table)

    def scan(self, start: int = 0, end: int | None = None, *, writes_only: bool = False) -> None:
        """Fallback for what sqlglot or the reader do not follow: the DML targets in
        ``[start, end)`` and, unless ``writes_only``, raises and ``NEW`` assignments."""
        for i in range(start, len(self.tokens) if end is None else end):
            word = self.kw(i)
            if writes_only and word in ("RAISE", "NEW"):
                continue
            name_at = None
            if word == "INSERT" and self.kw(i + 1) == "INTO":
                name_at = i + 2
            elif (word == "UPDATE" and self.kw(i - 1) not in ("DO", "FOR", "KEY", "NO")) or (
                word == "DELETE" and self.kw(i + 1) == "FROM"
            ):
                name_at = i + 1 if word == "UPDATE" else i + 2
                if self.kw(name_at) == "ONLY":
                    name_at += 1
            elif word == "RAISE" and self.kw(i + 1) not in _LEVELS - {"EXCEPTION"}:
                self.reject([None], "under conditions not read")
            elif word == "NEW" and self.before_row and self._sets_new(i):
                self.facts.rewrites.append(f"sets NEW.{self.tokens[i + 2].text}")
            if name_at is not None and self.is_name(name_at):
                parts = [self.tokens[name_at].text]
                if self.type(name_at + 1) is TokenType.DOT and name_at + 2 < len(self.tokens):
                    parts.append(self.tokens[name_at + 2].text)
                schema, table = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
                self.wrote(word, schema, table)
