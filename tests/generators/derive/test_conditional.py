"""derive.conditional: cases on same-row columns (three-valued logic, first match, several
rules), the column's own generator and NULL rate underneath, determinism and retries."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from datalchemy.errors import GenerationError
from datalchemy.generators.base import ColumnFacts, GenContext, ParamError
from datalchemy.generators.registry import get_generator

GEN = get_generator("derive.conditional")


def _run(params: dict[str, Any], inputs: dict[str, list[Any]], **kw: Any) -> list[Any]:
    arrays = {k: pa.array(v) for k, v in inputs.items()}
    n = len(next(iter(arrays.values()))) if arrays else 8
    ctx = GenContext.for_column(seed=5, table="s.t", column="c", inputs=arrays, **kw)
    return GEN.generate(ctx, GEN.parse_params(params), np.arange(n)).to_pylist()  # type: ignore[no-any-return]


def _rule(*cases: dict[str, Any]) -> dict[str, Any]:
    return {"rules": [{"cases": list(cases)}]}


def test_value_null_not_null_and_copy() -> None:
    params = {
        "generator": "primitive.int.range",
        "params": {"min": 1, "max": 9},
        "null_rate": 0.5,
        **_rule(
            {"when": [{"column": "k", "test": "in", "values": ["v"]}], "then": "value", "value": 0},
            {"when": [{"column": "k", "test": "in", "values": ["n"]}], "then": "null"},
            {"when": [{"column": "k", "test": "in", "values": ["c"]}], "then": "copy",
             "column": "src"},
            {"when": [{"column": "k", "test": "in", "values": ["s"]}], "then": "not_null"},
        ),
    }  # fmt: skip
    kinds = ["v", "n", "c", "s"] * 50
    out = _run(params, {"k": kinds, "src": list(range(200))})
    by_kind = {k: [o for o, kk in zip(out, kinds, strict=True) if kk == k] for k in "vncs"}
    assert set(by_kind["v"]) == {0}
    assert set(by_kind["n"]) == {None}
    assert by_kind["c"] == [i for i in range(200) if kinds[i] == "c"]
    assert None not in by_kind["s"] and set(by_kind["s"]) <= set(range(1, 10))


def test_unknown_conditions_follow_the_match_mode() -> None:
    # x IN (3) on NULL is unknown: "true" cases skip it, "not_false" cases take it.
    cases = [
        {"when": [{"column": "x", "test": "not_in", "values": [3]}], "match": "not_false",
         "then": "keep"},
        {"when": [{"column": "x", "test": "in", "values": [3]}], "then": "null"},
    ]  # fmt: skip
    params = {"generator": "primitive.int.range", "params": {"min": 5, "max": 5}, **_rule(*cases)}
    assert _run(params, {"x": [1, 3, None]}) == [5, None, 5]


def test_first_matching_case_wins_and_first_forcing_rule_wins() -> None:
    params = {
        "value": "base",
        "rules": [
            {"cases": [
                {"when": [{"column": "a", "test": "null"}], "match": "not_false", "then": "keep"},
                {"when": [], "then": "value", "value": "one"},
            ]},
            {"cases": [{"when": [], "then": "value", "value": "two"}]},
        ],
    }  # fmt: skip
    assert _run(params, {"a": [None, 1]}) == ["two", "one"]


def test_a_null_constant_takes_the_forced_type() -> None:
    params = {"rules": [{"cases": [{"when": [{"column": "y", "test": "not_null"}], "then": "value",
                                    "value": True}]}]}  # fmt: skip
    assert _run(params, {"y": [1, None]}) == [True, None]


def test_dates_and_booleans_compare_as_the_column() -> None:
    import datetime as dt

    params = {"value": "x", **_rule(
        {"when": [{"column": "d", "test": "in", "values": ["2024-01-01"]},
                  {"column": "b", "test": "in", "values": [True]}], "then": "null"})}  # fmt: skip
    days = [dt.date(2024, 1, 1), dt.date(2024, 1, 2), dt.date(2024, 1, 1)]
    assert _run(params, {"d": days, "b": [True, True, False]}) == [None, "x", "x"]


def test_inputs_include_the_inner_derive() -> None:
    params = GEN.parse_params(
        {"generator": "derive.end_after_start", "params": {"input_columns": ["start"]},
         **_rule({"when": [{"column": "flag", "test": "null"}], "then": "copy",
                  "column": "start"})}
    )  # fmt: skip
    assert GEN.inputs(params) == ["start", "flag"]  # type: ignore[attr-defined]


def test_values_are_deterministic_and_retries_change_them() -> None:
    params = {"generator": "primitive.int.range", "params": {"min": 0, "max": 10**6},
              "null_rate": 0.3, **_rule({"when": [{"column": "a", "test": "null"}],
                                         "then": "value", "value": -1})}  # fmt: skip
    inputs = {"a": [None, 1] * 50}
    assert _run(params, inputs) == _run(params, inputs)
    assert _run(params, inputs) != _run(params, inputs, attempt=1)
    inner = get_generator("primitive.int.range")
    ctx = GenContext.for_column(seed=5, table="s.t", column="c")
    plain = inner.generate(ctx, inner.parse_params({"min": 0, "max": 10**6}), np.arange(100))
    kept = [o for o, a in zip(_run(params, inputs), inputs["a"], strict=True) if a is not None]
    assert set(kept) - {None} <= set(plain.to_pylist())  # the column's own values underneath


def test_checks_of_the_inner_generator_apply() -> None:
    params = GEN.parse_params(
        {"generator": "primitive.text.lorem", "params": {"min_len": 40, "max_len": 60},
         **_rule({"when": [], "then": "not_null"})}
    )  # fmt: skip
    issues = GEN.check(params, ColumnFacts(length=10))
    assert issues and issues[0].severity == "error"


@pytest.mark.parametrize(
    "params",
    [
        {"generator": "derive.conditional", **_rule({"when": [], "then": "null"})},
        {"generator": "no.such.generator", **_rule({"when": [], "then": "null"})},
        {"value": 1, **_rule({"when": [], "then": "copy"})},
        {"value": 1, **_rule({"when": [], "then": "value"})},
        {"value": 1, "rules": []},
    ],
)
def test_bad_params_are_refused(params: dict[str, Any]) -> None:
    with pytest.raises((ParamError, Exception)):
        GEN.parse_params(params)


def test_a_missing_input_names_the_column() -> None:
    with pytest.raises(GenerationError, match="needs column 'nope'"):
        _run({"value": 1, **_rule({"when": [{"column": "nope", "test": "null"}], "then": "null"})},
             {"a": [1]})  # fmt: skip


def test_a_key_column_keeps_its_distinct_values_or_is_null() -> None:
    params = GEN.parse_params(
        {"generator": "primitive.int.range", "params": {"min": 0, "max": 999},
         **_rule({"when": [{"column": "t", "test": "in", "values": [2]}], "then": "null"})}
    )  # fmt: skip
    ctx = GenContext.for_column(
        seed=5, table="s.t", column="c", inputs={"t": pa.array([1, 2, 3, 2, 1])}
    )
    assert GEN.value_space(ctx, params) == 1000
    out = GEN.from_index(ctx, params, np.arange(5, dtype=np.uint64)).to_pylist()
    assert out[1] is None and out[3] is None
    kept = [v for v in out if v is not None]
    assert len(kept) == len(set(kept)) == 3
    valued = GEN.parse_params(
        {"generator": "primitive.int.range", **_rule({"when": [], "then": "value", "value": 1})}
    )
    assert GEN.value_space(ctx, valued) is None
    with pytest.raises(NotImplementedError):
        GEN.from_index(ctx, valued, np.arange(2, dtype=np.uint64))
