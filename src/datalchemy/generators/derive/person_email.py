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
    >>> mails = gen.generate(ctx, p, np.arange(2)).to_pylist()
    >>> "souza" in mails[0] and "silva" in mails[1], len(set(mails))
    (True, 2)
"""  # noqa: E501

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, field_validator, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators import assets, pii
from datalchemy.generators._arrow import int_strings, join, take, vocabulary
from datalchemy.generators.base import TEXTUAL, GenContext, Rows
from datalchemy.generators.derive.base import Derive, InputParams, input_column, text_of
from datalchemy.generators.derive.text import sanitize_local_part
from datalchemy.generators.registry import register
from datalchemy.generators.semantic_br.base import check_domain, group_stream
from datalchemy.generators.semantic_br.people import draw_first, draw_last, people

__all__ = ["EmailFromPerson", "PersonEmailParams"]

I64 = npt.NDArray[np.int64]

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
    group: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="Row-agreement group of the input's semantic.br.name (sex any): the person "
        "is drawn from the group, as the name was, instead of read back from the text (faster, "
        "same names).",
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


def _element(lists: pa.Array, last: bool) -> pa.Array:
    """The first (or last) element of every list (lists are never empty here)."""
    offsets = lists.offsets.to_numpy()
    at = offsets[1:] - 1 if last else offsets[:-1]
    return pc.take(pc.list_flatten(lists), pa.array(at.astype(np.int64) - int(offsets[0])))


def _word(values: pa.Array, last: bool) -> tuple[pa.Array, npt.NDArray[np.bool_]]:
    """The first (or last) word of every value and whether it is the only one: one split at
    the first (or last) space (Arrow kernels, no per-row Python)."""
    # NOTE: no trim: a name with a leading or trailing space only loses that word
    parts = pc.split_pattern(text_of(values).fill_null(""), " ", max_splits=1, reverse=last)
    alone = pc.list_value_length(parts).to_numpy(zero_copy_only=False) < 2
    return _element(parts, last=last), alone


def _vocab(words: pa.Array, last: bool) -> tuple[pa.Array, I64]:
    """(vocabulary, index per row) of words folded to ASCII: the folding runs on the distinct
    words only (a few thousand for a million names)."""
    encoded = pc.dictionary_encode(words)
    vocab = sanitize_local_part(encoded.dictionary).fill_null("")
    vocab = pc.replace_substring_regex(vocab, r"[0-9]+", "")
    # "avila.souza" (a hyphenated word) keeps its own first or last part
    vocab = pc.replace_substring_regex(vocab, r"^.*\." if last else r"\..*$", "")
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return pa.concat_arrays([vocab.cast(pa.string()), pa.array([""], pa.string())]), codes


@cache
def _people_tokens() -> tuple[pa.Array, pa.Array]:
    """ASCII e-mail tokens of the first names (their first word) and surnames of ``people()``,
    each with an empty word at the end."""
    p = people()
    first = pc.replace_substring_regex(sanitize_local_part(p.first), r"\..*$", "")
    empty = pa.array([""], pa.string())
    return pa.concat_arrays([first, empty]), pa.concat_arrays([p.surname_token, empty])


def _first_and_last(
    ctx: GenContext, params: PersonEmailParams, gen_id: str, rows: Rows
) -> tuple[tuple[pa.Array, I64], tuple[pa.Array, I64]]:
    """The first given name and the last surname of each row: (vocabulary, indices) each."""
    if params.group is not None:  # the person the group's semantic.br.name drew for the row
        person = group_stream(ctx, params.group).sub("person")
        first_tokens, last_tokens = _people_tokens()
        return (first_tokens, draw_first(person, rows, "any")), (
            last_tokens,
            draw_last(person, rows),
        )
    cols = [input_column(ctx, c, gen_id, rows) for c in params.input_columns]
    first_word, alone = _word(cols[0], last=False)
    last_word, _ = _word(cols[-1], last=True)
    if len(cols) > 1:
        alone = np.zeros(len(alone), dtype=bool)
    first = _vocab(first_word, last=False)
    last = _vocab(last_word, last=True)
    # a full name of one word has no surname: point at the empty word
    return first, (last[0], np.where(alone, len(last[0]) - 1, last[1]))


#: Pattern -> (head, separator, tail); heads and tails: f first name, i its initial, l surname,
#: j its initial, "" nothing.
_PARTS: dict[str, tuple[str, str, str]] = {
    "f.l": ("f", ".", "l"),
    "fl": ("f", "", "l"),
    "f_l": ("f", "_", "l"),
    "il": ("i", "", "l"),
    "l.f": ("l", ".", "f"),
    "f": ("f", "", ""),
    "f.il": ("f", ".", "j"),
    "fil": ("f", "", "j"),
    "l": ("l", "", ""),
}
_SEPARATORS = ("", ".", "_")  # in the order of the head vocabularies of :func:`_local`


#: Multipliers coprime to 30: with 17017 = 7 x 11 x 13 x 17 they keep :func:`_token` a bijection.
_COPRIME = (1, 7, 11, 13, 17, 19, 23, 29)


def _token(rows: I64, key: int) -> I64:
    """A keyed bijection of the row index that keeps its number of digits: within each digit
    count ``[lo, 10 lo)`` the affine map ``lo + (a (x - lo) + b) mod 9 lo`` with ``a`` coprime to
    ``9 lo`` (whose prime factors are 2, 3 and 5). Distinct rows get distinct tokens, and the
    products stay below 2**63 up to 10**12 rows (``a`` < 2**20)."""
    x = rows.astype(np.int64)
    digits = np.floor(np.log10(np.maximum(x, 1))).astype(np.int64) + 1
    lo = np.where(x < 10, 0, 10 ** (digits - 1))
    span = np.where(x < 10, 10, 9 * lo)
    a = 17017 * _COPRIME[key % len(_COPRIME)]
    b = key % 1_000_003
    out: I64 = lo + ((x - lo) * (a % span) + b) % span
    return out


_KINDS = "filj"  # first name, its initial, surname, its initial; past the end: nothing


def _local(first: tuple[pa.Array, I64], last: tuple[pa.Array, I64], which: I64) -> pa.Array:
    """Local parts: every row's head (with its separator) and tail taken from small
    vocabularies (names, initials, nothing; the heads also with ``.`` and ``_``), one join."""
    (fv, fi), (lv, li) = first, last
    nf, nl = len(fv), len(lv)
    words = pa.concat_arrays(
        [
            fv.cast(pa.string()),
            pc.utf8_slice_codeunits(fv, 0, 1),
            lv.cast(pa.string()),
            pc.utf8_slice_codeunits(lv, 0, 1),
            pa.array([""], pa.string()),
        ]
    )
    size = len(words)
    start = np.array([0, nf, 2 * nf, 2 * nf + nl], dtype=np.int64)
    heads = pa.concat_arrays([words, join([words, "."]), join([words, "_"])])
    patterns = [_PARTS[p] for p, _ in _PATTERNS]
    head_kind = np.array([_KINDS.find(h) for h, _, _ in patterns])[which]
    tail_kind = np.array([_KINDS.find(t) if t else -1 for _, _, t in patterns])[which]
    sep = np.array([_SEPARATORS.index(x) for _, x, _ in patterns])[which]

    def position(kind: I64) -> I64:
        own = np.where((kind == 0) | (kind == 1), fi, li)
        return np.where(kind < 0, size - 1, start[np.maximum(kind, 0)] + own)

    return join([take(heads, sep * size + position(head_kind)), take(words, position(tail_kind))])


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
        which = s.sub("pattern").weighted(rows, [w for _, w in _PATTERNS])
        local = _local(first, last, which)
        # A missing word leaves a dot or an underscore at an end; no name at all: "user".
        (fv, fi), (lv, li) = first, last
        f_len = np.asarray(pc.utf8_length(fv).to_numpy(zero_copy_only=False))[fi]
        l_len = np.asarray(pc.utf8_length(lv).to_numpy(zero_copy_only=False))[li]
        if ((f_len == 0) | (l_len == 0)).any():  # checked on the words, not the rows
            local = pc.utf8_trim(local, "._")
            nameless = pa.array((f_len == 0) & (l_len == 0))
            local = pc.if_else(nameless, pa.scalar("user"), local)
        pieces: list[pa.Array | str] = [local]
        if params.unique:
            # NOTE: the same permutation in every retry round, so retried rows cannot collide
            # with rows kept from an earlier round.
            key = ctx.with_attempt(0).stream(self.id, params, "token").key
            pieces.append(int_strings(_token(rows, key)))
        else:
            u = s.sub("number").uniform(rows)
            year = int_strings(s.sub("year").integers(rows, 60, 105) % 100)
            small = int_strings(s.sub("small").integers(rows, 1, 99))
            year = pc.utf8_lpad(year, 2, "0")
            number = pc.if_else(pa.array(u < params.number_share / 2), year, small)
            pieces.append(pc.if_else(pa.array(u < params.number_share), number, ""))
        lang = "pt_BR" if ctx.locale.lower().startswith("pt") else "en"
        domains = vocabulary(params.domains) if params.domains else _domains(lang)
        domain = take(domains, s.sub("domain").choice(rows, len(domains)))
        return join([*pieces, "@", domain])
