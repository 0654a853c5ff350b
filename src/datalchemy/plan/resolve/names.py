"""The vocabulary of name rules: name tokens, what a rule looks at, what it proposes.

A column name is normalised first: accents dropped (``descrição`` → ``descricao``), camelCase
split (``dataNascimento`` → ``data_nascimento``), lower-cased and cut into tokens. A
:class:`NameRule` matches tokens (``uf``, ``cpf``), substrings of the joined name (``email`` in
``emailcontato``) or whole names (``razaosocial``), restricted to the column's type families.
The rules themselves are data: :mod:`.names_text` and :mod:`.names_values` export tuples of
them built with :func:`rule`, and :mod:`.heuristics` puts them in order.

Example:
    >>> name_tokens("Descrição_CurtaProduto")
    ('descricao', 'curta', 'produto')
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> cpf = rule(TEXTY, "cpf", ("semantic.br.cpf", {}), 0.95, "a CPF")
    >>> col = Column(ordinal=1, name="cpf_cliente", declared_type="text",
    ...              family=TypeFamily.TEXT, nullable=False)
    >>> info = HeuristicInput(col, "clientes")
    >>> cpf.matches(info), cpf.make(info)
    (True, ('semantic.br.cpf', {}))
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from datalchemy.contracts.plan import DEFAULT_BASE_DATE
from datalchemy.contracts.resolved import ColumnReason
from datalchemy.contracts.schema import Column, TypeFamily

__all__ = [
    "BOOLS",
    "INTS",
    "NUMS",
    "TEMPORAL",
    "TEXTY",
    "HeuristicInput",
    "Make",
    "NameRule",
    "Params",
    "Pick",
    "Suggestion",
    "code_prefix",
    "has_words",
    "in_table",
    "name_tokens",
    "rule",
    "singular_label",
    "words",
]

#: Generator params as plain JSON (what a plan rule carries), not a parsed params model.
Params = dict[str, Any]
_T = TypeFamily
#: Type families a rule can be restricted to.
TEXTY = frozenset({_T.TEXT, _T.UNKNOWN})
INTS = frozenset({_T.INTEGER})
NUMS = frozenset({_T.DECIMAL, _T.FLOAT, _T.MONEY})
TEMPORAL = frozenset({_T.DATE, _T.TIMESTAMP, _T.TIMESTAMPTZ})
BOOLS = frozenset({_T.BOOLEAN})


@dataclass(frozen=True)
class Suggestion:
    """A generator for a column, with why and how sure."""

    generator: str
    params: Params
    reason: ColumnReason
    confidence: float
    why: str


@dataclass(frozen=True)
class HeuristicInput:
    """What the rules look at: the column, its table, its siblings, the locale, "today"."""

    column: Column
    table: str
    siblings: tuple[str, ...] = ()
    locale: str = "en_US"
    base_date: date = DEFAULT_BASE_DATE
    enum_labels: tuple[str, ...] | None = None
    tokens: tuple[str, ...] = field(init=False)
    compact: str = field(init=False)
    table_tokens: tuple[str, ...] = field(init=False)
    sibling_tokens: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tokens", name_tokens(self.column.name))
        object.__setattr__(self, "compact", "".join(self.tokens))
        object.__setattr__(self, "table_tokens", name_tokens(self.table))
        sib = {t for s in self.siblings if s != self.column.name for t in name_tokens(s)}
        object.__setattr__(self, "sibling_tokens", frozenset(sib))

    @property
    def pt(self) -> bool:
        return self.locale.lower().startswith("pt")

    @property
    def family(self) -> TypeFamily:
        return self.column.family


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------


def name_tokens(name: str) -> tuple[str, ...]:
    """Lower-case ASCII tokens of a column or table name (accents, camelCase, separators)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    return tuple(t for t in re.split(r"[^0-9a-zA-Z]+", text.lower()) if t)


