"""domain.*: every ID, the CRM fixture's enums, check digits verified by independent
implementations (Luhn, boleto, S10 tracking codes, agency and account), determinism, uniqueness
by construction and param errors.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators import all_generators, registry
from datalchemy.generators.base import GenContext, Generator, ParamError
from datalchemy.generators.domain.boleto import boleto_due_factor
from datalchemy.generators.domain.labels import LabelPick

ROWS = np.arange(20_000, dtype=np.int64)

ORIGINAL_IDS = {
    "domain.crm.lead_stage",
    "domain.crm.activity_type",
    "domain.crm.deal_value",
    "domain.crm.pipeline_name",
    "domain.finance.transaction_type",
    "domain.finance.payment_method",
    "domain.finance.invoice_status",
    "domain.finance.installments",
    "domain.logistics.tracking_code",
    "domain.logistics.shipment_status",
    "domain.logistics.carrier",
    "domain.logistics.dimensions_cm",
}
PLANNED_IDS = {"domain.crm.task_status", "domain.finance.category", "domain.logistics.weight_kg"}
NEW_IDS = {
    "domain.crm.lead_source",
    "domain.crm.job_title",
    "domain.crm.pipeline_stage",
    "domain.finance.bank_code",
    "domain.finance.agency",
    "domain.finance.account",
    "domain.finance.card_number",
    "domain.finance.boleto_line",
}

GENERATORS: dict[str, Generator[Any]] = {
    g.id: g for g in all_generators() if g.id.startswith("domain.")
}

ARROW_TYPES = {
    TypeFamily.TEXT: pa.string(),
    TypeFamily.INTEGER: pa.int64(),
}


def ctx(seed: int = 7, column: str = "c", **kw: Any) -> GenContext:
    return GenContext.for_column(seed=seed, table="crm.t", column=column, **kw)


def values(gid: str, raw: dict[str, Any] | None = None, rows: Any = ROWS, **kw: Any) -> list[Any]:
    g = GENERATORS[gid]
    return g.generate(ctx(**kw), g.parse_params(raw), rows).to_pylist()  # type: ignore[no-any-return]


def test_every_id_is_defined() -> None:
    assert set(GENERATORS) == ORIGINAL_IDS | PLANNED_IDS | NEW_IDS


def test_ids_are_registered() -> None:
    for gid in GENERATORS:
        assert registry.get_generator(gid).id == gid


@pytest.mark.parametrize("gid", sorted(GENERATORS))
def test_generates_determinstic_typed_values(gid: str) -> None:
    g = GENERATORS[gid]
    p = g.parse_params(None)
    rows = np.arange(10, dtype=np.int64)
    out = g.generate(ctx(), p, rows)
    assert len(out) == 10
    assert out.null_count == 0
    if g.output in ARROW_TYPES:
        assert out.type == ARROW_TYPES[g.output]
    elif g.output == TypeFamily.DECIMAL:
        assert pa.types.is_decimal128(out.type) and out.type.precision == 38
    # same key, same values; a row's value does not depend on the other rows
    assert g.generate(ctx(), p, rows).to_pylist() == out.to_pylist()
    sub = g.generate(ctx(), p, np.array([5, 6], dtype=np.int64)).to_pylist()
    assert sub == out.to_pylist()[5:7]
    # another column key gives another stream
    many = np.arange(200, dtype=np.int64)
    assert (
        g.generate(ctx(column="a"), p, many).to_pylist()
        != g.generate(ctx(column="b"), p, many).to_pylist()
    )


#: Generators without a unique construction (a boleto line encodes an amount and a due date).
NO_UNIQUE = {"domain.finance.boleto_line"}


def test_only_the_listed_generators_lack_a_value_space() -> None:
    lacking = {
        gid for gid, g in GENERATORS.items() if g.value_space(ctx(), g.parse_params(None)) is None
    }
    assert lacking == NO_UNIQUE


@pytest.mark.parametrize("gid", sorted(set(GENERATORS) - NO_UNIQUE))
def test_from_index_is_injective(gid: str) -> None:
    g = GENERATORS[gid]
    p = g.parse_params(None)
    space = g.value_space(ctx(), p)
    assert space is not None
    rng = np.random.default_rng(1)
    k = min(space, 50_000)
    idx = rng.choice(space, size=k, replace=False) if space < 10**12 else None
    if idx is None:
        idx = np.unique(rng.integers(0, space, size=k, dtype=np.uint64))
    out = g.from_index(ctx(), p, np.asarray(idx, dtype=np.uint64)).to_pylist()
    assert len(set(out)) == len(out)
    # the whole space for small ones, including the last index
    last = g.from_index(ctx(), p, np.array([space - 1], dtype=np.uint64))
    assert len(last) == 1 and last.null_count == 0


# ---- CRM fixture agreement ------------------------------------------------------------------


def _fixture(name: str) -> str:
    base = resources.files("datalchemy") / "fixtures" / "sql" / "postgres" / "crm"
    return (base / name).read_text(encoding="utf-8")


def _enum(name: str) -> set[str]:
    m = re.search(rf"create type crm\.{name} as enum \(([^)]*)\)", _fixture("000_schema.sql"))
    assert m, name
    return set(re.findall(r"'([^']*)'", m.group(1)))


@pytest.mark.parametrize(
    ("gid", "enum"),
    [
        ("domain.crm.lead_stage", "status_lead"),
        ("domain.finance.invoice_status", "status_fatura"),
        ("domain.crm.task_status", "status_tarefa"),
    ],
)
def test_labels_match_crm_enums(gid: str, enum: str) -> None:
    g = GENERATORS[gid]
    assert isinstance(g, LabelPick)
    assert set(g.labels) == _enum(enum)
    assert set(values(gid)) == _enum(enum)
    assert TypeFamily.ENUM in g.fits


def test_activity_type_matches_check() -> None:
    sql = _fixture("table_017_atividades.sql")
    m = re.search(r"atividades_tipo_chk check \(tipo in \(([^)]*)\)\)", sql)
    assert m
    allowed = set(re.findall(r"'([^']*)'", m.group(1)))
    assert set(values("domain.crm.activity_type")) == allowed


def test_original_value_lists_are_kept() -> None:
    expected = {
        "domain.crm.pipeline_name": {"Prospeccao", "Qualificacao", "Fechamento"},
        "domain.finance.transaction_type": {"debito", "credito", "pix"},
        "domain.finance.payment_method": {
            "cartao_credito",
            "cartao_debito",
            "pix",
            "boleto",
            "transferencia",
        },
        "domain.logistics.shipment_status": {"criado", "em_transito", "entregue", "cancelado"},
        "domain.logistics.carrier": {"correios", "jadlog", "total_express", "azul_cargo"},
    }
    for gid, labels in expected.items():
        assert set(values(gid)) == labels, gid


def test_weights_and_uniform() -> None:
    weighted = values("domain.finance.invoice_status")
    assert weighted.count("paga") / len(weighted) == pytest.approx(0.70, abs=0.02)
    uniform = values("domain.finance.invoice_status", {"uniform": True})
    assert uniform.count("paga") / len(uniform) == pytest.approx(1 / 3, abs=0.02)


def test_lead_source_and_job_title() -> None:
    sources = values("domain.crm.lead_source")
    assert {"Site", "Indicação"} <= set(sources)
    folded = values("domain.crm.lead_source", {"ascii": True})
    assert "Indicacao" in folded and all(s.isascii() for s in folded)
    titles = GENERATORS["domain.crm.job_title"]
    assert isinstance(titles, LabelPick)
    assert len(set(titles.labels)) == len(titles.labels) >= 60
    assert titles.value_space(ctx(), titles.parse_params(None)) == len(titles.labels)


def test_pipeline_stage_probability() -> None:
    names = values("domain.crm.pipeline_stage")
    assert "Proposta" in names
    probs = values("domain.crm.pipeline_stage", {"output": "probability"})
    assert set(probs) <= {Decimal(p) for p in (0, 10, 20, 30, 40, 50, 70, 90, 100)}
    assert all(Decimal(0) <= p <= Decimal(100) for p in probs)


def test_bank_codes() -> None:
    codes = values("domain.finance.bank_code")
    assert {"001", "033", "104", "237", "341", "260", "077"} <= set(codes)
    assert all(re.fullmatch(r"\d{3}", c) for c in codes)
    g = GENERATORS["domain.finance.bank_code"]
    named = g.from_index(
        ctx(), g.parse_params({"output": "code_name"}), np.arange(5, dtype=np.uint64)
    )
    assert named.to_pylist()[:3] == [
        "001 - Banco do Brasil",
        "033 - Santander",
        "104 - Caixa Econômica Federal",
    ]
    assert "341 - Itaú Unibanco" in values("domain.finance.bank_code", {"output": "code_name"})
    assert "Itau Unibanco" in values("domain.finance.bank_code", {"output": "name", "ascii": True})


# ---- check digits (independent implementations) ---------------------------------------------


def luhn_ok(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def test_luhn_reference() -> None:
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")


@pytest.mark.parametrize(
    ("brand", "pattern"),
    [
        ("visa", r"4\d{15}"),
        ("mastercard", r"(5[1-5]\d{14}|2(22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)\d{12})"),
        ("elo", r"(50|62|63|65)\d{14}"),
        ("amex", r"3[47]\d{13}"),
        ("any", r"\d{15,16}"),
    ],
)
def test_card_numbers(brand: str, pattern: str) -> None:
    out = values("domain.finance.card_number", {"brand": brand})
    assert all(re.fullmatch(pattern, c) and luhn_ok(c) for c in out)
    g = GENERATORS["domain.finance.card_number"]
    p = g.parse_params({"brand": brand})
    space = g.value_space(ctx(), p)
    assert space is not None
    idx = np.unique(np.random.default_rng(3).integers(0, space, 100_000, dtype=np.uint64))
    idx = np.concatenate([idx, np.array([0, space - 1], dtype=np.uint64)])
    unique = g.from_index(ctx(), p, np.unique(idx)).to_pylist()
    assert len(set(unique)) == len(unique)
    assert all(re.fullmatch(pattern, c) and luhn_ok(c) for c in unique)


def test_card_brand_mix() -> None:
    out = values("domain.finance.card_number")
    amex = sum(len(c) == 15 for c in out) / len(out)
    visa = sum(c[0] == "4" for c in out) / len(out)
    assert amex == pytest.approx(0.05, abs=0.01)
    assert visa == pytest.approx(0.35, abs=0.02)


def s10_digit(serial: str) -> int:
    total = sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    r = total % 11
    return 5 if r == 0 else 0 if r == 1 else 11 - r


def test_tracking_codes() -> None:
    assert s10_digit("12472045") == 5  # JT124720455BR
    g = GENERATORS["domain.logistics.tracking_code"]
    p = g.parse_params(None)
    idx = np.random.default_rng(5).choice(g.value_space(ctx(), p) or 0, 50_000, replace=False)
    for codes in (values(g.id), g.from_index(ctx(), p, idx.astype(np.uint64)).to_pylist()):
        for code in codes:
            assert re.fullmatch(r"[A-Z]{2}\d{9}BR", code)
            assert int(code[10]) == s10_digit(code[2:10])
    assert len(set(g.from_index(ctx(), p, idx.astype(np.uint64)).to_pylist())) == len(idx)


def mod11_agency(body: str) -> str:
    dv = 11 - sum(int(d) * w for d, w in zip(body, (5, 4, 3, 2), strict=True)) % 11
    return "X" if dv == 10 else "0" if dv == 11 else str(dv)


def mod11_account(body: str) -> int:
    total = sum(int(d) * (2 + i % 8) for i, d in enumerate(reversed(body)))
    dv = 11 - total % 11
    return 0 if dv >= 10 else dv


def test_agency_check_digit() -> None:
    out = values("domain.finance.agency")
    assert any(a.endswith("X") for a in out)
    for a in out:
        m = re.fullmatch(r"(\d{4})-([0-9X])", a)
        assert m and m.group(1) != "0000" and m.group(2) == mod11_agency(m.group(1))
    raw = values("domain.finance.agency", {"formatted": False})
    assert all(re.fullmatch(r"\d{4}[0-9X]", a) for a in raw)


@pytest.mark.parametrize("digits", [5, 8, 12])
def test_account_check_digit(digits: int) -> None:
    for acc in values("domain.finance.account", {"digits": digits}):
        m = re.fullmatch(rf"(\d{{{digits}}})-(\d)", acc)
        assert m and int(m.group(2)) == mod11_account(m.group(1))
    raw = values("domain.finance.account", {"digits": digits, "formatted": False})
    assert all(len(a) == digits + 1 and int(a[-1]) == mod11_account(a[:-1]) for a in raw)


def mod10_field(digits: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        p = int(ch) * (2 if i % 2 == 0 else 1)
        total += p // 10 + p % 10
    return (10 - total % 10) % 10


def mod11_barcode(digits43: str) -> int:
    total = sum(int(d) * (2 + i % 8) for i, d in enumerate(reversed(digits43)))
    dv = 11 - total % 11
    return 1 if dv in (0, 10, 11) else dv


def parse_boleto(line: str) -> tuple[str, int, int, int]:
    """(bank, factor, amount in cents, general digit) after checking every check digit."""
    assert re.fullmatch(r"\d{47}", line)
    f1, d1 = line[0:9], int(line[9])
    f2, d2 = line[10:20], int(line[20])
    f3, d3 = line[21:31], int(line[31])
    general, tail = int(line[32]), line[33:47]
    assert mod10_field(f1) == d1 and mod10_field(f2) == d2 and mod10_field(f3) == d3
    barcode = f1[0:4] + str(general) + tail + f1[4:9] + f2 + f3
    assert len(barcode) == 44
    assert mod11_barcode(barcode[:4] + barcode[5:]) == general
    assert f1[3] == "9"  # currency: real
    return f1[0:3], int(tail[0:4]), int(tail[4:]), general


def test_boleto_lines() -> None:
    base = date(2024, 1, 1)
    factor0 = (base - date(1997, 10, 7)).days
    seen_banks = set()
    for line in values("domain.finance.boleto_line"):
        bank, factor, cents, _ = parse_boleto(line)
        seen_banks.add(bank)
        assert factor0 <= factor <= factor0 + 30
        assert 1000 <= cents <= 500_000
    assert {"001", "104", "237", "341"} <= seen_banks


def test_boleto_params_and_2025_factor_restart() -> None:
    p = {"bank_code": "341", "min_amount": 99.9, "max_amount": 99.9, "min_due_days": 0}
    out = values("domain.finance.boleto_line", p | {"max_due_days": 0}, base_date=date(2025, 2, 22))
    for line in out:
        bank, factor, cents, _ = parse_boleto(line)
        assert (bank, factor, cents) == ("341", 1000, 9990)
    fmt = values("domain.finance.boleto_line", {"formatted": True})
    assert all(re.fullmatch(r"\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}", x) for x in fmt)
    assert boleto_due_factor([9999, 10000, 18999, 19000]).tolist() == [
        9999,
        1000,
        9999,
        1000,
    ]


def test_boleto_param_errors() -> None:
    g = GENERATORS["domain.finance.boleto_line"]
    for bad in ({"bank_code": "34"}, {"min_amount": 10, "max_amount": 5}, {"nope": 1}):
        with pytest.raises(ParamError):
            g.parse_params(bad)


# ---- quantities -----------------------------------------------------------------------------


def test_installments() -> None:
    out = values("domain.finance.installments")
    assert set(out) <= set(range(1, 13)) and out.count(1) > out.count(7)
    assert set(values("domain.finance.installments", {"min": 2, "max": 4})) == {2, 3, 4}
    assert set(values("domain.finance.installments", {"uniform": True})) == set(range(1, 13))
    with pytest.raises(ParamError):
        GENERATORS["domain.finance.installments"].parse_params({"min": 5, "max": 2})


def test_deal_value() -> None:
    out = values("domain.crm.deal_value")
    assert all(Decimal(1000) <= v <= Decimal(75000) and v.as_tuple().exponent == -2 for v in out)
    assert set(values("domain.crm.deal_value", {"min": 10.5, "max": 10.5})) == {Decimal("10.50")}
    with pytest.raises(ParamError):
        GENERATORS["domain.crm.deal_value"].parse_params({"min": 10.001, "max": 10.009})


def test_weight_kg() -> None:
    out = values("domain.logistics.weight_kg")
    assert all(Decimal("0.1") <= v <= Decimal(30) for v in out)
    assert sum(v < 3 for v in out) > sum(v >= 3 for v in out)  # light parcels dominate
    one = values("domain.logistics.weight_kg", {"min": 1, "max": 2, "scale": 1})
    assert set(one) <= {Decimal(f"{x / 10:.1f}") for x in range(10, 21)}
    with pytest.raises(ParamError):
        GENERATORS["domain.logistics.weight_kg"].parse_params({"min": 3, "max": 1})


def test_dimensions() -> None:
    for d in values("domain.logistics.dimensions_cm"):
        length, width, height = map(int, d.split("x"))
        assert 10 <= length <= 100 and 10 <= width <= 100 and 5 <= height <= 80
    g = GENERATORS["domain.logistics.dimensions_cm"]
    space = g.value_space(ctx(), g.parse_params(None))
    assert space == 91 * 91 * 76
    everything = g.from_index(ctx(), g.parse_params(None), np.arange(space, dtype=np.uint64))
    assert len(set(everything.to_pylist())) == space


def test_carrier_names() -> None:
    names = set(values("domain.logistics.carrier", {"output": "name"}))
    assert names == {"Correios", "Jadlog", "Total Express", "Azul Cargo Express"}


def test_unknown_params_are_errors() -> None:
    for g in GENERATORS.values():
        with pytest.raises(ParamError):
            g.parse_params({"definitely_not_a_param": 1})
