"""primitive.*: determinism, Arrow types, validity, unique values, params, column checks."""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators import primitive as P
from datalchemy.generators.base import ColumnFacts, GenContext, Generator, ParamError

LABELS = ("novo", "qualificado", "perdido")
ENUM_FACTS = ColumnFacts(family=TypeFamily.ENUM, enum_labels=LABELS)

#: Params (and column facts) per ID, for the tests that run every generator.
CASES: dict[str, tuple[dict[str, Any] | None, ColumnFacts]] = {
    "primitive.bool": (None, ColumnFacts()),
    "primitive.int": (None, ColumnFacts()),
    "primitive.int.range": ({"min": -50, "max": 50}, ColumnFacts()),
    "primitive.int.sequence_hint": ({"start": 10, "step": 3, "max": 1000}, ColumnFacts()),
    "primitive.float": (None, ColumnFacts()),
    "primitive.float.range": ({"min": 10, "max": 1000}, ColumnFacts()),
    "primitive.decimal.numeric": ({"min": -5, "max": 99.5, "scale": 3}, ColumnFacts()),
    "primitive.text": (None, ColumnFacts()),
    "primitive.text.pattern": ({"pattern": r"[A-Z]{3}-\d{4}"}, ColumnFacts()),
    "primitive.text.lorem": (None, ColumnFacts()),
    "primitive.uuid": (None, ColumnFacts()),
    "primitive.uuid.v4": (None, ColumnFacts()),
    "primitive.date": (None, ColumnFacts()),
    "primitive.date.range": ({"min": "1990-01-01", "max": "2000-12-31"}, ColumnFacts()),
    "primitive.time": (None, ColumnFacts()),
    "primitive.time.range": ({"min": "08:00:00", "max": "18:00:00"}, ColumnFacts()),
    "primitive.timestamp": (None, ColumnFacts()),
    "primitive.timestamp.range": (
        {"min": "2024-01-01T00:00:00Z", "max": "2024-01-10 00:00:00"},
        ColumnFacts(),
    ),
    "primitive.enum": (None, ENUM_FACTS),
    "primitive.normal": ({"mean": 100, "std": 15}, ColumnFacts()),
    "primitive.lognormal": ({"mean": 3, "sigma": 0.5}, ColumnFacts()),
    "primitive.exponential": ({"scale": 30}, ColumnFacts()),
    "primitive.zipf": ({"n": 100, "s": 1.2}, ColumnFacts()),
    "primitive.choice": ({"values": ["a", "b", "c", "d"]}, ColumnFacts()),
    "primitive.choice.weighted": ({"values": [1, 2, 3], "weights": [1, 2, 7]}, ColumnFacts()),
    "primitive.json.template": (
        {"template": {"id": {"$gen": "primitive.int.range"}, "ok": True}},
        ColumnFacts(),
    ),
    "primitive.array": (
        {"element": "primitive.int.range", "element_params": {"max": 9}, "max_len": 4},
        ColumnFacts(),
    ),
}

GENERATORS: dict[str, Generator[Any]] = P._local_generators()

ARROW: dict[TypeFamily, Any] = {
    TypeFamily.BOOLEAN: pa.types.is_boolean,
    TypeFamily.INTEGER: lambda t: t == pa.int64(),
    TypeFamily.DECIMAL: lambda t: pa.types.is_decimal(t) and t.precision == 38,
    TypeFamily.FLOAT: lambda t: t == pa.float64(),
    TypeFamily.TEXT: lambda t: t == pa.string(),
    TypeFamily.UUID: lambda t: t == pa.string(),
    TypeFamily.JSON: lambda t: t == pa.string(),
    TypeFamily.ENUM: lambda t: t == pa.string(),
    TypeFamily.DATE: lambda t: t == pa.date32(),
    TypeFamily.TIME: lambda t: t == pa.time64("us"),
    TypeFamily.TIMESTAMP: lambda t: t == pa.timestamp("us"),
    TypeFamily.ARRAY: pa.types.is_list,
}


def ctx_for(facts: ColumnFacts = ColumnFacts(), seed: int = 1, column: str = "c") -> GenContext:
    return GenContext.for_column(seed=seed, table="crm.leads", column=column, facts=facts)


def run(
    gen_id: str,
    raw: dict[str, Any] | None = None,
    rows: Any = 10_000,
    facts: ColumnFacts = ColumnFacts(),
    seed: int = 1,
) -> pa.Array:
    gen = GENERATORS[gen_id]
    r = np.arange(rows, dtype=np.int64) if isinstance(rows, int) else np.asarray(rows)
    return gen.generate(ctx_for(facts, seed), gen.parse_params(raw), r)


