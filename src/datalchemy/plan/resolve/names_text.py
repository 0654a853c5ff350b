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
from datalchemy.plan.resolve.names_web import WEB_RULES

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


#: Table words -> the kind of title a ``titulo`` / ``title`` / ``nome`` column holds.
_TITLE_KINDS: tuple[tuple[str, str], ...] = (
    ("film", "filme filmes film films movie movies serie series episodio episodios episode"),
    ("book", "livro livros book books obra obras publicacao publicacoes"),
    ("project", "projeto projetos project projects iniciativa iniciativas programa programas"),
    ("event", "evento eventos event events palestra palestras conferencia webinar webinars"),
    (
        "course",
        "curso cursos course courses treinamento treinamentos training aula aulas "
        "lesson lessons disciplina disciplinas",
    ),
    (
        "task",
        "tarefa tarefas task tasks ticket tickets chamado chamados issue issues "
        "atividade atividades todo todos",
    ),
    ("campaign", "campanha campanhas campaign campaigns promocao promocoes"),
    ("article", "artigo artigos article articles post posts noticia noticias news blog"),
)
#: Table words -> the kind of text a ``descricao`` / ``description`` column holds.
_TEXT_KINDS: tuple[tuple[str, str], ...] = (
    ("product", _PRODUCT + " item itens items sku skus mercadoria catalogo catalog"),
    ("film", _TITLE_KINDS[0][1]),
    ("project", _TITLE_KINDS[2][1]),
    ("event", _TITLE_KINDS[3][1]),
    ("course", _TITLE_KINDS[4][1]),
    ("task", _TITLE_KINDS[5][1]),
    (
        "review",
        "avaliacao avaliacoes review reviews feedback feedbacks depoimento depoimentos "
        "comentario comentarios comment comments",
    ),
    ("message", "mensagem mensagens message messages chat chats conversa"),
    ("bio", _PERSON),
    (
        "note",
        "pedido pedidos order orders venda vendas sale sales compra compras entrega "
        "entregas fatura faturas invoice invoices pagamento pagamentos",
    ),
)


def _kind_of(info: HeuristicInput, kinds: tuple[tuple[str, str], ...], default: str) -> str:
    for name, words in kinds:
        if set(info.table_tokens) & set(words.split()):
            return name
    return default


def _title(info: HeuristicInput) -> tuple[str, Params]:
    if set(info.table_tokens) & set(_PERSON.split()):
        return ("domain.crm.job_title", {}) if info.pt else ("semantic.company.profession", {})
    return "text.title", {"kind": _kind_of(info, _TITLE_KINDS, "article")}


#: Kinds of text told in one sentence (a plot, a bio, a message).
_ONE_SENTENCE = frozenset({"film", "bio", "message"})


def _sentences(kind: str, most: int) -> Params:
    return {"kind": kind, "max_sentences": 1 if kind in _ONE_SENTENCE else most}


def _paragraph(default: str, most: int) -> Pick:
    def make(info: HeuristicInput) -> tuple[str, Params]:
        return "text.paragraph", _sentences(_kind_of(info, _TEXT_KINDS, default), most)

    return make


def _any_text(info: HeuristicInput) -> tuple[str, Params]:
    """Words of the locale for a text column no rule explains: a title, or sentences when
    the column is long."""
    length = info.column.length
    if length is not None and length <= 80:
        return "text.title", {"kind": _kind_of(info, _TITLE_KINDS, "article")}
    return "text.paragraph", _sentences(_kind_of(info, _TEXT_KINDS, "generic"), 2)


def _short_job(info: HeuristicInput) -> tuple[str, Params]:
    pt = ["Analista", "Gerente", "Vendedor", "Assistente", "Coordenador", "Diretor",
          "Estagiário", "Supervisor", "Técnico", "Consultor"]  # fmt: skip
    en = ["Sales Representative", "Sales Manager", "Analyst", "Engineer", "Assistant",
          "Coordinator", "Director", "Intern", "Supervisor", "Consultant"]  # fmt: skip
    weights = [22, 12, 20, 12, 8, 3, 6, 7, 6, 4]
    values = pt if info.pt else en
    limit = info.column.length or 100
    kept = [(v, w) for v, w in zip(values, weights, strict=True) if len(v) <= limit]
    return "primitive.choice.weighted", {
        "values": [v for v, _ in kept],
        "weights": [w for _, w in kept],
    }


