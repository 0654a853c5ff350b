"""transform.*: the 7 original transforms on whole columns: NULL handling, truncation by code
point, strftime semantics, casing, weighted choice, and every mask mode (salted HMAC checked
against :mod:`hmac`, format-preserving layouts, keyed distinctness on 100k values).
"""

from __future__ import annotations

import hmac
import re
from datetime import date, datetime, time
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators import all_transforms
from datalchemy.generators.base import ColumnFacts, GenContext, ParamError, Transform
from datalchemy.generators.transforms.keyed import permute_within_digit_count

ALL_IDS = {
    "transform.null_rate",
    "transform.truncate",
    "transform.format",
    "transform.prefix_suffix",
    "transform.casing",
    "transform.weighted_choice",
    "transform.mask",
}

TRANSFORMS: dict[str, Transform[Any]] = {t.id: t for t in all_transforms()}


def ctx(seed: int = 5, column: str = "c", **kw: Any) -> GenContext:
    return GenContext.for_column(seed=seed, table="crm.t", column=column, **kw)


def apply(tid: str, raw: dict[str, Any], values: Any, **kw: Any) -> list[Any]:
    t = TRANSFORMS[tid]
    arr = values if isinstance(values, pa.Array) else pa.array(values)
    rows = np.arange(len(arr), dtype=np.int64)
    return t.apply(ctx(**kw), t.parse_params(raw), arr, rows).to_pylist()  # type: ignore[no-any-return]


def test_every_id_is_defined_and_registered() -> None:
    assert set(TRANSFORMS) == ALL_IDS


# ---- null_rate ------------------------------------------------------------------------------


def test_null_rate() -> None:
    values = list(range(20_000))
    out = apply("transform.null_rate", {"rate": 0.3}, values)
    assert sum(v is None for v in out) / len(out) == pytest.approx(0.3, abs=0.02)
    assert all(o is None or o == v for o, v in zip(out, values, strict=True))
    assert apply("transform.null_rate", {"rate": 0}, values) == values
    assert set(apply("transform.null_rate", {"rate": 1}, values)) == {None}
    # deterministic and per row
    again = apply("transform.null_rate", {"rate": 0.3}, values)
    assert again == out
    t = TRANSFORMS["transform.null_rate"]
    p = t.parse_params({"rate": 0.3})
    part = t.apply(ctx(), p, pa.array(values[5:7]), np.array([5, 6], dtype=np.int64))
    assert part.to_pylist() == out[5:7]


def test_null_rate_check_and_params() -> None:
    t = TRANSFORMS["transform.null_rate"]
    issues = t.check(t.parse_params({"rate": 0.1}), ColumnFacts(nullable=False))
    assert [i.code for i in issues] == ["null_rate_not_null"] and issues[0].severity == "error"
    assert t.check(t.parse_params({"rate": 0.1}), ColumnFacts(nullable=True)) == []
    assert t.check(t.parse_params({"rate": 0}), ColumnFacts(nullable=False)) == []
    for bad in ({}, {"rate": 1.5}, {"rate": -0.1}):
        with pytest.raises(ParamError):
            t.parse_params(bad)


# ---- truncate, prefix_suffix, casing --------------------------------------------------------


def test_truncate_by_code_points() -> None:
    values = ["ação", "😀👍🏽x", "abc", None, "", "日本語テキスト"]
    assert apply("transform.truncate", {"max_len": 2}, values) == [
        "aç",
        "😀👍",
        "ab",
        None,
        "",
        "日本",
    ]
    assert apply("transform.truncate", {"max_len": 3}, ["ação"]) == ["açã"]
    assert apply("transform.truncate", {"max_len": 0}, ["ação"]) == [""]
    out = apply("transform.truncate", {"max_len": 3}, [12345, None])
    assert out == ["123", None]
    for s in apply("transform.truncate", {"max_len": 1}, ["é", "ção", "🇧🇷"]):
        s.encode("utf-8")  # valid UTF-8: no split code point
    with pytest.raises(ParamError):
        TRANSFORMS["transform.truncate"].parse_params({})


