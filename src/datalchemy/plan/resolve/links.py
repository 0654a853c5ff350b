"""Cross-column links: the columns of a row made to agree, after each column got its default.

Column resolution picks a generator per column; this pass looks at the table's columns together
and links the ones whose values should make sense as a row. Only default choices are touched
(never a plan rule, a foreign key, an identity or a CHECK ordering), and each link says what it
did in the column's explanation, so ``plan suggest`` shows it:

- **dates by meaning** (:mod:`.meaning_orders`): shipped after ordered, returned after rented,
  updated after created, hired after born, paid after issued, with realistic gaps;
- **e-mail from the row's names**: an e-mail column next to person-name columns becomes
  ``derive.email_from_person`` reading them (unique by construction when the column is unique);
- **places**: city, state, postcode, phone and country columns draw one place per row (a shared
  ``group``); columns that say whose address it is (``cidade_entrega``, ``ship_city``) form their
  own group;
- **products**: a product's name, category and price agree (group ``produto``; a price column
  next to a product name takes the band of the product's category);
- **people**: a full name and a Brazilian e-mail generator agree (group ``pessoa``);
- **statuses**: labels of an enum or a CHECK list get weights from what they mean (most orders
  are delivered, few are cancelled).

Example:
    >>> from datalchemy.contracts.resolved import ResolvedColumn
    >>> from datalchemy.contracts.schema import TypeFamily
    >>> status = ResolvedColumn(name="status", ordinal=1, family=TypeFamily.TEXT,
    ...     action="generate", generator="primitive.choice", reason="check_domain",
    ...     params={"values": ["pendente", "entregue", "cancelado"]})
    >>> link_statuses([status])[0].params["weights"]
    [2.0, 6.0, 0.6]
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from datalchemy.contracts.resolved import ResolvedColumn
from datalchemy.contracts.schema import Table, TypeFamily
from datalchemy.plan.resolve.meaning_orders import plan_meaning, short_event_table
from datalchemy.plan.resolve.names import name_tokens, words

__all__ = ["link_columns", "link_statuses"]

_T = TypeFamily
_TEMPORAL = frozenset({_T.DATE, _T.TIMESTAMP, _T.TIMESTAMPTZ})
#: Reasons of the choices a link may replace (defaults, not decisions of the plan or schema).
_DEFAULTS = frozenset({"name_heuristic", "type_default", "default_value"})

_FIRST_NAMES = frozenset({"semantic.br.first_name", "semantic.person.first_name"})
_LAST_NAMES = frozenset({"semantic.br.last_name", "semantic.person.last_name"})
_FULL_NAMES = frozenset({"semantic.br.name", "semantic.person.name"})
_EMAILS = frozenset(
    {"semantic.br.email.safe", "semantic.person.email", "semantic.person.free_email"}
)
_BR_PLACES = frozenset(
    {
        "semantic.br.city",
        "semantic.br.uf",
        "semantic.br.cep",
        "semantic.br.address",
        "semantic.br.phone",
    }
)
_PRODUCTS = frozenset(
    {"semantic.product.name", "semantic.product.category", "semantic.product.price"}
)
#: Words of a place column's name that say what it is; the others say whose place it is.
_PLACE_WORDS = frozenset(
    words(
        "cidade city municipio town uf estado state province provincia cep zip zipcode "
        "postcode postal codigo code pais country telefone fone tel phone celular cel "
        "mobile endereco address fuso timezone tz sigla nome name"
    )
)


def _linkable(c: ResolvedColumn) -> bool:
    return c.action == "generate" and c.reason in _DEFAULTS and not c.unique


def _with(c: ResolvedColumn, note: str, **update: Any) -> ResolvedColumn:
    return c.model_copy(update={**update, "explanation": f"{c.explanation} ({note})"})


# ---- dates by meaning ------------------------------------------------------------------------


def _reads(columns: list[ResolvedColumn]) -> dict[str, list[str]]:
    return {c.name: list(c.inputs) for c in columns}


def link_dates(columns: list[ResolvedColumn], table: Table) -> list[ResolvedColumn]:
    """Later dates derived from earlier ones by meaning (see :mod:`.meaning_orders`)."""
    by_name = {c.name: c for c in columns}
    temporal = [c.name for c in columns if c.family in _TEMPORAL and c.action != "omit"]
    graph = _reads(columns)

    def reads(a: str, b: str) -> bool:
        todo, seen = [a], set()
        while todo:
            node = todo.pop()
            if node == b:
                return True
            if node not in seen:
                seen.add(node)
                todo.extend(graph.get(node, []))
        return False

    orders = plan_meaning(
        temporal,
        lambda name: _linkable(by_name[name]),
        reads=reads,
        short_events=short_event_table(table.name),
        timestamps=frozenset(c.name for c in columns if c.family in (_T.TIMESTAMP, _T.TIMESTAMPTZ)),
    )
    out = list(columns)
    index = {c.name: i for i, c in enumerate(out)}
    for o in orders:
        c = out[index[o.later]]
        nullable = table.has_column(o.later) and table.column(o.later).nullable
        null_rate = c.null_rate or (o.null_rate if nullable else 0.0)
        out[index[o.later]] = c.model_copy(
            update={
                "generator": "derive.gap_after",
                "params": o.params,
                "inputs": [o.earlier],
                "null_rate": null_rate,
                "reason": "name_heuristic",
                "explanation": o.why,
            }
        )
    return out


# ---- e-mail from the row's names -------------------------------------------------------------


def _composite_key_columns(table: Table) -> set[str]:
    out: set[str] = set()
    keys = [u.columns for u in table.uniques]
    if table.primary_key is not None:
        keys.append(table.primary_key.columns)
    for cols in keys:
        if len(cols) > 1:
            out.update(cols)
    return out


def link_emails(columns: list[ResolvedColumn], table: Table) -> list[ResolvedColumn]:
    """E-mail columns derived from the row's person-name columns."""
    names = [c for c in columns if c.action == "generate" and c.reason != "identity"]
    first = next((c.name for c in names if c.generator in _FIRST_NAMES), None)
    last = next((c.name for c in names if c.generator in _LAST_NAMES), None)
    full = next((c.name for c in names if c.generator in _FULL_NAMES), None)
    inputs = [first, last] if first and last else [full] if full else [first] if first else []
    if not inputs:
        return columns
    composite = _composite_key_columns(table)
    # A Brazilian full name (sex any) in a group lets the e-mail draw the same person instead
    # of reading the name back from the text: the same e-mails, faster.
    by_name = {c.name: c for c in columns}
    fast = (
        full is not None
        and inputs == [full]
        and by_name[full].generator == "semantic.br.name"
        and _linkable(by_name[full])
        and by_name[full].params.get("sex", "any") == "any"
    )
    group = by_name[full].params.get("group", "pessoa") if fast and full else None
    out = []
    for c in columns:
        if fast and c.name == full and "group" not in c.params:
            c = _with(
                c,
                "group 'pessoa': its e-mail draws the same person",
                params={**c.params, "group": group},
            )
        eligible = (
            c.action == "generate"
            and c.reason in _DEFAULTS
            and c.generator in _EMAILS
            and c.name not in composite
        )
        if not eligible:
            out.append(c)
            continue
        params: dict[str, Any] = {"input_columns": inputs}
        if c.unique:
            params["unique"] = True
        if group is not None:
            params["group"] = group
        note = f"from the row's {' and '.join(str(i) for i in inputs)}"
        if c.unique:
            note += ", unique by construction"
        out.append(
            c.model_copy(
                update={
                    "generator": "derive.email_from_person",
                    "params": params,
                    "inputs": list(inputs),
                    "unique": False,
                    "explanation": f"an e-mail {note}",
                }
            )
        )
    return out


