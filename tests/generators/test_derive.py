"""derive.*: every ID on hand-built ``ctx.inputs`` (and a fake ``ctx.parent``), the declared
inputs, full-precision ordering of the *_after_* derives, exact money, expression safety, NULLs
and determinism.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from datalchemy.errors import GenerationError
from datalchemy.generators import all_generators
from datalchemy.generators import derive as d
from datalchemy.generators.base import GenContext, ParamError

ALL_IDS = {
    "derive.email_from_name",
    "derive.updated_after_created",
    "derive.end_after_start",
    "derive.money_total",
    "derive.fk",
    "derive.parent_value",
    "derive.template",
    "derive.concat",
    "derive.expression",
    "derive.age",
    "derive.copy",
    "derive.coalesce",
    "derive.map",
    "derive.conditional",
    "derive.linear",
    "derive.gap_after",  # realism: dates a realistic gap apart
    "derive.email_from_person",  # realism: e-mails people would have
    "derive.scaled",  # profile: a number that moves with another
}

DERIVES: dict[str, d.Derive[Any]] = {g.id: g for g in all_generators() if isinstance(g, d.Derive)}


def ctx(inputs: dict[str, Any] | None = None, **kw: Any) -> GenContext:
    arrays = {k: v if isinstance(v, pa.Array) else pa.array(v) for k, v in (inputs or {}).items()}
    kw.setdefault("column", "c")
    kw.setdefault("seed", 3)
    return GenContext.for_column(table="crm.t", inputs=arrays, **kw)


def run(gid: str, raw: dict[str, Any], inputs: dict[str, Any], **kw: Any) -> list[Any]:
    g = DERIVES[gid]
    n = len(next(iter(inputs.values()))) if inputs else kw.pop("n", 4)
    c = ctx(inputs, **kw)
    return g.generate(c, g.parse_params(raw), np.arange(n, dtype=np.int64)).to_pylist()  # type: ignore[no-any-return]


def test_every_id_is_defined_and_registered() -> None:
    assert set(DERIVES) == ALL_IDS
    assert {g.id for g in all_generators() if g.id.startswith("derive.")} == ALL_IDS
    assert all(d.is_derive(g) for g in DERIVES.values())


def test_declared_inputs() -> None:
    def inputs(gid: str, raw: dict[str, Any]) -> list[str]:
        g = DERIVES[gid]
        return g.inputs(g.parse_params(raw))

    assert inputs("derive.email_from_name", {"input_columns": ["nome", "sobrenome"]}) == [
        "nome",
        "sobrenome",
    ]
    assert inputs("derive.end_after_start", {"input_columns": ["inicio"]}) == ["inicio"]
    assert inputs("derive.money_total", {"input_columns": ["p", "q", "d"]}) == ["p", "q", "d"]
    assert inputs("derive.fk", {}) == []
    assert inputs("derive.template", {"template": "{nome} <{email}> {nome}"}) == ["nome", "email"]
    assert inputs("derive.expression", {"expression": "a * (b - a) / 2"}) == ["a", "b"]
    assert inputs("derive.coalesce", {"input_columns": ["a", "b"]}) == ["a", "b"]
    pv = DERIVES["derive.parent_value"]
    p = pv.parse_params(
        {
            "input_columns": ["cotacao_id"],
            "parent_schema": "crm",
            "parent_table": "cotacoes",
            "parent_column": "data_emissao",
        }
    )
    assert pv.inputs(p) == ["cotacao_id"]
    assert pv.parent_refs(p) == [d.ParentRef("cotacao_id", "crm.cotacoes", "data_emissao")]


def test_missing_input_is_a_generation_error() -> None:
    with pytest.raises(GenerationError) as err:
        run("derive.copy", {"input_columns": ["nada"]}, {"x": [1]})
    assert err.value.code == "derive_input_missing"


# ---- email_from_name ------------------------------------------------------------------------


def test_email_from_name_folds_and_tokens() -> None:
    names = {
        "nome": ["João", "Ana Maria", None, "  ", "Zé"],
        "sobrenome": ["da Silva", "O'Neil", None, "-", "Souza_Lima2"],
    }
    out = run("derive.email_from_name", {"input_columns": ["nome", "sobrenome"]}, names)
    pattern = r"[a-z0-9]+(\.[a-z0-9]+)*@example\.com"
    assert all(re.fullmatch(pattern, e) for e in out)
    assert re.fullmatch(r"joao\.da\.silva\d+@example\.com", out[0])
    assert re.fullmatch(r"ana\.maria\.oneil\d+@example\.com", out[1])
    assert re.fullmatch(r"user\d+@example\.com", out[2]) and out[3].startswith("user")
    assert re.fullmatch(r"ze\.souza\.lima2\.\d+@example\.com", out[4])  # digit end: '.' first
    plain = run(
        "derive.email_from_name",
        {"input_columns": ["nome", "sobrenome"], "unique": False, "domain": "x.com.br"},
        names,
    )
    assert plain == [
        "joao.da.silva@x.com.br",
        "ana.maria.oneil@x.com.br",
        "user3@x.com.br",
        "user4@x.com.br",
        "ze.souza.lima2@x.com.br",
    ]


def test_email_from_name_is_unique_per_row() -> None:
    n = 200_000
    few = pa.array(np.array(["Ana", "José", "Maria"])[np.arange(n) % 3])
    g = DERIVES["derive.email_from_name"]
    p = g.parse_params({"input_columns": ["n"]})
    assert g.distinct_per_row(p)
    out = g.generate(ctx({"n": few}), p, np.arange(n, dtype=np.int64))
    assert pc.count_distinct(out).as_py() == n
    # prefix stability: rows [5, 6] alone equal positions 5 and 6
    part = g.generate(ctx({"n": few.slice(5, 2)}), p, np.array([5, 6], dtype=np.int64))
    assert part.to_pylist() == out.to_pylist()[5:7]


def test_email_param_errors() -> None:
    g = DERIVES["derive.email_from_name"]
    for bad in ({}, {"input_columns": []}, {"input_columns": ["a"], "domain": "bad domain"}):
        with pytest.raises(ParamError):
            g.parse_params(bad)


# ---- after derives --------------------------------------------------------------------------


def _random_timestamps(n: int, tz: str | None = None) -> pa.Array:
    rng = np.random.default_rng(9)
    us = rng.integers(1_500_000_000_000_000, 1_700_000_000_000_000, n)  # µs precision
    arr = pa.array(us).view(pa.timestamp("us", tz=tz))
    mask = rng.random(n) < 0.1
    return pc.if_else(pa.array(mask), pa.scalar(None, arr.type), arr)


@pytest.mark.parametrize("gid", ["derive.updated_after_created", "derive.end_after_start"])
@pytest.mark.parametrize("tz", [None, "America/Sao_Paulo"])
def test_after_timestamps_at_full_precision(gid: str, tz: str | None) -> None:
    n = 50_000
    start = _random_timestamps(n, tz)
    g = DERIVES[gid]
    p = g.parse_params({"input_columns": ["s"], "min_seconds": 60, "max_seconds": 7200})
    out = g.generate(ctx({"s": start}), p, np.arange(n, dtype=np.int64))
    assert out.type == pa.timestamp("us", tz="UTC" if tz else None)
    a = start.view(pa.int64()).to_numpy(zero_copy_only=False)
    b = out.view(pa.int64()).to_numpy(zero_copy_only=False)
    valid = ~np.isnan(a)
    assert (np.isnan(b) == ~valid).all()  # NULL stays NULL
    delta = (b[valid] - a[valid]).astype(np.int64)
    assert delta.min() >= 60_000_000 and delta.max() <= 7_200_000_000
    assert len(np.unique(delta % 1_000_000)) > 1000  # offsets at µs resolution


def test_after_defaults_and_day_windows() -> None:
    start = pa.array([datetime(2024, 1, 1, 0, 0, 0, 1)] * 2000, pa.timestamp("us"))
    out = run("derive.end_after_start", {"input_columns": ["s"]}, {"s": start})
    assert all(
        timedelta(0) <= o - datetime(2024, 1, 1, 0, 0, 0, 1) <= timedelta(days=1) for o in out
    )
    out = run(
        "derive.end_after_start",
        {"input_columns": ["s"], "min_days": 2, "max_days": 3},
        {"s": start},
    )
    delta = [o - datetime(2024, 1, 1, 0, 0, 0, 1) for o in out]
    assert min(delta) >= timedelta(days=2) and max(delta) <= timedelta(days=3)


def test_after_nanosecond_input_is_rounded_up() -> None:
    ns = pa.array([1_000_000_000_000_000_001, 5], pa.timestamp("ns"))
    out = run("derive.end_after_start", {"input_columns": ["s"], "max_seconds": 0}, {"s": ns})
    assert [o.timestamp() for o in out] == [
        pytest.approx(1_000_000_000.000001),
        pytest.approx(0.000001),
    ]


def test_after_dates_and_times() -> None:
    days = [date(2024, 1, 1), None, date(2020, 2, 29)] * 500
    out = run("derive.updated_after_created", {"input_columns": ["d"]}, {"d": days})
    for a, b in zip(days, out, strict=True):
        assert (a is None) == (b is None)
        if a is not None:
            assert timedelta(0) <= b - a <= timedelta(days=30)
    out = run(
        "derive.updated_after_created",
        {"input_columns": ["d"], "min_days": 5, "max_days": 5},
        {"d": days},
    )
    assert out[0] == date(2024, 1, 6)
    times = [time(23, 59, 59, 999000), time(1, 0), None] * 500
    out = run("derive.end_after_start", {"input_columns": ["t"]}, {"t": times})
    for a, b in zip(times, out, strict=True):
        if a is None:
            assert b is None
        else:
            assert a <= b <= time(23, 59, 59, 999999)
    assert max(out[1::3]) > time(1, 30)  # default window: up to an hour


def test_after_errors() -> None:
    with pytest.raises(ParamError):
        DERIVES["derive.end_after_start"].parse_params(
            {"input_columns": ["s"], "min_seconds": 10, "max_seconds": 5}
        )
    with pytest.raises(GenerationError) as err:
        run("derive.end_after_start", {"input_columns": ["s"]}, {"s": ["2024-01-01"]})
    assert err.value.code == "derive_input_type"


# ---- money_total ----------------------------------------------------------------------------


def test_money_total_exact() -> None:
    price = pa.array(
        [Decimal("19.99"), Decimal("0.10"), None, Decimal("1234567890.12"), Decimal("0.01")],
        pa.decimal128(12, 2),
    )
    qty = pa.array([3, 3, 1, 1000, None])
    disc = pa.array([Decimal("5.00"), None, Decimal("1"), Decimal("0.12"), Decimal(0)])
    out = run(
        "derive.money_total",
        {"input_columns": ["p", "q", "d"]},
        {"p": price, "q": qty, "d": disc},
    )
    assert out == [Decimal("54.97"), Decimal("0.30"), None, Decimal("1234567890119.88"), None]
    pct = run(
        "derive.money_total",
        {"input_columns": ["p", "q", "d"], "discount": "percent"},
        {"p": price, "q": qty, "d": pa.array([Decimal("5"), None, None, Decimal("12.5"), None])},
    )
    # 19.99 * 3 * 0.95 = 56.9715 -> 56.97; 1234567890.12 * 1000 * 0.875 = 1080246903855.00
    assert pct[0] == Decimal("56.97") and pct[3] == Decimal("1080246903855.00")
    two = run(
        "derive.money_total", {"input_columns": ["p", "q"], "scale": 4}, {"p": price, "q": qty}
    )
    assert two[0] == Decimal("59.9700")


def test_money_total_rounds_half_away_from_zero_and_floats() -> None:
    out = run(
        "derive.money_total",
        {"input_columns": ["p", "q"]},
        {"p": pa.array([Decimal("0.125"), Decimal("-0.125")], pa.decimal128(6, 3)), "q": [1, 1]},
    )
    assert out == [Decimal("0.13"), Decimal("-0.13")]
    floats = run(
        "derive.money_total", {"input_columns": ["p", "q"]}, {"p": [2.5, 0.1], "q": [2, 3]}
    )
    assert floats == [Decimal("5.00"), Decimal("0.30")]
    with pytest.raises(GenerationError):
        run("derive.money_total", {"input_columns": ["p", "q"]}, {"p": ["a"], "q": [1]})
    with pytest.raises(ParamError):
        DERIVES["derive.money_total"].parse_params({"input_columns": ["p"]})


# ---- fk and parent_value --------------------------------------------------------------------


def test_fk() -> None:
    out = run("derive.fk", {}, {"c": [7, 8, 9]})
    assert out == [7, 8, 9]
    with pytest.raises(GenerationError) as err:
        run("derive.fk", {}, {"other": [1]})
    assert err.value.code == "fk_not_resolved"
    DERIVES["derive.fk"].parse_params({"input_columns": ["x"]})  # old plans


PARENT = {
    "input_columns": ["cotacao_id"],
    "parent_schema": "crm",
    "parent_table": "cotacoes",
    "parent_column": "data_emissao",
}


def test_parent_value_through_fake_parent() -> None:
    parent_dates = pa.array([date(2024, 3, 1), date(2023, 12, 31), None, date(2024, 2, 29)])
    calls: list[tuple[str, str]] = []

    def parent(local: str, column: str) -> pa.Array:
        calls.append((local, column))
        return parent_dates

    fk = {"cotacao_id": ["a", "b", "c", "d"]}
    out = run("derive.parent_value", PARENT, fk, parent=parent)
    assert out == parent_dates.to_pylist()
    assert calls == [("cotacao_id", "data_emissao")]
    shifted = run(
        "derive.parent_value",
        PARENT | {"min_offset_days": 0, "max_offset_days": 15},
        fk,
        parent=parent,
    )
    for a, b in zip(parent_dates.to_pylist(), shifted, strict=True):
        assert (a is None and b is None) or timedelta(0) <= b - a <= timedelta(days=15)

    stamps = pa.array([datetime(2024, 1, 1, 12)] * 4, pa.timestamp("us", tz="UTC"))
    later = run(
        "derive.parent_value",
        PARENT | {"min_offset_seconds": 3600, "max_offset_seconds": 7200},
        fk,
        parent=lambda _l, _c: stamps,
    )
    base = datetime(2024, 1, 1, 12, tzinfo=UTC)
    assert all(timedelta(hours=1) <= x - base <= timedelta(hours=2) for x in later)


def test_parent_value_errors() -> None:
    with pytest.raises(GenerationError) as err:
        run("derive.parent_value", PARENT, {"cotacao_id": [1]})
    assert err.value.code == "parent_not_available"
    for missing in ("parent_schema", "parent_table", "parent_column"):
        with pytest.raises(ParamError):
            DERIVES["derive.parent_value"].parse_params(
                {k: v for k, v in PARENT.items() if k != missing}
            )
    with pytest.raises(GenerationError):
        run(
            "derive.parent_value",
            PARENT | {"max_offset_days": 2},
            {"cotacao_id": [1]},
            parent=lambda _l, _c: pa.array([10]),
        )


# ---- template, concat, copy, coalesce, map --------------------------------------------------


def test_template() -> None:
    inputs = {"nome": ["Ana", None, "Rui"], "email": ["a@x.com", "b@x.com", None]}
    out = run("derive.template", {"template": "{nome} <{email}> {{x}}"}, inputs)
    assert out == ["Ana <a@x.com> {x}", None, None]
    out = run("derive.template", {"template": "{nome} <{email}>", "null_as": ""}, inputs)
    assert out == ["Ana <a@x.com>", " <b@x.com>", "Rui <>"]
    numbers = run("derive.template", {"template": "#{n}"}, {"n": [1, 22]})
    assert numbers == ["#1", "#22"]
    for bad in ("{}", "{a!r}", "{a:>5}", "{a"):
        with pytest.raises(ParamError):
            DERIVES["derive.template"].parse_params({"template": bad})


def test_concat() -> None:
    inputs = {"a": ["Ana", None, None, "X"], "b": ["Lima", "Souza", None, None], "c": [1, 2, 3, 4]}
    out = run("derive.concat", {"input_columns": ["a", "b", "c"]}, inputs)
    assert out == ["Ana Lima 1", "Souza 2", "3", "X 4"]
    out = run("derive.concat", {"input_columns": ["a", "b"], "separator": "-"}, inputs)
    assert out == ["Ana-Lima", "Souza", None, "X"]
    strict = run("derive.concat", {"input_columns": ["a", "b"], "skip_nulls": False}, inputs)
    assert strict == ["Ana Lima", None, None, None]


def test_copy_coalesce_map() -> None:
    assert run("derive.copy", {"input_columns": ["x"]}, {"x": [1, None]}) == [1, None]
    inputs = {"a": [None, "1", None], "b": ["x", "2", None]}
    out = run("derive.coalesce", {"input_columns": ["a", "b"], "default": "z"}, inputs)
    assert out == ["x", "1", "z"]
    nums = run("derive.coalesce", {"input_columns": ["a"], "default": 0}, {"a": [None, 5]})
    assert nums == [0, 5]
    mapping = {"input_columns": ["s"], "mapping": {"M": "Masculino", "F": "Feminino"}}
    src = {"s": ["M", "F", "X", None]}
    assert run("derive.map", mapping, src) == ["Masculino", "Feminino", None, None]
    assert run("derive.map", mapping | {"default": "Outro"}, src) == [
        "Masculino",
        "Feminino",
        "Outro",
        None,
    ]
    assert run("derive.map", mapping | {"unmapped": "keep"}, src) == [
        "Masculino",
        "Feminino",
        "X",
        None,
    ]
    stage = {"input_columns": ["st"], "mapping": {"Proposta": 50, "Ganho": 100}, "default": 0}
    assert run("derive.map", stage, {"st": ["Ganho", "Outro"]}) == [100, 0]
    assert run("derive.map", {"input_columns": ["b"], "mapping": {"true": 1}}, {"b": [True]}) == [1]


# ---- expression -----------------------------------------------------------------------------


def test_expression_values() -> None:
    inputs = {
        "preco": pa.array([Decimal("10.00"), Decimal("2.50"), None], pa.decimal128(10, 2)),
        "qtd": [3, 4, 1],
        "desc": [10.0, 0.0, 5.0],
    }
    out = run("derive.expression", {"expression": "preco * qtd * (1 - desc / 100)"}, inputs)
    assert out[0] == pytest.approx(27.0) and out[1] == pytest.approx(10.0) and out[2] is None
    dec = run(
        "derive.expression",
        {"expression": "preco * qtd * (1 - desc / 100)", "result": "decimal"},
        inputs,
    )
    assert dec == [Decimal("27.00"), Decimal("10.00"), None]
    ints = {"a": [7, -7, 2**62 + 1, 5], "b": [2, 2, 1, 0]}
    exact = run("derive.expression", {"expression": "a // b + a % b * 10"}, ints)
    assert exact[:3] == [3 + 10, -4 + 10, 2**62 + 1]  # int64 kept exactly (float64 would not)
    assert exact[3] is None  # integer division by zero
    assert run("derive.expression", {"expression": "a / b"}, ints)[3] is None
    assert run("derive.expression", {"expression": "-a ** 2", "result": "integer"}, ints)[0] == -49
    assert run("derive.expression", {"expression": "2 + 3 * 4"}, ints) == [14.0] * 4


@pytest.mark.parametrize(
    "expr",
    [
        "__import__('os').system('x')",
        "a.__class__",
        "a.real",
        "abs(a)",
        "a[0]",
        "lambda: 1",
        "a if b else 1",
        "a < b",
        "a and b",
        "'x' * 3",
        "True + 1",
        "__builtins__",
        "a; b",
        "[a]",
        "a @ b",
        "a << 2",
        "~a",
        "not a",
        "(yield a)",
    ],
)
def test_expression_rejects_unsafe(expr: str) -> None:
    with pytest.raises(ParamError):
        DERIVES["derive.expression"].parse_params({"expression": expr})


def test_expression_needs_numeric_columns() -> None:
    with pytest.raises(GenerationError):
        run("derive.expression", {"expression": "a + 1"}, {"a": ["x"]})


# ---- age ------------------------------------------------------------------------------------


def test_age() -> None:
    born = [
        date(1990, 1, 1),
        date(1990, 1, 2),
        date(1989, 12, 31),
        date(2000, 2, 29),
        None,
        date(2030, 1, 1),
    ]
    out = run("derive.age", {"input_columns": ["b"]}, {"b": born}, base_date=date(2024, 1, 1))
    assert out == [34, 33, 34, 23, None, 0]
    leap = run(
        "derive.age",
        {"input_columns": ["b"]},
        {"b": [date(2000, 2, 29)]},
        base_date=date(2023, 2, 28),
    )
    assert leap == [22]
    stamps = pa.array([datetime(1990, 6, 1, 10)], pa.timestamp("us"))
    assert run("derive.age", {"input_columns": ["b"]}, {"b": stamps}) == [33]
    with pytest.raises(GenerationError):
        run("derive.age", {"input_columns": ["b"]}, {"b": [1990]})


# ---- determinism ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gid", "raw", "inputs"),
    [
        ("derive.end_after_start", {"input_columns": ["s"]}, {"s": "ts"}),
        ("derive.updated_after_created", {"input_columns": ["s"]}, {"s": "ts"}),
        ("derive.email_from_name", {"input_columns": ["n"]}, {"n": "names"}),
    ],
)
def test_determinism_and_row_independence(
    gid: str, raw: dict[str, Any], inputs: dict[str, str]
) -> None:
    columns = {
        "ts": pa.array([datetime(2024, 1, 1) + timedelta(hours=i) for i in range(10)]),
        "names": pa.array([f"Nome {i}" for i in range(10)]),
    }
    full = {k: columns[v] for k, v in inputs.items()}
    g = DERIVES[gid]
    p = g.parse_params(raw)
    a = g.generate(ctx(full), p, np.arange(10, dtype=np.int64)).to_pylist()
    assert g.generate(ctx(full), p, np.arange(10, dtype=np.int64)).to_pylist() == a
    part = {k: v.slice(5, 2) for k, v in full.items()}
    assert g.generate(ctx(part), p, np.array([5, 6], dtype=np.int64)).to_pylist() == a[5:7]
    other = g.generate(ctx(full, seed=4), p, np.arange(10, dtype=np.int64)).to_pylist()
    assert other != a


def test_misaligned_inputs_are_rejected() -> None:
    g = DERIVES["derive.copy"]
    c = ctx({"x": [1, 2, 3]})
    with pytest.raises(GenerationError) as err:
        g.generate(c, g.parse_params({"input_columns": ["x"]}), np.arange(2, dtype=np.int64))
    assert err.value.code == "derive_input_misaligned"


def test_template_without_fields_is_a_constant() -> None:
    assert run("derive.template", {"template": "fixo {{x}}"}, {}, n=3) == ["fixo {x}"] * 3


def test_email_token_ignores_the_retry_round() -> None:
    g = DERIVES["derive.email_from_name"]
    p = g.parse_params({"input_columns": ["n"]})
    names = pa.array(["Ana"] * 50)
    rows = np.arange(50, dtype=np.int64)
    first = g.generate(ctx({"n": names}), p, rows).to_pylist()
    retry = g.generate(ctx({"n": names}).with_attempt(2), p, rows).to_pylist()
    assert first == retry  # a retried row keeps its token, so it cannot take another row's
