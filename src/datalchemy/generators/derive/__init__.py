"""``derive.*``: values computed from other columns of the same row or of the parent row.

Derives read ``ctx.inputs`` (same-row columns, aligned with ``rows``) and ``ctx.parent`` (parent-row
columns through an FK, aligned with ``rows``). They never draw from another column's stream, so a
derive's value depends only on its inputs, its own stream and the row index.

Input declaration (the engine's contract with this module)
-----------------------------------------------------------
Every derive is a :class:`Derive` and answers three questions from its params alone:

- ``inputs(params) -> list[str]``: the same-row columns it reads. The engine generates (and
  transforms) them first and puts them in ``ctx.inputs``; a cycle is a plan error. For the original
  IDs this is ``params.input_columns``; ``derive.template`` and ``derive.expression`` return the
  column names their template or expression mentions.
- ``parent_refs(params) -> list[ParentRef]``: parent columns read through ``ctx.parent`` (only
  ``derive.parent_value``): the local FK column, the parent ``schema.table`` and the parent column.
- ``distinct_per_row(params) -> bool``: whether distinct row indices always give distinct values
  (``derive.email_from_name`` with ``unique: true``), so a UNIQUE column can use it without a
  value space.

``is_derive(gen)`` tells derives from other generators. Importing this package loads only
:mod:`.base` (the plan validator needs :class:`Derive`); the derives themselves live in
:mod:`.text` (e-mail, template, concat), :mod:`.temporal` (offsets, parent values),
:mod:`.numbers` (money totals, ages), :mod:`.expression` and :mod:`.values` (fk, copy, coalesce,
map), :mod:`.conditional` and :mod:`.linear` (row-level CHECKs met by construction: forced NULLs,
values and copies by row cases; sums), and the registry loads them on first use.

Example:
    >>> import numpy as np, pyarrow as pa
    >>> from datalchemy.generators.base import GenContext
    >>> from datalchemy.generators.derive.text import Concat
    >>> gen = Concat()
    >>> p = gen.parse_params({"input_columns": ["nome", "sobrenome"]})
    >>> gen.inputs(p)
    ['nome', 'sobrenome']
    >>> ctx = GenContext.for_column(seed=1, table="crm.contatos", column="nome_completo",
    ...     inputs={"nome": pa.array(["Ana", "Rui"]), "sobrenome": pa.array(["Lima", None])})
    >>> gen.generate(ctx, p, np.arange(2)).to_pylist()
    ['Ana Lima', 'Rui']
"""

from datalchemy.generators.derive.base import Derive, InputParams, ParentRef, is_derive

__all__ = ["Derive", "InputParams", "ParentRef", "is_derive"]
