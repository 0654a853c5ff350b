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
    Make,
    NameRule,
    Params,
    code_prefix,
    has_words,
    rule,
    singular_label,
)
from datalchemy.plan.resolve.type_defaults import formatted_params

__all__ = ["TEXT_RULES"]

_T = TypeFamily


_ADDRESS = "logradouro rua endereco street address cep bairro zip complemento avenida"
_PERSON = (
    "usuario usuarios cliente clientes contato contatos pessoa pessoas funcionario "
    "funcionarios colaborador colaboradores vendedor vendedores aluno alunos paciente pacientes "
    "motorista motoristas medico medicos professor professores responsavel titular "
    "representante user users customer customers client clients contact contacts person "
    "people employee employees member members author authors student students patient "
    "patients driver drivers usuarios_sistema socio socios"
)
_COMPANY = (
    "empresa empresas companhia companhias fornecedor fornecedores organizacao organizacoes "
    "company companies supplier suppliers vendor vendors organization organizations parceiro "
    "parceiros partner partners loja lojas store stores marca marcas brand brands"
)
_PRODUCT = "produto produtos product products mercadoria mercadorias servico servicos"


def _entity(info: HeuristicInput) -> set[str]:
    """Tokens naming what the row is (table name, and column words other than nome/name)."""
    return set(info.table_tokens) | (set(info.tokens) - {"nome", "name"})


def _name_for(info: HeuristicInput) -> tuple[str, Params] | None:
    ent = _entity(info)
    if ent & set(_PERSON.split()):
        if info.sibling_tokens & {"sobrenome", "surname", "lastname", "last"}:
            return ("semantic.br.first_name", {}) if info.pt else ("semantic.person.first_name", {})
        return ("semantic.br.name", {}) if info.pt else ("semantic.person.name", {})
    if ent & set(_COMPANY.split()):
        return ("semantic.br.company.name", {}) if info.pt else ("semantic.company.name", {})
    if ent & set(_PRODUCT.split()):
        return "semantic.br.product.name", {}
    if ent & {"fonte", "fontes", "source", "sources", "origem", "origens", "canal", "canais"}:
        return "domain.crm.lead_source", {}
    if ent & {"etapa", "etapas", "stage", "stages", "fase", "fases"}:
        return "domain.crm.pipeline_stage", {}
    if ent & {"funil", "funis", "pipeline", "pipelines"}:
        return "domain.crm.pipeline_name", {}
    if ent & {"cidade", "cidades", "city", "cities", "municipio", "municipios"}:
        return ("semantic.br.city", {}) if info.pt else ("semantic.address.city", {})
    if ent & {"banco", "bancos", "bank", "banks"}:
        return "domain.finance.bank_code", {"output": "name"}
    if ent & {"transportadora", "transportadoras", "carrier", "carriers"}:
        return "domain.logistics.carrier", {"output": "name"}
    return None


def _label(info: HeuristicInput) -> tuple[str, Params]:
    return "primitive.text.pattern", {"pattern": f"{singular_label(info.table)} [0-9]{{3}}"}


def _code(info: HeuristicInput) -> tuple[str, Params]:
    return "primitive.text.pattern", {"pattern": f"{code_prefix(info.table)}-[0-9]{{6}}"}


def _phone(info: HeuristicInput) -> tuple[str, Params]:
    mobile = bool(set(info.tokens) & {"celular", "cel", "mobile", "cell", "whatsapp"})
    if info.pt:
        return "semantic.br.phone", ({} if mobile else {"kind": "any"})
    return ("semantic.person.cell", {}) if mobile else ("semantic.person.phone", {})


def _state(info: HeuristicInput) -> tuple[str, Params]:
    short = info.column.length is not None and info.column.length <= 3
    if info.pt:
        return "semantic.br.uf", ({} if short or "uf" in info.tokens else {"full_name": False})
    return ("semantic.address.state_abbr", {}) if short else ("semantic.address.state", {})


def _country(info: HeuristicInput) -> tuple[str, Params]:
    if info.column.length is not None and info.column.length <= 3:
        return "semantic.address.country_code", {}
    return "semantic.address.country", {}


def _hash(info: HeuristicInput) -> tuple[str, Params]:
    n = min(64, info.column.length or 64)
    return "primitive.text.pattern", {"pattern": f"[0-9a-f]{{{n}}}"}


def _choice(pt_values: list[Any], en_values: list[Any]) -> Make:
    def make(info: HeuristicInput) -> tuple[str, Params]:
        return "primitive.choice", {"values": pt_values if info.pt else en_values}

    return make