def family(gen: Generator[Any], raw: dict[str, Any] | None) -> TypeFamily:
    """The output family (choices declare it per params)."""
    per_params = getattr(gen, "output_family", None)
    return per_params(gen.parse_params(raw)) if per_params else gen.output


def param_error(gen_id: str, raw: Any) -> ParamError:
    with pytest.raises(ParamError) as info:
        GENERATORS[gen_id].parse_params(raw)
    return info.value


# ---------------------------------------------------------------------------------------------
# The catalog surface
# ---------------------------------------------------------------------------------------------


def test_all_ids_are_registered() -> None:
    assert set(P.ORIGINAL_IDS) <= set(GENERATORS)
    assert len(P.ORIGINAL_IDS) == 19
    assert set(CASES) == set(GENERATORS)
    for gen in GENERATORS.values():
        assert gen.summary and gen.fits
        for name, field in gen.params_model.model_fields.items():
            assert field.description, f"{gen.id}: param {name} has no description"


@pytest.mark.parametrize("gen_id", sorted(CASES))
def test_determinism_and_types(gen_id: str) -> None:
    raw, facts = CASES[gen_id]
    gen = GENERATORS[gen_id]
    values = run(gen_id, raw, 50, facts)
    assert len(values) == 50
    assert values.null_count == 0
    assert ARROW[family(gen, raw)](values.type), (gen_id, values.type)
    assert run(gen_id, raw, 50, facts).equals(values)
    assert run(gen_id, raw, [5, 6], facts).to_pylist() == values.to_pylist()[5:7]
    assert run(gen_id, raw, [42, 3], facts).to_pylist() == [values[42].as_py(), values[3].as_py()]
    if gen_id != "primitive.int.sequence_hint":  # a sequence has no randomness, by design
        assert run(gen_id, raw, 50, facts, seed=2).to_pylist() != values.to_pylist()


@pytest.mark.parametrize("gen_id", sorted(CASES))
def test_from_index_is_injective(gen_id: str) -> None:
    raw, facts = CASES[gen_id]
    gen = GENERATORS[gen_id]
    ctx = ctx_for(facts)
    params = gen.parse_params(raw)
    space = gen.value_space(ctx, params)
    if space is None:
        with pytest.raises(NotImplementedError):
            gen.from_index(ctx, params, np.arange(3, dtype=np.uint64))
        return
    assert 1 <= space <= P.MAX_SPACE
    if space <= 100_000:
        idx = np.arange(space, dtype=np.uint64)
    else:
        rng = np.random.default_rng(3)
        idx = np.unique(rng.integers(0, space, 100_000, dtype=np.uint64))
        idx = np.unique(np.concatenate([idx, np.array([0, space - 1], dtype=np.uint64)]))
    values = gen.from_index(ctx, params, idx)
    assert len(values) == idx.size
    assert pc.count_distinct(values).as_py() == idx.size
    assert gen.from_index(ctx, params, idx[:7]).to_pylist() == values.to_pylist()[:7]
    assert ARROW[family(gen, raw)](values.type), (gen_id, values.type)


# ---------------------------------------------------------------------------------------------
# Booleans and numbers
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------


def test_text_charset_and_lengths() -> None:
    values = run("primitive.text").to_pylist()
    assert all(re.fullmatch(r"[a-zA-Z0-9]{1,32}", v) for v in values)
    assert {len(v) for v in values} == set(range(1, 33))
    values = run("primitive.text", {"charset": "xyz", "min_len": 3, "max_len": 3}).to_pylist()
    assert all(re.fullmatch(r"[xyz]{3}", v) for v in values)
    empty = run("primitive.text", {"allow_empty": True, "max_len": 2}).to_pylist()
    assert "" in empty


def test_text_honours_varchar_by_construction() -> None:
    facts = ColumnFacts(family=TypeFamily.TEXT, length=5)
    values = run("primitive.text", None, facts=facts).to_pylist()
    assert max(map(len, values)) == 5
    gen = GENERATORS["primitive.text"]
    p = gen.parse_params({"min_len": 5})
    ctx = ctx_for(facts)
    assert gen.value_space(ctx, p) == 62**5
    uniq = gen.from_index(ctx, p, np.arange(1000, dtype=np.uint64)).to_pylist()
    assert len(set(uniq)) == 1000 and all(len(v) == 5 for v in uniq)
    pattern = run("primitive.text", {"pattern": r"[a-z]{3,20}"}, facts=facts).to_pylist()
    assert all(re.fullmatch(r"[a-z]{3,5}", v) for v in pattern)


