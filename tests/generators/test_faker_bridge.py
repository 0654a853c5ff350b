"""faker.*: the 108 raw IDs of the original (the 19 parameterized ones with params) and the generic
``faker.provider``: values in en_US and pt_BR, determinism (counter-based, seeded, independent of
PYTHONHASHSEED and of Faker's global state), params and locale errors, check digits.

The module is imported directly (the registry imports every family module, some of which other
people are still writing).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import faker.generator
import numpy as np
import pyarrow as pa
import pytest

from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators import all_generators, checkdigits
from datalchemy.generators.base import GenContext, NoParams, ParamError
from datalchemy.generators.faker_bridge.provider import FakerProvider
from datalchemy.generators.faker_bridge.raw import RAW_SPECS, FakerRaw
from datalchemy.generators.faker_bridge.when import resolve_when

ORIGINAL_IDS = (Path(__file__).parent.parent / "data" / "original_generator_ids.txt").read_text()
FAKER_IDS = sorted(i for i in ORIGINAL_IDS.split() if i.startswith("faker."))
LOCALES = ("en_US", "pt_BR")
N = 200
ROWS = np.arange(N, dtype=np.int64)

#: Non-default params for each of the 19 IDs the original rejected.
PARAMS: dict[str, dict[str, Any]] = {
    "faker.address.raw.Geohash": {"precision": 5},
    "faker.boolean.raw.Boolean": {"ratio": 30},
    "faker.chrono.raw.DateTimeAfter": {"date": "2020-06-01"},
    "faker.chrono.raw.DateTimeBefore": {"date": "2020-06-01T12:00:00"},
    "faker.chrono.raw.DateTimeBetween": {"start": "2021-01-01", "end": "2021-12-31"},
    "faker.internet.raw.Password": {"length": 16, "special_chars": False},
    "faker.lorem.raw.Paragraph": {"sentences": 2, "variable": False},
    "faker.lorem.raw.Paragraphs": {"count": 2},
    "faker.lorem.raw.Sentence": {"words": 4, "variable": False},
    "faker.lorem.raw.Sentences": {"count": 2},
    "faker.lorem.raw.Words": {"count": 5},
    "faker.markdown.raw.BlockQuoteMultiLine": {"count": 4},
    "faker.markdown.raw.BlockQuoteSingleLine": {"count": 7},
    "faker.markdown.raw.BulletPoints": {"count": 4},
    "faker.markdown.raw.Code": {"count": 2},
    "faker.markdown.raw.ListItems": {"count": 5},
    "faker.time.raw.DateTimeAfter": {"date": "-1y"},
    "faker.time.raw.DateTimeBefore": {"date": "+1M"},
    "faker.time.raw.DateTimeBetween": {"start": "-2w", "end": "+3d12h"},
}


#: Every raw Faker-backed generator, by ID.
RAW_GENERATORS: dict[str, Any] = {g.id: g for g in all_generators() if isinstance(g, FakerRaw)}


def ctx(locale: str = "en_US", seed: int = 5, **kw: Any) -> GenContext:
    return GenContext.for_column(seed=seed, table="crm.leads", column="c", locale=locale, **kw)


def values(
    gen_id: str,
    locale: str = "en_US",
    raw: dict[str, Any] | None = None,
    rows: Any = ROWS,
    **kw: Any,
) -> list[Any]:
    g = RAW_GENERATORS[gen_id]
    return g.generate(ctx(locale, **kw), g.parse_params(raw), rows).to_pylist()


# ---------------------------------------------------------------------------------------------
# Catalog


def test_every_original_faker_id_is_registered() -> None:
    assert len(FAKER_IDS) == 108
    assert sorted(RAW_GENERATORS) == FAKER_IDS
    parameterized = {i for i, s in RAW_SPECS.items() if s.params is not NoParams}
    assert parameterized == set(PARAMS)
    assert len(parameterized) == 19


def test_declarations() -> None:
    for gen_id, g in RAW_GENERATORS.items():
        assert g.id == gen_id and g.summary
        assert g.locales is None  # any Faker locale with the data
        if gen_id == "faker.boolean.raw.Boolean":
            assert g.output is TypeFamily.BOOLEAN
        else:
            assert g.output is TypeFamily.TEXT
    assert RAW_GENERATORS["faker.name.raw.FirstName"].pii == {"pii.name"}
    assert RAW_GENERATORS["faker.internet.raw.SafeEmail"].pii == {"pii.email"}
    assert RAW_GENERATORS["faker.phone_number.raw.CellNumber"].pii == {"pii.phone"}
    assert RAW_GENERATORS["faker.internet.raw.IPv4"].pii == {"pii.network"}


# ---------------------------------------------------------------------------------------------
# Every ID, both locales, with and without params


def _check(gen_id: str, out: list[Any]) -> None:
    assert len(out) == N
    assert all(v is not None for v in out), gen_id
    if gen_id == "faker.boolean.raw.Boolean":
        assert all(isinstance(v, bool) for v in out)
    else:
        assert all(isinstance(v, str) and v for v in out), gen_id


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("gen_id", FAKER_IDS)
def test_id_produces_values_deterministically(gen_id: str, locale: str) -> None:
    out = values(gen_id, locale)
    _check(gen_id, out)
    assert values(gen_id, locale) == out
    assert values(gen_id, locale, rows=np.array([5, 6, 150])) == [out[5], out[6], out[150]]
    assert values(gen_id, locale, rows=ROWS[::-1]) == out[::-1]
    if len(set(out)) > 2:
        assert values(gen_id, locale, seed=6) != out, f"{gen_id} ignores the seed"
    if gen_id in PARAMS:
        with_params = values(gen_id, locale, PARAMS[gen_id])
        _check(gen_id, with_params)
        assert values(gen_id, locale, PARAMS[gen_id], rows=ROWS[40:42]) == with_params[40:42]


def test_table_and_column_change_the_values() -> None:
    g = RAW_GENERATORS["faker.name.raw.Name"]
    p = g.parse_params(None)
    a = g.generate(ctx(), p, ROWS).to_pylist()
    b = g.generate(GenContext.for_column(seed=5, table="crm.leads", column="d"), p, ROWS)
    assert a != b.to_pylist()


def test_empty_rows() -> None:
    assert values("faker.name.raw.Name", rows=np.array([], dtype=np.int64)) == []
    b = RAW_GENERATORS["faker.boolean.raw.Boolean"]
    assert b.generate(ctx(), b.parse_params(None), ROWS[:0]).type == pa.bool_()


# ---------------------------------------------------------------------------------------------
# What the params do


def test_param_effects() -> None:
    geo = values("faker.address.raw.Geohash", raw={"precision": 5})
    assert all(re.fullmatch(r"[0-9b-hjkmnp-z]{5}", v) for v in geo)
    assert all(len(v) == 8 for v in values("faker.address.raw.Geohash"))

    pw = values("faker.internet.raw.Password", raw={"length": 16, "special_chars": False})
    assert all(len(v) == 16 and re.fullmatch(r"[A-Za-z0-9]+", v) for v in pw)
    assert all(
        any(c.isdigit() for c in v) and any(c.isupper() for c in v) and any(c.islower() for c in v)
        for v in pw
    )
    digits = values(
        "faker.internet.raw.Password",
        raw={"length": 6, "upper_case": False, "lower_case": False, "special_chars": False},
    )
    assert all(re.fullmatch(r"\d{6}", v) for v in digits)

    assert all(
        len(v.split()) == 4
        for v in values("faker.lorem.raw.Sentence", raw={"words": 4, "variable": False})
    )
    assert all(len(v.split()) == 5 for v in values("faker.lorem.raw.Words", raw={"count": 5}))
    assert all(v.count(".") == 2 for v in values("faker.lorem.raw.Sentences", raw={"count": 2}))
    assert all(
        v.count(".") == 2
        for v in values("faker.lorem.raw.Paragraph", raw={"sentences": 2, "variable": False})
    )
    assert all(
        len(v.split("\n\n")) == 2 for v in values("faker.lorem.raw.Paragraphs", raw={"count": 2})
    )

    bullets = values("faker.markdown.raw.BulletPoints", raw={"count": 4})
    assert all(
        len(v.splitlines()) == 4 and all(x.startswith("- ") for x in v.splitlines())
        for v in bullets
    )
    items = values("faker.markdown.raw.ListItems", raw={"count": 5})
    assert all(
        [x.split(". ")[0] for x in v.splitlines()] == ["1", "2", "3", "4", "5"] for v in items
    )
    quotes = values("faker.markdown.raw.BlockQuoteMultiLine", raw={"count": 4})
    assert all(
        len(v.splitlines()) == 4 and all(x.startswith("> ") for x in v.splitlines()) for v in quotes
    )
    single = values("faker.markdown.raw.BlockQuoteSingleLine", raw={"count": 7})
    assert all(v.startswith("> ") and "\n" not in v for v in single)
    code = values("faker.markdown.raw.Code", raw={"count": 2})
    assert all(
        v.startswith("```\n") and v.endswith("\n```") and len(v.splitlines()) == 4 for v in code
    )
    assert all(re.fullmatch(r"\*\*\w+\*\*", v) for v in values("faker.markdown.raw.BoldWord"))
    assert all(
        re.fullmatch(r"\[\w+\]\(https://\S+\)", v) for v in values("faker.markdown.raw.Link")
    )


def test_boolean_ratio() -> None:
    b = values("faker.boolean.raw.Boolean", raw={"ratio": 30}, rows=np.arange(20_000))
    assert 0.27 < sum(b) / len(b) < 0.33
    assert not any(values("faker.boolean.raw.Boolean", raw={"ratio": 0}))
    assert all(values("faker.boolean.raw.Boolean", raw={"ratio": 100}))


def _dts(out: list[str]) -> list[dt.datetime]:
    return [dt.datetime.fromisoformat(v) for v in out]


@pytest.mark.parametrize("module", ["chrono", "time"])
def test_dates_follow_base_date_never_the_clock(module: str) -> None:
    base = dt.date(2001, 5, 17)
    midnight = dt.datetime(2001, 5, 17)
    between = _dts(values(f"faker.{module}.raw.DateTimeBetween", base_date=base))
    assert all(dt.datetime(1971, 5, 17) <= v <= midnight for v in between)  # default -30y .. now
    assert max(between) > dt.datetime(1995, 1, 1)

    window = {"start": "2021-01-01", "end": "2021-12-31T23:59:59"}
    fixed = _dts(values(f"faker.{module}.raw.DateTimeBetween", raw=window))
    assert all(dt.datetime(2021, 1, 1) <= v <= dt.datetime(2021, 12, 31, 23, 59, 59) for v in fixed)

    rel = _dts(
        values(
            f"faker.{module}.raw.DateTimeBetween",
            raw={"start": "-2w", "end": "+3d12h"},
            base_date=base,
        )
    )
    assert all(
        midnight - dt.timedelta(weeks=2) <= v <= midnight + dt.timedelta(days=3.5) for v in rel
    )

    after = _dts(values(f"faker.{module}.raw.DateTimeAfter", raw={"date": "2020-06-01"}))
    assert all(
        dt.datetime(2020, 6, 1) < v <= dt.datetime(2020, 6, 1) + dt.timedelta(minutes=10**6)
        for v in after
    )
    before = _dts(values(f"faker.{module}.raw.DateTimeBefore", base_date=base))
    assert all(midnight - dt.timedelta(minutes=10**6) <= v < midnight for v in before)

    dates = values(f"faker.{module}.raw.Date", base_date=base)
    assert all(dt.date(1970, 1, 1) <= dt.date.fromisoformat(v) <= base for v in dates)
    assert all(v <= midnight for v in _dts(values(f"faker.{module}.raw.DateTime", base_date=base)))
    assert all(re.fullmatch(r"\d\d:\d\d:\d\d", v) for v in values(f"faker.{module}.raw.Time"))
    assert all(0 <= int(v) <= 31_536_000 for v in values(f"faker.{module}.raw.Duration"))
    # another base_date, other values
    assert values(f"faker.{module}.raw.Date", base_date=dt.date(2010, 1, 1)) != dates


def test_resolve_when() -> None:
    base = dt.date(2024, 3, 31)
    assert resolve_when("now", base) == dt.datetime(2024, 3, 31)
    assert resolve_when("-1M", base) == dt.datetime(2024, 2, 29)
    assert resolve_when("+1y2M3d", base) == dt.datetime(2025, 6, 3)
    assert resolve_when("2020-01-02T03:04:05+03:00", base) == dt.datetime(2020, 1, 2, 0, 4, 5)
    with pytest.raises(ValueError, match="cannot read"):
        resolve_when("yesterday", base)


# ---------------------------------------------------------------------------------------------
# Param and locale errors


@pytest.mark.parametrize(
    ("gen_id", "raw", "where"),
    [
        (
            "faker.internet.raw.Password",
            {"special_chars": False, "digits": False, "upper_case": False, "lower_case": False},
            "at least one",
        ),
        ("faker.internet.raw.Password", {"length": 3}, "below the 4 required"),
        ("faker.internet.raw.Password", {"length": 0}, "/length"),
        ("faker.address.raw.Geohash", {"precision": 0}, "/precision"),
        ("faker.boolean.raw.Boolean", {"ratio": 101}, "/ratio"),
        (
            "faker.chrono.raw.DateTimeBetween",
            {"start": "2022-01-01", "end": "2021-01-01"},
            "is after end",
        ),
        ("faker.time.raw.DateTimeAfter", {"date": "next tuesday"}, "cannot read"),
        ("faker.lorem.raw.Words", {"count": 0}, "/count"),
        ("faker.lorem.raw.Sentence", {"nb_words": 3}, "/nb_words"),
        ("faker.name.raw.Name", {"min_len": 3}, "/min_len"),
    ],
)
def test_bad_params_are_clear(gen_id: str, raw: dict[str, Any], where: str) -> None:
    with pytest.raises(ParamError) as info:
        RAW_GENERATORS[gen_id].parse_params(raw)
    assert where in str(info.value)
    assert gen_id in str(info.value)


def test_between_order_is_checked_against_base_date() -> None:
    # a relative start and an absolute end: only base_date can tell the order
    with pytest.raises(GenerationError) as info:
        values("faker.chrono.raw.DateTimeBetween", raw={"start": "-1d", "end": "2000-01-01"})
    assert info.value.code == "invalid_params"
    assert "base_date 2024-01-01" in info.value.message


def test_unknown_locale_is_an_error_with_the_list() -> None:
    with pytest.raises(GenerationError) as info:
        values("faker.name.raw.FirstName", "xx_YY")
    err = info.value
    assert err.code == "unsupported_locale"
    assert err.hint is not None and "pt_BR" in err.hint and "en_US" in err.hint
    assert "faker.name.raw.FirstName" in (err.path or "")


def test_other_faker_locales_work_and_missing_data_is_named() -> None:
    names = values("faker.name.raw.Name", "de_DE")
    assert len(set(names)) > 150
    assert values("faker.name.raw.Name", "pt-BR") == values("faker.name.raw.Name", "pt_BR")
    with pytest.raises(GenerationError) as info:
        values("faker.address.raw.StateAbbr", "de_DE")
    assert info.value.code == "unsupported_locale"
    assert "state_abbr" in info.value.message


def test_locale_changes_names() -> None:
    for gen_id in ("faker.name.raw.FirstName", "faker.name.raw.Name", "faker.name.raw.LastName"):
        en, pt = set(values(gen_id, "en_US")), set(values(gen_id, "pt_BR"))
        assert len(en & pt) < 20, gen_id
    assert any(re.search("[ãáâéêíóôõúç]", v) for v in values("faker.name.raw.Name", "pt_BR"))
    cells = values("faker.phone_number.raw.CellNumber", "pt_BR")
    assert all(re.search(r"\b9\d{4}-\d{4}$", v) for v in cells)
    assert {v for v in values("faker.name.raw.Suffix", "pt_BR")} <= {
        "Filho",
        "Júnior",
        "Neto",
        "Sobrinho",
    }


# ---------------------------------------------------------------------------------------------
# Validity


def isbn10_ok(s: str) -> bool:
    d = s.replace("-", "")
    total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(d))
    return len(d) == 10 and total % 11 == 0


def isbn13_ok(s: str) -> bool:
    d = [int(c) for c in s.replace("-", "")]
    return len(d) == 13 and sum(x * (3 if i % 2 else 1) for i, x in enumerate(d)) % 10 == 0


def isin_ok(s: str) -> bool:
    digits = "".join(str(int(c, 36)) for c in s)  # the check digit is the last digit
    total = 0
    for i, c in enumerate(reversed(digits)):
        v = int(c) * (2 if i % 2 else 1)
        total += v // 10 + v % 10
    return bool(re.fullmatch(r"[A-Z]{2}[A-Z0-9]{9}\d", s)) and total % 10 == 0


@pytest.mark.parametrize("locale", LOCALES)
def test_check_digits(locale: str) -> None:
    assert all(isbn10_ok(v) for v in values("faker.barcode.raw.Isbn10", locale))
    assert all(isbn13_ok(v) for v in values("faker.barcode.raw.Isbn13", locale))
    assert all(isbn10_ok(v) or isbn13_ok(v) for v in values("faker.barcode.raw.Isbn", locale))
    assert all(isin_ok(v) for v in values("faker.finance.raw.Isin", locale))
    assert (
        isin_ok("US0378331005")
        and checkdigits.isin(np.array([[int(c, 36) for c in "US037833100"]]))[0] == 5
    )


def luhn_ok(s: str) -> bool:
    d = [int(c) for c in s][::-1]
    return (
        sum(x if i % 2 == 0 else (2 * x - 9 if 2 * x > 9 else 2 * x) for i, x in enumerate(d)) % 10
        == 0
    )


def test_other_formats() -> None:
    assert all(luhn_ok(v) for v in values("faker.creditcard.raw.CreditCardNumber"))
    assert all(
        re.fullmatch(r"\d+\.\d+\.\d+(-(alpha|beta|rc)\.\d)?", v)
        for v in values("faker.filesystem.raw.Semver")
    )
    assert all("-" not in v for v in values("faker.filesystem.raw.SemverStable"))
    assert all("-" in v for v in values("faker.filesystem.raw.SemverUnstable"))
    assert all(re.fullmatch(r"[1-5]\d\d", v) for v in values("faker.http.raw.ValidStatusCode"))
    assert all(re.fullmatch(r"\d{3} \S.*", v) for v in values("faker.http.raw.RfcStatusCode"))
    assert all(
        re.fullmatch(r"hsla\(\d+, \d+%, \d+%, [01](\.\d+)?\)", v)
        for v in values("faker.color.raw.HslaColor")
    )
    assert all(
        re.fullmatch(r"rgba\(\d+,\d+,\d+,[01](\.\d+)?\)", v)
        for v in values("faker.color.raw.RgbaColor")
    )
    assert all(
        v.startswith("/") and "." not in v.rsplit("/", 1)[-1]
        for v in values("faker.filesystem.raw.DirPath")
    )
    assert all(
        v.endswith(("@example.com", "@example.org", "@example.net"))
        for v in values("faker.internet.raw.SafeEmail")
    )


# ---------------------------------------------------------------------------------------------
# Determinism beyond one call


def test_faker_global_state_is_untouched() -> None:
    before = (random.getstate(), faker.generator.random.getstate())
    for gen_id in FAKER_IDS:
        values(gen_id, "pt_BR", rows=ROWS[:20])
    assert (random.getstate(), faker.generator.random.getstate()) == before


def test_threads_get_the_same_values() -> None:
    ids = ["faker.name.raw.Name", "faker.address.raw.StreetName", "faker.lorem.raw.Sentence"]
    expected = {i: values(i, "pt_BR", rows=np.arange(3000)) for i in ids}
    got: dict[str, list[Any]] = {}

    def work(i: str) -> None:
        got[i] = values(i, "pt_BR", rows=np.arange(3000))

    threads = [threading.Thread(target=work, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == expected


_SCRIPT = """
import hashlib, json, numpy as np
from datalchemy.generators import all_generators
from datalchemy.generators.base import GenContext
from datalchemy.generators.faker_bridge.provider import FakerProvider
from datalchemy.generators.faker_bridge.raw import FakerRaw
out = hashlib.sha256()
for locale in ("en_US", "pt_BR"):
    c = GenContext.for_column(seed=3, table="s.t", column="c", locale=locale)
    for g in all_generators():
        if not isinstance(g, FakerRaw):
            continue
        gid = g.id
        v = g.generate(c, g.parse_params(None), np.arange(40)).to_pylist()
        out.update(json.dumps([gid, v], ensure_ascii=False).encode())