def test_prefix_suffix() -> None:
    out = apply("transform.prefix_suffix", {"prefix": "BR-", "suffix": "!"}, ["a", None, "ç"])
    assert out == ["BR-a!", None, "BR-ç!"]
    assert apply("transform.prefix_suffix", {}, ["x"]) == ["x"]
    assert apply("transform.prefix_suffix", {"prefix": "#"}, [7]) == ["#7"]


def test_casing() -> None:
    values = ["ação é boa", "JOÃO DA SILVA", None]
    assert apply("transform.casing", {"mode": "upper"}, values) == [
        "AÇÃO É BOA",
        "JOÃO DA SILVA",
        None,
    ]
    assert apply("transform.casing", {"mode": "lower"}, values) == [
        "ação é boa",
        "joão da silva",
        None,
    ]
    assert apply("transform.casing", {"mode": "title"}, values) == [
        "Ação É Boa",
        "João Da Silva",
        None,
    ]
    with pytest.raises(ParamError):
        TRANSFORMS["transform.casing"].parse_params({"mode": "camel"})
    with pytest.raises(GenerationError):
        apply("transform.casing", {"mode": "upper"}, pa.array([b"x"], pa.binary()))


# ---- format ---------------------------------------------------------------------------------


def test_format_strftime() -> None:
    stamps = pa.array([datetime(2024, 1, 2, 3, 4, 5, 123456), None], pa.timestamp("us"))
    assert apply("transform.format", {"format": "%d/%m/%Y %H:%M:%S"}, stamps) == [
        "02/01/2024 03:04:05",
        None,
    ]
    assert apply("transform.format", {"format": "%Y-%m-%dT%H:%M:%S.%f"}, stamps) == [
        "2024-01-02T03:04:05.123456",
        None,
    ]
    before_1970 = pa.array([datetime(1969, 12, 31, 23, 59, 59, 500000)], pa.timestamp("us"))
    assert apply("transform.format", {"format": "%H:%M:%S %f"}, before_1970) == ["23:59:59 500000"]
    tz = pa.array([datetime(2024, 1, 2, 3, 4, 5)], pa.timestamp("us", tz="UTC"))
    assert apply("transform.format", {"format": "%Y-%m-%d %H:%M"}, tz) == ["2024-01-02 03:04"]
    assert apply("transform.format", {"format": "%d/%m/%Y"}, [date(2024, 2, 29), None]) == [
        "29/02/2024",
        None,
    ]
    days = [date(1970, 1, 2), date(2024, 5, 17), date(1969, 12, 31), None]
    assert apply("transform.format", {"format": "%Y-%m-%d %H:%M:%S.%f"}, days) == [
        d.strftime("%Y-%m-%d %H:%M:%S.%f") if d else None for d in days
    ]  # a date's time of day is midnight (its hours were once printed as 92, 68, ...)
    times = pa.array([time(13, 5, 9, 250000)], pa.time64("us"))
    assert apply("transform.format", {"format": "%H:%M:%S"}, times) == ["13:05:09"]
    assert apply("transform.format", {"format": "%Hh%M.%f"}, times) == ["13h05.250000"]
    with pytest.raises(GenerationError):
        apply("transform.format", {"format": "%Y"}, ["2024-01-01"])


def test_format_template() -> None:
    out = apply("transform.format", {"template": "R$ {value} ({value})"}, [1.5, None, 10])
    assert out == ["R$ 1.5 (1.5)", None, "R$ 10 (10)"]
    assert apply("transform.format", {"template": "fixo"}, ["a", None]) == ["fixo", None]
    for bad in ({}, {"format": "%Y", "template": "{value}"}):
        with pytest.raises(ParamError):
            TRANSFORMS["transform.format"].parse_params(bad)