# ---- groups: places, products, people ----------------------------------------------------------


def _qualifier(name: str) -> str:
    return "_".join(t for t in name_tokens(name) if t not in _PLACE_WORDS)


def _group(columns: list[ResolvedColumn], picked: list[int], group: str) -> None:
    others = [columns[i].name for i in picked]
    for i in picked:
        c = columns[i]
        mates = ", ".join(n for n in others if n != c.name)
        columns[i] = _with(
            c,
            f"group {group!r}: agrees with {mates} within the row",
            params={**c.params, "group": group},
        )


def link_places(columns: list[ResolvedColumn]) -> list[ResolvedColumn]:
    """One place per row for the city / state / postcode / phone / country columns."""
    out = list(columns)
    members: dict[str, list[int]] = {}
    for i, c in enumerate(out):
        place = c.generator in _BR_PLACES or (c.generator or "").startswith("semantic.place.")
        if place and _linkable(c) and "group" not in c.params:
            members.setdefault(_qualifier(c.name), []).append(i)
    main = members.get("", [])
    for qualifier in sorted(k for k in members if k):
        if len(members[qualifier]) == 1 and main:
            main.append(members.pop(qualifier)[0])  # a lone phone joins the row's address
    for qualifier, picked in sorted(members.items()):
        if len(picked) >= 2:
            _group(out, sorted(picked), "endereco" + (f"_{qualifier}" if qualifier else ""))
    return out


_PRICE_WORDS = frozenset(words("preco price precos prices unitprice msrp listprice precovenda"))


