"""How a ``semantic.*`` alias is declared: one :class:`Alias` row per ID (its Faker target and its
:class:`Kind`), turned into a :class:`SemanticAlias` class by :func:`declare`.

A kind says how the values are made natively: ``build`` (a whole column), and when the values
can be enumerated, ``space`` and ``index`` (unique by construction). Without ``build``, and in
locales without native vocabularies, the alias runs its Faker target (``faker.*.raw.*``), keyed
by the alias ID.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import Stream, U64Array
from datalchemy.generators.base import (
    TEXTUAL,
    GenContext,
    Generator,
    NoParams,
    Params,
    Rows,
    as_u64,
)
from datalchemy.generators.faker_bridge.raw import run_raw
from datalchemy.generators.registry import define
from datalchemy.generators.semantic.locale_data import LocaleData, locale_data
from datalchemy.generators.vocab import Vocab

__all__ = [
    "NATIVE_LOCALES",
    "NET_FITS",
    "Alias",
    "Build",
    "FakerFallback",
    "Index",
    "Kind",
    "Native",
    "SemanticAlias",
    "Space",
    "declare",
    "kind",
    "vocab_kind",
]

#: Locales with native vocabularies.
NATIVE_LOCALES = ("en_US", "pt_BR")
#: Column families a network value fits.
NET_FITS = TEXTUAL | {TypeFamily.NETWORK}

#: build(data, ctx, params, stream, rows): the values of ``rows``.
Build = Callable[[LocaleData, GenContext, Any, Stream, Rows], pa.Array]
#: space(data, ctx, params): how many distinct values ``index`` makes.
Space = Callable[[LocaleData, GenContext, Any], int]
#: index(data, ctx, params, idx): distinct values for distinct ``idx`` in ``[0, space)``.
Index = Callable[[LocaleData, GenContext, Any, U64Array], pa.Array]
#: How an alias runs on Faker: (alias ID, target raw ID, ctx, params, rows) -> values.
FakerFallback = Callable[[str, str, GenContext, Any, Rows], pa.Array]


class Native(NamedTuple):
    """The native parts of a kind: build, and optionally space and from_index."""

    build: Build
    space: Space | None = None
    from_index: Index | None = None


def _run_target(alias_id: str, target: str, ctx: GenContext, params: Any, rows: Rows) -> pa.Array:
    return run_raw(target, ctx, params, rows, stream_id=alias_id)


@dataclass(frozen=True)
class Kind:
    """How one alias is made: natively (``build`` and optionally ``space``/``index``) or by its
    Faker target only (``build`` None)."""

    summary: str
    pii: frozenset[str] = frozenset()
    build: Build | None = None
    space: Space | None = None
    index: Index | None = None
    locale_free: bool = False
    params: type[Params] = NoParams
    fits: frozenset[TypeFamily] = TEXTUAL
    faker: FakerFallback = _run_target


def kind(summary: str, native: Native, pii: frozenset[str] = frozenset(), **kw: Any) -> Kind:
    """A kind from its summary and native parts."""
    return Kind(summary, pii, native.build, native.space, native.from_index, **kw)


def vocab_kind(get: Callable[[LocaleData], Vocab]) -> Native:
    """Values picked from one vocabulary of the locale (weighted when it has weights)."""

    def build(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
        return get(d).pick(s, rows)

    def space(d: LocaleData, ctx: GenContext, p: Any) -> int:
        return get(d).size

    def index(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
        return get(d).at(idx)

    return Native(build, space, index)


class SemanticAlias(Generator[Params]):
    """Base class of the ``semantic.*`` aliases (one subclass per alias)."""

    kind: ClassVar[Kind]
    target: ClassVar[str]

    def _native(self, ctx: GenContext) -> LocaleData | None:
        """The vocabularies to use natively, or None to run the Faker target."""
        if self.kind.build is None:
            return None
        if self.kind.locale_free:
            return locale_data("en_US")
        locale = (ctx.locale or "en_US").strip().replace("-", "_")
        return locale_data(locale) if locale in NATIVE_LOCALES else None

    def generate(self, ctx: GenContext, params: Params, rows: Rows) -> pa.Array:
        d = self._native(ctx)
        if d is None or self.kind.build is None:
            return self.kind.faker(self.id, self.target, ctx, params, rows)
        return self.kind.build(d, ctx, params, ctx.stream(self.id, params), rows)

    def value_space(self, ctx: GenContext, params: Params) -> int | None:
        d = self._native(ctx)
        if d is None or self.kind.space is None:
            return None
        return self.kind.space(d, ctx, params)

    def from_index(self, ctx: GenContext, params: Params, idx: npt.NDArray[np.uint64]) -> pa.Array:
        d = self._native(ctx)
        if d is None or self.kind.index is None:
            raise NotImplementedError(
                f"{self.id} cannot build unique values in locale {ctx.locale}"
            )
        return self.kind.index(d, ctx, params, as_u64(idx))


class Alias(NamedTuple):
    """One row of an alias table: the alias ID, its raw Faker target and how it is made."""

    id: str
    target: str
    kind: Kind


def declare(module: str, rows: Sequence[Alias]) -> None:
    """Declare (and register) one :class:`SemanticAlias` class per row, defined in ``module``."""
    for row in rows:
        k = row.kind
        define(
            SemanticAlias,
            "Semantic" + "".join(p.title() for p in re.split("[._]", row.id)[1:]),
            module,
            id=row.id,
            summary=k.summary,
            kind=k,
            target=row.target,
            params_model=k.params,
            output=TypeFamily.TEXT,
            fits=k.fits,
            pii=k.pii,
            locales=None if k.build is None or k.locale_free else NATIVE_LOCALES,
            __doc__=f"{k.summary} (alias of ``{row.target}``)",
        )
