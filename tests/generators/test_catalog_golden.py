"""A byte-level fingerprint of every generator and transform in the catalog.

Each generator runs with its example params at a fixed key, over a block of rows, a far-away slice
and (when it has a value space) ``from_index``; each transform runs over a text column. The SHA-256
of the values is compared with ``tests/golden/catalog_hashes.json``, so a refactoring that moves
code cannot change a single value unnoticed. Changing what a generator emits is a deliberate event:
bump ``ALGORITHM_VERSION``, run ``python tests/generators/test_catalog_golden.py`` to rewrite the
file, and add a CHANGELOG line.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators.base import ColumnFacts, GenContext, Generator, Transform
from datalchemy.generators.registry import all_generators, all_transforms

GOLDEN = Path(__file__).parent.parent / "golden" / "catalog_hashes.json"
_LABELS = ("aberta", "ganha", "perdida")
#: Params for the entries whose params are required (derives read the input columns below).
_PARAMS: dict[str, dict[str, Any]] = {
    "derive.age": {"input_columns": ["born"]},
    "derive.coalesce": {"input_columns": ["maybe", "name"], "default": "x"},
    "derive.concat": {"input_columns": ["name", "maybe"], "separator": " "},
    "derive.conditional": {
        "generator": "primitive.int.range",
        "params": {"min": 0, "max": 9},
        "null_rate": 0.2,
        "rules": [
            {
                "cases": [
                    {
                        "when": [{"column": "maybe", "test": "not_null"}],
                        "then": "value",
                        "value": 7,
                    },
                    {
                        "when": [{"column": "status", "test": "in", "values": ["ganha"]}],
                        "then": "null",
                    },
                ]
            }
        ],
    },
    "derive.copy": {"input_columns": ["name"]},
    "derive.email_from_name": {"input_columns": ["name"]},
    "derive.end_after_start": {"input_columns": ["start"], "max_days": 40},
    "derive.expression": {"expression": "qty * price", "input_columns": ["qty", "price"]},
    "derive.linear": {"terms": {"qty": 2}, "constant": 5, "min_offset": 0, "max_offset": 3},
    "derive.map": {"input_columns": ["status"], "mapping": {"aberta": 1, "ganha": 2}},
    "derive.money_total": {"input_columns": ["qty", "price"]},
    "derive.template": {"template": "{name} ({qty})", "input_columns": ["name", "qty"]},
    "derive.updated_after_created": {"input_columns": ["start"]},
    "primitive.array": {"element": "primitive.int.range", "min_len": 0, "max_len": 4},
    "primitive.choice": {"values": ["a", "b", None, "c"]},
    "primitive.choice.weighted": {"values": ["a", "b", "c"], "weights": [0.7, 0.2, 0.1]},
    "primitive.json.template": {"template": {"k": "v", "n": 1}},
    "transform.casing": {"mode": "title"},
    "transform.format": {"template": "<{value}>"},
    "transform.mask": {"mode": "keyed", "kind": "auto"},
    "transform.null_rate": {"rate": 0.25},
    "transform.truncate": {"max_len": 5},
    "transform.weighted_choice": {
        "choices": [{"value": "x", "weight": 3}, {"value": "y", "weight": 1}]
    },
}
_ROWS = np.concatenate([np.arange(2048), np.arange(10**6, 10**6 + 64)]).astype(np.int64)


def _digest(values: pa.Array) -> str:
    text = json.dumps([repr(v) for v in values.to_pylist()], ensure_ascii=False)
    return hashlib.sha256(f"{values.type}|{text}".encode()).hexdigest()


def _inputs(n: int) -> dict[str, pa.Array]:
    i = np.arange(n)
    return {
        "name": pa.array([f"Maria Souza {k}" for k in i]),
        "maybe": pa.array([None if k % 3 else f"m{k}" for k in i], pa.string()),
        "born": pa.array(np.datetime64("1960-01-01") + (i * 97 % 20000).astype("timedelta64[D]")),
        "start": pa.array(
            np.datetime64("2023-01-01T00:00:00") + (i * 3607).astype("timedelta64[s]")
        ),
        "qty": pa.array(i % 9 + 1),
        "price": pa.array((i % 1000) / 7.0),
        "status": pa.array([_LABELS[k % 3] for k in i]),
    }


def _context(gen: Generator[Any] | Transform[Any], locale: str, family: TypeFamily) -> GenContext:
    facts = ColumnFacts(family=family, enum_labels=_LABELS)
    return GenContext(
        seed=7, table="golden.table", column="value", locale=locale, facts=facts,
        inputs=_inputs(len(_ROWS)),
    )  # fmt: skip


def _locales(gen: Generator[Any]) -> tuple[str, ...]:
    return tuple(gen.locales) if gen.locales else ("en_US", "pt_BR")


def _generator_hashes(gen: Generator[Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        params = gen.parse_params(_PARAMS.get(gen.id, gen.example_params))
    except Exception:
        return {"params": "required"}
    for locale in _locales(gen):
        ctx = _context(gen, locale, gen.output)
        try:
            out[f"{locale}/generate"] = _digest(gen.generate(ctx, params, _ROWS))
        except Exception as exc:  # derives need input columns: recorded by exception type
            out[f"{locale}/generate"] = f"raises {type(exc).__name__}"
        try:
            space = gen.value_space(ctx, params)
        except Exception as exc:
            out[f"{locale}/space"] = f"raises {type(exc).__name__}"
            continue
        out[f"{locale}/space"] = str(space)
        if space:
            idx = np.arange(min(space, 2048), dtype=np.uint64)
            try:
                out[f"{locale}/from_index"] = _digest(gen.from_index(ctx, params, idx))
            except Exception as exc:
                out[f"{locale}/from_index"] = f"raises {type(exc).__name__}"
    return out


def _transform_hashes(tr: Transform[Any]) -> dict[str, str]:
    try:
        params = tr.parse_params(_PARAMS.get(tr.id, tr.example_params))
    except Exception:
        return {"params": "required"}
    inputs = {
        "text": pa.array([f"Valor {i} de Teste" if i % 7 else None for i in range(512)]),
        "digits": pa.array([f"{(i * 7919) % 10**11:011d}" for i in range(512)]),
    }
    out: dict[str, str] = {}
    rows = np.arange(512, dtype=np.int64)
    for name, values in inputs.items():
        ctx = _context(tr, "pt_BR", TypeFamily.TEXT)
        try:
            out[name] = _digest(tr.apply(ctx, params, values, rows))
        except Exception as exc:
            out[name] = f"raises {type(exc).__name__}"
    return out


def catalog_hashes() -> dict[str, dict[str, str]]:
    result = {f"generator:{g.id}": _generator_hashes(g) for g in all_generators()}
    result.update({f"transform:{t.id}": _transform_hashes(t) for t in all_transforms()})
    return result


def test_catalog_output_is_unchanged() -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    actual = catalog_hashes()
    assert sorted(actual) == sorted(expected), "generator or transform IDs were added or removed"
    drifted = sorted(k for k in expected if expected[k] != actual[k])
    assert not drifted, f"output drifted for {len(drifted)} catalog entries: {drifted[:20]}"


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(catalog_hashes(), indent=1, sort_keys=True) + "\n")
    print(GOLDEN, file=sys.stderr)