def test_text_params() -> None:
    assert "combined" in str(param_error("primitive.text", {"pattern": "a", "charset": "a"}))
    assert param_error("primitive.text", {"max_repeat": 3}).problems
    assert param_error("primitive.text", {"min_len": 5, "max_len": 2}).problems
    assert param_error("primitive.text", {"charset": "z-a"}).problems
    assert param_error("primitive.text", {"pattern": "(a)\\1"}).problems
    gen = GENERATORS["primitive.text"]
    issues = gen.check(gen.parse_params({"max_len": 50}), ColumnFacts(length=20))
    assert [i.code for i in issues] == ["max_len_exceeds_column"]


@pytest.mark.parametrize(
    "pattern",
    [
        r"[A-Z][a-z]{4,8}",
        r"[a-z]{5,8}\d{2}",
        r"\d{11}",
        r"[A-Z]{3}\d{4}",
        r"(ativo|inativo|pendente)",
    ],
)
def test_text_pattern_matches(pattern: str) -> None:
    values = run("primitive.text.pattern", {"pattern": pattern}).to_pylist()
    assert all(re.fullmatch(pattern, v) for v in values)


def test_text_pattern_hash_is_literal_and_params() -> None:
    assert set(run("primitive.text.pattern", {"pattern": "INV-####"}, 5).to_pylist()) == {
        "INV-####"
    }
    assert param_error("primitive.text.pattern", {}).problems[0][0] == "/pattern"
    assert "lookahead" in str(param_error("primitive.text.pattern", {"pattern": "a(?=b)"}))
    assert param_error("primitive.text.pattern", {"pattern": "[a-"}).problems
    assert param_error("primitive.text.pattern", {"pattern": r"\d{11}", "max_len": 5}).problems
    assert param_error("primitive.text.pattern", {"pattern": "^$"}).problems  # only ""
    assert set(run("primitive.text.pattern", {"pattern": "a?"}, 100).to_pylist()) == {"a"}
    maybe = run("primitive.text.pattern", {"pattern": "a?", "allow_empty": True}, 100)
    assert set(maybe.to_pylist()) == {"", "a"}
    non_empty = run("primitive.text.pattern", {"pattern": "a{0,3}", "min_len": 1}).to_pylist()
    assert "" not in non_empty


def test_text_pattern_column_checks_and_space() -> None:
    gen = GENERATORS["primitive.text.pattern"]
    p = gen.parse_params({"pattern": r"[A-Z]{3}-\d{4}"})
    assert gen.value_space(ctx_for(), p) == 26**3 * 10**4
    assert [i.code for i in gen.check(p, ColumnFacts(length=5))] == ["pattern_too_long"]
    assert gen.check(p, ColumnFacts(length=8)) == []
    capped = gen.parse_params({"pattern": r"[a-z]{2,40}"})
    assert [i.code for i in gen.check(capped, ColumnFacts(length=10))] == [
        "pattern_capped_to_column"
    ]
    # a bound that cuts the space leaves no exact count
    assert gen.value_space(ctx_for(ColumnFacts(length=10)), capped) is None
    assert gen.value_space(ctx_for(), gen.parse_params({"pattern": "a*a*"})) is None


def test_lorem() -> None:
    values = run("primitive.text.lorem").to_pylist()
    words = set(P.LOREM_WORDS)
    counts = [len(v.split(" ")) for v in values]
    assert min(counts) == 3 and max(counts) == 8
    assert all(set(v.split(" ")) <= words for v in values)
    fixed = run("primitive.text.lorem", {"words": 2}).to_pylist()
    assert {len(v.split(" ")) for v in fixed} == {2}
    assert set(run("primitive.text.lorem", {"words": 0, "allow_empty": True}, 3).to_pylist()) == {
        ""
    }
    assert param_error("primitive.text.lorem", {"words": 0}).problems
    assert param_error("primitive.text.lorem", {"min_words": 5, "max_words": 2}).problems


def test_lorem_respects_lengths_by_construction() -> None:
    facts = ColumnFacts(family=TypeFamily.TEXT, length=20)
    values = run("primitive.text.lorem", None, facts=facts).to_pylist()
    assert max(map(len, values)) <= 20
    assert min(len(v.split(" ")) for v in values) >= 3
    assert all(set(v.split(" ")) <= set(P.LOREM_WORDS) for v in values)
    tight = run("primitive.text.lorem", {"min_len": 30, "max_len": 32}).to_pylist()
    assert all(30 <= len(v) <= 32 for v in tight)
    gen = GENERATORS["primitive.text.lorem"]
    issues = gen.check(gen.parse_params({"min_words": 5}), ColumnFacts(length=10))
    assert "lorem_unsatisfiable" in [i.code for i in issues]
    with pytest.raises(GenerationError):
        run("primitive.text.lorem", {"min_words": 5}, facts=ColumnFacts(length=10))


