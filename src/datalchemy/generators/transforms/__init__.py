"""``transform.*``: whole-column rewrites applied after generation, in plan order.

Every transform takes the whole column (an Arrow array) and returns a new one of the same length,
using Arrow compute or NumPy over the raw buffers; none loops over rows in Python. NULL in gives
NULL out, except in ``transform.null_rate``, whose job is to make NULLs.

``transform.mask`` is the privacy tool (see ``docs/privacy_lgpd.md``):

- ``hash``: HMAC-SHA256 of the value's text with a secret ``salt`` (hex). The salt is a
  ``SecretStr``: it never appears in a dump of the params, a log or an error. Only the distinct
  values are hashed.
- ``redact``: ``***``.
- ``format_preserving``: e-mail ``a*****z@dominio.com``, CPF ``***.***.***-NN``, CNPJ
  ``**.***.***/****-NN``, phone ``(11) *****-4321`` (DDD and the last 4 digits kept); other text
  keeps its first and last character.
- ``keyed``: a keyed pseudorandom permutation. Text keeps its length and shape (digits stay
  digits, letters stay letters of the same case, punctuation stays) and integers keep their digit
  count, and distinct inputs always give distinct outputs, so UNIQUE columns stay unique (the
  original's masks collided).

Modules: :mod:`.simple` (null_rate, truncate, prefix_suffix, casing, weighted_choice),
:mod:`.formatting` (format), :mod:`.mask` (mask), :mod:`.keyed` (the permutations behind keyed
masks and unique e-mail tokens) and :mod:`.common`.

Example:
    >>> import numpy as np, pyarrow as pa
    >>> from datalchemy.generators.base import GenContext
    >>> from datalchemy.generators.transforms.mask import Mask
    >>> ctx = GenContext.for_column(seed=1, table="crm.contatos", column="email")
    >>> t = Mask()
    >>> p = t.parse_params({"mode": "format_preserving"})
    >>> t.apply(ctx, p, pa.array(["maria@x.com.br", None]), np.arange(2)).to_pylist()
    ['m***a@x.com.br', None]
"""
