"""Name rules for text columns: :data:`TEXT_RULES`, best first.

Each :func:`~.names.rule` names the words that trigger it (tokens of the column name, or
substrings of the joined name), the type families it applies to, the generator for ``pt_BR``
and for other locales, a confidence and a reason. Order matters: the first match is the best.

Example:
    >>> any("cpf" in r.tokens for r in TEXT_RULES)
    True
"""

from __future__ import annotations

from typing import Any

from datalchemy.contracts.schema import TypeFamily
from datalchemy.plan.resolve.names import (
    TEXTY,
    HeuristicInput,
    NameRule,
    Params,
    Pick,
    code_prefix,
    has_words,
    rule,
    singular_label,
)
from datalchemy.plan.resolve.names_categories import CATEGORY_RULES
from datalchemy.plan.resolve.names_places import country, phone, place, postcode, state
from datalchemy.plan.resolve.names_prose import (
    ADDRESS_WORDS,
    ANY_TEXT,
    COMPANY_WORDS,
    PERSON_WORDS,
    PRODUCT_WORDS,
    PROSE_RULES,
    TITLE_KINDS,
    kind_of,
)
from datalchemy.plan.resolve.names_web import WEB_RULES
from datalchemy.plan.resolve.type_defaults import formatted_params

__all__ = ["TEXT_RULES"]

_T = TypeFamily


def _entity(info: HeuristicInput) -> set[str]:
    """Tokens naming what the row is (table name, and column words other than nome/name)."""
    return set(info.table_tokens) | (set(info.tokens) - {"nome", "name"})


def _name_for(info: HeuristicInput) -> tuple[str, Params] | None:
    ent = _entity(info)
    titled = kind_of(info, TITLE_KINDS, "")
    if titled and titled != "article" and not ent & set(PERSON_WORDS.split()):
        return "text.title", {"kind": titled}
    if ent & set(PERSON_WORDS.split()):
        if info.sibling_tokens & {"sobrenome", "surname", "lastname", "last"}:
            return ("semantic.br.first_name", {}) if info.pt else ("semantic.person.first_name", {})
        return ("semantic.br.name", {}) if info.pt else ("semantic.person.name", {})
    if ent & set(COMPANY_WORDS.split()):
        return ("semantic.br.company.name", {}) if info.pt else ("semantic.company.name", {})
    if ent & set(PRODUCT_WORDS.split()):
        return "semantic.product.name", {}
    if ent & {"fonte", "fontes", "source", "sources", "origem", "origens", "canal", "canais"}:
        return "domain.crm.lead_source", {}
    if ent & {"etapa", "etapas", "stage", "stages", "fase", "fases"}:
        return "domain.crm.pipeline_stage", {}
    if ent & {"funil", "funis", "pipeline", "pipelines"}:
        return "domain.crm.pipeline_name", {}
    if ent & {"cidade", "cidades", "city", "cities", "municipio", "municipios"}:
        return place("city", ("semantic.br.city", {}))(info)
    if ent & {"categoria", "categorias", "category", "categories"}:
        return "semantic.product.category", {}
    if ent & {"banco", "bancos", "bank", "banks"}:
        return "domain.finance.bank_code", {"output": "name"}
    if ent & {"transportadora", "transportadoras", "carrier", "carriers"}:
        return "domain.logistics.carrier", {"output": "name"}
    return None


def _label(info: HeuristicInput) -> tuple[str, Params]:
    return "primitive.text.pattern", {"pattern": f"{singular_label(info.table)} [0-9]{{3}}"}


def _code(info: HeuristicInput) -> tuple[str, Params]:
    return "primitive.text.pattern", {"pattern": f"{code_prefix(info.table)}-[0-9]{{6}}"}


def _hash(info: HeuristicInput) -> tuple[str, Params]:
    n = min(64, info.column.length or 64)
    return "primitive.text.pattern", {"pattern": f"[0-9a-f]{{{n}}}"}


def _choice(pt_values: list[Any], en_values: list[Any]) -> Pick:
    def make(info: HeuristicInput) -> tuple[str, Params]:
        return "primitive.choice", {"values": pt_values if info.pt else en_values}

    return make