def _singular(word: str) -> str:
    for plural, single in (("oes", "ao"), ("aes", "ao"), ("ais", "al"), ("eis", "el")):
        if word.endswith(plural) and len(word) > 4:
            return word[: -len(plural)] + single
    if word.endswith("ns") and len(word) > 3:
        return word[:-2] + "m"  # itens -> item
    if word.endswith("is") and len(word) > 3 and word[-3] in "nu":
        return word[:-1] + "l"  # funis -> funil
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("res", "zes")) and len(word) > 4:
        return word[:-2]  # fornecedores -> fornecedor
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def singular_label(table: str) -> str:
    """A readable singular label for a table: ``categorias_veiculo`` → ``Categoria``."""
    tokens = name_tokens(table) or ("item",)
    return _singular(tokens[0]).capitalize()


def code_prefix(table: str) -> str:
    """Three-letter code prefix from the table name: ``cotacoes`` → ``COT``."""
    letters = re.sub(r"[^a-z]", "", "".join(name_tokens(table)))
    return (letters[:3] or "cod").upper()


def has_words(info: HeuristicInput, words: str) -> bool:
    """Whether the table, the column or a sibling column has one of ``words`` as a token."""
    pool = set(info.table_tokens) | set(info.tokens) | set(info.sibling_tokens)
    return bool(pool.intersection(words.split()))


def words(text: str) -> list[str]:
    """The words of ``text`` (a vocabulary written as one string)."""
    return text.split()


def in_table(info: HeuristicInput, words: str) -> bool:
    """Whether the table's name has one of ``words`` as a token (``film`` in ``film_actor``)."""
    return bool(set(info.table_tokens).intersection(words.split()))


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------

#: A rule's proposal for a column: (generator ID, params), or None when it has none after all.
Make = Callable[[HeuristicInput], "tuple[str, Params] | None"]
#: A proposal that always has a generator.
Pick = Callable[[HeuristicInput], "tuple[str, Params]"]


@dataclass(frozen=True)
class NameRule:
    """Words that trigger a generator for columns of some type families."""

    families: frozenset[TypeFamily]
    tokens: frozenset[str]
    substrings: tuple[str, ...]
    make: Make
    confidence: float
    why: str
    when: Callable[[HeuristicInput], bool] | None = None

    def matches(self, info: HeuristicInput) -> bool:
        if info.family not in self.families:
            return False
        hit = bool(self.tokens.intersection(info.tokens)) or info.compact in self.tokens
        hit = hit or any(s in info.compact for s in self.substrings)
        return hit and (self.when is None or self.when(info))


def rule(
    families: frozenset[TypeFamily],
    words: str,
    make: Make | tuple[str, Params] | tuple[tuple[str, Params], tuple[str, Params]],
    confidence: float,
    why: str,
    *,
    substrings: str = "",
    when: Callable[[HeuristicInput], bool] | None = None,
) -> NameRule:
    """A rule from its words. ``make`` is a function, one (id, params) or a (pt_BR, other) pair.

    ``words`` are matched against the name's tokens and the whole joined name (a word written
    ``unit_price`` matches the joined ``unitprice``); ``substrings`` against any part of the
    joined name; ``when`` narrows the match further.
    """
    if callable(make):
        fn: Make = make
    elif isinstance(make[0], tuple):
        pt_choice, other = make

        def fn(info: HeuristicInput, a: Any = pt_choice, b: Any = other) -> tuple[str, Params]:
            out: tuple[str, Params] = a if info.pt else b
            return out

    else:
        single: Any = make

        def fn(info: HeuristicInput, a: Any = single) -> tuple[str, Params]:
            out: tuple[str, Params] = a
            return out

    return NameRule(
        families,
        frozenset(w.replace("_", "") for w in words.split()),  # unit_price matches "unitprice"
        tuple(substrings.split()),
        fn,
        confidence,
        why,
        when,
    )
