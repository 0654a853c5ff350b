"""derive.linear: exact balances of sums (integers and decimals), offsets, clamps, NULLs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from datalchemy.errors import GenerationError
from datalchemy.generators.base import GenContext, ParamError
from datalchemy.generators.registry import get_generator

GEN = get_generator("derive.linear")


def _run(params: dict[str, Any], inputs: dict[str, pa.Array], attempt: int = 0) -> list[Any]:
    n = len(next(iter(inputs.values())))
    ctx = GenContext.for_column(seed=9, table="s.t", column="c", inputs=inputs, attempt=attempt)
    return GEN.generate(ctx, GEN.parse_params(params), np.arange(n)).to_pylist()  # type: ignore[no-any-return]


def test_an_integer_balance() -> None:
    out = _run({"constant": 100, "terms": {"a": -1}}, {"a": pa.array([0, 30, 100, None])})
    assert out == [100, 70, 0, None]


def test_decimals_are_exact() -> None:
    used = pa.array([Decimal("1.10"), Decimal("2.25")], pa.decimal128(10, 2))
    spare = pa.array([Decimal("0.05"), Decimal("7.00")], pa.decimal128(10, 2))
    out = _run({"terms": {"used": 1, "spare": 1}, "scale": 2}, {"used": used, "spare": spare})
    assert out == [Decimal("1.15"), Decimal("9.25")]


def test_offsets_stay_in_range_and_clamps_hold() -> None:
    a = pa.array(np.arange(1000) % 50)
    params = {"terms": {"a": 1}, "min_offset": 0, "max_offset": 5, "max": 52}
    out = np.array(_run(params, {"a": a}))
    base = np.arange(1000) % 50
    assert ((out >= np.minimum(base, 52)) & (out <= np.minimum(base + 5, 52))).all()
    assert len(set((out - base).tolist())) > 3  # the offset varies
    assert _run(params, {"a": a}) != _run(params, {"a": a}, attempt=1)


def test_floats_round_to_the_scale() -> None:
    out = _run({"terms": {"f": 2}, "scale": 1}, {"f": pa.array([0.3, 1.04])})
    assert out == [Decimal("0.6"), Decimal("2.0")]  # each input at the scale, then summed


@pytest.mark.parametrize(
    "params",
    [
        {"terms": {}},
        {"terms": {"a": 1}, "constant": "1.234", "scale": 2},
        {"terms": {"a": 1}, "min_offset": 3, "max_offset": 1},
        {"terms": {"a": 1.5}},
    ],
)
def test_bad_params_are_refused(params: dict[str, Any]) -> None:
    with pytest.raises(ParamError):
        GEN.parse_params(params)


def test_text_inputs_are_refused() -> None:
    with pytest.raises(GenerationError, match="numeric"):
        _run({"terms": {"a": 1}}, {"a": pa.array(["x"])})
