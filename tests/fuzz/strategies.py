"""Hypothesis strategies: hostile edits of a real schema.json and plan.json.

The seeds are the embedded car-rental schema (SQLite) and its suggested plan at a few rows per
table, so that an edit that survives validation generates and evaluates in well under a second.
Each case applies 1-4 edits at random JSON pointers of either file: drop a key, replace a value
with hostile JSON (very deep nesting, huge and negative numbers, lone surrogates, dates out of
range, NaN-like text, wrong types), duplicate or empty a list, rename a reference, or splice in
a known hostile construct (a volatile CHECK, a key on a missing column, a CHECK of NULL, a
family that contradicts the declared type, billions of rows).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

__all__ = ["Case", "cases", "seed_files"]

Json = Any


@dataclass(frozen=True)
class Case:
    schema: str
    plan: str
    edits: tuple[str, ...]


def seed_files() -> tuple[Json, Json]:
    """The seed schema and plan (built once; cached by the caller)."""
    import tempfile
    from pathlib import Path

    import datalchemy

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'car.db'}"
        datalchemy.create_fixture("car-rental", url)
        schema = datalchemy.introspect(url).schema
    plan, _ = datalchemy.suggest_plan(schema, rows=3)
    return (
        json.loads(schema.to_json()),
        json.loads(plan.model_dump_json(by_alias=True, exclude_none=True)),
    )


def _deep(depth: int) -> Json:
    value: Json = 0
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


_HOSTILE_SCALARS: list[Json] = [
    None, True, 0, -1, 2**63, -(2**63) - 1, 10**30, 1e308, -1e308, 0.5, "", " ",
    "\ud800", "a\udfffb", "\x00", "0001-01-01", "9999-12-31", "-infinity", "NaN",
    "x" * 5000, "'; DROP TABLE clientes; --", "\u202eevil", "../../etc/passwd",
    "main.clientes", "clientes", "id_cliente", "semantic.person.name", "primitive.int.range",
]  # fmt: skip

_SPLICES: dict[str, Json] = {
    "volatile_check": {"expression": "random() > 0.5", "columns": []},
    "null_check": {"expression": "NULL", "columns": []},
    "check_bad_sql": {"expression": "((((", "columns": []},
    "unique_missing_column": {"columns": ["no_such_column"]},
    "pk_missing_column": {"columns": ["ghost"]},
    "fk_missing_parent": {
        "columns": ["id_cliente"], "referenced_schema": "main", "referenced_table": "ghost",
        "referenced_columns": ["id"],
    },
    "family_contradiction": {"declared_type": "INTEGER", "family": "date"},
    "billions_of_rows": 1_000_000_000_000,
    "base_date_min": "0001-01-01",
    "base_date_max": "9999-12-31",
}  # fmt: skip
#: Splices too deep to copy: made fresh for each use.
_DEEP_SPLICES = {"deep_300": 300, "deep_5000": 5000}


_MAX_POINTER_DEPTH = 12  # deeper values are hostile nesting an earlier edit made


def _pointers(doc: Json) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    stack: list[tuple[tuple[Any, ...], Json]] = [((), doc)]
    while stack:
        prefix, value = stack.pop()
        out.append(prefix)
        if len(prefix) >= _MAX_POINTER_DEPTH:
            continue
        if isinstance(value, dict):
            stack += [((*prefix, k), v) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [((*prefix, i), v) for i, v in enumerate(value)]
    return sorted(out, key=lambda p: [str(x) for x in p])


def _get(doc: Json, path: tuple[Any, ...]) -> Json:
    for p in path:
        doc = doc[p]
    return doc


@st.composite
def _edit(draw: st.DrawFn, doc: Json) -> str:
    """Apply one hostile edit to ``doc`` in place; return its description."""
    paths = _pointers(doc)
    path = draw(st.sampled_from(paths[1:] or paths))
    parent = _get(doc, path[:-1]) if path else None
    key = path[-1] if path else None
    what = draw(
        st.sampled_from(["drop", "scalar", "splice", "dup", "empty", "deep", "int", "swap"])
    )
    where = "/" + "/".join(map(str, path))
    if parent is None or key is None:
        return "noop"
    if what == "drop":
        if isinstance(parent, dict):
            del parent[key]
        else:
            parent.pop(key)
    elif what == "scalar":
        parent[key] = draw(st.sampled_from(_HOSTILE_SCALARS))
    elif what == "splice":
        name = draw(st.sampled_from(sorted([*_SPLICES, *_DEEP_SPLICES])))
        value = (
            _deep(_DEEP_SPLICES[name]) if name in _DEEP_SPLICES else copy.deepcopy(_SPLICES[name])
        )
        target = parent[key]
        if isinstance(target, list):
            target.append(value)
        elif isinstance(target, dict) and isinstance(value, dict):
            target.update(value)
        else:
            parent[key] = value
        what = f"splice:{name}"
    elif what == "dup":
        target = parent[key]
        if isinstance(target, list) and target:
            picked = target[draw(st.integers(0, len(target) - 1))]
            target.append(json.loads(_dump(picked)))  # a copy, however deep
    elif what == "empty":
        target = parent[key]
        parent[key] = type(target)() if isinstance(target, (list, dict, str)) else None
    elif what == "deep":
        parent[key] = _deep(draw(st.sampled_from([50, 300, 1200, 20000])))
    elif what == "int":
        parent[key] = draw(st.one_of(st.integers(-(2**70), 2**70), st.integers(-5, 50)))
    elif what == "swap":
        parent[key] = draw(st.one_of(st.text(max_size=12), st.floats(allow_nan=True)))
    return f"{what} {where}"


_CHECKS = [
    "random() > 0.5", "NULL", "TRUE", "FALSE", "1/0 = 1", "((", "{col} IS NOT NULL AND",
    "length({col}) > 1000000", "{col} > '9999-12-31'", "{col} > 1e308", "{col} IN ()",
    "{col} <> {col}", "{col} = now()", "{col} LIKE '%\ud800%'", "abs({col}) < 0",
]  # fmt: skip
_FAMILIES = [
    "boolean", "integer", "decimal", "float", "text", "uuid", "date", "time", "timestamp",
    "timestamptz", "interval", "json", "bytes", "network", "enum", "array", "bit", "money",
    "xml", "geometry", "range", "unknown",
]  # fmt: skip
_TYPES = ["INTEGER", "TEXT", "DATE", "BLOB", "NUMERIC(1000,999)", "VARCHAR(0)", "CHAR(1)",
          "BOOLEAN", "REAL", "DATETIME", "", "weird type"]  # fmt: skip
_NAMES = ['a"b', "dot.ted", "\ud800", "", "x" * 300, "select", "  ", "ÇÃO"]
_GENERATORS = [
    "primitive.int.range", "primitive.choice", "primitive.date.range", "primitive.text.regex",
    "primitive.decimal.numeric", "semantic.br.cpf", "semantic.person.name", "primitive.uuid.v4",
    "primitive.bool", "no.such.generator",
]  # fmt: skip
_PARAMS: list[Json] = [
    {"min": 10**30, "max": -5}, {"min": "2024-01-01", "max": "0001-01-01"}, {"values": []},
    {"values": ["\ud800"]}, {"pattern": "(((("}, {"pattern": "[a-z]{100000}"}, {"length": 10**9},
    {"scale": -3}, {"min": "9999-12-31", "max": "9999-12-31"}, {}, None, [1, 2],
]  # fmt: skip


def _tables(schema: Json) -> list[Json]:
    """The table objects a structural edit left in place (it may have put anything anywhere)."""
    schemas = schema.get("schemas")
    return [
        t
        for s in (schemas if isinstance(schemas, list) else [])
        if isinstance(s, dict) and isinstance(s.get("tables"), list)
        for t in s["tables"]
        if isinstance(t, dict)
    ]


@st.composite
def _semantic(draw: st.DrawFn, schema: Json, plan: Json) -> str:
    """One hostile edit that keeps the files' shape: the inputs that reach generation."""
    try:
        return _semantic_edit(draw, schema, plan)
    except (AttributeError, TypeError, KeyError):  # a structural edit came first: left as is
        return "skipped: the files' shape is already broken"


