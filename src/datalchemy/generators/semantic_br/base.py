"""What the ``semantic.br.*`` modules share: the states, the base class with its length check,
the param fields, the row-agreement streams of groups and small vocabularies."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any, ClassVar, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field

from datalchemy.contracts.common import Issue
from datalchemy.determinism import ALGORITHM_VERSION, Stream, derive_key
from datalchemy.generators._arrow import vocabulary
from datalchemy.generators.base import ColumnFacts, GenContext, Generator, Params

__all__ = [
    "FEMALE_SHARE",
    "UF_CODES",
    "BrGenerator",
    "Sex",
    "UfCode",
    "check_domain",
    "formatted_field",
    "group_field",
    "group_stream",
    "max_chars",
    "numbers_vocab",
    "person_stream",
    "place_stream",
    "sex_field",
    "uf_field",
]

I64 = npt.NDArray[np.int64]

#: The 27 federative units, in alphabetical order of their codes.
UF_CODES: tuple[str, ...] = (
    "AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA",
    "PB", "PE", "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO",
)  # fmt: skip
UfCode = Literal[
    "AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA",
    "PB", "PE", "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO",
]  # fmt: skip
Sex = Literal["any", "female", "male"]

#: Share of women in the population (IBGE, Censo 2022), used when ``sex`` is ``any``.
FEMALE_SHARE = 0.515

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN_RE = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})+$")


def max_chars(values: Sequence[str]) -> int:
    """Length in characters of the longest value (0 for none)."""
    return max((len(v) for v in values), default=0)


@cache
def numbers_vocab(n: int, zero: str = "") -> pa.Array:
    """``[zero, "1", "2", ..., str(n - 1)]``: a vocabulary to take small numbers from."""
    return vocabulary([zero] + [str(i) for i in range(1, n)])


def check_domain(value: str | None) -> str | None:
    """Validator of ``domain`` params: a lower-case host name with at least one dot."""
    if value is not None and not _DOMAIN_RE.match(value):
        raise ValueError("domain must be a lowercase host name such as exemplo.example")
    return value


# ---- row agreement ---------------------------------------------------------------------------


def group_stream(ctx: GenContext, group: str) -> Stream:
    """The stream shared by every column of ``ctx.table`` that names ``group``.

    It depends on the seed, table, group name, algorithm version and retry round only (not on the
    column, generator or params), so all members of a group draw the same place or person.
    """
    return Stream(derive_key(ctx.seed, ctx.table, "group", group, ALGORITHM_VERSION, ctx.attempt))


def place_stream(ctx: GenContext, gen_id: str, params: Params, group: str | None) -> Stream:
    """The stream a place (city) is drawn from: the group's, else the column's own."""
    if group is not None:
        return group_stream(ctx, group).sub("place")
    return ctx.stream(gen_id, params, "place")


def person_stream(ctx: GenContext, gen_id: str, params: Params, group: str | None) -> Stream:
    """The stream a person (first name, surname) is drawn from: the group's, else the column's."""
    if group is not None:
        return group_stream(ctx, group).sub("person")
    return ctx.stream(gen_id, params, "person")


# ---- params ----------------------------------------------------------------------------------


def group_field() -> Any:
    """The ``group`` param of row agreement."""
    return Field(
        None,
        min_length=1,
        max_length=64,
        description=(
            "Row-agreement group: columns of the same table with the same group draw the same "
            "place (city, UF, CEP, phone, address) or person (name, e-mail) in each row."
        ),
    )


def uf_field(what: str) -> Any:
    """A ``uf`` param that restricts values to one state."""
    return Field(None, description=f"Only {what} of this state (UF code such as SP).")


def formatted_field(example: str, raw: str) -> Any:
    """A ``formatted`` param: punctuation or raw digits."""
    return Field(False, description=f"Punctuated ({example}) instead of raw ({raw}).")


def sex_field() -> Any:
    """A ``sex`` param for first names."""
    return Field("any", description="any (by population share), female or male first names.")


# ---- base class ------------------------------------------------------------------------------


class BrGenerator(Generator[Any]):
    """Shared behaviour: pt_BR locale and a length check against ``varchar(n)`` columns."""

    locales: ClassVar[tuple[str, ...] | None] = ("pt_BR",)

    def _length_bounds(self, params: Any) -> tuple[int, int] | None:
        """(shortest, longest) value in characters, when known."""
        return None

    def check(self, params: Any, facts: ColumnFacts) -> list[Issue]:
        bounds = self._length_bounds(params)
        if bounds is None or facts.length is None or bounds[1] <= facts.length:
            return []
        shortest, longest_value = bounds
        every = shortest > facts.length
        return [
            Issue(
                severity="error" if every else "warning",
                code="value_too_long",
                message=(
                    f"{self.id} makes values of {shortest}-{longest_value} characters; the column "
                    f"holds {facts.length}"
                ),
                hint="use a wider column, other params (such as formatted: false), or "
                "transform.truncate",
            )
        ]
