"""The generator catalog: primitives, Brazilian semantics, Faker-backed IDs, domain packs,
derives and transforms. One module per family; :mod:`.registry` finds them by ID.

Example:
    >>> from datalchemy.generators import get_generator  # doctest: +SKIP
    >>> get_generator("semantic.br.cpf").pii  # doctest: +SKIP
    frozenset({'pii.cpf'})
"""

from datalchemy.generators.base import (
    ColumnFacts,
    GenContext,
    Generator,
    NoParams,
    ParamError,
    Params,
    Transform,
)
from datalchemy.generators.registry import (
    UnknownGenerator,
    all_generators,
    all_transforms,
    get_generator,
    get_transform,
    register,
    register_transform,
)

__all__ = [
    "ColumnFacts",
    "GenContext",
    "Generator",
    "NoParams",
    "ParamError",
    "Params",
    "Transform",
    "UnknownGenerator",
    "all_generators",
    "all_transforms",
    "get_generator",
    "get_transform",
    "register",
    "register_transform",
]
