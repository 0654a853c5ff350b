"""``derive.conditional``: a generator's values, forced where same-row columns say so.

Row-level CHECKs such as ``(end_year IS NULL) OR ended`` or "exactly one of ``a`` and ``b`` is
NULL" are met by construction: the CHECK's rule is turned (by plan resolution) into *cases* on
some columns, and each of those columns is ``derive.conditional``: the column's own generator
makes a value, then the first case whose conditions hold on the row decides what is kept:

- ``keep``: the generated value (NULL at the column's ``null_rate``);
- ``null``: NULL; ``not_null``: the generated value, never NULL;
- ``value``: a constant (``true``, ``'x'``, ``0``); ``copy``: another column of the row.

A condition tests one column: ``null``, ``not_null``, ``in`` (equals one of ``values``) or
``not_in``, with SQL's three-valued logic (``in`` on NULL is unknown). A case with
``match: true`` applies when all its conditions are true; with ``match: not_false`` when none is
false (the CHECK's branch then passes whatever the unknowns are). Several ``rules`` (one per
CHECK) each pick their first matching case; the first rule that forces something (anything but
``keep``) wins.

Example:
    >>> import numpy as np, pyarrow as pa
    >>> from datalchemy.generators.base import GenContext
    >>> gen = Conditional()
    >>> p = gen.parse_params({"generator": "primitive.bool", "rules": [{"cases": [
    ...     {"when": [{"column": "end_year", "test": "not_null"}], "then": "value", "value": True}
    ... ]}]})
    >>> gen.inputs(p)
    ['end_year']
    >>> ctx = GenContext.for_column(seed=1, table="s.artist", column="ended",
    ...     inputs={"end_year": pa.array([1999, None, 2001, None])})
    >>> out = gen.generate(ctx, p, np.arange(4)).to_pylist()
    >>> out[0], out[2]
    (True, True)
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ConfigDict, Field, model_validator

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators.base import ColumnFacts, GenContext, Generator, Params, Rows
from datalchemy.generators.derive.base import Derive, Scalar, input_column, is_derive
from datalchemy.generators.registry import get_generator, register

__all__ = ["Case", "Condition", "Conditional", "ConditionalParams", "RowRuleCases"]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(_Part):
    """One test on one same-row column."""

    column: str = Field(min_length=1, description="The column tested.")
    test: Literal["null", "not_null", "in", "not_in"] = Field(
        description="null / not_null, or in / not_in one of `values` (unknown on NULL)."
    )
    values: list[Scalar] = Field(default_factory=list, description="For in / not_in.")


class Case(_Part):
    """What the column holds when the conditions hold."""

    when: list[Condition] = Field(default_factory=list, description="All must hold (AND).")
    match: Literal["true", "not_false"] = Field(
        "true", description="true: every condition true; not_false: none false (unknown is ok)."
    )
    then: Literal["keep", "null", "not_null", "value", "copy"] = Field(
        description="keep the generated value, NULL, a generated value that is not NULL, "
        "`value`, or a copy of column `column`."
    )
    value: Scalar | None = Field(None, description="For then: value.")
    column: str | None = Field(None, description="For then: copy.")

    @model_validator(mode="after")
    def _complete(self) -> Case:
        if self.then == "copy" and not self.column:
            raise ValueError("then: copy needs `column`")
        if self.then == "value" and self.value is None:
            raise ValueError("then: value needs `value` (use then: null for NULL)")
        return self


class RowRuleCases(_Part):
    """The cases of one CHECK's rule; the first that matches decides."""

    check: str | None = Field(None, description="The CHECK this rule meets (for reports).")
    cases: list[Case] = Field(min_length=1)


class ConditionalParams(Params):
    generator: str | None = Field(
        None, description="The column's own generator (None: the constant `value`)."
    )
    params: dict[str, Any] = Field(default_factory=dict, description="Its params.")
    value: Scalar | None = Field(None, description="The constant when `generator` is None.")
    null_rate: float = Field(
        0.0, ge=0.0, le=1.0, description="NULLs among kept values (not where a case forces)."
    )
    rules: list[RowRuleCases] = Field(min_length=1, description="One per CHECK met.")
    input_columns: list[str] | None = Field(
        None, description="Optional; the columns the cases and the generator read are the inputs."
    )

    @model_validator(mode="after")
    def _known_generator(self) -> ConditionalParams:
        if self.generator is not None:
            if self.generator == Conditional.id:
                raise ValueError("derive.conditional cannot wrap itself")
            get_generator(self.generator).parse_params(self.params)
        return self


