"""Dates of a row ordered by what they mean, without a CHECK to say so.

An order ships after it is placed and arrives after it ships; a rental comes back after it goes
out; a project ends after it starts; a record is updated after it is created; an employee is
hired long after being born; an invoice falls due and is paid after it is issued. :func:`roles`
names the role of each date or timestamp column from its name (``data_envio``, ``shipped_date``,
``shippedAt``), and :func:`meaning_orders` picks, for every later column whose value is a
default suggestion, the earlier column it follows and a realistic gap: ``derive.gap_after``
(never past the base date, so nothing is shipped tomorrow).

Resolution calls :func:`meaning_orders` once per table, after the CHECK orderings (see
:mod:`.links`); a column ordered by a CHECK, given a rule, a foreign key or a unique key is left
alone, and no column ever reads one that (transitively) reads it.

Example:
    >>> roles(["id", "data_pedido", "data_envio", "data_entrega", "observacoes"])
    {'data_pedido': 'order', 'data_envio': 'shipped', 'data_entrega': 'delivered'}
    >>> [(o.later, o.earlier, o.params["max_days"]) for o in
    ...  plan_meaning(["order_date", "required_date", "shipped_date"], lambda c: True)]
    [('required_date', 'order_date', 30.0), ('shipped_date', 'order_date', 5.0)]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from datalchemy.plan.resolve.names import Params, name_tokens, words

__all__ = ["MeaningOrder", "plan_meaning", "roles"]

#: Role -> words of a column name that give it (first match wins, in this order).
_ROLES: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (role, frozenset(text.split()))
    for role, text in (
        ("birth", "nascimento birth birthday dob nasc birthdate"),
        ("hire", "admissao contratacao hire hired hiring ingresso"),
        ("updated", "atualizado atualizada atualizacao updated update modificado modified "
                    "alterado alteracao changed edited editado"),
        ("required", "required requerida prevista previsto previsao prazo expected estimated "
                     "limite"),
        ("shipped", "envio enviado enviada shipped ship shipping despacho despachado expedicao "
                    "expedido dispatched sent"),
        ("delivered", "entrega entregue delivered delivery recebimento recebido received "
                      "arrival chegada"),
        ("returned", "devolucao devolvido devolvida retorno return returned"),
        ("rental", "locacao aluguel rental rented retirada emprestimo loan checkout"),
        ("due", "vencimento due expira expiracao expires expiry"),
        ("paid", "pagamento pago paga paid payment quitacao liquidacao"),
        ("issued", "emissao emitido emitida issued issue faturamento invoiced"),
        ("order", "pedido order ordered compra purchase purchased venda sale sold"),
        ("end", "fim end ended termino encerramento encerrado conclusao concluido concluida "
                "completed finished finish fechamento fechado closed final saida"),
        ("start", "inicio start started begin began abertura aberto opened entrada checkin"),
        ("created", "criado criada criacao created create cadastro cadastrado registro "
                    "registrado inclusao incluido inserted"),
    )
)  # fmt: skip

#: (later role, earlier roles by preference, min days, max days, skew, NULL rate if nullable).
_PAIRS: tuple[tuple[str, tuple[str, ...], float, float, float, float], ...] = (
    ("hire", ("birth",), 18 * 365.25, 60 * 365.25, 1.6, 0.0),
    ("updated", ("created", "start", "order", "issued"), 0.0, 180.0, 2.0, 0.1),
    ("shipped", ("order",), 0.0, 5.0, 1.5, 0.08),
    ("delivered", ("shipped", "order"), 1.0, 12.0, 1.5, 0.12),
    ("required", ("order",), 7.0, 30.0, 1.0, 0.0),
    ("returned", ("rental", "start", "created"), 1.0, 10.0, 1.3, 0.05),
    ("due", ("issued", "created", "order"), 7.0, 45.0, 1.0, 0.0),
    ("paid", ("issued", "created", "order"), 0.0, 40.0, 1.3, 0.15),
    ("end", ("start", "created", "order"), 7.0, 365.0, 1.8, 0.25),
)
#: Timestamp gaps of an ``end`` that follows a ``start`` in the same table are hours, not days,
#: when the table records events of a day (meetings, sessions, shifts, calls).
_SHORT_EVENTS = frozenset(
    words(
        "reuniao reunioes meeting meetings sessao sessoes session sessions turno turnos "
        "shift shifts chamada chamadas call calls atendimento atendimentos visita "
        "visitas visit visits aula aulas class classes evento eventos event events "
        "agendamento agendamentos appointment appointments consulta consultas"
    )
)


@dataclass(frozen=True)
class MeaningOrder:
    """``later`` follows ``earlier`` by a gap (``derive.gap_after`` params) and why."""

    later: str
    earlier: str
    params: Params
    null_rate: float
    why: str


def roles(columns: Sequence[str]) -> dict[str, str]:
    """The role of every column whose name says one (columns with no role are left out)."""
    out: dict[str, str] = {}
    for name in columns:
        tokens = set(name_tokens(name))
        for role, said in _ROLES:
            if tokens & said:
                out[name] = role
                break
    return out


def plan_meaning(
    columns: Sequence[str],
    free: Callable[[str], bool],
    *,
    reads: Callable[[str, str], bool] | None = None,
    short_events: bool = False,
    timestamps: frozenset[str] = frozenset(),
) -> list[MeaningOrder]:
    """The meaning orders of a table's temporal ``columns``.

    Args:
        columns: the table's date / timestamp columns, in ordinal order.
        free: whether a column may become a derive (no rule, CHECK order, FK or unique key).
        reads: ``reads(a, b)``: whether ``a`` already (transitively) reads ``b``.
        short_events: the table records events of a day (an ``end`` follows within hours).
        timestamps: the columns that are timestamps (the others are dates).
    """
    by_role: dict[str, list[str]] = {}
    for name, role in roles(columns).items():
        by_role.setdefault(role, []).append(name)
    chosen: dict[str, str] = {}

    def cycles(later: str, earlier: str) -> bool:
        node: str | None = earlier
        seen: set[str] = set()
        while node is not None and node not in seen:
            if node == later:
                return True
            seen.add(node)
            node = chosen.get(node)
        return reads(earlier, later) if reads is not None else False

    out: list[MeaningOrder] = []
    for later_role, earlier_roles, lo, hi, skew, null_rate in _PAIRS:
        for later in by_role.get(later_role, []):
            if not free(later) or later in chosen:
                continue
            earlier = next(
                (e for r in earlier_roles for e in by_role.get(r, []) if e != later), None
            )
            if earlier is None or cycles(later, earlier):
                continue
            low, high = lo, hi
            if later_role == "end" and short_events and later in timestamps:
                low, high = 0.25 / 24, 4 / 24  # 15 minutes to 4 hours
            chosen[later] = earlier
            params: Params = {
                "input_columns": [earlier],
                "min_days": round(low, 4),
                "max_days": round(high, 4),
                "skew": skew,
            }
            why = f"after {earlier} by its meaning ({_span(low, high)} later)"
            out.append(MeaningOrder(later, earlier, params, null_rate, why))
    out.sort(key=lambda o: columns.index(o.later))
    return out


def _span(lo: float, hi: float) -> str:
    if hi >= 730:
        return f"{lo / 365.25:.0f} to {hi / 365.25:.0f} years"
    if hi < 1:
        return f"{lo * 24 * 60:.0f} minutes to {hi * 24:.0f} hours"
    return f"{lo:g} to {hi:g} days"


def short_event_table(table: str) -> bool:
    """Whether the table's name says it records events of a day (meetings, calls, visits)."""
    return bool(set(name_tokens(table)) & _SHORT_EVENTS)