_CUSTOMERS = "cliente clientes customer customers client clients contato contatos lead leads"


def _note(info: HeuristicInput) -> tuple[str, Params]:
    kind = _kind_of(info, _TEXT_KINDS, "note")
    if kind in ("product", "film", "project", "event", "course") or (
        kind == "bio" and set(info.table_tokens) & set(_CUSTOMERS.split())
    ):
        kind = "note"
    return "text.paragraph", _sentences(kind, 2)


def _home(info: HeuristicInput) -> str:
    """The usual country of the plan's locale (one with places in the world list)."""
    from datalchemy.generators.semantic.places import world

    country = info.locale.split("_")[-1].upper() if "_" in info.locale else ""
    return country if country in world().countries else ("BR" if info.pt else "US")


def _place(part: str, br: tuple[str, Params] | None) -> Pick:
    """A world place part (``semantic.place.*``), or the Brazilian generator ``br`` for a
    Portuguese plan whose table has no country column."""

    def make(info: HeuristicInput) -> tuple[str, Params]:
        country = part == "country" or bool(info.sibling_tokens & {"pais", "country", "paises"})
        if info.pt and br is not None and not country:
            return br
        key = "home" if country else "country"
        return f"semantic.place.{part}", {key: _home(info)}

    return make


def _name_for(info: HeuristicInput) -> tuple[str, Params] | None:
    ent = _entity(info)
    titled = _kind_of(info, _TITLE_KINDS, "")
    if titled and titled != "article" and not ent & set(_PERSON.split()):
        return "text.title", {"kind": titled}
    if ent & set(_PERSON.split()):
        if info.sibling_tokens & {"sobrenome", "surname", "lastname", "last"}:
            return ("semantic.br.first_name", {}) if info.pt else ("semantic.person.first_name", {})
        return ("semantic.br.name", {}) if info.pt else ("semantic.person.name", {})
    if ent & set(_COMPANY.split()):
        return ("semantic.br.company.name", {}) if info.pt else ("semantic.company.name", {})
    if ent & set(_PRODUCT.split()):
        return "semantic.product.name", {}
    if ent & {"fonte", "fontes", "source", "sources", "origem", "origens", "canal", "canais"}:
        return "domain.crm.lead_source", {}
    if ent & {"etapa", "etapas", "stage", "stages", "fase", "fases"}:
        return "domain.crm.pipeline_stage", {}
    if ent & {"funil", "funis", "pipeline", "pipelines"}:
        return "domain.crm.pipeline_name", {}
    if ent & {"cidade", "cidades", "city", "cities", "municipio", "municipios"}:
        return _place("city", ("semantic.br.city", {}))(info)
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


def _phone(info: HeuristicInput) -> tuple[str, Params]:
    mobile = bool(set(info.tokens) & {"celular", "cel", "mobile", "cell", "whatsapp"})
    br: tuple[str, Params] = ("semantic.br.phone", {} if mobile else {"kind": "any"})
    return _place("phone", br)(info)


def _state(info: HeuristicInput) -> tuple[str, Params]:
    short = info.column.length is not None and info.column.length <= 3
    br: tuple[str, Params] = (
        "semantic.br.uf",
        {} if short or "uf" in info.tokens else {"full_name": False},
    )
    return _place("state_code" if short else "state", br)(info)


def _country(info: HeuristicInput) -> tuple[str, Params]:
    if info.column.length is not None and info.column.length <= 3:
        return _place("country_code", None)(info)
    return _place("country", None)(info)


def _postcode(info: HeuristicInput) -> tuple[str, Params]:
    length = info.column.length
    punctuated = length is not None and length >= 9
    return _place("postcode", ("semantic.br.cep", {"formatted": True} if punctuated else {}))(info)


