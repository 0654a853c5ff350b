"""Read a SQLite trigger (its ``WHEN`` clause and statements) into :class:`BodyFacts`.

SQLite triggers reject rows with ``RAISE(ABORT | FAIL | ROLLBACK, 'message')`` (an error) or
``RAISE(IGNORE)`` (the row is silently skipped), inside a ``SELECT``:

- ``SELECT RAISE(...) WHERE <cond>``: rejected when ``cond`` (and the ``WHEN`` clause) holds;
- ``SELECT CASE WHEN <c1> THEN RAISE(...) WHEN <c2> THEN RAISE(...) END``: rejected when any
  ``c`` holds (each is one rejection);
- anything else that raises (``... FROM t``, a ``CASE`` with non-raising branches) is a
  rejection whose condition is not read.

``INSERT`` / ``UPDATE`` / ``DELETE`` / ``REPLACE`` statements write tables. Every function the
statements call is looked up in the database's own function list: an application function
(``title_sort()``, registered by the program on its connections) makes every statement that
reaches it fail with "no such function".

Statements are parsed with sqlglot; ``RAISE``'s first argument is quoted first, because sqlglot
reads ``ROLLBACK`` there as a keyword.

Example:
    >>> from datalchemy.introspect.sqlite_ddl import parse_create_trigger
    >>> t = parse_create_trigger("CREATE TRIGGER t BEFORE INSERT ON tags BEGIN "
    ...     "SELECT RAISE(ABORT, 'blank') WHERE TRIM(NEW.name) = ''; END")
    >>> facts = read_sqlite_trigger(t, own_table="tags", known_functions=None)
    >>> [r.condition.sql("sqlite") for r in facts.rejections]
    ["TRIM(NEW.name) = ''"]
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from datalchemy.introspect.sqlite_ddl import DdlError, TriggerDef, fold, tokenize
from datalchemy.triggers.model import BodyFacts, Rejection, all_of, not_taken, shorten

__all__ = ["read_sqlite_trigger"]

_RAISE_ACTIONS = ("IGNORE", "ROLLBACK", "ABORT", "FAIL")


def read_sqlite_trigger(
    trigger: TriggerDef, *, own_table: str, known_functions: frozenset[str] | None
) -> BodyFacts:
    """The facts of one parsed ``CREATE TRIGGER`` on table ``own_table``.

    Args:
        trigger: the parsed statement
            (:func:`~datalchemy.introspect.sqlite_ddl.parse_create_trigger`).
        own_table: the table the trigger is on (its writes to it are not "other tables").
        known_functions: every function name the database defines, lower case; None when
            unknown (then no call is reported as undefined).
    """
    facts = BodyFacts()
    guard: exp.Expr | None = None
    guard_ok = True
    if trigger.when:
        guard = _parse(trigger.when, as_expression=True)
        guard_ok = guard is not None
        if guard is not None:
            _undefined_calls(guard, known_functions, facts)
    for statement in trigger.body:
        tree = _parse(statement)
        if tree is None:
            facts.unrecognized.append(shorten(statement))
            continue
        _undefined_calls(tree, known_functions, facts)
        if isinstance(tree, exp.Select):
            for rejection in _raises(tree):
                if not guard_ok:
                    rejection = Rejection(None, "under a WHEN clause datalchemy cannot read")
                elif guard is not None and rejection.condition is not None:
                    rejection = Rejection(all_of([guard, rejection.condition]))
                facts.rejections.append(rejection)
        elif isinstance(tree, exp.Insert | exp.Update | exp.Delete):
            _write(tree, own_table, facts)
        else:
            facts.unrecognized.append(shorten(statement))
    return facts


def _parse(sql: str, *, as_expression: bool = False) -> exp.Expr | None:
    try:
        text = _quote_raise_actions(sql)
        tree = sqlglot.parse_one(text, read="sqlite")
    except (SqlglotError, DdlError):
        return None
    except Exception:  # sqlglot raises more than its own errors on odd input
        return None
    if as_expression and isinstance(tree, exp.Query | exp.DML | exp.Command):
        return None
    return tree


def _quote_raise_actions(sql: str) -> str:
    """``RAISE(ROLLBACK, ...)`` → ``RAISE('ROLLBACK', ...)`` (sqlglot parses the latter)."""
    tokens = tokenize(sql)
    edits: list[tuple[int, int, str]] = []
    for i in range(len(tokens) - 2):
        a, b, c = tokens[i], tokens[i + 1], tokens[i + 2]
        if a.kw("RAISE") and b.kind == "op" and b.text == "(" and c.kw(*_RAISE_ACTIONS):
            edits.append((c.start, c.end, f"'{c.text.upper()}'"))
    for start, end, text in reversed(edits):
        sql = sql[:start] + text + sql[end:]
    return sql


def _is_raise(node: exp.Expr) -> bool:
    return isinstance(node, exp.Anonymous) and str(node.this).upper() == "RAISE"


def _has_raise(node: exp.Expr) -> bool:
    return any(_is_raise(n) for n in node.find_all(exp.Anonymous))


def _raises(select: exp.Select) -> list[Rejection]:
    """The rejections a ``SELECT`` states (empty when it raises nothing)."""
    if not _has_raise(select):
        return []
    source = select.args.get("from_") or select.args.get("from")
    if source is not None or select.args.get("joins"):
        return [Rejection(None, "from a query over other tables")]
    where = select.args.get("where")
    condition: exp.Expr = where.this if where is not None else exp.true()
    out: list[Rejection] = []
    for item in select.expressions:
        node = item.unalias()
        if _is_raise(node):
            out.append(Rejection(condition))
        elif isinstance(node, exp.Case) and node.this is None:
            out += _case_raises(node, condition)
        elif _has_raise(node):
            out.append(Rejection(None, f"from inside {shorten(node.sql('sqlite'), 40)}"))
    return out


def _case_raises(case: exp.Case, where: exp.Expr) -> list[Rejection]:
    """``CASE WHEN c1 THEN x WHEN c2 THEN RAISE(...) ELSE RAISE(...) END``: one rejection per
    raising branch, under the non-raising branches before it not being taken."""
    out: list[Rejection] = []
    passed: list[exp.Expr] = []  # conditions of the branches before, not taken
    for branch in case.args.get("ifs") or []:
        result = branch.args["true"]
        if _is_raise(result):
            out.append(Rejection(all_of([where, *passed, branch.this])))
        elif _has_raise(result):
            out.append(Rejection(None, "from inside a CASE branch"))
        else:  # a raising branch need not be excluded: the row is rejected either way
            passed.append(not_taken(branch.this))
    default = case.args.get("default")
    if default is not None and _is_raise(default):
        out.append(Rejection(all_of([where, *passed])))
    elif default is not None and _has_raise(default):
        out.append(Rejection(None, "from inside the ELSE branch of a CASE"))
    return out


def _write(tree: exp.Expr, own_table: str, facts: BodyFacts) -> None:
    target = tree.this
    if isinstance(target, exp.Schema):
        target = target.this
    name = target.name if isinstance(target, exp.Table) else ""
    if not name:
        facts.unrecognized.append(shorten(tree.sql("sqlite")))
    elif fold(name) != fold(own_table):
        facts.add_write(name)
    elif isinstance(tree, exp.Insert):
        facts.inserts_own_table = True
    elif isinstance(tree, exp.Update):
        facts.rewrites.append("updates rows of its own table")
    else:
        facts.rewrites.append("deletes rows of its own table")


def _undefined_calls(tree: exp.Expr, known: frozenset[str] | None, facts: BodyFacts) -> None:
    if known is None:
        return
    for call in tree.find_all(exp.Anonymous):
        name = str(call.this).lower()
        if name != "raise" and name not in known:
            facts.add_unknown_function(name)
    if "regexp" not in known and tree.find(exp.RegexpLike) is not None:
        facts.add_unknown_function("regexp")
