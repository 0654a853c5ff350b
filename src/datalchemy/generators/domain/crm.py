"""``domain.crm.*``: CRM labels (lead stages, activity types, task statuses, pipelines, lead
sources, job titles) and deal values."""

from __future__ import annotations

from functools import cached_property
from typing import Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators._arrow import (
    decimals_from_unscaled,
)
from datalchemy.generators.base import TEXTUAL, GenContext, Generator, Params, Rows
from datalchemy.generators.domain.labels import ENUM_FITS, ChoiceParams, LabelParams, LabelPick
from datalchemy.generators.registry import register

__all__ = [
    "ActivityType",
    "DealValue",
    "JobTitle",
    "LeadSource",
    "LeadStage",
    "PipelineName",
    "PipelineStage",
]


U64 = npt.NDArray[np.uint64]
#: Column families an amount fits.
MONEY_FITS = frozenset({TypeFamily.DECIMAL, TypeFamily.FLOAT, TypeFamily.MONEY})


@register
class LeadStage(LabelPick):
    """``novo`` / ``qualificado`` / ``perdido`` (enum ``crm.status_lead``)."""

    id = "domain.crm.lead_stage"
    summary = "Lead status: novo, qualificado, perdido (enum crm.status_lead)."
    fits = ENUM_FITS


@register
class ActivityType(LabelPick):
    """``tarefa`` / ``reuniao`` / ``anotacao`` (CHECK ``atividades_tipo_chk``)."""

    id = "domain.crm.activity_type"
    summary = "Activity type: tarefa, reuniao, anotacao (CHECK atividades_tipo_chk)."
    fits = ENUM_FITS


@register
class TaskStatus(LabelPick):
    """``aberta``, ``em_andamento``, ``concluida``, ``cancelada`` (enum ``crm.status_tarefa``)."""

    id = "domain.crm.task_status"
    summary = "Task status: aberta, em_andamento, concluida, cancelada (enum crm.status_tarefa)."
    fits = ENUM_FITS


@register
class PipelineName(LabelPick):
    """The original's three pipeline names (uniform)."""

    id = "domain.crm.pipeline_name"
    summary = "Pipeline name: Prospeccao, Qualificacao, Fechamento."


@register
class LeadSource(LabelPick):
    """Where a lead came from, in pt-BR (``Site``, ``Indicação``, ``Google Ads``, ...)."""

    id = "domain.crm.lead_source"
    summary = "Lead source in pt-BR: Site, Indicação, Google Ads, LinkedIn, WhatsApp, ..."
    params_model = LabelParams


@register
class JobTitle(LabelPick):
    """Job titles in pt-BR (contacts' ``cargo``)."""

    id = "domain.crm.job_title"
    summary = "Job title in pt-BR: Gerente de Compras, Diretor de TI, Analista Financeiro, ..."
    params_model = LabelParams


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

    @cached_property
    def _probabilities(self) -> pa.Array:
        # the third field of each stage in domain_labels.tsv is its win probability (percent)
        percent = np.array([int(p) for p in self.extra], dtype=np.int64)
        return decimals_from_unscaled(percent * 100, 2)

    def _vocabulary(self, params: ChoiceParams) -> pa.Array:
        if isinstance(params, PipelineStageParams) and params.output == "probability":
            return self._probabilities
        return super()._vocabulary(params)

    def output_family(self, params: ChoiceParams) -> TypeFamily:
        if isinstance(params, PipelineStageParams) and params.output == "probability":
            return TypeFamily.DECIMAL
        return self.output


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
    fits = MONEY_FITS

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
