"""``derive.email_from_person``: the e-mail a person of the row would have, from their names.

People write their address from their names in a handful of ways: ``ana.souza``, ``anasouza``,
``ana_souza``, ``asouza``, ``souza.ana``, ``ana``, often with a number. The derive reads the row's
name columns (one full-name column, or a first-name and a surname column, in any language),
folds accents, keeps the first given name and the last surname (``Maria da Silva Santos`` →
``maria`` and ``santos``), and picks a pattern per row on a safe example domain (never a real
provider).

``unique: true`` (a UNIQUE e-mail column) resolves collisions by construction: every address
ends with a number that is a keyed permutation of the row index within its digit count, and no
name part holds a digit, so two rows never share an address (``distinct_per_row``). Otherwise
about ``number_share`` of the addresses get a small number or a two-digit year, as people do.

Example:
    >>> import numpy as np
    >>> import pyarrow as pa
    >>> from datalchemy.generators.base import GenContext
    >>> from datalchemy.generators.registry import get_generator
    >>> gen = get_generator("derive.email_from_person")
    >>> names = {"nome": pa.array(["Ana", "João Pedro"]), "sobrenome": pa.array(["Souza", "da Silva"])}
    >>> ctx = GenContext.for_column(seed=1, table="loja.clientes", column="email", inputs=names)
    >>> p = gen.parse_params({"input_columns": ["nome", "sobrenome"], "unique": True})
    >>> [e.split("@")[0].rstrip("0123456789.") for e in gen.generate(ctx, p, np.arange(2)).to_pylist()]
    ['souza', 'joao.silva']
"""  # noqa: E501

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, field_validator, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators import assets, pii
from datalchemy.generators._arrow import int_strings, join, take, vocabulary
from datalchemy.generators.base import TEXTUAL, GenContext, Rows
from datalchemy.generators.derive.base import Derive, InputParams, input_column
from datalchemy.generators.derive.text import sanitize_local_part
from datalchemy.generators.registry import register
from datalchemy.generators.semantic_br.base import check_domain
from datalchemy.generators.transforms.keyed import permute_within_digit_count

__all__ = ["EmailFromPerson", "PersonEmailParams"]

#: (pattern, weight): how people build the local part from first name ``f`` and surname ``l``.
_PATTERNS: tuple[tuple[str, float], ...] = (
    ("f.l", 34.0),
    ("fl", 12.0),
    ("f_l", 8.0),
    ("il", 16.0),  # initial + surname: asouza
    ("l.f", 6.0),
    ("f", 8.0),
    ("f.il", 6.0),  # ana.s
    ("fil", 4.0),  # anas
    ("l", 6.0),
)
_EN_DOMAINS = ("example.com", "example.net", "example.org", "mail.example.com")


@cache
def _domains(lang: str) -> pa.Array:
    if lang == "pt_BR":
        return vocabulary(assets.words("pt_BR", "email_domains.txt"))
    return vocabulary(_EN_DOMAINS)


class PersonEmailParams(InputParams):
    domains: list[str] | None = Field(
        None,
        min_length=1,
        max_length=100,
        description="Domains to spread addresses over (default: safe example domains).",
    )
    unique: bool = Field(
        False, description="Distinct for every row (a row-keyed number ends each address)."
    )
    number_share: float = Field(
        0.3, ge=0, le=1, description="Without unique: share of addresses that end in a number."
    )

    @field_validator("domains")
    @classmethod
    def _valid(cls, value: list[str] | None) -> list[str] | None:
        for d in value or []:
            check_domain(d)
        return value

    @model_validator(mode="after")
    def _inputs(self) -> PersonEmailParams:
        if len(self.input_columns) > 2:
            raise ValueError("give a full-name column, or a first-name and a surname column")
        return self


def _first_and_last(
    ctx: GenContext, params: PersonEmailParams, gen_id: str, rows: Rows
) -> tuple[pa.Array, pa.Array]:
    """The first given name and the last surname of each row, folded to ASCII."""
    cols = [
        sanitize_local_part(input_column(ctx, c, gen_id, rows)).fill_null("")
        for c in params.input_columns
    ]
    cols = [pc.replace_substring_regex(c, r"[0-9]+", "") for c in cols]
    first_col, last_col = cols[0], cols[-1]
    first = pc.replace_substring_regex(first_col, r"\..*$", "")
    last = pc.replace_substring_regex(last_col, r"^.*\.", "")
    if len(cols) == 1:  # a full name with one word has no surname
        last = pc.if_else(pc.equal(last, first), "", last)
    return first, last


@register
class EmailFromPerson(Derive[PersonEmailParams]):
    """An e-mail built the way people build theirs. Example: ``asouza@exemplo.example``."""

    id = "derive.email_from_person"
    summary = "E-mail from the row's name columns with realistic patterns (unique on request)."
    params_model = PersonEmailParams
    output = TypeFamily.TEXT
    fits = TEXTUAL
    pii = pii.EMAIL
    example_params: ClassVar[dict[str, Any] | None] = {"input_columns": ["name"], "unique": True}

    def inputs(self, params: PersonEmailParams) -> list[str]:
        return list(params.input_columns)

    def distinct_per_row(self, params: PersonEmailParams) -> bool:
        return params.unique

    def generate(self, ctx: GenContext, params: PersonEmailParams, rows: Rows) -> pa.Array:
        first, last = _first_and_last(ctx, params, self.id, rows)
        s = ctx.stream(self.id, params)
        initial = pc.utf8_slice_codeunits(first, 0, 1)
        last_initial = pc.utf8_slice_codeunits(last, 0, 1)
        forms = {
            "f.l": join([first, ".", last]),
            "fl": join([first, last]),
            "f_l": join([first, "_", last]),
            "il": join([initial, last]),
            "l.f": join([last, ".", first]),
            "f": first,
            "f.il": join([first, ".", last_initial]),
            "fil": join([first, last_initial]),
            "l": last,
        }
        which = s.sub("pattern").weighted(rows, [w for _, w in _PATTERNS])
        local = pc.choose(pa.array(which.astype(np.int8)), *[forms[p] for p, _ in _PATTERNS])
        # A missing surname leaves dots and underscores at an end; no name at all: "user".
        local = pc.utf8_trim(local, "._")
        local = pc.if_else(pc.less(pc.utf8_length(local), 2), join(["user", first]), local)
        if params.unique:
            # NOTE: the same permutation in every retry round, so retried rows cannot collide
            # with rows kept from an earlier round.
            key = ctx.with_attempt(0).stream(self.id, params, "token").key
            token = permute_within_digit_count(rows.astype(np.uint64), key)
            local = join([local, int_strings(token)])
        else:
            u = s.sub("number").uniform(rows)
            year = int_strings(s.sub("year").integers(rows, 60, 105) % 100)
            small = int_strings(s.sub("small").integers(rows, 1, 99))
            year = pc.utf8_lpad(year, 2, "0")
            number = pc.if_else(pa.array(u < params.number_share / 2), year, small)
            local = pc.if_else(pa.array(u < params.number_share), join([local, number]), local)
        lang = "pt_BR" if ctx.locale.lower().startswith("pt") else "en"
        domains = vocabulary(params.domains) if params.domains else _domains(lang)
        domain = take(domains, s.sub("domain").choice(rows, len(domains)))
        return join([local, "@", domain])
