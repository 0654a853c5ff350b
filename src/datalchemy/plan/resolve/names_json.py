"""Name rules for JSON columns: objects shaped by what the column holds (:data:`JSON_RULES`).

An ``endereco jsonb`` holds an address whose city, state and postcode agree; ``settings`` holds
preferences; ``metadata`` says where the row came from; ``tags`` is a list of tags. Each shape is
a ``primitive.json.template`` whose leaves are other generators, so a user can read and edit it in
the plan.

Example:
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> col = Column(ordinal=1, name="configuracoes", declared_type="jsonb",
    ...              family=TypeFamily.JSON, nullable=True)
    >>> info = HeuristicInput(col, "usuarios", locale="pt_BR")
    >>> gen, params = next(r for r in JSON_RULES if r.matches(info)).make(info)
    >>> gen, sorted(params["template"])
    ('primitive.json.template', ['idioma', 'itens_por_pagina', 'notificacoes', 'tema'])
"""

from __future__ import annotations

from typing import Any

from datalchemy.contracts.schema import TypeFamily
from datalchemy.plan.resolve.names import HeuristicInput, NameRule, Params, Pick, rule

__all__ = ["JSON_RULES"]

JSONY = frozenset({TypeFamily.JSON})


def _gen(generator: str, **params: Any) -> dict[str, Any]:
    return {"$gen": generator, "params": params} if params else {"$gen": generator}


def _choice(values: list[Any], weights: list[float]) -> dict[str, Any]:
    return _gen("primitive.choice.weighted", values=values, weights=weights)


def _template(pt: dict[str, Any], en: dict[str, Any]) -> Pick:
    def make(info: HeuristicInput) -> tuple[str, Params]:
        return "primitive.json.template", {"template": pt if info.pt else en}

    return make


def _address(info: HeuristicInput) -> tuple[str, Params]:
    group = f"json_{info.column.name}"
    template: dict[str, Any]
    if info.pt:
        template = {
            "logradouro": _gen("semantic.br.street"),
            "numero": _gen("semantic.address.building_number"),
            "bairro": _gen("semantic.br.neighborhood"),
            "cidade": _gen("semantic.br.city", group=group),
            "uf": _gen("semantic.br.uf", group=group),
            "cep": _gen("semantic.br.cep", group=group),
        }
    else:
        template = {
            "street": _gen("semantic.address.street"),
            "city": _gen("semantic.place.city", group=group, country="US"),
            "state": _gen("semantic.place.state_code", group=group, country="US"),
            "zip": _gen("semantic.place.postcode", group=group, country="US"),
            "country": "US",
        }
    return "primitive.json.template", {"template": template}


