"""Generators fitted to statistics: values that follow a distribution measured elsewhere.

``plan suggest --profile`` (see :mod:`datalchemy.profile`) turns the safe statistics of a real
database into rules of this family, and ``semantic.number.amount`` uses its shared pieces:

- :mod:`.output`: numbers shaped for the target column (exact decimals at the column's scale,
  rounded floats that print short, whole numbers), and a vectorized inverse normal CDF;
- :mod:`.numeric`: ``fitted.numeric``, numbers drawn through a piecewise-linear inverse CDF given
  by quantiles (``quantiles[i]`` is the value at probability ``i / (len - 1)``);
- :mod:`.temporal`: ``fitted.temporal``, the same for dates and timestamps;
- :mod:`.categorical`: ``fitted.categorical``, a weighted pick of frequent values and, for the
  rest of the rows, any other generator (the long tail nobody may see).

No value of the source reaches a plan through this family except the frequent categorical values
the profile chose to keep (each seen at least *k* times, never in a PII column).
"""
