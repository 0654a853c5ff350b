"""CHECK shape handlers, one function per expression type, registered in ``analyzer.SHAPES``.

- :mod:`.logic`: ``AND``, ``OR``, ``NOT`` (pushed down), ``TRUE`` / ``FALSE``, a boolean column;
- :mod:`.comparisons`: ``=  <>  <  <=  >  >=`` against constants or another column,
  ``ANY`` / ``ALL``, ``IN``, ``BETWEEN``, ``IS [NOT] DISTINCT FROM``, ``IS TRUE``;
- :mod:`.text`: ``LIKE`` / ``ILIKE``, regex matches, ``SIMILAR TO``, ``GLOB``, and the
  ``length`` / ``position`` comparisons (called from :func:`.comparisons.compare`);
- :mod:`.functions`: a function of one column compared with a constant (date parts, array
  lengths, JSON types, byte lengths, trimmed text, ``x = lower(x)``), also called from
  :func:`.comparisons.compare`.

A handler takes the :class:`~datalchemy.constraints.analyzer.Analyzer` (for the context and for
recursing into sub-expressions) and the node, and returns a
:class:`~datalchemy.constraints.domains.Capture`. Everything it captures must be a necessary
condition of the node; it sets ``exact`` only when the capture is all the node says.
"""
