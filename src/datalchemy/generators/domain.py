"""``domain.*``: CRM, finance and logistics packs (Brazilian flavour).

Three kinds of generator live here:

- **Label lists** (:class:`LabelPick` subclasses): a fixed list of labels picked with realistic
  weights (``uniform: true`` picks them evenly, as the original did). The 12 original IDs keep
  their exact value lists, so they still satisfy the CRM fixture's enums and CHECKs
  (``crm.status_lead``, ``crm.status_fatura``, ``crm.status_tarefa``, ``atividades_tipo_chk``).
  The value space is the number of labels, so a UNIQUE column (``fontes_lead.nome``) gets
  distinct labels by construction.
- **Codes with check digits**: bank agency and account numbers (mod 11), card numbers (Luhn, real
  IIN prefixes), boleto digitable lines (mod 10 fields, mod 11 general digit) and Correios
  tracking codes (UPU S10, weights 8,6,4,2,3,5,9,7). All are built as ASCII digit matrices with
  NumPy; codes with a finite space (cards, tracking codes, agencies, accounts) are unique by
  construction.
- **Quantities**: deal values, installments, parcel weights and dimensions.

Example:
    >>> import numpy as np
    >>> ctx = GenContext.for_column(seed=1, table="crm.leads", column="status")
    >>> gen = LeadStage()
    >>> gen.generate(ctx, gen.parse_params(None), np.arange(4)).to_pylist()  # doctest: +SKIP
    ['novo', 'qualificado', 'novo', 'perdido']
"""

from __future__ import annotations

import itertools
import unicodedata
from datetime import date
from functools import cached_property
from typing import ClassVar, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators._arrow import (
    ascii_digits,
    decimals_from_unscaled,
    digit_matrix,
    int_strings,
    join,
    strings_from_matrix,
    take,
    vocabulary,
)
from datalchemy.generators.base import TEXTUAL, GenContext, Generator, NoParams, Params, Rows
from datalchemy.generators.registry import register

__all__ = [
    "ActivityType",
    "BankAccount",
    "BankAgency",
    "BankCode",
    "BoletoLine",
    "CardNumber",
    "Carrier",
    "DealValue",
    "DimensionsCm",
    "FinanceCategory",
    "Installments",
    "InvoiceStatus",
    "JobTitle",
    "LabelPick",
    "LeadSource",
    "LeadStage",
    "PaymentMethod",
    "PipelineName",
    "PipelineStage",
    "ShipmentStatus",
    "TaskStatus",
    "TrackingCode",
    "TransactionType",
    "WeightKg",
    "ascii_fold",
    "luhn_check_digit",
]

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

_ENUM_FITS = TEXTUAL | {TypeFamily.ENUM}
_MONEY_FITS = frozenset({TypeFamily.DECIMAL, TypeFamily.FLOAT, TypeFamily.MONEY})


def ascii_fold(text: str) -> str:
    """``"Indicação"`` → ``"Indicacao"``: drop accents (NFKD, then keep ASCII)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


# --------------------------------------------------------------------------------------------
# Label lists
# --------------------------------------------------------------------------------------------


class ChoiceParams(Params):
    uniform: bool = Field(
        False, description="Pick every label with the same probability (the original's behaviour)."
    )


class LabelParams(ChoiceParams):
    ascii: bool = Field(False, description="Drop accents (`Indicação` becomes `Indicacao`).")


class LabelPick(Generator[ChoiceParams]):
    """A pick from ``labels`` with ``weights`` (or uniform); value space = number of labels.

    Subclasses set ``id``, ``summary``, ``labels`` and optionally ``weights``.
    """

    params_model = ChoiceParams
    output = TypeFamily.TEXT
    fits = TEXTUAL
    labels: ClassVar[tuple[str, ...]] = ()
    #: Relative frequencies, aligned with ``labels``; None means uniform.
    weights: ClassVar[tuple[float, ...] | None] = None

    @cached_property
    def _vocab(self) -> pa.Array:
        return vocabulary(self.labels)

    @cached_property
    def _vocab_ascii(self) -> pa.Array:
        return vocabulary([ascii_fold(s) for s in self.labels])

    def _vocabulary(self, params: ChoiceParams) -> pa.Array:
        return self._vocab_ascii if getattr(params, "ascii", False) else self._vocab

    def pick(self, ctx: GenContext, params: ChoiceParams, rows: Rows) -> I64:
        """Label indices for ``rows`` (weighted unless ``uniform``)."""
        stream = ctx.stream(self.id, params)
        if params.uniform or self.weights is None:
            return stream.choice(rows, len(self.labels))
        return stream.weighted(rows, self.weights)

    def generate(self, ctx: GenContext, params: ChoiceParams, rows: Rows) -> pa.Array:
        return take(self._vocabulary(params), self.pick(ctx, params, rows))

    def value_space(self, ctx: GenContext, params: ChoiceParams) -> int | None:
        return len(self.labels)

    def from_index(self, ctx: GenContext, params: ChoiceParams, idx: U64) -> pa.Array:
        return take(self._vocabulary(params), idx.astype(np.int64))


# ---- CRM ------------------------------------------------------------------------------------


@register
class LeadStage(LabelPick):
    """``novo`` / ``qualificado`` / ``perdido`` (enum ``crm.status_lead``)."""

    id = "domain.crm.lead_stage"
    summary = "Lead status: novo, qualificado, perdido (enum crm.status_lead)."
    fits = _ENUM_FITS
    labels = ("novo", "qualificado", "perdido")
    weights = (50.0, 30.0, 20.0)


@register
class ActivityType(LabelPick):
    """``tarefa`` / ``reuniao`` / ``anotacao`` (CHECK ``atividades_tipo_chk``)."""

    id = "domain.crm.activity_type"
    summary = "Activity type: tarefa, reuniao, anotacao (CHECK atividades_tipo_chk)."
    fits = _ENUM_FITS
    labels = ("tarefa", "reuniao", "anotacao")
    weights = (45.0, 25.0, 30.0)


@register
class TaskStatus(LabelPick):
    """``aberta``, ``em_andamento``, ``concluida``, ``cancelada`` (enum ``crm.status_tarefa``)."""

    id = "domain.crm.task_status"
    summary = "Task status: aberta, em_andamento, concluida, cancelada (enum crm.status_tarefa)."
    fits = _ENUM_FITS
    labels = ("aberta", "em_andamento", "concluida", "cancelada")
    weights = (30.0, 20.0, 45.0, 5.0)


@register
class PipelineName(LabelPick):
    """The original's three pipeline names (uniform)."""

    id = "domain.crm.pipeline_name"
    summary = "Pipeline name: Prospeccao, Qualificacao, Fechamento."
    labels = ("Prospeccao", "Qualificacao", "Fechamento")