def _lorem(lo: int, hi: int) -> tuple[str, Params]:
    return "primitive.text.lorem", {"min_words": lo, "max_words": hi}


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
        _phone,
        0.9,
        "the name says phone",
        substrings="telefone phone celular",
    ),
    rule(
        TEXTY,
        "cep",
        lambda i: ("semantic.br.cep", formatted_params(i, "semantic.br.cep")),
        0.95,
        "a CEP (Brazilian postcode)",
    ),
    rule(
        TEXTY,
        "zip zipcode postcode postal postalcode codigopostal",
        (("semantic.br.cep", {}), ("semantic.address.zipcode", {})),
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
        when=lambda i: has_words(i, _ADDRESS),
    ),
    rule(TEXTY, "numero num nr number", _code, 0.6, "a document number (code with table prefix)"),
    rule(
        TEXTY,
        "cidade municipio city town localidade",
        (("semantic.br.city", {}), ("semantic.address.city", {})),
        0.9,
        "a city",
    ),
    rule(TEXTY, "uf", ("semantic.br.uf", {}), 0.95, "a UF (Brazilian state code)"),
    rule(
        TEXTY,
        "estado state province provincia",
        _state,
        0.85,
        "a state next to address columns",
        when=lambda i: has_words(i, _ADDRESS + " cidade city"),
    ),
    rule(TEXTY, "estado state province provincia", _state, 0.6, "a state"),
    rule(TEXTY, "pais country", _country, 0.85, "a country"),
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
    rule(
        TEXTY,
        "site url website homepage link uri webpage",
        ("semantic.br.url", {}),
        0.85,
        "a web address",
        substrings="url website",
    ),
    rule(TEXTY, "sku", ("primitive.text.pattern", {"pattern": "[A-Z]{3}-[0-9]{5}"}), 0.85, "a SKU"),
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
    rule(TEXTY | {_T.NETWORK}, "ip ipaddress ipv4", ("semantic.internet.ipv4", {}), 0.85, "an IP"),
    rule(TEXTY, "uuid guid", ("primitive.uuid.v4", {}), 0.8, "a UUID in a text column"),
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
    rule(
        TEXTY,
        "titulo title assunto subject headline tema topic",
        _lorem(2, 6),
        0.55,
        "a short title",
    ),
    rule(
        TEXTY,
        "conteudo content texto text mensagem message corpo body",
        _lorem(8, 40),
        0.6,
        "free text",
    ),
    rule(
        TEXTY,
        "descricao description desc detalhes details observacao observacoes obs notas notes note "
        "comentario comentarios comment comments resumo summary bio sobre about anotacao "
        "justificativa motivo reason",
        _lorem(4, 16),
        0.6,
        "a description",
    ),
    rule(
        TEXTY,
        "moeda currency currencycode",
        ("semantic.finance.currency_code", {}),
        0.5,
        "a currency code",
        when=lambda i: i.column.length is None or i.column.length >= 3,
    ),
    rule(
        TEXTY,
        "cor color colour",
        _choice(
            ["branco", "preto", "prata", "cinza", "vermelho", "azul"],
            ["white", "black", "silver", "gray", "red", "blue"],
        ),
        0.6,
        "a colour",
    ),
    rule(TEXTY, "genero sexo gender sex", ("primitive.choice", {"values": ["F", "M"]}), 0.6, "sex"),
    rule(
        TEXTY,
        "idioma lingua language",
        ("primitive.choice", {"values": ["pt-BR", "en-US", "es-ES"]}),
        0.6,
        "a language",
    ),
    rule(
        TEXTY, "slug", ("primitive.text.pattern", {"pattern": "[a-z]{4,10}-[a-z]{4,10}"}), 0.6, ""
    ),
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
    rule(
        TEXTY,
        "perfil role profile papel",
        _choice(["admin", "gestor", "usuario"], ["admin", "manager", "user"]),
        0.4,
        "a role",
    ),
    rule(
        TEXTY,
        "status situacao",
        _choice(["ativo", "inativo", "pendente"], ["active", "inactive", "pending"]),
        0.35,
        "a status (no CHECK or enum lists its values)",
    ),
    rule(
        TEXTY,
        "tipo type categoria category kind classe modalidade",
        _choice(["padrao", "premium", "basico"], ["standard", "premium", "basic"]),
        0.3,
        "a type (no CHECK or enum lists its values)",
    ),
)
