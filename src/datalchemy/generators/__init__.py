"""The generator catalog: every generator and transform, by ID.

Each family is a subpackage of small modules, one per kind of value: :mod:`.primitive`,
:mod:`.semantic_br`, :mod:`.semantic`, :mod:`.faker_bridge`, :mod:`.domain`, :mod:`.derive` and
:mod:`.transforms`. They share :mod:`.base` (the contract), :mod:`.registry` (lookup by ID),
:mod:`._arrow` (vectorized text), :mod:`.checkdigits`, :mod:`.vocab` (weighted word lists),
:mod:`.assets` (the data files and their loader) and :mod:`.pii` (PII tags).

Adding a generator in five steps:

1. Choose its family and module: ``semantic_br/documents.py`` for a Brazilian document, or a new
   module (or a new family: a folder with an ``__init__.py`` whose docstring describes it).
2. Write a :class:`Generator` subclass: ``id``, ``summary``, ``params_model``, ``output`` and
   ``fits``, ``pii`` (a tag of :mod:`.pii`) and a vectorized ``generate``; add ``value_space`` and
   ``from_index`` when its values can be enumerated. Word lists go in ``assets/<locale>/``.
3. Decorate it with :func:`register` (a table of similar IDs calls :func:`define` once
   per row). Nothing lists modules: the registry imports every module of this package on first
   use.
4. Test it in ``tests/generators/<family>/test_<module>.py`` (``tests/generators/test_<family>.py``
   for a family kept in one test module).
5. Run ``make docs`` to regenerate ``docs/generators.md`` and
   ``python tests/generators/test_catalog_golden.py`` to add the new ID's hashes (the diff of
   ``tests/golden/catalog_hashes.json`` must only add lines), and commit both.

Example:
    >>> from datalchemy.generators import get_generator
    >>> get_generator("semantic.br.cpf").pii
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
    define,
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
    "define",
    "get_generator",
    "get_transform",
    "register",
    "register_transform",
]