@register
class LeadSource(LabelPick):
    """Where a lead came from, in pt-BR (``Site``, ``Indicação``, ``Google Ads``, ...)."""

    id = "domain.crm.lead_source"
    summary = "Lead source in pt-BR: Site, Indicação, Google Ads, LinkedIn, WhatsApp, ..."
    params_model = LabelParams
    labels = (
        "Site",
        "Indicação",
        "Google Ads",
        "Meta Ads",
        "Instagram",
        "LinkedIn",
        "WhatsApp",
        "E-mail marketing",
        "Busca orgânica",
        "Chat do site",
        "Prospecção ativa",
        "Telefone",
        "Evento",
        "Feira de negócios",
        "Webinar",
        "Material rico",
        "Parceiro",
        "Cliente existente",
        "YouTube",
        "TikTok",
        "Marketplace",
        "Imprensa",
        "Outros",
    )
    weights = (
        16.0, 14.0, 10.0, 8.0, 6.0, 6.0, 7.0, 5.0, 6.0, 3.0, 5.0, 2.0, 2.0, 1.5, 1.5, 2.0, 2.0,
        1.5, 0.8, 0.7, 0.5, 0.3, 1.0,
    )  # fmt: skip


@register
class JobTitle(LabelPick):
    """Job titles in pt-BR (contacts' ``cargo``)."""

    id = "domain.crm.job_title"
    summary = "Job title in pt-BR: Gerente de Compras, Diretor de TI, Analista Financeiro, ..."
    params_model = LabelParams
    labels = (
        "Diretor Executivo (CEO)",
        "Diretor Financeiro (CFO)",
        "Diretor de Tecnologia (CTO)",
        "Diretor de Operações (COO)",
        "Diretor Comercial",
        "Diretor de Marketing",
        "Diretor de TI",
        "Diretor de Recursos Humanos",
        "Diretor Jurídico",
        "Sócio-Diretor",
        "Gerente Geral",
        "Gerente de Compras",
        "Gerente Comercial",
        "Gerente de Vendas",
        "Gerente de Contas",
        "Gerente de Marketing",
        "Gerente Financeiro",
        "Gerente de TI",
        "Gerente de Projetos",
        "Gerente de Produto",
        "Gerente de Operações",
        "Gerente de Logística",
        "Gerente de RH",
        "Gerente Administrativo",
        "Gerente de Suprimentos",
        "Gerente de Qualidade",
        "Gerente de Atendimento",
        "Coordenador de Compras",
        "Coordenador Comercial",
        "Coordenador de Marketing",
        "Coordenador Financeiro",
        "Coordenador de TI",
        "Coordenador de Logística",
        "Coordenador de RH",
        "Supervisor de Vendas",
        "Supervisor de Produção",
        "Supervisor Administrativo",
        "Analista de Compras",
        "Analista Comercial",
        "Analista de Marketing",
        "Analista Financeiro",
        "Analista Contábil",
        "Analista Fiscal",
        "Analista de Sistemas",
        "Analista de Dados",
        "Analista de Suporte",
        "Analista de RH",
        "Analista de Logística",
        "Analista de Qualidade",
        "Analista de Negócios",
        "Desenvolvedor de Software",
        "Engenheiro de Software",
        "Engenheiro de Dados",
        "Engenheiro de Produção",
        "Engenheiro Civil",
        "Arquiteto de Soluções",
        "Cientista de Dados",
        "Designer de Produto",
        "Consultor de Vendas",
        "Consultor Técnico",
        "Executivo de Contas",
        "Representante Comercial",
        "Vendedor",
        "Comprador",
        "Contador",
        "Controller",
        "Tesoureiro",
        "Advogado",
        "Assistente Administrativo",
        "Assistente Financeiro",
        "Assistente de Compras",
        "Auxiliar Administrativo",
        "Secretária Executiva",
        "Recepcionista",
        "Especialista em Customer Success",
        "Especialista em Tributos",
        "Técnico de Manutenção",
        "Técnico de Segurança do Trabalho",
        "Estagiário",
        "Proprietário",
    )


# Win probability (percent) of each stage, aligned with PipelineStage.labels.
_STAGE_PROBABILITY = (10, 20, 30, 40, 50, 70, 90, 100, 0)


class PipelineStageParams(LabelParams):
    output: Literal["name", "probability"] = Field(
        "name", description="`name` (text) or the stage's win `probability` (decimal percent)."
    )


