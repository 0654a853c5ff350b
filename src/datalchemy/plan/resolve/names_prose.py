"""Name rules for prose: titles, descriptions, notes, reviews, messages and bios in the locale's
language (:data:`PROSE_RULES`), the catch-all for text no rule explains (:data:`ANY_TEXT`), and
the table words the text rules share.

The table says what kind of text a column holds: a ``titulo`` of ``filmes`` is a film title, a
``descricao`` of ``produtos`` a product description, the ``notes`` of ``employees`` a bio.

Example:
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> col = Column(ordinal=1, name="titulo", declared_type="text", family=TypeFamily.TEXT,
    ...              nullable=False)
    >>> kind_of(HeuristicInput(col, "filmes"), TITLE_KINDS, "article")
    'film'
"""

from __future__ import annotations

from datalchemy.plan.resolve.names import TEXTY, HeuristicInput, NameRule, Params, Pick, rule

__all__ = [
    "ADDRESS_WORDS",
    "ANY_TEXT",
    "COMPANY_WORDS",
    "PERSON_WORDS",
    "PRODUCT_WORDS",
    "PROSE_RULES",
    "TEXT_KINDS",
    "TITLE_KINDS",
    "kind_of",
]

ADDRESS_WORDS = "logradouro rua endereco street address cep bairro zip complemento avenida"
PERSON_WORDS = (
    "usuario usuarios cliente clientes contato contatos pessoa pessoas funcionario "
    "funcionarios colaborador colaboradores vendedor vendedores aluno alunos paciente pacientes "
    "motorista motoristas medico medicos professor professores responsavel titular "
    "representante user users customer customers client clients contact contacts person "
    "people employee employees member members author authors student students patient "
    "patients driver drivers usuarios_sistema socio socios"
)
COMPANY_WORDS = (
    "empresa empresas companhia companhias fornecedor fornecedores organizacao organizacoes "
    "company companies supplier suppliers vendor vendors organization organizations parceiro "
    "parceiros partner partners loja lojas store stores marca marcas brand brands"
)
PRODUCT_WORDS = "produto produtos product products mercadoria mercadorias servico servicos"


#: Table words -> the kind of title a ``titulo`` / ``title`` / ``nome`` column holds.
TITLE_KINDS: tuple[tuple[str, str], ...] = (
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
TEXT_KINDS: tuple[tuple[str, str], ...] = (
    ("product", PRODUCT_WORDS + " item itens items sku skus mercadoria catalogo catalog"),
    ("film", TITLE_KINDS[0][1]),
    ("project", TITLE_KINDS[2][1]),
    ("event", TITLE_KINDS[3][1]),
    ("course", TITLE_KINDS[4][1]),
    ("task", TITLE_KINDS[5][1]),
    (
        "review",
        "avaliacao avaliacoes review reviews feedback feedbacks depoimento depoimentos "
        "comentario comentarios comment comments",
    ),
    ("message", "mensagem mensagens message messages chat chats conversa"),
    ("bio", PERSON_WORDS),
    (
        "note",
        "pedido pedidos order orders venda vendas sale sales compra compras entrega "
        "entregas fatura faturas invoice invoices pagamento pagamentos",
    ),
)


def kind_of(info: HeuristicInput, kinds: tuple[tuple[str, str], ...], default: str) -> str:
    for name, words in kinds:
        if set(info.table_tokens) & set(words.split()):
            return name
    return default


def _title(info: HeuristicInput) -> tuple[str, Params]:
    if set(info.table_tokens) & set(PERSON_WORDS.split()):
        return ("domain.crm.job_title", {}) if info.pt else ("semantic.company.profession", {})
    return "text.title", {"kind": kind_of(info, TITLE_KINDS, "article")}


#: Kinds of text told in one sentence (a plot, a bio, a message).
_ONE_SENTENCE = frozenset({"film", "bio", "message"})


def _sentences(kind: str, most: int) -> Params:
    return {"kind": kind, "max_sentences": 1 if kind in _ONE_SENTENCE else most}


def _paragraph(default: str, most: int) -> Pick:
    def make(info: HeuristicInput) -> tuple[str, Params]:
        return "text.paragraph", _sentences(kind_of(info, TEXT_KINDS, default), most)

    return make


def _any_text(info: HeuristicInput) -> tuple[str, Params]:
    """Words of the locale for a text column no rule explains: a title, or sentences when
    the column is long."""
    length = info.column.length
    if length is not None and length <= 80:
        return "text.title", {"kind": kind_of(info, TITLE_KINDS, "article")}
    return "text.paragraph", _sentences(kind_of(info, TEXT_KINDS, "generic"), 2)


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
    kind = kind_of(info, TEXT_KINDS, "note")
    if kind in ("product", "film", "project", "event", "course") or (
        kind == "bio" and set(info.table_tokens) & set(_CUSTOMERS.split())
    ):
        kind = "note"
    return "text.paragraph", _sentences(kind, 2)


PROSE_RULES: tuple[NameRule, ...] = (
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
            bool(set(i.table_tokens) & set(PERSON_WORDS.split()))
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
)

#: Any other text column: words of the locale, never Latin filler (short fixed-width codes keep
#: the type default's letters).
ANY_TEXT = NameRule(
    TEXTY,
    frozenset(),
    ("",),
    _any_text,
    0.25,
    "words of the locale (no rule explains the name)",
    lambda i: not (i.column.length is not None and i.column.length <= 8),
)