def _cpf(info: HeuristicInput) -> tuple[str, Params]:
    length = info.column.length
    return "semantic.br.cpf", ({"formatted": True} if length is not None and length >= 14 else {})


def _cnpj(info: HeuristicInput) -> tuple[str, Params]:
    length = info.column.length
    return "semantic.br.cnpj", ({"formatted": True} if length is not None and length >= 18 else {})


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
    rule(TEXTY, "cpf", _cpf, 0.95, "a CPF (Brazilian taxpayer number; punctuated in char(14))"),
    rule(TEXTY, "cnpj", _cnpj, 0.95, "a CNPJ (Brazilian company number)"),
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
        _place("postcode", ("semantic.br.cep", {})),
        0.95,
        "a CEP (postcode)",
        when=lambda i: i.column.length is None or i.column.length != 9,
    ),
    rule(
        TEXTY,
        "cep",
        _postcode,
        0.95,
        "a CEP (postcode) punctuated to fill char(9)",
    ),
    rule(
        TEXTY,
        "zip zipcode postcode postal postalcode codigopostal",
        _postcode,
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
        _place("city", ("semantic.br.city", {})),
        0.9,
        "a city",
    ),
    rule(TEXTY, "uf", _state, 0.95, "a UF (Brazilian state code)"),
    rule(
        TEXTY,
        "estado state province provincia",
        _state,
        0.85,
        "a state next to address columns",
        when=lambda i: has_words(i, _ADDRESS + " cidade city"),
    ),
    rule(TEXTY, "estado state province provincia", _state, 0.6, "a state"),
    rule(TEXTY, "pais country nacionalidade nationality", _country, 0.85, "a country"),
    rule(TEXTY, "fuso fusohorario timezone tz zone", _place("timezone", None), 0.75, "a time zone"),
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
    rule(
        TEXTY,
        "titulo title headline manchete",
        _title,
        0.7,
        "a title of the table's kind (film, project, course, ...) in the locale's language",
    ),
    rule(
        TEXTY,
        "cargo profissao ocupacao funcao job jobtitle occupation profession titulo title",
        _short_job,
        0.6,
        "a job title that fits a short column",
        when=lambda i: (
            bool(set(i.table_tokens) & set(_PERSON.split()))
            or not {"title", "titulo"} & set(i.tokens)
        ),
    ),
    rule(
        TEXTY,
        "assunto subject tema topic",
        ("text.title", {"kind": "article"}),
        0.6,
        "a subject line",
    ),
    rule(
        TEXTY,
        "conteudo content texto text mensagem message corpo body",
        _paragraph("message", 3),
        0.6,
        "free text in the locale's language",
    ),
    rule(
        TEXTY,
        "observacao observacoes obs notas notes note anotacao anotacoes justificativa motivo "
        "reason comentario comentarios comment comments remarks",
        _note,
        0.65,
        "a note in the locale's language",
    ),
    rule(
        TEXTY,
        "avaliacao review depoimento testimonial feedback opiniao opinion",
        ("text.paragraph", {"kind": "review", "max_sentences": 2}),
        0.65,
        "a review",
    ),
    rule(
        TEXTY,
        "bio biografia sobre about perfil_texto",
        ("text.paragraph", {"kind": "bio", "max_sentences": 1}),
        0.65,
        "a short bio",
    ),
    rule(
        TEXTY,
        "descricao description desc detalhes details resumo summary sinopse synopsis",
        _paragraph("generic", 2),
        0.65,
        "a description of the table's kind of thing in the locale's language",
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
    *CATEGORY_RULES,
    # Any other text column: words of the locale, never Latin filler (short fixed-width codes
    # keep the type default's letters).
    NameRule(
        TEXTY,
        frozenset(),
        ("",),
        _any_text,
        0.25,
        "words of the locale (no rule explains the name)",
        lambda i: not (i.column.length is not None and i.column.length <= 8),
    ),
)