@register
class PipelineStage(LabelPick):
    """Sales pipeline stages with their win probabilities (``Proposta`` = 50%).

    ``output: probability`` emits a stage's probability as a ``decimal(…, 2)`` percent (for
    ``etapas_funil.probabilidade``). To keep a row's name and probability together, generate the
    name and derive the probability from it with ``derive.map``.
    """

    id = "domain.crm.pipeline_stage"
    summary = "Sales pipeline stage (pt-BR) or its win probability in percent."
    params_model = PipelineStageParams
    fits = TEXTUAL | {TypeFamily.DECIMAL, TypeFamily.FLOAT, TypeFamily.INTEGER}
    labels = (
        "Prospecção",
        "Qualificação",
        "Diagnóstico",
        "Apresentação",
        "Proposta",
        "Negociação",
        "Fechamento",
        "Ganho",
        "Perdido",
    )
    weights = (22.0, 18.0, 13.0, 11.0, 10.0, 8.0, 5.0, 6.0, 7.0)

    @cached_property
    def _probabilities(self) -> pa.Array:
        return decimals_from_unscaled(np.array(_STAGE_PROBABILITY, dtype=np.int64) * 100, 2)

    def _vocabulary(self, params: ChoiceParams) -> pa.Array:
        if isinstance(params, PipelineStageParams) and params.output == "probability":
            return self._probabilities
        return super()._vocabulary(params)

    def output_family(self, params: ChoiceParams) -> TypeFamily:
        if isinstance(params, PipelineStageParams) and params.output == "probability":
            return TypeFamily.DECIMAL
        return self.output


# ---- finance --------------------------------------------------------------------------------


@register
class TransactionType(LabelPick):
    id = "domain.finance.transaction_type"
    summary = "Transaction type: debito, credito, pix."
    labels = ("debito", "credito", "pix")
    weights = (30.0, 25.0, 45.0)


@register
class PaymentMethod(LabelPick):
    id = "domain.finance.payment_method"
    summary = "Payment method: cartao_credito, cartao_debito, pix, boleto, transferencia."
    labels = ("cartao_credito", "cartao_debito", "pix", "boleto", "transferencia")
    weights = (35.0, 15.0, 30.0, 15.0, 5.0)


@register
class InvoiceStatus(LabelPick):
    """``aberta`` / ``paga`` / ``cancelada`` (enum ``crm.status_fatura``)."""

    id = "domain.finance.invoice_status"
    summary = "Invoice status: aberta, paga, cancelada (enum crm.status_fatura)."
    fits = _ENUM_FITS
    labels = ("aberta", "paga", "cancelada")
    weights = (22.0, 70.0, 8.0)


@register
class FinanceCategory(LabelPick):
    id = "domain.finance.category"
    summary = "Spending / income category: alimentacao, transporte, moradia, saude, ..."
    labels = (
        "alimentacao",
        "transporte",
        "moradia",
        "saude",
        "educacao",
        "lazer",
        "vestuario",
        "servicos",
        "impostos",
        "salario",
        "investimentos",
        "transferencia",
        "outros",
    )
    weights = (18.0, 12.0, 14.0, 7.0, 5.0, 7.0, 5.0, 9.0, 4.0, 6.0, 3.0, 6.0, 4.0)


# COMPE code, name, relative weight (roughly by number of accounts).
_BANKS: tuple[tuple[str, str, float], ...] = (
    ("001", "Banco do Brasil", 14.0),
    ("033", "Santander", 8.0),
    ("104", "Caixa Econômica Federal", 14.0),
    ("237", "Bradesco", 11.0),
    ("341", "Itaú Unibanco", 11.0),
    ("260", "Nu Pagamentos (Nubank)", 12.0),
    ("077", "Banco Inter", 5.0),
    ("336", "Banco C6", 3.0),
    ("290", "PagSeguro (PagBank)", 3.0),
    ("323", "Mercado Pago", 3.0),
    ("380", "PicPay", 2.0),
    ("748", "Sicredi", 2.5),
    ("756", "Sicoob", 2.5),
    ("041", "Banrisul", 1.5),
    ("070", "BRB - Banco de Brasília", 0.8),
    ("004", "Banco do Nordeste", 0.8),
    ("003", "Banco da Amazônia", 0.4),
    ("021", "Banestes", 0.4),
    ("037", "Banpará", 0.4),
    ("047", "Banese", 0.3),
    ("208", "BTG Pactual", 0.8),
    ("212", "Banco Original", 0.6),
    ("422", "Banco Safra", 0.8),
    ("623", "Banco Pan", 0.8),
    ("655", "Banco Votorantim (BV)", 0.6),
    ("318", "Banco BMG", 0.5),
    ("121", "Agibank", 0.5),
    ("197", "Stone", 0.5),
    ("403", "Cora", 0.3),
    ("218", "Banco BS2", 0.2),
    ("246", "Banco ABC Brasil", 0.2),
    ("389", "Banco Mercantil do Brasil", 0.3),
    ("707", "Banco Daycoval", 0.2),
    ("745", "Citibank", 0.2),
    ("136", "Unicred", 0.3),
    ("085", "Ailos", 0.3),
    ("069", "Banco Crefisa", 0.2),
    ("074", "Banco J. Safra", 0.1),
    ("025", "Banco Alfa", 0.1),
    ("637", "Banco Sofisa", 0.1),
    ("612", "Banco Guanabara", 0.1),
    ("604", "Banco Industrial do Brasil", 0.1),
    ("364", "Efí (Gerencianet)", 0.2),
    ("332", "Acesso Soluções de Pagamento", 0.2),
    ("479", "Banco ItaúBank", 0.1),
    ("394", "Banco Bradesco Financiamentos", 0.1),
)


class BankParams(LabelParams):
    output: Literal["code", "name", "code_name"] = Field(
        "code", description="`code` (`341`), `name` (`Itaú Unibanco`) or `code_name` (`341 - ...`)."
    )