_SETTINGS = _template(
    {
        "tema": _choice(["claro", "escuro", "sistema"], [55, 30, 15]),
        "idioma": _choice(["pt-BR", "en-US", "es-ES"], [88, 8, 4]),
        "notificacoes": {
            "email": _gen("primitive.bool", p_true=0.7),
            "push": _gen("primitive.bool", p_true=0.45),
        },
        "itens_por_pagina": _choice([10, 20, 50], [50, 35, 15]),
    },
    {
        "theme": _choice(["light", "dark", "system"], [55, 30, 15]),
        "language": _choice(["en-US", "es-ES", "fr-FR"], [85, 10, 5]),
        "notifications": {
            "email": _gen("primitive.bool", p_true=0.7),
            "push": _gen("primitive.bool", p_true=0.45),
        },
        "page_size": _choice([10, 20, 50], [50, 35, 15]),
    },
)
_METADATA = _template(
    {
        "origem": _choice(["web", "app", "api", "importacao"], [50, 30, 12, 8]),
        "versao": _gen("primitive.zipf", n=5, s=1.5),
        "tags": _gen("text.tags", min_count=0, max_count=3),
    },
    {
        "source": _choice(["web", "app", "api", "import"], [50, 30, 12, 8]),
        "version": _gen("primitive.zipf", n=5, s=1.5),
        "tags": _gen("text.tags", min_count=0, max_count=3),
    },
)
_ATTRIBUTES = _template(
    {
        "cor": _choice(["preto", "branco", "azul", "vermelho", "cinza"], [30, 25, 20, 15, 10]),
        "tamanho": _choice(["P", "M", "G", "GG"], [20, 40, 28, 12]),
        "material": _choice(["algodão", "poliéster", "couro", "plástico", "metal"],
                            [30, 25, 10, 20, 15]),
    },
    {
        "color": _choice(["black", "white", "blue", "red", "gray"], [30, 25, 20, 15, 10]),
        "size": _choice(["S", "M", "L", "XL"], [20, 40, 28, 12]),
        "material": _choice(["cotton", "polyester", "leather", "plastic", "metal"],
                            [30, 25, 10, 20, 15]),
    },
)  # fmt: skip
_DIMENSIONS = _template(
    {
        "altura_cm": _gen("semantic.number.amount", median=25, sigma=0.6, min=1, max=300, scale=0),
        "largura_cm": _gen("semantic.number.amount", median=30, sigma=0.6, min=1, max=300, scale=0),
        "profundidade_cm": _gen("semantic.number.amount", median=20, sigma=0.6, min=1, max=300,
                                scale=0),
        "peso_kg": _gen("domain.logistics.weight_kg"),
    },
    {
        "height_in": _gen("semantic.number.amount", median=10, sigma=0.6, min=1, max=120, scale=0),
        "width_in": _gen("semantic.number.amount", median=12, sigma=0.6, min=1, max=120, scale=0),
        "depth_in": _gen("semantic.number.amount", median=8, sigma=0.6, min=1, max=120, scale=0),
        "weight_lb": _gen("semantic.number.amount", median=4, sigma=0.9, min=0.1, max=200),
    },
)  # fmt: skip
_GEO = _template(
    {
        "lat": _gen("primitive.decimal.numeric", min=-33.75, max=5.27, scale=6),
        "lng": _gen("primitive.decimal.numeric", min=-73.99, max=-34.79, scale=6),
    },
    {
        "lat": _gen("primitive.decimal.numeric", min=25, max=49, scale=6),
        "lng": _gen("primitive.decimal.numeric", min=-124, max=-67, scale=6),
    },
)


def _contact(info: HeuristicInput) -> tuple[str, Params]:
    email = "semantic.br.email.safe" if info.pt else "semantic.person.email"
    phone = "semantic.br.phone" if info.pt else "semantic.place.phone"
    phone_params = {} if info.pt else {"country": "US"}
    key = "telefone" if info.pt else "phone"
    template = {"email": _gen(email), key: _gen(phone, **phone_params)}
    return "primitive.json.template", {"template": template}


def _tags(info: HeuristicInput) -> tuple[str, Params]:
    return "text.tags", {"min_count": 1, "max_count": 4}


JSON_RULES: tuple[NameRule, ...] = (
    rule(JSONY, "endereco address enderecos addresses localizacao_endereco shipping_address "
         "billing_address endereco_entrega", _address, 0.8,
         "an address object whose city, state and postcode agree", substrings="endereco address"),
    rule(JSONY, "configuracoes configuracao config configs settings preferencias preferences "
         "prefs opcoes options ajustes", _SETTINGS, 0.8, "user settings",
         substrings="config setting prefer"),
    rule(JSONY, "tags etiquetas labels keywords palavraschave marcadores", _tags, 0.8,
         "a list of tags"),
    rule(JSONY, "contato contact contatos contacts", _contact, 0.75, "contact details"),
    rule(JSONY, "dimensoes dimensions medidas measurements", _DIMENSIONS, 0.75,
         "package dimensions"),
    rule(JSONY, "atributos attributes especificacoes specs specifications propriedades "
         "properties caracteristicas features variantes variants", _ATTRIBUTES, 0.7,
         "product attributes"),
    rule(JSONY, "geo coordenadas coordinates localizacao location posicao position latlng",
         _GEO, 0.75, "coordinates"),
    rule(JSONY, "metadata metadados meta extra extras dados data payload info informacoes "
         "detalhes details contexto context raw dump", _METADATA, 0.6,
         "metadata: where the row came from", substrings="meta"),
)  # fmt: skip
