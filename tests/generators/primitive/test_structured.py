"""JSON templates and arrays."""

from __future__ import annotations

import json
import re
from datetime import date

import numpy as np
import pyarrow as pa
import pytest

from datalchemy.errors import GenerationError
from datalchemy.generators.base import ColumnFacts

from .helpers import GENERATORS, UUID_V4, ctx_for, param_error, run

# JSON templates and arrays


def test_json_template() -> None:
    template = {
        "id": {"$gen": "primitive.uuid.v4"},
        "score": {"$gen": "primitive.int.range", "params": {"min": 1, "max": 5}},
        "price": {"$gen": "primitive.decimal.numeric", "params": {"max": 10}},
        "ratio": {"$gen": "primitive.float.range", "params": {"max": 1}},
        "active": {"$gen": "primitive.bool"},
        "when": {"$gen": "primitive.date"},
        "tags": {
            "$gen": "primitive.array",
            "params": {"element": "primitive.choice", "element_params": {"values": ["a", "b"]}},
        },
        "nested": {
            "label": {"$gen": "primitive.choice", "params": {"values": ['q"x', "l\n2", "ç\\"]}},
            "fixed": [1, "two", None, {"k": False}],
        },
        "maybe": {"$gen": "primitive.choice", "params": {"values": [None, 1]}},
    }
    values = run("primitive.json.template", {"template": template}, 2000).to_pylist()
    rows = [json.loads(v) for v in values]
    for r in rows:
        assert list(r) == list(template)
        assert UUID_V4.fullmatch(r["id"]) and 1 <= r["score"] <= 5
        assert 0 <= r["price"] <= 10 and 0 <= r["ratio"] <= 1 and isinstance(r["active"], bool)
        assert date.fromisoformat(r["when"]) >= date(2024, 1, 1)
        assert isinstance(r["tags"], list) and set(r["tags"]) <= {"a", "b"}
        assert r["nested"]["label"] in {'q"x', "l\n2", "ç\\"}
        assert r["nested"]["fixed"] == [1, "two", None, {"k": False}]
        assert r["maybe"] in (None, 1)
    assert {r["nested"]["label"] for r in rows} == {'q"x', "l\n2", "ç\\"}
    # leaves are keyed by their path: two identical leaves differ
    twin = run(
        "primitive.json.template",
        {"template": {"a": {"$gen": "primitive.int"}, "b": {"$gen": "primitive.int"}}},
        100,
    )
    pairs = [json.loads(v) for v in twin.to_pylist()]
    assert any(p["a"] != p["b"] for p in pairs)
    const = run("primitive.json.template", {"template": {"k": [1, 2]}}, 3).to_pylist()
    assert const == ['{"k":[1,2]}'] * 3


def test_json_template_errors() -> None:
    assert param_error("primitive.json.template", {}).problems
    bad_leaf = {"template": {"a": {"$gen": "primitive.int", "extra": 1}}}
    assert "unknown keys" in str(param_error("primitive.json.template", bad_leaf))
    assert param_error("primitive.json.template", {"template": {"a": {"$gen": 5}}}).problems
    gen = GENERATORS["primitive.json.template"]
    p = gen.parse_params(
        {"template": {"a": {"$gen": "primitive.int.range", "params": {"min": 9, "max": 1}}}}
    )
    issues = gen.check(p, ColumnFacts())
    assert [i.code for i in issues] == ["invalid_params"] and issues[0].path == "/template/a"
    with pytest.raises(GenerationError):
        gen.generate(ctx_for(), p, np.arange(3))


def test_array() -> None:
    raw = {
        "element": "primitive.int.range",
        "element_params": {"min": 1, "max": 9},
        "min_len": 1,
        "max_len": 3,
    }
    values = run("primitive.array", raw, 5000)
    assert values.type == pa.list_(pa.int64())
    lists = values.to_pylist()
    assert {len(v) for v in lists} == {1, 2, 3}
    assert all(1 <= x <= 9 for v in lists for x in v)
    assert len({tuple(v) for v in lists}) > 100
    texts = run(
        "primitive.array",
        {
            "element": "primitive.text.pattern",
            "element_params": {"pattern": r"\d{3}"},
            "min_len": 2,
            "max_len": 2,
        },
        100,
    ).to_pylist()
    assert all(len(v) == 2 and all(re.fullmatch(r"\d{3}", x) for x in v) for v in texts)
    assert param_error(
        "primitive.array", {"element": "primitive.int", "min_len": 3, "max_len": 1}
    ).problems
    assert param_error("primitive.array", {}).problems
    gen = GENERATORS["primitive.array"]
    bad = gen.parse_params({"element": "primitive.int", "element_params": {"nope": 1}})
    assert [i.code for i in gen.check(bad, ColumnFacts())] == ["invalid_params"]