@register
class BankCode(LabelPick):
    """Real Brazilian COMPE bank codes (``001`` Banco do Brasil, ``341`` Itaú, ``260`` Nu, ...)."""

    id = "domain.finance.bank_code"
    summary = "Brazilian bank (COMPE code, name, or both), weighted by customer base."
    params_model = BankParams
    labels = tuple(code for code, _, _ in _BANKS)
    weights = tuple(w for _, _, w in _BANKS)

    @cached_property
    def _by_output(self) -> dict[tuple[str, bool], pa.Array]:
        out: dict[tuple[str, bool], pa.Array] = {}
        for fold in (False, True):
            names = [ascii_fold(n) if fold else n for _, n, _ in _BANKS]
            out["code", fold] = vocabulary([c for c, _, _ in _BANKS])
            out["name", fold] = vocabulary(names)
            out["code_name", fold] = vocabulary(
                [f"{c} - {n}" for (c, _, _), n in zip(_BANKS, names, strict=True)]
            )
        return out

    def _vocabulary(self, params: ChoiceParams) -> pa.Array:
        assert isinstance(params, BankParams)
        return self._by_output[params.output, params.ascii]


class _CodeParams(Params):
    formatted: bool = Field(True, description="Separate the check digit with `-` (`1234-5`).")


def _mod11_weighted(digits: npt.NDArray[np.uint8], weights: npt.ArrayLike) -> I64:
    total = (digits.astype(np.int64) * np.asarray(weights, dtype=np.int64)).sum(axis=1)
    return np.asarray(total % 11, dtype=np.int64)


def _with_check_char(body: pa.Array, check: pa.Array, formatted: bool) -> pa.Array:
    return join([body, "-" if formatted else "", check])


@register
class BankAgency(Generator[_CodeParams]):
    """Agency number: 4 digits and a mod-11 check digit (weights 5,4,3,2; 10 → ``X``).

    Example: ``1234-3``. The value space is the 9,999 agency numbers ``0001`` to ``9999``.
    """

    id = "domain.finance.agency"
    summary = "Bank agency: 4 digits + mod-11 check digit (`1234-3`)."
    params_model = _CodeParams
    pii = frozenset({"pii.bank_account"})

    def generate(self, ctx: GenContext, params: _CodeParams, rows: Rows) -> pa.Array:
        number = ctx.stream(self.id, params).integers(rows, 0, 9998)
        return self._build(number.astype(np.uint64), params)

    def value_space(self, ctx: GenContext, params: _CodeParams) -> int | None:
        return 9999

    def from_index(self, ctx: GenContext, params: _CodeParams, idx: U64) -> pa.Array:
        return self._build(idx, params)

    @staticmethod
    def _build(idx: U64, params: _CodeParams) -> pa.Array:
        number = idx + np.uint64(1)
        digits = digit_matrix(number, 4)
        dv = 11 - _mod11_weighted(digits, (5, 4, 3, 2))  # 1..11
        check = take(vocabulary(["", "1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0"]), dv)
        return _with_check_char(strings_from_matrix(digits + np.uint8(48)), check, params.formatted)


class AccountParams(_CodeParams):
    digits: int = Field(5, ge=4, le=12, description="Digits before the check digit.")


@register
class BankAccount(Generator[AccountParams]):
    """Account number with a mod-11 check digit (weights 2..9 from the right; 10 and 11 → 0).

    Example: ``12345-6``. The value space is ``10**digits``.
    """

    id = "domain.finance.account"
    summary = "Bank account number with a mod-11 check digit (`12345-6`)."
    params_model = AccountParams
    pii = frozenset({"pii.bank_account"})

    def generate(self, ctx: GenContext, params: AccountParams, rows: Rows) -> pa.Array:
        number = ctx.stream(self.id, params).integers(rows, 0, 10**params.digits - 1)
        return self._build(number.astype(np.uint64), params)

    def value_space(self, ctx: GenContext, params: AccountParams) -> int | None:
        return int(10**params.digits)

    def from_index(self, ctx: GenContext, params: AccountParams, idx: U64) -> pa.Array:
        return self._build(idx, params)

    @staticmethod
    def _build(number: U64, params: AccountParams) -> pa.Array:
        digits = digit_matrix(number, params.digits)
        weights = [2 + (i % 8) for i in range(params.digits)][::-1]  # 2..9 from the right
        dv = 11 - _mod11_weighted(digits, weights)
        dv[dv >= 10] = 0
        body = strings_from_matrix(digits + np.uint8(48))
        if not params.formatted:
            return strings_from_matrix(
                np.concatenate([digits, dv[:, None].astype(np.uint8)], 1) + 48
            )
        return join([body, "-", int_strings(dv)])


# ---- cards ----------------------------------------------------------------------------------


def _ranges(spec: str) -> list[str]:
    """``"51-55 2221"`` → ``["51", ..., "55", "2221"]``."""
    out: list[str] = []
    for span in spec.split():
        lo, _, hi = span.partition("-")
        out += [str(p) for p in range(int(lo), int(hi or lo) + 1)]
    return out


#: Elo IIN ranges outside Visa's 4 (from the published Elo BIN table).
_ELO_IINS = (
    "504175 506699-506778 509000-509999 627780 636297 636368 650031-650033 650035-650051 "
    "650405-650439 650485-650538 650541-650598 650700-650718 650720-650727 650901-650920 "
    "651652-651679 655000-655019 655021-655058"
)


