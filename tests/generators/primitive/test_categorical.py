"""primitive.enum and the choices."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest

from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators.base import ColumnFacts

from .helpers import ENUM_FACTS, GENERATORS, LABELS, ctx_for, param_error, run

# Enum and choices


def test_enum() -> None:
    values = run("primitive.enum", None, facts=ENUM_FACTS).to_pylist()
    assert set(values) == set(LABELS)
    weighted = run("primitive.enum", {"weights": {"perdido": 1}}, facts=ENUM_FACTS).to_pylist()
    assert set(weighted) == {"perdido"}
    listed = run("primitive.enum", {"weights": [1, 0, 3]}, facts=ENUM_FACTS).to_pylist()
    assert set(listed) == {"novo", "perdido"}
    with pytest.raises(GenerationError) as info:
        run("primitive.enum", None, facts=ColumnFacts(family=TypeFamily.TEXT))
    assert info.value.code == "not_an_enum"
    gen = GENERATORS["primitive.enum"]
    assert [i.code for i in gen.check(gen.parse_params(None), ColumnFacts())] == ["not_an_enum"]
    bad = gen.parse_params({"weights": [1, 2]})
    assert [i.code for i in gen.check(bad, ENUM_FACTS)] == ["weights_length_mismatch"]
    assert param_error("primitive.enum", {"weights": [0, 0, 0]}).problems
    assert param_error("primitive.enum", {"weights": [-1, 2, 3]}).problems


def test_weighted_choice_frequencies() -> None:
    raw = {"values": ["a", "b", "c"], "weights": [1, 2, 7]}
    values = run("primitive.choice.weighted", raw, 100_000).to_pylist()
    for v, w in zip("abc", [0.1, 0.2, 0.7], strict=True):
        assert abs(values.count(v) / len(values) - w) < 0.01
    zero = run("primitive.choice.weighted", {"values": [1, 2], "weights": [0, 1]}).to_pylist()
    assert set(zero) == {2}
    gen = GENERATORS["primitive.choice.weighted"]
    p = gen.parse_params({"values": [1, 2, 3], "weights": [1, 0, 1]})
    assert gen.value_space(ctx_for(), p) == 2
    assert param_error("primitive.choice.weighted", {"values": [1, 2], "weights": [1]}).problems
    assert param_error("primitive.choice.weighted", {"values": [1], "weights": [0]}).problems
    assert param_error("primitive.choice.weighted", {"values": [1]}).problems


def test_choice_output_follows_the_values() -> None:
    cases: list[tuple[list[Any], Any, TypeFamily]] = [
        ([1, 2, 3], pa.int64(), TypeFamily.INTEGER),
        ([1, 2.5], pa.float64(), TypeFamily.FLOAT),
        ([True, False], pa.bool_(), TypeFamily.BOOLEAN),
        (["x", "y"], pa.string(), TypeFamily.TEXT),
        (["x", 1, None], pa.string(), TypeFamily.TEXT),
    ]
    gen = GENERATORS["primitive.choice"]
    for values, typ, family in cases:
        out = run("primitive.choice", {"values": values}, 1000)
        assert out.type == typ
        assert gen.output_family(gen.parse_params({"values": values})) == family  # type: ignore[attr-defined]
    mixed = run("primitive.choice", {"values": ["x", 1, None]}, 1000).to_pylist()
    assert set(mixed) == {"x", "1", None}
    counts = run("primitive.choice", {"values": ["a", "b"]}, 20_000).to_pylist()
    assert abs(counts.count("a") / 20_000 - 0.5) < 0.02
    p = gen.parse_params({"values": ["a", "b", "a", 1, True, 1.0]})
    assert gen.value_space(ctx_for(), p) == 5
    assert param_error("primitive.choice", {"values": []}).problems
    assert param_error("primitive.choice", {"values": [[1]]}).problems