def _semantic_edit(draw: st.DrawFn, schema: Json, plan: Json) -> str:
    tables = _tables(schema)
    if not tables:  # an earlier edit emptied the schema: nothing left to edit
        return "semantic: no table left"
    table = draw(st.sampled_from(tables))
    cols = table.get("columns") or [{"name": "x"}]
    col = draw(st.sampled_from(cols))
    what = draw(st.sampled_from([
        "check", "family", "type", "facet", "nullable", "unique", "rename", "no_pk",
        "base_date", "seed", "rows", "generator", "params", "null_rate",
    ]))  # fmt: skip
    if what == "check":
        text = draw(st.sampled_from(_CHECKS)).format(col=col.get("name", "x"))
        table.setdefault("checks", []).append({"expression": text, "columns": [col["name"]]})
        return f"check {text!r} on {table['name']}"
    if what == "family":
        col["family"] = draw(st.sampled_from(_FAMILIES))
    elif what == "type":
        col["declared_type"] = draw(st.sampled_from(_TYPES))
    elif what == "facet":
        key = draw(st.sampled_from(["length", "precision", "scale", "int_bits", "time_precision"]))
        col[key] = draw(st.sampled_from([0, -1, 1, 10**9, 2**63]))
    elif what == "nullable":
        col["nullable"] = not col.get("nullable", False)
    elif what == "unique":
        table.setdefault("uniques", []).append({"columns": [col["name"]]})
    elif what == "rename":
        col["name"] = draw(st.sampled_from(_NAMES))
    elif what == "no_pk":
        table["primary_key"] = None
    elif what == "base_date":
        plan["base_date"] = draw(st.sampled_from(
            ["0001-01-01", "9999-12-31", "2024-02-30", "1970-01-01", "2100-01-01"]
        ))  # fmt: skip
    elif what == "seed":
        plan["seed"] = draw(st.sampled_from([0, 2**64 - 1, 2**63, 1]))
    elif what == "rows":
        target = draw(st.sampled_from(plan.get("targets") or [{}]))
        target["rows"] = draw(st.sampled_from([0, 1, 7, 10**12, 2**63, 2**64 - 1]))
    elif plan.get("rules"):
        rule = draw(st.sampled_from(plan["rules"]))
        if what == "generator":
            rule["generator"] = {"id": draw(st.sampled_from(_GENERATORS))}
        elif what == "params" and isinstance(rule.get("generator"), dict):
            rule["generator"]["params"] = copy.deepcopy(draw(st.sampled_from(_PARAMS)))
        elif what == "null_rate":
            rule["null_rate"] = draw(st.sampled_from([0.0, 1.0, 0.999999, 1e-300]))
    return f"{what} ({table.get('name')}.{col.get('name')})"