#: Real IIN prefixes by brand: (prefixes, card length). Within a length the prefixes are
#: prefix-free, so distinct (prefix, body) pairs give distinct numbers. Elo's co-branded ranges
#: that start with 4 are left out because they would overlap Visa's ``4``.
_CARD_IINS: dict[str, tuple[list[str], int]] = {
    "visa": (["4"], 16),
    "mastercard": (_ranges("51-55 2221-2720"), 16),
    "elo": (_ranges(_ELO_IINS), 16),
    "amex": (["34", "37"], 15),
}
_BRANDS = ("visa", "mastercard", "elo", "amex")
#: Share of each brand in ``brand: any`` (Brazilian market, roughly).
_BRAND_WEIGHTS = (0.35, 0.45, 0.15, 0.05)


class _IinTable:
    """Prefixes of one or more brands with the cumulative sizes of their number spaces."""

    def __init__(self, brands: tuple[str, ...]) -> None:
        prefixes: list[int] = []
        body_digits: list[int] = []
        lengths: list[int] = []
        for brand in brands:
            plist, length = _CARD_IINS[brand]
            for p in plist:
                prefixes.append(int(p))
                body_digits.append(length - len(p) - 1)
                lengths.append(length)
        self.prefix = np.array(prefixes, dtype=np.uint64)
        self.body_digits = np.array(body_digits, dtype=np.int64)
        self.length = np.array(lengths, dtype=np.int64)
        self.scale = np.array([10**d for d in body_digits], dtype=np.uint64)
        sizes = [10**d for d in body_digits]
        self.starts = np.array([0, *itertools.accumulate(sizes)][:-1], dtype=np.uint64)
        self.size = sum(sizes)

    def numbers(self, idx: U64) -> pa.Array:
        entry = np.searchsorted(self.starts, idx, side="right") - 1
        body = idx - self.starts[entry]
        payload = self.prefix[entry] * self.scale[entry] + body
        digits = np.empty((idx.shape[0], 16), dtype=np.uint8)
        digits[:, :15] = _digits15(payload)
        digits[:, 15] = _luhn_from_digits(digits[:, :15])
        digits += np.uint8(48)
        return _right_aligned(digits, self.length[entry])


_LUHN_DOUBLE = np.array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9], dtype=np.uint8)


