"""Name rules for categorical text: statuses, types, ratings, sizes, colours, currencies, ...
(:data:`CATEGORY_RULES`).

Real categorical columns are skewed: most orders are delivered, most accounts active, most
invoices paid. A ``status`` column without a CHECK or an enum gets the statuses of what the table
holds (orders, invoices, accounts, tasks, projects, leads) with a dominant value; values longer
than the column are left out. Statuses listed by a CHECK or an enum get their weights later, from
their labels (see :mod:`.links`).

Example:
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> col = Column(ordinal=1, name="status", declared_type="varchar(20)",
    ...              family=TypeFamily.TEXT, nullable=False, length=20)
    >>> gen, params = status(HeuristicInput(col, "pedidos", locale="pt_BR"))
    >>> gen, params["values"][0], params["weights"][0]
    ('primitive.choice.weighted', 'entregue', 52)
"""

from __future__ import annotations

from typing import Any

from datalchemy.plan.resolve.names import TEXTY, HeuristicInput, NameRule, Params, Pick, rule

__all__ = ["CATEGORY_RULES", "status"]

#: (table words, pt statuses, en statuses): (value, weight) pairs, dominant first.
_STATUSES: tuple[tuple[str, tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]], ...] = (
    (
        "pedido pedidos order orders venda vendas sale sales compra compras purchase purchases "
        "envio envios shipment shipments entrega entregas",
        (("entregue", 52), ("enviado", 14), ("pendente", 9), ("em_separacao", 8),
         ("aguardando_pagamento", 7), ("cancelado", 7), ("devolvido", 3)),
        (("delivered", 52), ("shipped", 14), ("pending", 9), ("processing", 8),
         ("awaiting_payment", 7), ("cancelled", 7), ("returned", 3)),
    ),
    (
        "fatura faturas invoice invoices pagamento pagamentos payment payments cobranca "
        "cobrancas boleto boletos bill bills conta_receber titulo titulos",
        (("paga", 68), ("aberta", 18), ("vencida", 8), ("cancelada", 4), ("estornada", 2)),
        (("paid", 68), ("open", 18), ("overdue", 8), ("void", 4), ("refunded", 2)),
    ),
    (
        "tarefa tarefas task tasks ticket tickets chamado chamados issue issues atividade "
        "atividades todo todos",
        (("concluida", 45), ("aberta", 25), ("em_andamento", 20), ("cancelada", 10)),
        (("done", 45), ("open", 25), ("in_progress", 20), ("cancelled", 10)),
    ),
    (
        "projeto projetos project projects contrato contratos contract contracts",
        (("em_andamento", 40), ("concluido", 35), ("planejado", 15), ("suspenso", 5),
         ("cancelado", 5)),
        (("active", 40), ("completed", 35), ("planned", 15), ("on_hold", 5), ("cancelled", 5)),
    ),
    (
        "lead leads oportunidade oportunidades opportunity opportunities deal deals negocio "
        "negocios proposta propostas",
        (("novo", 30), ("qualificado", 25), ("em_negociacao", 20), ("perdido", 13),
         ("ganho", 12)),
        (("new", 30), ("qualified", 25), ("negotiation", 20), ("lost", 13), ("won", 12)),
    ),
)  # fmt: skip
_ACCOUNTS = (
    (("ativo", 78), ("inativo", 14), ("pendente", 4), ("bloqueado", 4)),
    (("active", 78), ("inactive", 14), ("pending", 4), ("suspended", 4)),
)


def _fitting(pairs: tuple[tuple[Any, float], ...], info: HeuristicInput) -> tuple[str, Params]:
    """A weighted choice of the values that fit the column's length."""
    limit = info.column.length
    kept = [(v, w) for v, w in pairs if limit is None or len(str(v)) <= limit]
    if len(kept) < 2:
        kept = [(str(v)[0].upper(), w) for v, w in pairs[:3]]  # one-letter codes: A, I, P
    return "primitive.choice.weighted", {
        "values": [v for v, _ in kept],
        "weights": [w for _, w in kept],
    }


def status(info: HeuristicInput) -> tuple[str, Params]:
    """Statuses of what the table holds, skewed toward the usual one."""
    for words, pt, en in _STATUSES:
        if set(info.table_tokens) & set(words.split()):
            return _fitting(pt if info.pt else en, info)
    return _fitting(_ACCOUNTS[0] if info.pt else _ACCOUNTS[1], info)


def _pick(pt: tuple[tuple[Any, float], ...], en: tuple[tuple[Any, float], ...]) -> Pick:
    def make(info: HeuristicInput) -> tuple[str, Params]:
        return _fitting(pt if info.pt else en, info)

    return make


_FILMS = "filme filmes film films movie movies serie series video videos"


_STARS = (("5", 42), ("4", 32), ("3", 14), ("2", 6), ("1", 6))
_AGE_RATINGS_BR = (("L", 25), ("12", 20), ("14", 20), ("10", 15), ("16", 12), ("18", 8))
_AGE_RATINGS_US = (("PG-13", 28), ("R", 24), ("PG", 22), ("G", 18), ("NC-17", 8))


def _rating(info: HeuristicInput) -> tuple[str, Params]:
    if not set(info.table_tokens) & set(_FILMS.split()):
        return _fitting(_STARS, info)
    return _fitting(_AGE_RATINGS_BR if info.pt else _AGE_RATINGS_US, info)


def _type(info: HeuristicInput) -> tuple[str, Params]:
    if {"pessoa", "person"} & set(info.tokens):
        kinds = (("PF", 70), ("PJ", 30)) if info.pt else (("individual", 70), ("business", 30))
        return _fitting(kinds, info)
    if set(info.table_tokens) & {"produto", "produtos", "product", "products", "item", "itens"}:
        return "semantic.product.category", {}
    pt = (("padrao", 60), ("basico", 25), ("premium", 15))
    en = (("standard", 60), ("basic", 25), ("premium", 15))
    return _fitting(pt if info.pt else en, info)