@st.composite
def cases(draw: st.DrawFn, seeds: tuple[Json, Json]) -> Case:
    """A hostile (schema, plan) pair made from ``seeds``: structural edits at random JSON
    pointers, and edits that keep the files' shape so that they reach generation."""
    schema, plan = copy.deepcopy(seeds[0]), copy.deepcopy(seeds[1])
    edits = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["semantic", "semantic", "schema", "plan"]))
        if kind == "semantic":
            edits.append(f"semantic: {draw(_semantic(schema, plan))}")
        else:
            doc = schema if kind == "schema" else plan
            edits.append(f"{kind}: {draw(_edit(doc))}")
    return Case(_dump(schema), _dump(plan), tuple(edits))


def _dump(doc: Json) -> str:
    """JSON text of ``doc``; nesting past the encoder's recursion limit is written by hand, as a
    hostile file would be."""
    try:
        return json.dumps(doc, ensure_ascii=False, allow_nan=True)
    except RecursionError:
        return _deep_text(doc)


class _Token:
    """Punctuation pushed on the writer's stack (never confused with a string value)."""

    def __init__(self, text: str) -> None:
        self.text = text


def _deep_text(doc: Json) -> str:
    parts: list[str] = []
    stack: list[Any] = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, _Token):
            parts.append(item.text)
        elif isinstance(item, dict):
            stack.append(_Token("}"))
            entries = list(item.items())
            for i, (k, v) in enumerate(reversed(entries)):
                stack += [v, _Token(":"), _Token(json.dumps(k, ensure_ascii=False))]
                if i < len(entries) - 1:
                    stack.append(_Token(","))
            parts.append("{")
        elif isinstance(item, list):
            stack.append(_Token("]"))
            for i, v in enumerate(reversed(item)):
                stack.append(v)
                if i < len(item) - 1:
                    stack.append(_Token(","))
            parts.append("[")
        else:
            parts.append(json.dumps(item, ensure_ascii=False, allow_nan=True))
    return "".join(parts)