# ---- weighted_choice ------------------------------------------------------------------------


def test_weighted_choice() -> None:
    raw = {"choices": [{"value": "a", "weight": 1}, {"value": "b", "weight": 3}]}
    values = ["x"] * 20_000 + [None]
    out = apply("transform.weighted_choice", raw, values)
    assert out[-1] is None
    assert set(out[:-1]) == {"a", "b"}
    assert out.count("b") / 20_000 == pytest.approx(0.75, abs=0.02)
    assert apply("transform.weighted_choice", raw, values) == out
    ints = {"choices": [{"value": 1, "weight": 1}, {"value": 2, "weight": 1}]}
    assert set(apply("transform.weighted_choice", ints, [0] * 100)) == {1, 2}
    for bad in (
        {"choices": []},
        {"choices": [{"value": "a", "weight": 0}]},
        {"choices": [{"v": 1}]},
    ):
        with pytest.raises(ParamError):
            TRANSFORMS["transform.weighted_choice"].parse_params(bad)


# ---- mask -----------------------------------------------------------------------------------


def test_mask_hash_is_salted_hmac() -> None:
    values = ["ana@x.com", "123.456.789-09", None, "ana@x.com", "ação"]
    out = apply("transform.mask", {"mode": "hash", "salt": "segredo"}, values)
    expected = [
        None if v is None else hmac.new(b"segredo", v.encode(), "sha256").hexdigest()
        for v in values
    ]
    assert out == expected
    other = apply("transform.mask", {"mode": "hash", "salt": "outro"}, values)
    assert all(a != b for a, b in zip(out, other, strict=True) if a is not None)
    short = apply("transform.mask", {"mode": "hash", "salt": "segredo", "hex_chars": 16}, values)
    assert short[0] == expected[0][:16]
    long_key = "k" * 100  # keys above a block are hashed first (RFC 2104)
    assert apply("transform.mask", {"mode": "hash", "salt": long_key}, ["v"]) == [
        hmac.new(long_key.encode(), b"v", "sha256").hexdigest()
    ]
    assert apply("transform.mask", {"mode": "hash", "salt": "s"}, [12, None]) == [
        hmac.new(b"s", b"12", "sha256").hexdigest(),
        None,
    ]


def test_mask_salt_is_required_and_never_shown() -> None:
    t = TRANSFORMS["transform.mask"]
    for bad in ({"mode": "hash"}, {"mode": "hash", "salt": ""}, {"mode": "nope"}):
        with pytest.raises(ParamError):
            t.parse_params(bad)
    p = t.parse_params({"mode": "hash", "salt": "super-secret-salt"})
    assert "super-secret-salt" not in repr(p)
    assert "super-secret-salt" not in str(p.model_dump(mode="json"))
    with pytest.raises(ParamError) as err:
        t.parse_params({"mode": "hash", "salt": "super-secret-salt", "mask_char": "**"})
    assert "super-secret-salt" not in str(err.value)


def test_mask_redact() -> None:
    assert apply("transform.mask", {"mode": "redact"}, ["a", None, "bcd"]) == ["***", None, "***"]
    assert apply("transform.mask", {"mode": "redact", "mask_char": "#"}, ["a"]) == ["###"]


def test_mask_format_preserving_auto() -> None:
    values = [
        "maria.silva@empresa.com.br",
        "ab@x.com",
        "123.456.789-09",
        "12345678909",
        "11.222.333/0001-81",
        "12ABC34501DE35",
        "(11) 98765-4321",
        "+55 11 98765-4321",
        "+55 (21) 3456-7890",
        "Olá mundo",
        "ab",
        None,
    ]
    out = apply("transform.mask", {"mode": "format_preserving"}, values)
    assert out == [
        "m*********a@empresa.com.br",
        "**@x.com",
        "***.***.***-09",
        "***.***.***-09",
        "**.***.***/****-81",
        "**.***.***/****-35",
        "(11) *****-4321",
        "+55 11 *****-4321",
        "+55 (21) ****-7890",
        "O*******o",
        "**",
        None,
    ]


