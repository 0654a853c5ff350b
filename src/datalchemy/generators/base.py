"""What every generator and transform is: a small class with a declared contract.

A :class:`Generator` declares its ``id``, a pydantic ``params_model`` (types, defaults, ranges,
required keys), the ``output`` family it emits, the column families it ``fits``, its PII tags and
locales, and the size of its value space. It produces a whole column slice at once:

    generate(ctx, params, rows) -> pyarrow.Array      # one value per row index in ``rows``

Values depend only on the context key and the row index (see :mod:`datalchemy.determinism`), so
``rows`` may be any set of indices: a block, a few rows to retry, or parent rows to recompute.

Generators with a finite value space also implement ``from_index(ctx, params, idx)``, an injective
map from ``[0, value_space)`` to values. The engine feeds it a keyed permutation of the row index
to make PK / UNIQUE columns distinct by construction.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators import get_generator
    >>> gen = get_generator("primitive.int.range")
    >>> ctx = GenContext.for_column(seed=1, table="crm.leads", column="score")
    >>> p = gen.parse_params({"min": 0, "max": 100})
    >>> gen.generate(ctx, p, np.arange(3)).to_pylist()
    [97, 84, 15]
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, Generic, TypeVar

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import BaseModel, ConfigDict, ValidationError

from datalchemy.contracts.common import Issue
from datalchemy.contracts.plan import DEFAULT_BASE_DATE
from datalchemy.contracts.schema import Column, TypeFamily
from datalchemy.determinism import ALGORITHM_VERSION, Stream, canonical_json, derive_key

__all__ = [
    "ALL_FAMILIES",
    "TEXTUAL",
    "ColumnFacts",
    "GenContext",
    "Generator",
    "NoParams",
    "ParamError",
    "Params",
    "Rows",
    "Transform",
    "as_i64",
    "as_u64",
]

Rows = npt.NDArray[np.int64]


def as_i64(idx: npt.ArrayLike) -> Rows:
    """Indices as a flat ``int64`` array (value spaces stay below 2**62, so this is exact)."""
    return np.asarray(idx).astype(np.int64, copy=False).ravel()


def as_u64(idx: npt.ArrayLike) -> npt.NDArray[np.uint64]:
    """Indices as a flat ``uint64`` array."""
    return np.asarray(idx).astype(np.uint64, copy=False).ravel()


#: Families a text value can be loaded into (CHECKs and lengths still apply).
TEXTUAL = frozenset({TypeFamily.TEXT, TypeFamily.UNKNOWN})
ALL_FAMILIES = frozenset(TypeFamily)


class Params(BaseModel):
    """Base of every generator's params model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParams(Params):
    """For generators that take no params."""


class ParamError(ValueError):
    """Params failed validation; ``problems`` holds (JSON-pointer suffix, message) pairs."""

    def __init__(self, generator_id: str, problems: list[tuple[str, str]]) -> None:
        self.generator_id = generator_id
        self.problems = problems
        detail = "; ".join(f"{p or '/'}: {m}" for p, m in problems)
        super().__init__(f"invalid params for {generator_id}: {detail}")


@dataclass(frozen=True)
class ColumnFacts:
    """What a generator may know about the column it fills (all optional)."""

    family: TypeFamily | None = None
    nullable: bool = True
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    int_bits: int | None = None
    enum_labels: tuple[str, ...] | None = None
    declared_type: str | None = None
    #: char(n): values are blank-padded to ``length``.
    fixed_length: bool = False
    #: An array column's elements (their type, length, width; enum labels of an enum array).
    element: ColumnFacts | None = None

    @classmethod
    def from_column(cls, column: Column, enum_labels: list[str] | None = None) -> ColumnFacts:
        """The facts of ``column``; ``enum_labels`` are its enum's labels (of the elements, for
        an array of an enum)."""
        labels = tuple(enum_labels) if enum_labels is not None else None
        arr = column.array
        element = None
        if arr is not None:
            element = cls(
                family=arr.element_family,
                length=arr.element_length,
                precision=arr.element_precision,
                scale=arr.element_scale,
                int_bits=arr.element_int_bits,
                enum_labels=labels if arr.element_enum is not None else None,
                declared_type=arr.element_type,
                fixed_length=arr.element_fixed_length,
            )
        return cls(
            family=column.family,
            nullable=column.nullable,
            length=column.length,
            precision=column.precision,
            scale=column.scale,
            int_bits=column.int_bits,
            enum_labels=labels if arr is None else None,
            declared_type=column.declared_type,
            fixed_length=column.fixed_length,
            element=element,
        )


#: ``parent(local_fk_column, parent_column)``: the parent row's ``parent_column`` value for every
#: row being generated, through the FK that contains ``local_fk_column`` (parent derives).
ParentLookup = Callable[[str, str], pa.Array]