# ---------------------------------------------------------------------------------------------
# UUIDs
# ---------------------------------------------------------------------------------------------

UUID_V4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


@pytest.mark.parametrize("gen_id", ["primitive.uuid", "primitive.uuid.v4"])
def test_uuid_v4_format(gen_id: str) -> None:
    values = run(gen_id).to_pylist()
    assert all(UUID_V4.fullmatch(v) for v in values)
    assert len(set(values)) == len(values)
    import uuid

    assert all(uuid.UUID(v).version == 4 for v in values[:100])


def test_uuid_from_index_is_unique_over_a_million() -> None:
    gen = GENERATORS["primitive.uuid.v4"]
    ctx, p = ctx_for(), gen.parse_params(None)
    assert gen.value_space(ctx, p) == 2**62
    idx = np.arange(1_000_000, dtype=np.uint64)
    values = gen.from_index(ctx, p, idx)
    assert pc.count_distinct(values).as_py() == 1_000_000
    assert all(UUID_V4.fullmatch(v) for v in values.slice(0, 2000).to_pylist())
    top = gen.from_index(ctx, p, np.arange(2**62 - 1000, 2**62, dtype=np.uint64))
    assert pc.count_distinct(top).as_py() == 1000
    # the low 62 bits of the last half carry a bijection of the index: no clashes across a
    # random sample of the whole space either
    rng = np.random.default_rng(11)
    sample = np.unique(rng.integers(0, 2**62, 200_000, dtype=np.uint64))
    assert pc.count_distinct(gen.from_index(ctx, p, sample)).as_py() == sample.size
    with pytest.raises(ValueError):
        gen.from_index(ctx, p, np.array([2**62], dtype=np.uint64))


def test_uuid_into_short_text_column() -> None:
    gen = GENERATORS["primitive.uuid"]
    issues = gen.check(gen.parse_params(None), ColumnFacts(family=TypeFamily.TEXT, length=20))
    assert [i.code for i in issues] == ["uuid_too_long"]
    assert param_error("primitive.uuid", {"version": 4}).problems


# ---------------------------------------------------------------------------------------------
# Dates, times, timestamps
# ---------------------------------------------------------------------------------------------


def test_dates() -> None:
    values = run("primitive.date.range", {"min": "1990-01-01", "max": "1990-01-31"}).to_pylist()
    assert min(values) == date(1990, 1, 1) and max(values) == date(1990, 1, 31)
    default = run("primitive.date").to_pylist()
    assert min(default) >= date(2024, 1, 1) and max(default) <= date(2024, 1, 1) + timedelta(365)
    base = GenContext.for_column(seed=1, table="t", column="c", base_date=date(2030, 6, 1))
    gen = GENERATORS["primitive.date"]
    shifted = gen.generate(base, gen.parse_params(None), np.arange(1000)).to_pylist()
    assert min(shifted) >= date(2030, 6, 1)
    p = gen.parse_params({"min": "2024-02-01", "max": "2024-02-29"})
    assert gen.value_space(base, p) == 29
    assert gen.from_index(base, p, np.array([0, 28], dtype=np.uint64)).to_pylist() == [
        date(2024, 2, 1),
        date(2024, 2, 29),
    ]
    assert param_error("primitive.date", {"min": "2024-13-01"}).problems
    assert param_error("primitive.date", {"min": "01/02/2024"}).problems
    assert param_error("primitive.date", {"min": "2024-02-02", "max": "2024-02-01"}).problems
    with pytest.raises(GenerationError):
        run("primitive.date", {"min": "2030-01-01"})  # default max is base_date + 365 days


def test_times() -> None:
    values = run("primitive.time.range", {"min": "08:00:00", "max": "08:00:59"}).to_pylist()
    assert min(values) == time(8, 0, 0) and max(values) == time(8, 0, 59)
    assert all(v.microsecond == 0 for v in values)
    ms = run("primitive.time", {"min": "00:00:00.5", "max": "00:00:01", "resolution": "ms"})
    assert all(time(0, 0, 0, 500_000) <= v <= time(0, 0, 1) for v in ms.to_pylist())
    gen = GENERATORS["primitive.time"]
    assert gen.value_space(ctx_for(), gen.parse_params(None)) == 86_400
    assert param_error("primitive.time", {"min": "24:00:00"}).problems
    assert param_error("primitive.time", {"resolution": "ns"}).problems
    assert param_error("primitive.time", {"min": "10:00:00", "max": "09:00:00"}).problems