def test_mask_format_preserving_kinds() -> None:
    fp = {"mode": "format_preserving"}
    assert apply("transform.mask", fp | {"kind": "phone"}, ["11987654321", "98765432"]) == [
        "11*****4321",
        "****5432",
    ]
    assert apply("transform.mask", fp | {"kind": "cpf", "mask_char": "x"}, ["52998224725"]) == [
        "xxx.xxx.xxx-25"
    ]
    assert apply("transform.mask", fp | {"kind": "generic"}, ["joão", "é", "ãéíõ"]) == [
        "j**o",
        "*",
        "ã**õ",
    ]
    assert apply("transform.mask", fp | {"kind": "email"}, ["joão.ção@x.com", "semarroba"]) == [
        "j******o@x.com",
        "s*******a",
    ]


def test_mask_keyed_is_distinct_and_shape_preserving() -> None:
    n = 100_000
    emails = pa.array([f"user{i}.name{i % 7}@example{i % 3}.com" for i in range(n)])
    t = TRANSFORMS["transform.mask"]
    p = t.parse_params({"mode": "keyed"})
    out = t.apply(ctx(), p, emails, np.arange(n, dtype=np.int64))
    assert pc.count_distinct(out).as_py() == n
    for a, b in zip(emails.to_pylist()[:2000], out.to_pylist()[:2000], strict=True):
        assert len(a) == len(b) and a != b
        for x, y in zip(a, b, strict=True):
            assert (x.isdigit(), x.islower(), x.isupper()) == (
                y.isdigit(),
                y.islower(),
                y.isupper(),
            )
            if not x.isalnum():
                assert x == y
    # a value maps the same wherever it is, and a row's output depends on its value only
    again = t.apply(ctx(), p, emails.slice(10, 3), np.array([0, 1, 2], dtype=np.int64))
    assert again.to_pylist() == out.to_pylist()[10:13]


def test_mask_keyed_keys() -> None:
    values = ["ana@x.com", "bob@x.com", None, "ação"]
    keyed = {"mode": "keyed"}
    a = apply("transform.mask", keyed, values, column="a")
    assert a[2] is None and a[3][1:3] == "çã"  # non-ASCII kept
    assert apply("transform.mask", keyed, values, column="b") != a  # key from plan seed + column
    salted = keyed | {"salt": "k1"}
    s1 = apply("transform.mask", salted, values, column="a")
    assert apply("transform.mask", salted, values, column="b", seed=99) == s1  # same everywhere
    assert apply("transform.mask", keyed | {"salt": "k2"}, values, column="a") != s1


def test_mask_keyed_uuid_and_integers() -> None:
    uuids = [
        "123e4567-e89b-12d3-a456-426614174000",
        "123e4567-e89b-12d3-a456-426614174001",
        "ABCDEF00-0000-0000-0000-000000000000",
    ]
    out = apply(
        "transform.mask", {"mode": "keyed"}, uuids, facts=ColumnFacts(family=TypeFamily.UUID)
    )
    hexre = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    assert all(re.fullmatch(hexre, u) for u in out) and len(set(out)) == 3
    ints = np.concatenate([np.arange(-50_000, 50_000), [2**63 - 1, -(2**63), 123_456_789_012]])
    arr = pa.array(ints, pa.int64())
    masked = apply("transform.mask", {"mode": "keyed"}, arr)
    assert len(set(masked)) == len(ints)
    for a, b in zip(ints.tolist(), masked, strict=True):
        assert (a < 0) == (b < 0) and len(str(abs(a))) == len(str(abs(b)))
    small = apply("transform.mask", {"mode": "keyed"}, pa.array(range(-128, 128), pa.int8()))
    assert sorted(small) == list(range(-128, 128))  # a permutation of the type's range
    with pytest.raises(GenerationError) as err:
        apply("transform.mask", {"mode": "keyed"}, [1.5])
    assert err.value.code == "mask_keyed_type"