@dataclass(frozen=True)
class GenContext:
    """Where values go and what they may read. The key path makes values deterministic.

    Attributes:
        seed: the plan seed.
        table: ``schema.table``.
        column: the column name.
        locale: effective locale (rule, then plan, then ``en_US``).
        base_date: "today" for data (plan ``base_date``; the clock is never read).
        facts: type facts of the column.
        inputs: same-row input columns for derives, aligned with the ``rows`` being generated.
        parent: lookup of parent-table columns for parent derives.
        attempt: retry round (0 first); failing rows are regenerated with attempt 1, 2, ...
    """

    seed: int
    table: str
    column: str
    locale: str = "en_US"
    base_date: date = DEFAULT_BASE_DATE
    facts: ColumnFacts = field(default_factory=ColumnFacts)
    inputs: Mapping[str, pa.Array] = field(default_factory=dict)
    parent: ParentLookup | None = None
    attempt: int = 0

    @classmethod
    def for_column(cls, *, seed: int, table: str, column: str, **kw: Any) -> GenContext:
        return cls(seed=seed, table=table, column=column, **kw)

    @property
    def where(self) -> str:
        """``schema.table.column``: where errors about this column point."""
        return f"{self.table}.{self.column}"

    def stream(self, generator_id: str, params: Params | None, name: str = "") -> Stream:
        """The random stream of this cell position for ``generator_id`` with ``params``."""
        p = params.model_dump(mode="json") if params is not None else None
        return Stream(
            derive_key(
                self.seed,
                self.table,
                self.column,
                generator_id,
                canonical_json(p),
                ALGORITHM_VERSION,
                self.attempt,
                name,
            )
        )

    def with_attempt(self, attempt: int) -> GenContext:
        return GenContext(
            self.seed,
            self.table,
            self.column,
            self.locale,
            self.base_date,
            self.facts,
            self.inputs,
            self.parent,
            attempt,
        )


P = TypeVar("P", bound=Params)


class _Described(ABC, Generic[P]):
    id: ClassVar[str]
    summary: ClassVar[str] = ""
    #: The pydantic model of this generator's params (set by every subclass that takes params).
    params_model: type[P] = NoParams  # type: ignore[assignment]
    #: Params for the catalog's example values when the defaults cannot run (required params).
    example_params: ClassVar[dict[str, Any] | None] = None

    def parse_params(self, raw: Any) -> P:
        """Validate raw JSON params (None means defaults) into ``params_model``.

        Raises:
            ParamError: listing every problem with its JSON-pointer suffix.
        """
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            raise ParamError(self.id, [("", f"params must be an object, got {type(raw).__name__}")])
        try:
            return self.params_model.model_validate(raw)
        except ValidationError as exc:
            problems = [
                ("/" + "/".join(str(p) for p in err["loc"]), err["msg"]) for err in exc.errors()
            ]
            raise ParamError(self.id, problems) from None


class Generator(_Described[P]):
    """Base class of generators; subclasses set the class attributes and implement ``generate``.

    Example (a complete generator)::

        class CoinParams(Params):
            p_true: float = Field(0.5, ge=0, le=1, description="Probability of true.")

        @register
        class Coin(Generator[CoinParams]):
            id = "example.coin"
            summary = "A biased coin."
            params_model = CoinParams
            output = TypeFamily.BOOLEAN
            fits = frozenset({TypeFamily.BOOLEAN})

            def generate(self, ctx, params, rows):
                return pa.array(ctx.stream(self.id, params).bernoulli(rows, params.p_true))

            def value_space(self, ctx, params):
                return 2
    """

    output: ClassVar[TypeFamily] = TypeFamily.TEXT
    fits: ClassVar[frozenset[TypeFamily]] = TEXTUAL
    pii: ClassVar[frozenset[str]] = frozenset()
    #: Locales with dedicated data. None: any locale works (locale-independent generators, and
    #: Faker-backed ones, which accept every locale Faker has and say so when data is missing).
    locales: ClassVar[tuple[str, ...] | None] = None

    @abstractmethod
    def generate(self, ctx: GenContext, params: P, rows: Rows) -> pa.Array:
        """One value per row index (nulls only where the generator means NULL)."""

    def output_family(self, params: P) -> TypeFamily:
        """The family these params emit (``output`` unless the params decide, as for choices)."""
        return self.output

    def value_space(self, ctx: GenContext, params: P) -> int | None:
        """How many distinct values ``from_index`` can make (None: no unique construction)."""
        return None

    def from_index(self, ctx: GenContext, params: P, idx: npt.NDArray[np.uint64]) -> pa.Array:
        """Distinct values for distinct ``idx`` in ``[0, value_space)``."""
        raise NotImplementedError(f"{self.id} cannot build unique values")

    def check(self, params: P, facts: ColumnFacts) -> list[Issue]:
        """Problems that depend on the target column (e.g. a max length above varchar(n))."""
        return []


class Transform(_Described[P]):
    """Base class of transforms: whole-column rewrites applied after generation, in plan order."""

    @abstractmethod
    def apply(self, ctx: GenContext, params: P, values: pa.Array, rows: Rows) -> pa.Array:
        """Return the transformed column (NULL inputs stay NULL unless the transform says)."""

    def check(self, params: P, facts: ColumnFacts) -> list[Issue]:
        return []
