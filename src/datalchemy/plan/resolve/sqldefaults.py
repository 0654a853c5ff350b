"""What a column's SQL ``DEFAULT`` means for generation.

Defaults are read from ``schema.json`` as SQL text (PostgreSQL prints casts, SQLite keeps what
the DDL said). :func:`classify_default` sorts them into:

- ``literal``: a constant (``'novo'::crm.status_lead`` → ``"novo"``, ``'BRL'::bpchar`` →
  ``"BRL"``, ``true``, ``0``, ``(0)::numeric``, ``-1.5``);
- ``now`` / ``today``: ``now()``, ``CURRENT_TIMESTAMP``, ``transaction_timestamp()``,
  ``datetime('now')`` / ``CURRENT_DATE``, ``date('now')``: "today" is the plan's base date;
- ``uuid``: ``gen_random_uuid()``, ``uuid_generate_v4()``;
- ``sequence``: ``nextval('...')`` (serial columns);
- ``expression``: anything else (left alone).

Unlike the original, the parser strips only *balanced* outer parentheses, so ``now()`` stays a
function call, and it compares function names case-insensitively (PostgreSQL prints
``CURRENT_DATE`` upper-case).

Example:
    >>> classify_default("'novo'::crm.status_lead")
    SqlDefault(kind='literal', value='novo', sequence=None)
    >>> classify_default("now()").kind, classify_default("CURRENT_DATE").kind
    ('now', 'today')
    >>> classify_default("nextval('crm.t_id_seq'::regclass)").sequence
    'crm.t_id_seq'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["SqlDefault", "classify_default"]

DefaultKind = Literal["literal", "now", "today", "uuid", "sequence", "expression", "null"]

_NOW = {
    "now()",
    "current_timestamp",
    "current_timestamp()",
    "localtimestamp",
    "transaction_timestamp()",
    "statement_timestamp()",
    "clock_timestamp()",
    "datetime('now')",
    "datetime('now','localtime')",
    "strftime('%y-%m-%d %h:%m:%s','now')",
}
_TODAY = {"current_date", "date('now')", "date('now','localtime')"}
_UUID = {"gen_random_uuid()", "uuid_generate_v4()", "uuid_generate_v1()", "uuidv4()", "uuidv7()"}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_NEXTVAL = re.compile(r"nextval\(\s*'([^']+)'", re.IGNORECASE)


@dataclass(frozen=True)
class SqlDefault:
    """A classified default: ``value`` for literals, ``sequence`` for ``nextval``."""

    kind: DefaultKind
    value: str | int | float | bool | None = None
    sequence: str | None = None


def _strip_parens(text: str) -> str:
    """Remove outer parentheses that enclose the whole expression (balanced, quote-aware)."""
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        in_quote = False
        encloses = True
        for i, ch in enumerate(text):
            if ch == "'":
                in_quote = not in_quote
            elif not in_quote and ch == "(":
                depth += 1
            elif not in_quote and ch == ")":
                depth -= 1
                if depth == 0 and i != len(text) - 1:
                    encloses = False
                    break
        if not encloses:
            break
        text = text[1:-1].strip()
    return text


def _strip_cast(text: str) -> str:
    """Drop trailing ``::type`` casts that are outside quotes."""
    in_quote = False
    for i, ch in enumerate(text):
        if ch == "'":
            in_quote = not in_quote
        elif not in_quote and text.startswith("::", i):
            return text[:i].strip()
    return text


def _quoted(text: str) -> str | None:
    if len(text) >= 2 and text[0] == "'" and text[-1] == "'":
        inner = text[1:-1]
        if "'" in inner.replace("''", ""):
            return None  # several literals concatenated, or something stranger
        return inner.replace("''", "'")
    if len(text) >= 3 and text[0] in "eE" and text[1] == "'" and text[-1] == "'":
        return None  # escape strings: leave them alone
    return None


def classify_default(expression: str | None) -> SqlDefault | None:
    """Classify a default expression; None when there is no default."""
    if expression is None:
        return None
    text = _strip_parens(expression.strip())
    match = _NEXTVAL.search(text)
    if match:
        return SqlDefault("sequence", sequence=match.group(1))
    bare = _strip_parens(_strip_cast(text))
    lowered = re.sub(r"\s+", "", bare.lower())
    if lowered in _NOW or re.sub(r"\s+", "", text.lower()) in _NOW:
        return SqlDefault("now")
    if lowered in _TODAY:
        return SqlDefault("today")
    if lowered in _UUID:
        return SqlDefault("uuid")
    if lowered == "null":
        return SqlDefault("null")
    if lowered in ("true", "false"):
        return SqlDefault("literal", lowered == "true")
    quoted = _quoted(bare)
    if quoted is not None:
        return SqlDefault("literal", quoted)
    if _NUMBER.fullmatch(bare):
        number = float(bare)
        if re.fullmatch(r"[+-]?\d+", bare):
            return SqlDefault("literal", int(bare))
        return SqlDefault("literal", number)
    return SqlDefault("expression")