def test_permute_within_digit_count() -> None:
    x = np.arange(200_000, dtype=np.uint64)
    out = permute_within_digit_count(x, key=3)
    assert len(np.unique(out)) == x.size
    digits = np.char.str_len(x.astype(str))
    assert (np.char.str_len(out.astype(str)) == digits).all()
    top = np.array([2**64 - 1, 10**19, 2**63], dtype=np.uint64)
    assert len(set(permute_within_digit_count(top, key=3).tolist())) == 3


def test_checks_against_the_column() -> None:
    fmt = TRANSFORMS["transform.format"]
    p = fmt.parse_params({"format": "%Y"})
    assert [i.code for i in fmt.check(p, ColumnFacts(family=TypeFamily.TEXT))] == [
        "format_needs_temporal"
    ]
    assert fmt.check(p, ColumnFacts(family=TypeFamily.DATE)) == []
    mask = TRANSFORMS["transform.mask"]
    p = mask.parse_params({"mode": "hash", "salt": "s"})
    assert [i.code for i in mask.check(p, ColumnFacts(length=32))] == ["mask_hash_too_long"]
    p = mask.parse_params({"mode": "hash", "salt": "s", "hex_chars": 32})
    assert mask.check(p, ColumnFacts(length=32)) == []


def test_format_fast_path_and_arrow_fallback() -> None:
    stamps = pa.array(
        [datetime(2024, 3, 5, 14, 7, 9, 42), datetime(1999, 12, 31, 23, 59, 59)], pa.timestamp("us")
    )
    assert apply("transform.format", {"format": "%y|%j|%%|às %Hh"}, stamps) == [
        "24|065|%|às 14h",
        "99|365|%|às 23h",
    ]
    assert apply("transform.format", {"format": "%d %b %Y"}, stamps) == [
        "05 Mar 2024",
        "31 Dec 1999",
    ]
    assert apply("transform.format", {"format": "%A %S.%f"}, stamps) == [
        "Tuesday 09.000042",
        "Friday 59.000000",
    ]
    sp = pa.array([datetime(2024, 1, 1, 12)], pa.timestamp("us", tz="UTC")).cast(
        pa.timestamp("us", tz="America/Sao_Paulo")
    )
    assert apply("transform.format", {"format": "%H:%M"}, sp) == ["09:00"]  # local wall time
    assert apply("transform.format", {"format": "%H:%M %Z"}, sp) == ["09:00 -03"]
    assert apply("transform.format", {"format": "no directives"}, stamps) == ["no directives"] * 2
    assert apply("transform.format", {"format": ""}, stamps) == ["", ""]


def test_mask_keyed_ignores_the_retry_round() -> None:
    t = TRANSFORMS["transform.mask"]
    p = t.parse_params({"mode": "keyed"})
    values = pa.array([f"v{i}" for i in range(100)])
    rows = np.arange(100, dtype=np.int64)
    assert (
        t.apply(ctx().with_attempt(1), p, values, rows).to_pylist()
        == t.apply(ctx(), p, values, rows).to_pylist()
    )


def test_mask_hash_same_with_and_without_deduplication() -> None:
    distinct = [f"user{i}@x.com" for i in range(6000)] + [None]
    repeated = ["a", "b", None] * 2000 + ["user5@x.com"]
    p = {"mode": "hash", "salt": "s"}
    a = apply("transform.mask", p, distinct)  # mostly distinct: hashed row by row
    b = apply("transform.mask", p, repeated)  # repeats: each distinct value hashed once
    assert a[5] == b[-1] == hmac.new(b"s", b"user5@x.com", "sha256").hexdigest()
    assert a[-1] is None and b[2] is None