def link_prices(columns: list[ResolvedColumn]) -> list[ResolvedColumn]:
    """A price next to a product's name or category takes that product's price band."""
    if not any(c.generator in _PRODUCTS and _linkable(c) for c in columns):
        return columns
    out = []
    for c in columns:
        tokens = set(name_tokens(c.name)) | {"".join(name_tokens(c.name))}
        if c.generator == "semantic.number.amount" and _linkable(c) and tokens & _PRICE_WORDS:
            params = {k: c.params[k] for k in ("max", "scale") if k in c.params}
            c = c.model_copy(
                update={
                    "generator": "semantic.product.price",
                    "params": params,
                    "explanation": "a price in the band of the row's product category",
                }
            )
        out.append(c)
    return out


def _link_set(columns: list[ResolvedColumn], gens: Iterable[str], group: str) -> None:
    wanted = frozenset(gens)
    picked = [
        i
        for i, c in enumerate(columns)
        if c.generator in wanted and _linkable(c) and "group" not in c.params
    ]
    if len(picked) >= 2:
        _group(columns, picked, group)


# ---- statuses ----------------------------------------------------------------------------------

#: Status words -> weight: what most rows end up as, what is on the way, what goes wrong.
_STATUS_WEIGHTS: dict[str, float] = {
    **dict.fromkeys(
        words(
            "ativo ativa active concluido concluida completed complete done entregue "
            "delivered pago paga paid aprovado aprovada approved fechado fechada closed "
            "resolvido resolvida resolved publicado publicada published sucesso success "
            "finalizado finalizada confirmado confirmada confirmed disponivel available"
        ),
        6.0,
    ),
    **dict.fromkeys(
        words(
            "pendente pending aberto aberta open novo nova new andamento progress "
            "processing processando enviado enviada shipped agendado agendada scheduled "
            "rascunho draft qualificado qualificada qualified analise review aguardando "
            "waiting"
        ),
        2.0,
    ),
    **dict.fromkeys(
        words(
            "cancelado cancelada canceled cancelled inativo inativa inactive bloqueado "
            "bloqueada blocked suspenso suspensa suspended recusado recusada rejected "
            "reprovado reprovada failed falhou falha erro error perdido perdida lost "
            "devolvido devolvida returned refunded estornado estornada expired expirado "
            "expirada vencido vencida overdue deleted excluido excluida arquivado arquivada "
            "archived"
        ),
        0.6,
    ),
}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def status_weights(labels: list[str]) -> list[float] | None:
    """Weights for status labels by meaning; None when fewer than two labels are known."""
    weights: list[float] = []
    known = 0
    for label in labels:
        words = [_fold(label), *name_tokens(label)]
        w = next((_STATUS_WEIGHTS[x] for x in words if x in _STATUS_WEIGHTS), None)
        known += w is not None
        weights.append(w if w is not None else 1.0)
    if known < 2 or max(weights) < 2 * min(weights):
        return None
    return weights


def link_statuses(columns: list[ResolvedColumn]) -> list[ResolvedColumn]:
    """Enum and CHECK-list statuses weighted by what their labels mean."""
    out = []
    for c in columns:
        values = c.params.get("values")
        listed = isinstance(values, list) and values and all(isinstance(v, str) for v in values)
        if c.generator == "primitive.choice" and c.reason in ("check_domain", "enum") and listed:
            weights = status_weights(list(values or []))
            if weights is not None:
                top = values[weights.index(max(weights))] if isinstance(values, list) else ""
                c = _with(
                    c,
                    f"weighted by meaning: {top!r} most common",
                    generator="primitive.choice.weighted",
                    params={**c.params, "weights": weights},
                )
        out.append(c)
    return out


def link_enum_statuses(
    columns: list[ResolvedColumn], labels: dict[str, list[str]]
) -> list[ResolvedColumn]:
    """Enum columns (``primitive.enum``) weighted by what their ``labels`` mean."""
    out = []
    for c in columns:
        if c.generator == "primitive.enum" and c.reason == "enum" and "weights" not in c.params:
            weights = status_weights(labels.get(c.name, []))
            if weights is not None:
                names = labels[c.name]
                top = names[weights.index(max(weights))]
                c = _with(
                    c,
                    f"weighted by meaning: {top!r} most common",
                    params={**c.params, "weights": dict(zip(names, weights, strict=True))},
                )
        out.append(c)
    return out


# ---- the pass ----------------------------------------------------------------------------------


def link_columns(
    columns: list[ResolvedColumn],
    table: Table | None,
    enum_labels: dict[str, list[str]] | None = None,
) -> list[ResolvedColumn]:
    """Every link of one table's resolved columns (a new list; the input is not changed)."""
    out = list(columns)
    if table is not None:
        out = link_dates(out, table)
        out = link_emails(out, table)
    out = link_places(out)
    out = link_prices(out)
    _link_set(out, _PRODUCTS, "produto")
    _link_set(out, {"semantic.br.name", "semantic.br.email.safe"}, "pessoa")
    out = link_statuses(out)
    if enum_labels:
        out = link_enum_statuses(out, enum_labels)
    return out
