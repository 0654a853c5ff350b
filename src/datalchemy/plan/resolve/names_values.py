"""Name rules for numbers, booleans, dates and timestamps: :data:`VALUE_RULES`, best first.

:mod:`.heuristics` tries them after the text rules (the type families do not overlap).

Example:
    >>> any("nascimento" in r.tokens for r in VALUE_RULES)
    True
"""

from __future__ import annotations

from datalchemy.contracts.schema import TypeFamily
from datalchemy.plan.resolve.names import BOOLS, INTS, NUMS, TEMPORAL, NameRule, has_words, rule
from datalchemy.plan.resolve.ranges import (
    days_from,
    decimal_params,
    int_range,
    temporal_range,
    years_from,
)

__all__ = ["VALUE_RULES"]

_T = TypeFamily

#: Words that make a number an amount of money.
_MONEY = (
    "valor valores preco precos price amount total subtotal custo cost salario salary receita "
    "revenue faturamento tarifa fee diaria mensalidade saldo balance multa fine juros frete "
    "shipping orcamento budget pagamento payment"
)

VALUE_RULES: tuple[NameRule, ...] = (
    # --- integers --------------------------------------------------------------------------------
    rule(INTS, "idade age", lambda i: int_range(i, 18, 90), 0.8, "an age in years"),
    rule(
        INTS,
        "ano year",
        lambda i: int_range(i, i.base_date.year - 30, i.base_date.year),
        0.8,
        "a year",
    ),
    rule(
        INTS,
        "quantidade qtd qtde qty quantity quant count",
        lambda i: int_range(i, 1, 20),
        0.8,
        "a quantity",
    ),
    rule(INTS, "prioridade priority", lambda i: int_range(i, 1, 5), 0.85, "a priority (1-5)"),
    rule(
        INTS,
        "ordem order posicao position sequencia seq rank indice index",
        lambda i: int_range(i, 1, 100),
        0.7,
        "a position",
    ),
    rule(
        INTS | {_T.DECIMAL, _T.FLOAT},
        "parcelas installments",
        ("domain.finance.installments", {}),
        0.85,
        "installments",
    ),
    rule(INTS, "nota rating estrelas stars", lambda i: int_range(i, 1, 5), 0.75, "a rating"),
    rule(INTS, "score pontuacao pontos points", lambda i: int_range(i, 0, 100), 0.75, "a score"),
    rule(
        INTS,
        "km quilometragem mileage odometro odometer",
        lambda i: int_range(i, 0, 200_000),
        0.8,
        "a mileage in km",
    ),
    rule(
        INTS,
        "duracao duration minutos minutes",
        lambda i: int_range(i, 15, 240),
        0.7,
        "a duration in minutes",
    ),
    rule(INTS, "dias days prazo", lambda i: int_range(i, 1, 90), 0.6, "a number of days"),
    rule(
        INTS,
        "ativo ativa active enabled habilitado visivel visible",
        ("primitive.choice.weighted", {"values": [1, 0], "weights": [85, 15]}),
        0.7,
        "a 0/1 flag, mostly on",
    ),
    rule(
        INTS,
        "inativo excluido deleted removido bloqueado blocked",
        ("primitive.choice.weighted", {"values": [0, 1], "weights": [90, 10]}),
        0.7,
        "a 0/1 flag, mostly off",
    ),
    rule(
        INTS,
        "estoque stock inventory",
        lambda i: int_range(i, 0, 1000),
        0.7,
        "a stock count",
    ),
    rule(
        INTS,
        "desconto discount percentual percent porcentagem pct taxa rate probabilidade probability",
        lambda i: int_range(i, 0, 100),
        0.6,
        "a percentage",
    ),
    rule(
        INTS,
        "valor preco price amount total custo cost salario salary",
        lambda i: int_range(i, 10, 10_000),
        0.5,
        "an amount",
    ),
    rule(INTS, "numero number num nr", lambda i: int_range(i, 1, 99_999), 0.5, "a number"),
    # --- decimals and floats ----------------------------------------------------------------------
    rule(
        NUMS,
        "estimado deal",
        lambda i: ("domain.crm.deal_value", {"min": 1000.0, "max": 75000.0}),
        0.8,
        "an estimated deal value",
        when=lambda i: (
            has_words(i, _MONEY) and (i.column.precision or 12) - (i.column.scale or 0) >= 5
        ),
    ),
    rule(
        NUMS,
        "desconto discount",
        lambda i: ("primitive.decimal.numeric", decimal_params(i, 0, 30)),
        0.75,
        "a discount",
    ),
    rule(
        NUMS,
        "percentual percent porcentagem pct taxa rate probabilidade probability aliquota",
        lambda i: ("primitive.decimal.numeric", decimal_params(i, 0, 100)),
        0.7,
        "a percentage",
    ),
    rule(
        NUMS,
        _MONEY,
        lambda i: ("primitive.decimal.numeric", decimal_params(i, 10, 5000)),
        0.8,
        "an amount of money",
    ),
    rule(
        NUMS,
        "quantidade qtd qtde qty quantity",
        lambda i: ("primitive.decimal.numeric", decimal_params(i, 1, 100)),
        0.6,
        "a quantity",
    ),
    rule(NUMS, "peso weight", ("domain.logistics.weight_kg", {}), 0.7, "a weight in kg"),
    rule(
        NUMS,
        "latitude lat",
        lambda i: (
            ("primitive.decimal.numeric", decimal_params(i, -33.75, 5.27, 6))
            if i.pt
            else ("primitive.decimal.numeric", decimal_params(i, -90, 90, 6))
        ),
        0.8,
        "a latitude",
    ),
    rule(
        NUMS,
        "longitude lng lon",
        lambda i: (
            ("primitive.decimal.numeric", decimal_params(i, -73.99, -34.79, 6))
            if i.pt
            else ("primitive.decimal.numeric", decimal_params(i, -180, 180, 6))
        ),
        0.8,
        "a longitude",
    ),
    rule(
        NUMS,
        "nota rating",
        lambda i: ("primitive.decimal.numeric", decimal_params(i, 0, 10, 1)),
        0.6,
        "a rating",
    ),
    rule(
        NUMS,
        "km quilometragem mileage",
        lambda i: ("primitive.decimal.numeric", decimal_params(i, 0, 200_000, 1)),
        0.7,
        "a mileage",
    ),
    # --- booleans --------------------------------------------------------------------------------
    rule(
        BOOLS,
        "ativo ativa active enabled habilitado visivel visible publicado published verificado "
        "verified confirmado aprovado approved",
        ("primitive.bool", {"p_true": 0.85}),
        0.8,
        "a flag that is mostly true",
    ),
    rule(
        BOOLS,
        "inativo excluido deleted removido bloqueado blocked cancelado canceled arquivado archived",
        ("primitive.bool", {"p_true": 0.1}),
        0.8,
        "a flag that is mostly false",
    ),
    # --- dates and timestamps ---------------------------------------------------------------------
    rule(
        TEMPORAL,
        "nascimento birth birthday dob nasc aniversario birthdate",
        lambda i: temporal_range(i, years_from(i.base_date, -80), years_from(i.base_date, -18)),
        0.9,
        "a birth date: 18 to 80 years before base_date",
    ),
    rule(
        TEMPORAL,
        "vencimento validade due expira expiracao expires expiry expiration limite deadline "
        "prazo previsao prevista previsto agendado agendada scheduled entrega delivery",
        lambda i: temporal_range(i, days_from(i.base_date, -90), days_from(i.base_date, 365)),
        0.65,
        "a due date: around base_date, mostly ahead",
    ),
    rule(
        TEMPORAL,
        "atualizado atualizacao updated modificado modified alterado alteracao changed",
        lambda i: temporal_range(i, years_from(i.base_date, -1), i.base_date),
        0.7,
        "an update time in the year before base_date",
    ),
    rule(
        TEMPORAL,
        "criado criada criacao created cadastro cadastrado registro registrado inclusao incluido "
        "inserted emissao issued abertura opened inicio start started admissao hired contratacao "
        "data date dt em at on pagamento paid alocacao",
        lambda i: temporal_range(i, years_from(i.base_date, -3), i.base_date),
        0.6,
        "a past date: up to 3 years before base_date",
    ),
    rule(
        frozenset({_T.TIME}),
        "hora horario time inicio fim start end",
        ("primitive.time", {"min": "08:00:00", "max": "18:00:00"}),
        0.6,
        "a time in business hours",
    ),
)
