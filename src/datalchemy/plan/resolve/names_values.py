"""Name rules for whole numbers that are not amounts, flags, booleans, dates and timestamps:
:data:`VALUE_RULES`, best first (the amounts, counts and measures are in :mod:`.names_numbers`).

:mod:`.heuristics` tries them after the text rules (the type families do not overlap). Flags
lean the way real flags do (most customers active, few products discontinued); dates fall in a
window that fits what they mark (births 18 to 80 years back, due dates around today).

Example:
    >>> any("nascimento" in r.tokens for r in VALUE_RULES)
    True
"""

from __future__ import annotations

from datalchemy.contracts.schema import TypeFamily
from datalchemy.plan.resolve.names import (
    BOOLS,
    INTS,
    TEMPORAL,
    HeuristicInput,
    NameRule,
    Params,
    rule,
)
from datalchemy.plan.resolve.names_numbers import NUMBER_RULES, weighted
from datalchemy.plan.resolve.ranges import days_from, int_range, temporal_range, years_from

__all__ = ["VALUE_RULES"]

_T = TypeFamily

_ON = (
    "ativo ativa active enabled habilitado habilitada visivel visible publicado published "
    "verificado verified confirmado confirmed aprovado approved disponivel available"
)
_OFF = (
    "inativo excluido deleted removido bloqueado blocked cancelado canceled cancelled arquivado "
    "archived discontinued descontinuado inadimplente suspenso suspended banido banned"
)
_RARE = "admin administrador superuser staff vip destaque featured premium isento exempt"


def _flag(on: float) -> tuple[str, Params]:
    return weighted([1, 0], [round(on * 100), round((1 - on) * 100)])


def _year(info: HeuristicInput) -> tuple[str, Params]:
    top = info.base_date.year
    if {"fabricacao", "modelo", "model", "manufacture"} & set(info.tokens):
        return int_range(info, top - 15, top + 1)
    if {"release", "lancamento", "publicacao", "published", "publication"} & set(info.tokens):
        return int_range(info, top - 40, top)
    return int_range(info, top - 30, top)


def _birth(i: HeuristicInput) -> tuple[str, Params]:
    return temporal_range(i, years_from(i.base_date, -80), years_from(i.base_date, -18))


def _recent(i: HeuristicInput) -> tuple[str, Params]:
    return temporal_range(i, days_from(i.base_date, -90), i.base_date)


VALUE_RULES: tuple[NameRule, ...] = (
    *NUMBER_RULES,
    # --- whole numbers that name or order things -------------------------------------------------
    rule(INTS | {_T.DECIMAL}, "ano year anos years ano_fabricacao ano_modelo release_year",
         _year, 0.8, "a year (recent)",
         when=lambda i: "years" not in i.tokens or len(i.tokens) > 1),
    rule(INTS, "mes month", lambda i: int_range(i, 1, 12), 0.75, "a month (1-12)"),
    rule(INTS, "dia day", lambda i: int_range(i, 1, 28), 0.6, "a day of the month",
         when=lambda i: i.compact in {"dia", "day", "diavencimento", "dueday"}),
    rule(INTS, "trimestre quarter", lambda i: int_range(i, 1, 4), 0.75, "a quarter (1-4)"),
    rule(INTS, "semana week", lambda i: int_range(i, 1, 52), 0.7, "a week of the year"),
    rule(INTS, "hora hour", lambda i: int_range(i, 0, 23), 0.7, "an hour of the day"),
    rule(INTS, "prioridade priority", weighted([1, 2, 3, 4, 5], [8, 22, 40, 20, 10]), 0.85,
         "a priority (1-5), mostly 3"),
    rule(INTS, "nivel level tier", weighted([1, 2, 3, 4, 5], [40, 28, 18, 9, 5]), 0.7,
         "a level, mostly low"),
    rule(INTS, "versao version revisao revision", ("primitive.zipf", {"n": 20, "s": 1.3}), 0.75,
         "a version number, mostly 1"),
    rule(INTS, "ordem order posicao position sequencia seq rank indice index sort sort_order "
         "ordenacao", lambda i: int_range(i, 1, 100), 0.7, "a position"),
    rule(INTS, "numero number num nr", lambda i: int_range(i, 1, 99_999), 0.5, "a number"),
    # --- 0/1 flags in integer columns ------------------------------------------------------------
    rule(INTS, _ON, _flag(0.85), 0.75, "a 0/1 flag, mostly on"),
    rule(INTS, _OFF, _flag(0.08), 0.75, "a 0/1 flag, mostly off"),
    rule(INTS, _RARE, _flag(0.05), 0.7, "a 0/1 flag, rarely on"),
    rule(INTS, "flag fl is has possui tem", _flag(0.3), 0.5, "a 0/1 flag",
         when=lambda i: i.tokens[0] in {"flag", "fl", "is", "has", "possui", "tem"}),
    # --- booleans --------------------------------------------------------------------------------
    rule(BOOLS, _ON, ("primitive.bool", {"p_true": 0.85}), 0.8, "a flag that is mostly true"),
    rule(BOOLS, _OFF, ("primitive.bool", {"p_true": 0.08}), 0.8, "a flag that is mostly false"),
    rule(BOOLS, _RARE, ("primitive.bool", {"p_true": 0.05}), 0.75, "a flag that is rarely true"),
    rule(BOOLS, "pago paid entregue delivered lido read concluido completed done finalizado "
         "resolvido resolved", ("primitive.bool", {"p_true": 0.7}), 0.7,
         "a flag that is usually true"),
    rule(BOOLS, "newsletter optin opt_in marketing aceita_email consent consentimento",
         ("primitive.bool", {"p_true": 0.35}), 0.7, "an opt-in, mostly not given"),
    # --- dates and timestamps --------------------------------------------------------------------
    rule(TEMPORAL, "nascimento birth birthday dob nasc aniversario birthdate", _birth, 0.9,
         "a birth date: 18 to 80 years before base_date"),
    rule(TEMPORAL, "vencimento validade due expira expiracao expires expiry expiration limite "
         "deadline prazo previsao prevista previsto agendado agendada scheduled entrega delivery",
         lambda i: temporal_range(i, days_from(i.base_date, -90), days_from(i.base_date, 365)),
         0.65, "a due date: around base_date, mostly ahead"),
    rule(TEMPORAL, "ultimo_acesso ultimoacesso last_login lastlogin last_seen lastseen "
         "ultimo_login last_access", _recent, 0.75,
         "a recent login: in the 90 days before base_date"),
    rule(TEMPORAL, "atualizado atualizacao updated modificado modified alterado alteracao changed "
         "update", lambda i: temporal_range(i, years_from(i.base_date, -1), i.base_date), 0.7,
         "an update time in the year before base_date"),
    rule(TEMPORAL, "admissao contratacao hire hired hiring ingresso",
         lambda i: temporal_range(i, years_from(i.base_date, -15), i.base_date), 0.7,
         "a hire date in the 15 years before base_date"),
    rule(TEMPORAL, "criado criada criacao created create cadastro cadastrado registro registrado "
         "inclusao incluido inserted emissao issued abertura opened inicio start started data "
         "date dt em at on pagamento paid alocacao pedido order",
         lambda i: temporal_range(i, years_from(i.base_date, -3), i.base_date), 0.6,
         "a past date: up to 3 years before base_date"),
    rule(frozenset({_T.TIME}), "hora horario time inicio fim start end",
         ("primitive.time", {"min": "08:00:00", "max": "18:00:00"}), 0.6,
         "a time in business hours"),
)  # fmt: skip
