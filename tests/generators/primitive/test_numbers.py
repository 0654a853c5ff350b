"""Booleans, integers, sequences, floats and decimals."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pyarrow as pa
import pytest

from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators.base import ColumnFacts, ParamError

from .helpers import GENERATORS, ctx_for, param_error, run

# Booleans and numbers


def test_bool_p_true() -> None:
    assert abs(np.mean(run("primitive.bool", {"p_true": 0.2}).to_numpy(False)) - 0.2) < 0.02
    assert set(run("primitive.bool", {"p_true": 1}).to_pylist()) == {True}
    assert param_error("primitive.bool", {"p_true": 1.5}).problems[0][0] == "/p_true"


def test_int_range_is_inclusive() -> None:
    values = run("primitive.int.range", {"min": -3, "max": 3}).to_numpy()
    assert set(values.tolist()) == set(range(-3, 4))
    default = run("primitive.int").to_numpy()
    assert default.min() >= 0 and default.max() <= 10000
    full = run("primitive.int.range", {"min": -(2**63), "max": 2**63 - 1}).to_numpy()
    assert full.min() < 0 < full.max()


def test_int_range_param_errors() -> None:
    assert "min" in str(param_error("primitive.int.range", {"min": 5, "max": 1}))
    assert param_error("primitive.int.range", {"minimum": 5}).problems[0][0] == "/minimum"
    assert param_error("primitive.int.range", {"min": "5"}).problems[0][0] == "/min"
    assert param_error("primitive.int.range", {"min": 1.5}).problems[0][0] == "/min"
    assert param_error("primitive.int.range", {"min": True}).problems[0][0] == "/min"
    assert param_error("primitive.int.range", {"max": 2**64}).problems[0][0] == "/max"
    with pytest.raises(ParamError):
        GENERATORS["primitive.int"].parse_params([1, 2])


def test_int_width_check() -> None:
    gen = GENERATORS["primitive.int.range"]
    issues = gen.check(gen.parse_params({"min": 0, "max": 40_000}), ColumnFacts(int_bits=16))
    assert [i.code for i in issues] == ["range_exceeds_int_width"]
    assert issues[0].severity == "warning"
    assert gen.check(gen.parse_params({"max": 32_767}), ColumnFacts(int_bits=16)) == []


def test_sequence_hint() -> None:
    values = run("primitive.int.sequence_hint", {"start": 10, "step": 5, "max": 40}, 10)
    assert values.to_pylist() == [10, 15, 20, 25, 30, 35, 40, 40, 40, 40]
    down = run("primitive.int.sequence_hint", {"start": 0, "step": -2, "max": -5}, 5)
    assert down.to_pylist() == [0, -2, -4, -5, -5]
    assert run("primitive.int.sequence_hint", None, 3).to_pylist() == [1, 2, 3]
    gen = GENERATORS["primitive.int.sequence_hint"]
    p = gen.parse_params({"start": 10, "step": 5, "max": 40})
    assert gen.value_space(ctx_for(), p) == 7
    assert param_error("primitive.int.sequence_hint", {"step": 0}).problems
    assert param_error("primitive.int.sequence_hint", {"start": 10, "max": 5}).problems
    with pytest.raises(GenerationError) as info:
        run("primitive.int.sequence_hint", {"start": 2**62, "step": 2**61}, [0, 5])
    assert info.value.code == "sequence_overflow"


def test_float_range() -> None:
    values = run("primitive.float.range", {"min": -1.5, "max": 2.5}).to_numpy()
    assert values.min() >= -1.5 and values.max() <= 2.5
    assert abs(values.mean() - 0.5) < 0.05
    assert np.all(run("primitive.float.range", {"min": 3, "max": 3}).to_numpy() == 3.0)
    assert param_error("primitive.float", {"min": 2.0, "max": 1.0}).problems
    assert param_error("primitive.float", {"max": "1"}).problems


def test_decimal_values_are_exact_at_scale() -> None:
    values = run("primitive.decimal.numeric", {"min": 1.005, "max": 2.5, "scale": 2})
    assert values.type == pa.decimal128(38, 2)
    decs = values.to_pylist()
    assert all(d.as_tuple().exponent == -2 for d in decs)
    assert min(decs) >= Decimal("1.01") and max(decs) <= Decimal("2.50")
    assert len(set(decs)) == 150  # every representable value is reachable
    text = run("primitive.decimal.numeric", {"min": "0.1", "max": "0.3", "scale": 1}, 1000)
    assert set(text.to_pylist()) == {Decimal("0.1"), Decimal("0.2"), Decimal("0.3")}


def test_decimal_scale_and_max_follow_the_column() -> None:
    facts = ColumnFacts(family=TypeFamily.DECIMAL, precision=5, scale=3)
    values = run("primitive.decimal.numeric", None, facts=facts)
    assert values.type == pa.decimal128(38, 3)
    assert max(values.to_pylist()) <= Decimal("99.999")
    assert min(values.to_pylist()) >= 0
    default = run("primitive.decimal.numeric")
    assert default.type.scale == 2 and max(default.to_pylist()) <= 10000


def test_decimal_checks() -> None:
    gen = GENERATORS["primitive.decimal.numeric"]
    facts = ColumnFacts(family=TypeFamily.DECIMAL, precision=5, scale=2)
    issues = gen.check(gen.parse_params({"min": 0, "max": 5000}), facts)
    assert "value_exceeds_precision" in [i.code for i in issues]
    issues = gen.check(gen.parse_params({"max": 10, "scale": 4}), facts)
    assert [i.code for i in issues] == ["scale_exceeds_column"]
    assert gen.check(gen.parse_params({"max": 999.99}), facts) == []
    assert param_error("primitive.decimal.numeric", {"min": 5, "max": 1}).problems
    assert param_error("primitive.decimal.numeric", {"min": "abc"}).problems
    assert param_error("primitive.decimal.numeric", {"scale": -1}).problems
    with pytest.raises(GenerationError) as info:
        run("primitive.decimal.numeric", {"min": 0.001, "max": 0.002, "scale": 2})
    assert info.value.code == "empty_decimal_range"
