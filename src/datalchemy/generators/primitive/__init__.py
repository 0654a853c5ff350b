"""``primitive.*``: booleans, numbers, text, patterns, lorem, UUIDs, dates and times, enums,
distributions, weighted and categorical choices, JSON objects from a template, arrays.

The 19 IDs of the original catalog keep their names and params (``min``/``max``, ``scale``,
``start``/``step``/``max``, ``pattern``, ``min_len``/``max_len``/``charset``/``allow_empty``/
``max_repeat``, ``words``/``min_words``/``max_words``; dates ``YYYY-MM-DD``, times
``HH:MM:SS[.f]``, timestamps RFC 3339 or ``YYYY-MM-DD[T ]HH:MM:SS``), so old plans work. Params are
strict: unknown keys and wrong JSON types are errors.

Every generator here is vectorized (NumPy over the stream's words, Arrow for text) and, where its
value space is finite, builds unique values by construction (``value_space`` / ``from_index``):
integer and decimal ranges, sequences, dates, times and timestamps at their resolution, enum labels,
choice values, fixed-structure patterns (``[A-Z]{3}-\\d{4}``) and UUIDs (2**62 of them).

One module per kind of value: :mod:`.numbers`, :mod:`.text`, :mod:`.lorem`, :mod:`.uuids`,
:mod:`.temporal`, :mod:`.categorical`, :mod:`.distributions`, :mod:`.structured`.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> from datalchemy.generators.primitive.numbers import IntRange
    >>> gen = IntRange()
    >>> ctx = GenContext.for_column(seed=1, table="crm.leads", column="score")
    >>> values = gen.generate(ctx, gen.parse_params({"min": 0, "max": 100}), np.arange(5))
    >>> all(0 <= v <= 100 for v in values.to_pylist())
    True
"""