def _channel(info: HeuristicInput) -> tuple[str, Params]:
    if info.pt:
        return "domain.crm.lead_source", {}
    pairs = (("web", 40), ("mobile", 25), ("email", 12), ("phone", 10), ("store", 8))
    return _fitting(pairs, info)


def _sex(info: HeuristicInput) -> tuple[str, Params]:
    long = info.column.length is None or info.column.length >= 9
    if long:
        pairs = (("Feminino", 51), ("Masculino", 49)) if info.pt else (("Female", 51), ("Male", 49))
        return _fitting(pairs, info)
    return _fitting((("F", 51), ("M", 49)), info)


CATEGORY_RULES: tuple[NameRule, ...] = (
    rule(TEXTY, "status situacao estado_pedido stage etapa fase", status, 0.6,
         "a status, skewed toward the usual one for what the table holds",
         when=lambda i: not {"uf", "estado"} & set(i.tokens) or "pedido" in i.tokens),
    rule(TEXTY, "rating classificacao classificacao_indicativa", _rating, 0.7,
         "a rating: film ratings in film tables, else stars"),
    rule(TEXTY, "prioridade priority urgencia urgency",
         _pick((("media", 45), ("baixa", 25), ("alta", 22), ("urgente", 8)),
               (("medium", 45), ("low", 25), ("high", 22), ("urgent", 8))), 0.7, "a priority"),
    rule(TEXTY, "genero sexo gender sex", _sex, 0.6, "sex"),
    rule(TEXTY, "estadocivil maritalstatus marital civil",
         _pick((("solteiro", 45), ("casado", 35), ("divorciado", 10), ("uniao_estavel", 6),
                ("viuvo", 4)),
               (("single", 45), ("married", 37), ("divorced", 12), ("widowed", 6))), 0.75,
         "a marital status", when=lambda i: "civil" in i.compact or "marital" in i.compact),
    rule(TEXTY, "escolaridade education grau_instrucao",
         _pick((("medio_completo", 38), ("superior_completo", 24), ("fundamental", 20),
                ("superior_incompleto", 10), ("pos_graduacao", 8)),
               (("high_school", 38), ("bachelor", 30), ("some_college", 15), ("master", 12),
                ("doctorate", 5))), 0.7, "a level of education"),
    rule(TEXTY, "tipo_sanguineo tiposanguineo blood_type bloodtype",
         _pick(*((("O+", 36), ("A+", 34), ("O-", 9), ("A-", 8), ("B+", 8), ("AB+", 3),
                  ("B-", 1.5), ("AB-", 0.5)),) * 2), 0.8, "a blood type"),
    rule(TEXTY, "departamento department setor sector divisao division",
         _pick((("Vendas", 24), ("Operações", 18), ("Atendimento", 14), ("TI", 12),
                ("Financeiro", 10), ("Marketing", 8), ("RH", 6), ("Compras", 5), ("Jurídico", 3)),
               (("Sales", 24), ("Operations", 18), ("Customer Support", 14), ("IT", 12),
                ("Finance", 10), ("Marketing", 8), ("HR", 6), ("Purchasing", 5), ("Legal", 3))),
         0.75, "a department"),
    rule(TEXTY, "perfil role profile papel",
         _pick((("usuario", 80), ("gestor", 15), ("admin", 5)),
               (("user", 80), ("manager", 15), ("admin", 5))), 0.5, "a role, mostly users"),
    rule(TEXTY, "canal channel origem source", _channel, 0.6, "a channel"),
    rule(TEXTY, "tamanho size",
         _pick((("M", 35), ("G", 25), ("P", 20), ("GG", 10), ("PP", 5), ("XG", 5)),
               (("M", 35), ("L", 25), ("S", 20), ("XL", 10), ("XS", 5), ("XXL", 5))), 0.6,
         "a clothing size", when=lambda i: i.column.length is None or i.column.length <= 10),
    rule(TEXTY, "unidade unit uom unidade_medida",
         _pick((("un", 55), ("kg", 15), ("cx", 10), ("l", 8), ("m", 7), ("pc", 5)),
               (("ea", 55), ("kg", 15), ("box", 10), ("l", 8), ("m", 7), ("pk", 5))), 0.6,
         "a unit of measure"),
    rule(TEXTY, "moeda currency currencycode",
         _pick((("BRL", 88), ("USD", 8), ("EUR", 4)),
               (("USD", 75), ("EUR", 12), ("GBP", 8), ("CAD", 5))), 0.5, "a currency code",
         when=lambda i: i.column.length is None or i.column.length >= 3),
    rule(TEXTY, "idioma lingua language locale lang",
         _pick((("pt-BR", 85), ("en-US", 10), ("es-ES", 5)),
               (("en-US", 70), ("es-ES", 12), ("fr-FR", 6), ("de-DE", 6), ("pt-BR", 6))), 0.6,
         "a language"),
    rule(TEXTY, "cor color colour",
         _pick((("branco", 35), ("preto", 25), ("prata", 18), ("cinza", 12), ("vermelho", 5),
                ("azul", 5)),
               (("white", 35), ("black", 25), ("silver", 18), ("gray", 12), ("red", 5),
                ("blue", 5))), 0.6, "a colour (cars and goods: mostly white, black, silver)"),
    rule(TEXTY, "tipo type categoria category kind classe modalidade", _type, 0.35,
         "a type, mostly the standard one (no CHECK or enum lists its values)"),
)  # fmt: skip