@register
class Conditional(Derive[ConditionalParams]):
    """A generator's values with cases on same-row columns (NULL, not NULL, a value, a copy)."""

    id = "derive.conditional"
    summary = "A generator's values, forced to NULL / not NULL / a value / a copy by row cases."
    params_model = ConditionalParams
    example_params: ClassVar[dict[str, Any] | None] = {
        "generator": "primitive.bool",
        "rules": [
            {"cases": [{"when": [{"column": "end", "test": "not_null"}], "then": "value",
                        "value": True}]}
        ],
    }  # fmt: skip

    def _inner(self, params: ConditionalParams) -> tuple[Generator[Any], Params] | None:
        if params.generator is None:
            return None
        gen = get_generator(params.generator)
        return gen, gen.parse_params(params.params)

    def inputs(self, params: ConditionalParams) -> list[str]:
        names: dict[str, None] = {}
        inner = self._inner(params)
        if inner is not None and is_derive(inner[0]):
            for name in inner[0].inputs(inner[1]):  # type: ignore[attr-defined]
                names.setdefault(name, None)
        for rule in params.rules:
            for case in rule.cases:
                for cond in case.when:
                    names.setdefault(cond.column, None)
                if case.then == "copy" and case.column:
                    names.setdefault(case.column, None)
        return list(names)

    def output_family(self, params: ConditionalParams) -> TypeFamily:
        inner = self._inner(params)
        return inner[0].output_family(inner[1]) if inner is not None else TypeFamily.UNKNOWN

    def check(self, params: ConditionalParams, facts: ColumnFacts) -> list[Issue]:
        inner = self._inner(params)
        return inner[0].check(inner[1], facts) if inner is not None else []

    def generate(self, ctx: GenContext, params: ConditionalParams, rows: Rows) -> pa.Array:
        base = self._base(ctx, params, rows)
        natural = ctx.stream(self.id, params, "null").bernoulli(rows, params.null_rate)
        return _forced(ctx, params, base, rows, natural if params.null_rate > 0 else None)

    def value_space(self, ctx: GenContext, params: ConditionalParams) -> int | None:
        """The inner generator's (a column of a composite key keeps its values or is NULL)."""
        inner = self._inner(params)
        if inner is None or any(
            case.then in ("value", "copy") for rule in params.rules for case in rule.cases
        ):
            return None
        return inner[0].value_space(ctx, inner[1])

    def from_index(
        self, ctx: GenContext, params: ConditionalParams, idx: npt.NDArray[np.uint64]
    ) -> pa.Array:
        """Distinct inner values, NULL where a case says so (NULLs never collide in a key)."""
        inner = self._inner(params)
        if inner is None or self.value_space(ctx, params) is None:
            raise NotImplementedError(f"{self.id} with these cases cannot build unique values")
        base = inner[0].from_index(ctx, inner[1], idx)
        return _forced(ctx, params, base, np.arange(len(idx), dtype=np.int64), None)

    def _base(self, ctx: GenContext, params: ConditionalParams, rows: Rows) -> pa.Array:
        inner = self._inner(params)
        if inner is None:
            return pa.array([params.value] * rows.shape[0])
        gen, inner_params = inner
        return gen.generate(ctx, inner_params, rows)


def _forced(
    ctx: GenContext,
    params: ConditionalParams,
    base: pa.Array,
    rows: Rows,
    natural: npt.NDArray[np.bool_] | None,
) -> pa.Array:
    """``base`` with every rule's cases applied (``natural``: NULLs where no case forces)."""
    n = rows.shape[0]
    forced = np.full(n, -1, dtype=np.int64)  # index into `actions`, per row
    actions: list[Case] = []
    for rule in params.rules:
        chosen = np.full(n, -1, dtype=np.int64)
        for k, case in enumerate(rule.cases):
            hit = _matches(ctx, case, rows) & (chosen < 0)
            chosen[hit] = k
        for k, case in enumerate(rule.cases):
            if case.then == "keep":
                continue
            rows_k = (chosen == k) & (forced < 0)
            if rows_k.any():
                forced[rows_k] = len(actions)
                actions.append(case)
    out = base
    nulls = natural & (forced < 0) if natural is not None else np.zeros(n, dtype=np.bool_)
    for index, case in enumerate(actions):
        where = forced == index
        if case.then == "null":
            nulls |= where
        elif case.then in ("value", "copy"):
            if case.then == "value":
                forced_values = pa.array([case.value])
            else:
                assert case.column is not None
                forced_values = input_column(ctx, case.column, Conditional.id, rows)
            if pa.types.is_null(out.type):  # a NULL constant takes the forced type
                out = out.cast(forced_values.type)
            forced_values = _as_type(forced_values, out.type, ctx)
            fill = forced_values[0] if case.then == "value" else forced_values
            out = pc.if_else(pa.array(where), fill, out)
    if nulls.any():
        out = pc.if_else(pa.array(nulls), pa.scalar(None, out.type), out)
    return out


def _matches(ctx: GenContext, case: Case, rows: Rows) -> npt.NDArray[np.bool_]:
    """Rows where ``case`` applies (three-valued AND of its conditions, then its ``match``)."""
    result: pa.Array = pa.array(np.ones(rows.shape[0], dtype=np.bool_))
    for cond in case.when:
        result = pc.and_kleene(result, _test(ctx, cond, rows))
    filled = result.fill_null(case.match == "not_false")
    return np.asarray(filled.to_numpy(zero_copy_only=False), dtype=np.bool_)


def _test(ctx: GenContext, cond: Condition, rows: Rows) -> pa.Array:
    """One condition per row: true, false or NULL (unknown)."""
    values = input_column(ctx, cond.column, Conditional.id, rows)
    if cond.test == "null":
        return pc.is_null(values)
    if cond.test == "not_null":
        return pc.is_valid(values)
    member = pc.is_in(values, value_set=_as_type(pa.array(cond.values), values.type, ctx))
    if cond.test == "not_in":
        member = pc.invert(member)
    return pc.if_else(pc.is_valid(values), member, pa.scalar(None, pa.bool_()))


def _as_type(values: pa.Array, typ: pa.DataType, ctx: GenContext) -> pa.Array:
    if values.type == typ or pa.types.is_null(typ):
        return values
    try:
        return values.cast(typ)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as exc:
        raise GenerationError(
            "derive_input_type",
            f"derive.conditional on {ctx.where}: {values.type} values do not convert to {typ}: "
            f"{exc}",
            path=ctx.where,
        ) from None