def _digits15(values: U64) -> npt.NDArray[np.uint8]:
    """Digits of values below 10**15, in two 32-bit halves (32-bit division is much faster)."""
    hi = (values // np.uint64(10**8)).astype(np.uint32)
    lo = (values % np.uint64(10**8)).astype(np.uint32)
    out = np.empty((values.shape[0], 15), dtype=np.uint8)
    ten = np.uint32(10)
    for col, part, width in ((7, lo, 8), (0, hi, 7)):
        for j in range(width - 1, -1, -1):
            out[:, col + j] = part % ten
            part = part // ten
    return out


def _luhn_from_digits(d: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """Luhn check digit of payload digit rows (most significant first)."""
    total = _LUHN_DOUBLE[d[:, -1::-2]].sum(axis=1, dtype=np.int64)
    total += d[:, -2::-2].sum(axis=1, dtype=np.int64)
    return np.asarray((10 - total % 10) % 10, dtype=np.uint8)


def luhn_check_digit(payload: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """The Luhn digit to append to each payload (up to 18 digits).

    Example:
        >>> luhn_check_digit([411111111111111]).tolist()
        [1]
    """
    # the rightmost payload digit is doubled
    return _luhn_from_digits(digit_matrix(payload, 18)).astype(np.int64)


def _right_aligned(matrix: npt.NDArray[np.uint8], lengths: I64) -> pa.Array:
    """Strings made of the last ``lengths[i]`` bytes of row ``i`` of an ASCII matrix."""
    n, width = matrix.shape
    keep = np.arange(width)[None, :] >= (width - lengths)[:, None]
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    data = np.ascontiguousarray(matrix)[keep]
    return pa.StringArray.from_buffers(
        n, pa.py_buffer(offsets.tobytes()), pa.py_buffer(data.tobytes())
    )


class CardParams(Params):
    brand: Literal["visa", "mastercard", "elo", "amex", "any"] = Field(
        "any", description="Card brand; `any` mixes them by Brazilian market share."
    )


@register
class CardNumber(Generator[CardParams]):
    """Card numbers valid under Luhn, with real IIN prefixes (Visa 4, Mastercard 51-55 and
    2221-2720, Elo 5067/509/6362/650..., Amex 34/37 with 15 digits).

    Unique by construction: ``from_index`` enumerates (prefix, body) pairs of the brand(s).
    """

    id = "domain.finance.card_number"
    summary = "Credit card number (Luhn-valid, real IIN prefixes by brand)."
    params_model = CardParams
    pii = frozenset({"pii.card"})

    @cached_property
    def _tables(self) -> dict[str, _IinTable]:
        tables = {b: _IinTable((b,)) for b in _BRANDS}
        tables["any"] = _IinTable(_BRANDS)
        return tables

    def generate(self, ctx: GenContext, params: CardParams, rows: Rows) -> pa.Array:
        stream = ctx.stream(self.id, params)
        if params.brand != "any":
            table = self._tables[params.brand]
            return table.numbers(stream.integers(rows, 0, table.size - 1).astype(np.uint64))
        # Pick a brand by market share, then a uniform number of that brand.
        brand = stream.sub("brand").weighted(rows, _BRAND_WEIGHTS)
        words = stream.sub("body").words(rows)
        sizes = np.array([self._tables[b].size for b in _BRANDS], dtype=np.uint64)
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.uint64)
        idx = offsets[brand] + words % sizes[brand]
        return self._tables["any"].numbers(idx)

    def value_space(self, ctx: GenContext, params: CardParams) -> int | None:
        return int(self._tables[params.brand].size)

    def from_index(self, ctx: GenContext, params: CardParams, idx: U64) -> pa.Array:
        return self._tables[params.brand].numbers(idx.astype(np.uint64))


# ---- boleto ---------------------------------------------------------------------------------

#: Day 1000 of the due-date factor: factor 1000 was 1997-10-07 + 1000 days; it reached 9999 on
#: 2025-02-21 and restarted at 1000 on 2025-02-22 (FEBRABAN rule), then cycles every 9000 days.
_BOLETO_BASE = date(1997, 10, 7)


def boleto_due_factor(days_since_base: npt.ArrayLike) -> I64:
    """The 4-digit due-date factor for days since 1997-10-07 (with the 2025 restart)."""
    d = np.asarray(days_since_base, dtype=np.int64)
    return np.where(d > 9999, (d - 10000) % 9000 + 1000, np.maximum(d, 0))


def _mod10_field(digits: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """Mod-10 check digit of a field (weights 2,1,2,1... from the right, products' digits
    summed): the Luhn rule."""
    return _luhn_from_digits(digits)


def _mod11_barcode(digits: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """General check digit of the 43 barcode digits (weights 2..9 from the right; 0/10/11 → 1)."""
    weights = np.resize(np.arange(2, 10), digits.shape[1])[::-1].astype(np.float32)
    # NOTE: float32 matmul is exact here (sums stay below 2**24) and runs in BLAS.
    total = (digits.astype(np.float32) @ weights).astype(np.int64)
    dv = 11 - total % 11
    return np.asarray(np.where(dv >= 10, 1, dv), dtype=np.uint8)


class BoletoParams(Params):
    bank_code: str | None = Field(
        None, pattern=r"^\d{3}$", description="COMPE code of the bank; default: weighted pick."
    )
    min_amount: float = Field(10.0, ge=0, le=99_999_999.99, description="Smallest amount (BRL).")
    max_amount: float = Field(5000.0, ge=0, le=99_999_999.99, description="Largest amount (BRL).")
    min_due_days: int = Field(0, ge=-3650, le=3650, description="Earliest due date, base_date + N.")
    max_due_days: int = Field(30, ge=-3650, le=3650, description="Latest due date, base_date + N.")
    formatted: bool = Field(False, description="`00190.00009 01234.567891 ...` instead of digits.")

    @model_validator(mode="after")
    def _ranges(self) -> BoletoParams:
        if self.min_amount > self.max_amount:
            raise ValueError("min_amount must be <= max_amount")
        if self.min_due_days > self.max_due_days:
            raise ValueError("min_due_days must be <= max_due_days")
        return self


@register
class BoletoLine(Generator[BoletoParams]):
    """A 47-digit boleto "linha digitável" with valid field digits (mod 10) and general digit
    (mod 11), for a bank, an amount and a due-date factor counted from ``ctx.base_date``.

    Layout: ``BBBMC.CCCCD CCCCC.CCCCCD CCCCC.CCCCCD K FFFFVVVVVVVVVV`` (bank, currency 9, free
    field, field digits, general digit, due factor, amount in cents).
    """

    id = "domain.finance.boleto_line"
    summary = "Boleto digitable line (47 digits, valid mod-10 and mod-11 check digits)."
    params_model = BoletoParams

    def generate(self, ctx: GenContext, params: BoletoParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        n = rows.shape[0]
        if params.bank_code is not None:
            bank = np.full(n, int(params.bank_code), dtype=np.int64)
        else:
            codes = np.array([int(c) for c, _, _ in _BANKS], dtype=np.int64)
            bank = codes[s.sub("bank").weighted(rows, [w for _, _, w in _BANKS])]
        lo, hi = round(params.min_amount * 100), round(params.max_amount * 100)
        amount = s.sub("amount").integers(rows, lo, hi)
        days = s.sub("due").integers(rows, params.min_due_days, params.max_due_days)
        factor = boleto_due_factor(days + (ctx.base_date - _BOLETO_BASE).days)
        # barcode: bank(3) 9 DV factor(4) amount(10) free(25); the DV is computed last
        code = np.empty((n, 44), dtype=np.uint8)
        code[:, 0:3] = digit_matrix(bank, 3)
        code[:, 3] = 9
        code[:, 5:9] = digit_matrix(factor, 4)
        code[:, 9:19] = _digits15(amount.astype(np.uint64))[:, 5:]
        code[:, 19:32] = digit_matrix(s.sub("free1").integers(rows, 0, 10**13 - 1), 13)
        code[:, 32:44] = _digits15(s.sub("free2").integers(rows, 0, 10**12 - 1).astype(np.uint64))[
            :, 3:
        ]
        code[:, 4] = _mod11_barcode(np.delete(code, 4, axis=1))
        line = np.empty((n, 47), dtype=np.uint8)
        line[:, 0:4], line[:, 4:9] = code[:, 0:4], code[:, 19:24]
        line[:, 10:20], line[:, 21:31] = code[:, 24:34], code[:, 34:44]
        line[:, 9] = _mod10_field(line[:, 0:9])
        line[:, 20] = _mod10_field(line[:, 10:20])
        line[:, 31] = _mod10_field(line[:, 21:31])
        line[:, 32] = code[:, 4]
        line[:, 33:47] = code[:, 5:19]
        line += np.uint8(48)
        if params.formatted:
            line = _format_boleto(line)
        return strings_from_matrix(line)


def _format_boleto(line: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """``AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D EEEEEEEEEEEEEE`` from 47 ASCII digits."""
    layout = "00000.00000 00000.000000 00000.000000 0 00000000000000"
    src = np.cumsum([c == "0" for c in layout]) - 1
    out = line[:, src]
    for pos, ch in enumerate(layout):
        if ch != "0":
            out[:, pos] = ord(ch)
    return out


class InstallmentsParams(ChoiceParams):
    min: int = Field(1, ge=1, le=99, description="Fewest installments.")
    max: int = Field(12, ge=1, le=99, description="Most installments.")

    @model_validator(mode="after")
    def _order(self) -> InstallmentsParams:
        if self.min > self.max:
            raise ValueError("min must be <= max")
        return self


# Relative frequency of n installments (index n); card purchases favour 1x, 2x-3x, 6x, 10x, 12x.
_INSTALLMENT_WEIGHTS = np.array(
    [0, 40, 9, 10, 5, 4, 8, 2, 2, 1.5, 8, 1, 9] + [0.4] * 87, dtype=np.float64
)


@register
class Installments(Generator[InstallmentsParams]):
    """Number of installments in ``[min, max]``, weighted toward 1x, 3x, 6x, 10x and 12x."""

    id = "domain.finance.installments"
    summary = "Number of installments (1x to 12x by default), realistically weighted."
    params_model = InstallmentsParams
    output = TypeFamily.INTEGER
    fits = frozenset({TypeFamily.INTEGER, TypeFamily.DECIMAL, TypeFamily.FLOAT})

    def generate(self, ctx: GenContext, params: InstallmentsParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        if params.uniform:
            return pa.array(s.integers(rows, params.min, params.max))
        weights = _INSTALLMENT_WEIGHTS[params.min : params.max + 1]
        return pa.array(params.min + s.weighted(rows, weights))

    def value_space(self, ctx: GenContext, params: InstallmentsParams) -> int | None:
        return params.max - params.min + 1

    def from_index(self, ctx: GenContext, params: InstallmentsParams, idx: U64) -> pa.Array:
        return pa.array(idx.astype(np.int64) + params.min)


class DealValueParams(Params):
    min: float = Field(1000.0, ge=0, description="Smallest value (BRL).")
    max: float = Field(75000.0, ge=0, le=1e15, description="Largest value (BRL).")

    @model_validator(mode="after")
    def _order(self) -> DealValueParams:
        if self.min > self.max:
            raise ValueError("min must be <= max")
        lo, hi = _cents(self)
        if lo > hi:
            raise ValueError("no whole cent between min and max")
        return self


@register
class DealValue(Generator[DealValueParams]):
    """Deal value in BRL, uniform in ``[min, max]`` to the cent (``decimal(…, 2)``)."""

    id = "domain.crm.deal_value"
    summary = "Deal value in BRL, in cents between min and max."
    params_model = DealValueParams
    output = TypeFamily.DECIMAL
    fits = _MONEY_FITS

    def generate(self, ctx: GenContext, params: DealValueParams, rows: Rows) -> pa.Array:
        lo, hi = _cents(params)
        return decimals_from_unscaled(ctx.stream(self.id, params).integers(rows, lo, hi), 2)

    def value_space(self, ctx: GenContext, params: DealValueParams) -> int | None:
        lo, hi = _cents(params)
        return hi - lo + 1

    def from_index(self, ctx: GenContext, params: DealValueParams, idx: U64) -> pa.Array:
        return decimals_from_unscaled(idx.astype(np.int64) + _cents(params)[0], 2)


def _cents(params: DealValueParams) -> tuple[int, int]:
    return int(np.ceil(params.min * 100 - 1e-6)), int(np.floor(params.max * 100 + 1e-6))


# ---- logistics ------------------------------------------------------------------------------

#: Correios service prefixes (SEDEX, PAC, registered mail, international...), with weights.
_TRACKING_PREFIXES: tuple[tuple[str, float], ...] = (
    ("SS", 6.0), ("SL", 4.0), ("SX", 3.0), ("SW", 2.0), ("SK", 1.0), ("SM", 1.0),
    ("PM", 6.0), ("PN", 5.0), ("PO", 4.0), ("PG", 3.0), ("PH", 2.0), ("PJ", 2.0),
    ("QB", 3.0), ("QC", 2.0), ("QD", 2.0), ("OA", 3.0), ("OB", 3.0), ("ON", 2.0),
    ("LB", 2.0), ("LX", 1.0), ("JT", 2.0), ("JU", 1.0), ("RR", 1.0), ("RA", 1.0),
    ("CP", 1.0), ("EA", 0.5), ("NX", 1.0), ("AA", 1.0),
)  # fmt: skip
_S10_WEIGHTS = np.array([8, 6, 4, 2, 3, 5, 9, 7], dtype=np.int64)


def s10_check_digit(serial: npt.ArrayLike) -> I64:
    """UPU S10 check digit of 8-digit serials (remainder 0 → 5, 1 → 0, else 11 - r).

    Example:
        >>> s10_check_digit([12472045]).tolist()  # JT124720455BR
        [5]
    """
    r = (digit_matrix(serial, 8).astype(np.int64) * _S10_WEIGHTS).sum(axis=1) % 11
    return np.where(r == 0, 5, np.where(r == 1, 0, 11 - r))


@register
class TrackingCode(Generator[ChoiceParams]):
    """Correios tracking code ``AA123456785BR``: service prefix, 8-digit serial, S10 check digit.

    Unique by construction over ``len(prefixes) * 10**8`` codes.
    """

    id = "domain.logistics.tracking_code"
    summary = "Correios tracking code (`SS123456785BR`, valid S10 check digit)."
    params_model = ChoiceParams

    @cached_property
    def _prefix_bytes(self) -> npt.NDArray[np.uint8]:
        return np.array([[ord(c) for c in p] for p, _ in _TRACKING_PREFIXES], dtype=np.uint8)

    def generate(self, ctx: GenContext, params: ChoiceParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        if params.uniform:
            prefix = s.sub("prefix").choice(rows, len(_TRACKING_PREFIXES))
        else:
            prefix = s.sub("prefix").weighted(rows, [w for _, w in _TRACKING_PREFIXES])
        return self._build(prefix, s.sub("serial").integers(rows, 0, 10**8 - 1))

    def value_space(self, ctx: GenContext, params: ChoiceParams) -> int | None:
        return len(_TRACKING_PREFIXES) * 10**8

    def from_index(self, ctx: GenContext, params: ChoiceParams, idx: U64) -> pa.Array:
        i = idx.astype(np.int64)
        return self._build(i // 10**8, i % 10**8)

    def _build(self, prefix: I64, serial: I64) -> pa.Array:
        n = serial.shape[0]
        m = np.empty((n, 13), dtype=np.uint8)
        m[:, 0:2] = self._prefix_bytes[prefix]
        m[:, 2:10] = ascii_digits(serial, 8)
        m[:, 10] = s10_check_digit(serial).astype(np.uint8) + np.uint8(48)
        m[:, 11] = ord("B")
        m[:, 12] = ord("R")
        return strings_from_matrix(m)


@register
class ShipmentStatus(LabelPick):
    id = "domain.logistics.shipment_status"
    summary = "Shipment status: criado, em_transito, entregue, cancelado."
    labels = ("criado", "em_transito", "entregue", "cancelado")
    weights = (12.0, 25.0, 55.0, 8.0)


class CarrierParams(ChoiceParams):
    output: Literal["code", "name"] = Field(
        "code", description="`code` (`total_express`) or display `name` (`Total Express`)."
    )


@register
class Carrier(LabelPick):
    id = "domain.logistics.carrier"
    summary = "Carrier: correios, jadlog, total_express, azul_cargo (or display names)."
    params_model = CarrierParams
    labels = ("correios", "jadlog", "total_express", "azul_cargo")
    weights = (55.0, 20.0, 15.0, 10.0)

    @cached_property
    def _names(self) -> pa.Array:
        return vocabulary(["Correios", "Jadlog", "Total Express", "Azul Cargo Express"])

    def _vocabulary(self, params: ChoiceParams) -> pa.Array:
        if isinstance(params, CarrierParams) and params.output == "name":
            return self._names
        return self._vocab


#: Side ranges of ``dimensions_cm``: length and width 10..100, height 5..80 (the original's).
_DIM_RANGES = ((10, 100), (10, 100), (5, 80))


@register
class DimensionsCm(Generator[NoParams]):
    """Parcel dimensions ``"<L>x<W>x<H>"`` in cm (L, W in 10..100; H in 5..80)."""

    id = "domain.logistics.dimensions_cm"
    summary = "Parcel dimensions in cm as `LxWxH` (L, W 10-100, H 5-80)."
    params_model = NoParams

    def generate(self, ctx: GenContext, params: NoParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        sides = [s.sub(i).integers(rows, lo, hi) for i, (lo, hi) in enumerate(_DIM_RANGES)]
        return join([int_strings(v) for v in sides], "x")

    def value_space(self, ctx: GenContext, params: NoParams) -> int | None:
        return int(np.prod([hi - lo + 1 for lo, hi in _DIM_RANGES]))

    def from_index(self, ctx: GenContext, params: NoParams, idx: U64) -> pa.Array:
        rest = idx.astype(np.int64)
        sides = []
        for lo, hi in reversed(_DIM_RANGES):  # mixed radix, height is the lowest digit
            span = hi - lo + 1
            sides.append(int_strings(rest % span + lo))
            rest = rest // span
        return join(sides[::-1], "x")


class WeightParams(Params):
    min: float = Field(0.1, gt=0, description="Lightest parcel (kg).")
    max: float = Field(30.0, gt=0, le=1e9, description="Heaviest parcel (kg); 30 kg is Correios'.")
    scale: int = Field(3, ge=0, le=6, description="Decimal places (3 = grams).")

    @model_validator(mode="after")
    def _order(self) -> WeightParams:
        if self.min > self.max:
            raise ValueError("min must be <= max")
        if self.max * 10**self.scale < 1:
            raise ValueError("max is below the smallest unit of scale")
        return self


@register
class WeightKg(Generator[WeightParams]):
    """Parcel weight in kg (``decimal(…, scale)``), log-uniform in ``[min, max]``: light parcels
    are much more common than heavy ones."""

    id = "domain.logistics.weight_kg"
    summary = "Parcel weight in kg (decimal, skewed toward light parcels)."
    params_model = WeightParams
    output = TypeFamily.DECIMAL
    fits = _MONEY_FITS

    def _units(self, params: WeightParams) -> tuple[int, int]:
        f = 10**params.scale
        lo, hi = int(np.ceil(params.min * f - 1e-6)), int(np.floor(params.max * f + 1e-6))
        return max(lo, 1), max(hi, 1)

    def generate(self, ctx: GenContext, params: WeightParams, rows: Rows) -> pa.Array:
        lo, hi = self._units(params)
        u = ctx.stream(self.id, params).uniform(rows)
        units = np.floor(np.exp(np.log(lo) + u * (np.log(hi + 1) - np.log(lo))))
        return decimals_from_unscaled(np.clip(units, lo, hi).astype(np.int64), params.scale)

    def value_space(self, ctx: GenContext, params: WeightParams) -> int | None:
        lo, hi = self._units(params)
        return hi - lo + 1

    def from_index(self, ctx: GenContext, params: WeightParams, idx: U64) -> pa.Array:
        lo, _ = self._units(params)
        return decimals_from_unscaled(idx.astype(np.int64) + lo, params.scale)