def test_timestamps() -> None:
    raw = {"min": "2024-01-01T00:00:00-03:00", "max": "2024-01-01T03:00:10Z"}
    values = run("primitive.timestamp.range", raw).to_pylist()
    assert min(values) == datetime(2024, 1, 1, 3, 0, 0)
    assert max(values) == datetime(2024, 1, 1, 3, 0, 10)
    default = run("primitive.timestamp").to_pylist()
    assert min(default) >= datetime(2024, 1, 1)
    assert max(default) <= datetime(2024, 12, 31, 23, 59, 59)
    spaced = run("primitive.timestamp", {"min": "2024-01-01 10:00:00", "max": "2024-01-02"})
    assert min(spaced.to_pylist()) >= datetime(2024, 1, 1, 10)  # space form and date only
    assert max(spaced.to_pylist()) <= datetime(2024, 1, 2)
    us = run("primitive.timestamp", {"resolution": "us"}).to_pylist()
    assert any(v.microsecond for v in us)
    assert param_error("primitive.timestamp", {"min": "2024-01-01T25:00:00"}).problems
    assert param_error("primitive.timestamp", {"max": "yesterday"}).problems


def test_timestamptz_columns_get_utc_aware_values() -> None:
    facts = ColumnFacts(family=TypeFamily.TIMESTAMPTZ)
    values = run("primitive.timestamp.range", None, 100, facts)
    assert values.type == pa.timestamp("us", tz="UTC")
    assert values.to_pylist()[0].tzinfo is not None
    naive = run("primitive.timestamp.range", None, 100)
    assert [v.replace(tzinfo=None) for v in values.to_pylist()] == naive.to_pylist()
    assert values.to_pylist()[0].utcoffset() == timedelta(0)


# ---------------------------------------------------------------------------------------------
# Enum and choices
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Distributions
# ---------------------------------------------------------------------------------------------


def test_normal() -> None:
    values = run("primitive.normal", {"mean": 100, "std": 15}, 100_000).to_numpy()
    assert abs(values.mean() - 100) < 0.3
    assert abs(values.std() - 15) < 0.3
    clamped = run(
        "primitive.normal", {"mean": 0, "std": 10, "min": -1, "max": 1.234, "decimals": 2}
    )
    c = clamped.to_numpy()
    assert c.min() == -1 and c.max() == 1.23
    assert np.allclose(c, np.round(c, 2))
    assert param_error("primitive.normal", {"std": -1}).problems
    assert param_error("primitive.normal", {"min": 2, "max": 1}).problems
    assert param_error("primitive.normal", {"min": 0.001, "max": 0.002, "decimals": 2}).problems


def test_lognormal_and_exponential() -> None:
    logn = run("primitive.lognormal", {"mean": 3, "sigma": 0.5}, 100_000).to_numpy()
    assert logn.min() > 0 and abs(np.median(logn) - math.exp(3)) < 0.5
    expo = run("primitive.exponential", {"scale": 30, "loc": 5}, 100_000).to_numpy()
    assert expo.min() >= 5 and abs(expo.mean() - 35) < 0.5
    assert param_error("primitive.exponential", {"scale": 0}).problems


def test_zipf() -> None:
    values = run("primitive.zipf", {"n": 50, "s": 1.1}, 100_000).to_numpy()
    assert values.min() == 1 and values.max() <= 50
    counts = np.bincount(values, minlength=51)[1:]
    assert counts.argmax() == 0
    assert counts[0] > counts[1] > counts[4] > counts[20]
    expected = 1 / np.sum(np.arange(1, 51) ** -1.1)
    assert abs(counts[0] / values.size - expected) < 0.01
    assert param_error("primitive.zipf", {"n": 0}).problems
    assert param_error("primitive.zipf", {"s": 0}).problems


def test_distribution_column_checks() -> None:
    gen = GENERATORS["primitive.normal"]
    issues = gen.check(gen.parse_params(None), ColumnFacts(family=TypeFamily.INTEGER))
    assert [i.code for i in issues] == ["decimals_for_integer"]
    assert (
        gen.check(gen.parse_params({"decimals": 0}), ColumnFacts(family=TypeFamily.INTEGER)) == []
    )


# ---------------------------------------------------------------------------------------------
# JSON templates and arrays
# ---------------------------------------------------------------------------------------------


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