p = FakerProvider()
v = p.generate(c, p.parse_params({"method": "cpf"}), np.arange(40)).to_pylist()
out.update(json.dumps(v).encode())
print(out.hexdigest())
"""


def test_same_values_in_fresh_processes_with_other_hash_seeds() -> None:
    digests = []
    for hash_seed in ("1", "2024"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, check=True
        )
        digests.append(done.stdout.strip())
    assert digests[0] == digests[1] and len(digests[0]) == 64


# ---------------------------------------------------------------------------------------------
# faker.provider


def provider(raw: dict[str, Any], locale: str = "en_US", rows: Any = ROWS) -> list[Any]:
    p = FakerProvider()
    return p.generate(ctx(locale), p.parse_params(raw), rows).to_pylist()


def test_provider_calls_public_methods_with_args() -> None:
    cpfs = provider({"method": "cpf"}, "pt_BR")
    assert all(re.fullmatch(r"\d{3}\.\d{3}\.\d{3}-\d{2}", v) for v in cpfs)
    assert provider({"method": "cpf"}, "pt_BR", rows=ROWS[7:9]) == cpfs[7:9]
    ints = provider({"method": "pyint", "args": {"min_value": 3, "max_value": 5}})
    assert set(ints) == {"3", "4", "5"}
    assert set(provider({"method": "pybool"})) == {"true", "false"}
    assert all(len(v) == 4 for v in provider({"method": "pystr", "args": {"max_chars": 4}}))
    assert len(set(provider({"method": "license_plate"}))) > 150
    assert all(" " in v for v in provider({"method": "words", "args": {"nb": 2}}))


@pytest.mark.parametrize(
    "method",
    [
        "seed",
        "seed_instance",
        "seed_locale",
        "random",
        "_private",
        "__class__",
        "add_provider",
        "get_providers",
        "format",
        "parse",
        "unique",
        "Faker",
        "",
    ],
)
def test_provider_refuses_internals(method: str) -> None:
    with pytest.raises(ParamError):
        FakerProvider().parse_params({"method": method})


def test_provider_errors() -> None:
    with pytest.raises(GenerationError) as info:
        provider({"method": "cpf"}, "en_US")  # pt_BR only
    assert info.value.code == "unsupported_locale"
    with pytest.raises(GenerationError) as info:
        provider({"method": "no_such_method"})
    assert info.value.code == "unsupported_locale"
    with pytest.raises(GenerationError) as info:
        provider({"method": "pyint", "args": {"bogus": 1}})
    assert info.value.code == "invalid_params" and "bogus" in info.value.message
    with pytest.raises(ParamError):
        FakerProvider().parse_params({"method": "pyint", "extra": 1})


@pytest.mark.parametrize("method", ["date_of_birth", "date_this_year", "past_date", "iso8601"])
def test_provider_refuses_methods_that_read_the_clock(method: str) -> None:
    with pytest.raises(GenerationError) as info:
        provider({"method": method})
    assert info.value.code == "nondeterministic_faker_method"
    assert "clock" in info.value.message


def test_provider_refuses_methods_that_use_the_global_random() -> None:
    with pytest.raises(GenerationError) as info:
        provider({"method": "nie"}, "es_ES")  # Faker's es_ES nie() calls random.randrange
    assert info.value.code == "nondeterministic_faker_method"


def test_values_are_json_safe_text() -> None:
    out = provider({"method": "pydict", "args": {"nb_elements": 2, "value_types": ["str", "int"]}})
    assert all(isinstance(json.loads(v), dict) for v in out)