TEXT_RULES: tuple[NameRule, ...] = (
    # --- text ------------------------------------------------------------------------------------
    rule(
        TEXTY,
        "mail",
        (("semantic.br.email.safe", {}), ("semantic.person.email", {})),
        0.95,
        "the name says e-mail",
        substrings="email",
    ),
    # Punctuated when the column is a char(n) as wide as the punctuated value (char(14) CPFs).
    rule(
        TEXTY,
        "cpf",
        lambda i: ("semantic.br.cpf", formatted_params(i, "semantic.br.cpf")),
        0.95,
        "a CPF (Brazilian taxpayer number)",
    ),
    rule(
        TEXTY,
        "cnpj",
        lambda i: ("semantic.br.cnpj", formatted_params(i, "semantic.br.cnpj")),
        0.95,
        "a CNPJ (Brazilian company number)",
    ),
    rule(TEXTY, "rg", ("semantic.br.rg", {}), 0.85, "an RG (Brazilian identity card)"),
    rule(TEXTY, "cnh", ("semantic.br.cnh", {}), 0.9, "a CNH (driver's licence)"),
    rule(TEXTY, "pis pasep nit", ("semantic.br.pis", {}), 0.85, "a PIS/PASEP number"),
    rule(TEXTY, "renavam", ("semantic.br.renavam", {}), 0.9, "a RENAVAM (vehicle registry)"),
    rule(TEXTY, "placa plate licenseplate", ("semantic.br.plate", {}), 0.9, "a vehicle plate"),
    rule(TEXTY, "pix", ("semantic.br.pix_key", {}), 0.8, "a PIX key"),
    rule(
        TEXTY,
        "telefone fone tel phone celular cel mobile whatsapp cellphone telephone",
        phone,
        0.9,
        "the name says phone",
        substrings="telefone phone celular",
    ),
    rule(TEXTY, "cep", postcode, 0.95, "a CEP (Brazilian postcode)"),
    rule(
        TEXTY,
        "zip zipcode postcode postal postalcode codigopostal",
        postcode,
        0.85,
        "a postcode",
    ),
    rule(
        TEXTY,
        "bairro neighborhood neighbourhood district",
        ("semantic.br.neighborhood", {}),
        0.9,
        "a neighbourhood",
    ),
    rule(
        TEXTY,
        "complemento secondary address2 addressline2",
        ("semantic.address.secondary", {}),
        0.7,
        "an address complement",
    ),
    rule(
        TEXTY,
        "logradouro rua street avenida",
        (("semantic.br.street", {}), ("semantic.address.street", {})),
        0.85,
        "a street",
    ),
    rule(
        TEXTY,
        "endereco address",
        (("semantic.br.address", {}), ("semantic.address.street", {})),
        0.8,
        "an address",
        substrings="endereco address",
    ),
    rule(
        TEXTY,
        "numero num nr number",
        ("semantic.address.building_number", {}),
        0.7,
        "a building number next to address columns",
        when=lambda i: has_words(i, ADDRESS_WORDS),
    ),
    rule(TEXTY, "numero num nr number", _code, 0.6, "a document number (code with table prefix)"),
    rule(
        TEXTY,
        "cidade municipio city town localidade",
        place("city", ("semantic.br.city", {})),
        0.9,
        "a city",
    ),
    rule(TEXTY, "uf", state, 0.95, "a UF (Brazilian state code)"),
    rule(
        TEXTY,
        "estado state province provincia",
        state,
        0.85,
        "a state next to address columns",
        when=lambda i: has_words(i, ADDRESS_WORDS + " cidade city"),
    ),
    rule(TEXTY, "estado state province provincia", state, 0.6, "a state"),
    rule(TEXTY, "pais country nacionalidade nationality", country, 0.85, "a country"),
    rule(TEXTY, "fuso fusohorario timezone tz zone", place("timezone", None), 0.75, "a time zone"),
    rule(
        TEXTY,
        "razaosocial legalname",
        (("semantic.br.company.name", {"legal_suffix": True}), ("semantic.company.name", {})),
        0.9,
        "a company's legal name",
    ),
    rule(
        TEXTY,
        "nomefantasia fantasia tradename brandname",
        (("semantic.br.company.name", {"legal_suffix": False}), ("semantic.company.name", {})),
        0.85,
        "a company's trade name",
    ),
    rule(
        TEXTY,
        "empresa company companhia organizacao organization fornecedor supplier employer",
        (("semantic.br.company.name", {}), ("semantic.company.name", {})),
        0.75,
        "a company name",
    ),
    *WEB_RULES,
    rule(
        TEXTY,
        "codigo code cod referencia ref protocolo protocol",
        _code,
        0.7,
        "a code with the table's prefix",
    ),
    rule(
        TEXTY,
        "senha password passwd hash",
        _hash,
        0.8,
        "a password hash (hex digest)",
        substrings="senha password",
    ),
    rule(
        TEXTY,
        "rastreio rastreamento tracking",
        ("domain.logistics.tracking_code", {}),
        0.85,
        "a tracking code",
    ),
    rule(
        TEXTY,
        "username login usuario user apelido nickname",
        ("semantic.person.username", {}),
        0.7,
        "a user name",
        when=lambda i: i.compact in {"username", "login", "usuario", "user", "apelido", "nickname"},
    ),
    rule(
        TEXTY,
        "nomecompleto fullname",
        (("semantic.br.name", {}), ("semantic.person.name", {})),
        0.95,
        "a person's full name",
    ),
    rule(
        TEXTY,
        "sobrenome lastname surname ultimonome familyname",
        (("semantic.br.last_name", {}), ("semantic.person.last_name", {})),
        0.95,
        "a surname",
    ),
    rule(
        TEXTY,
        "primeironome firstname givenname prenome",
        (("semantic.br.first_name", {}), ("semantic.person.first_name", {})),
        0.95,
        "a first name",
    ),
    rule(TEXTY, "nome name", _name_for, 0.85, "a name; the table says what kind"),
    rule(
        TEXTY,
        "productname nomeproduto produto product item",
        ("semantic.product.name", {}),
        0.8,
        "a product name",
        when=lambda i: has_words(i, "nome name") or len(i.tokens) == 1,
    ),
    rule(TEXTY, "nome name", _label, 0.45, "a name of a thing: the table's label and a number"),
    rule(
        TEXTY,
        "cargo profissao ocupacao funcao job jobtitle occupation profession",
        (("domain.crm.job_title", {}), ("semantic.company.profession", {})),
        0.8,
        "a job title",
    ),
    rule(
        TEXTY,
        "metodo method meio forma",
        ("domain.finance.payment_method", {}),
        0.8,
        "a payment method",
        when=lambda i: (
            has_words(i, "pagamento pagamentos payment payments fatura faturas")
            or "pagamento" in i.tokens
        ),
    ),
    *PROSE_RULES,
    rule(
        TEXTY,
        "local location lugar sala venue",
        _choice(
            [
                "Sala de reunião 1",
                "Sala de reunião 2",
                "Escritório do cliente",
                "Online",
                "Auditório",
            ],
            ["Meeting room 1", "Meeting room 2", "Client office", "Online", "Auditorium"],
        ),
        0.5,
        "a meeting place",
    ),
    rule(
        TEXTY,
        "banco bank",
        ("domain.finance.bank_code", {"output": "name"}),
        0.7,
        "a bank",
    ),
    rule(TEXTY, "agencia agency", ("domain.finance.agency", {}), 0.7, "a bank agency"),
    rule(TEXTY, "conta account", ("domain.finance.account", {}), 0.6, "a bank account"),
    rule(
        TEXTY,
        "transportadora carrier",
        ("domain.logistics.carrier", {"output": "name"}),
        0.75,
        "a carrier",
    ),
    rule(
        TEXTY,
        "marca brand",
        (("semantic.br.company.name", {"legal_suffix": False}), ("semantic.company.name", {})),
        0.5,
        "a brand",
    ),
    *CATEGORY_RULES,
    ANY_TEXT,
)
