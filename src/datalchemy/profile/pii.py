"""Which columns count as PII for a profile: no value of them is ever kept.

A column is PII when its name says so (the generator ``plan suggest`` would pick for it carries
a PII tag: names, e-mails, documents, phones, addresses, places, network addresses; or a PII word
is in the name) or when its values look like PII whatever its name (e-mail addresses, CPF / CNPJ
numbers, phone numbers, card numbers, IP addresses in at least a fifth of the rows).

Example:
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> name_pii(Column(ordinal=1, name="email_contato", declared_type="text",
    ...                 family=TypeFamily.TEXT, nullable=True), "clientes")
    ['pii.email', 'pii.name_word']
    >>> name_pii(Column(ordinal=1, name="status", declared_type="text",
    ...                 family=TypeFamily.TEXT, nullable=True), "pedidos")
    []
"""

from __future__ import annotations

import contextlib

from datalchemy.contracts.schema import Column, TypeFamily
from datalchemy.evaluate.dataset import Session, q
from datalchemy.plan.resolve.names import name_tokens, words

__all__ = ["name_pii", "value_pii"]

#: Name words that make a column PII whatever its type (a CPF kept as a bigint is still a CPF).
_WORDS = frozenset(
    words(
        "cpf cnpj rg pis pasep nit cnh renavam passaporte passport ssn email mail telefone "
        "fone phone celular mobile whatsapp nome name sobrenome surname firstname lastname "
        "fullname endereco address logradouro rua street cep zip zipcode postcode ip "
        "ipaddress cartao card iban conta account agencia senha password token nascimento "
        "birth birthdate dob placa plate latitude longitude lat lng"
    )
)
#: (tag, DuckDB regex) of values that are PII whatever the column is called.
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("pii.email", r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"),
    ("pii.cpf", r"^\d{3}\.?\d{3}\.?\d{3}-?\d{2}$"),
    ("pii.cnpj", r"^\d{2}\.?\d{3}\.?\d{3}/?\d{4}-?\d{2}$"),
    ("pii.phone", r"^\+?[\d\s().-]{10,18}$"),
    ("pii.card", r"^\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{1,7}$"),
    ("pii.network", r"^\d{1,3}(\.\d{1,3}){3}$"),
)
_SHARE = 0.2


def name_pii(column: Column, table: str) -> list[str]:
    """PII tags the column's name gives it (empty when none)."""
    from datalchemy.generators.registry import get_generator
    from datalchemy.plan.resolve.heuristics import suggestions
    from datalchemy.plan.resolve.names import HeuristicInput

    tags: set[str] = set()
    found = suggestions(HeuristicInput(column, table, locale="pt_BR"))
    if found and found[0].reason == "name_heuristic":
        with contextlib.suppress(Exception):  # an unknown generator says nothing about PII
            tags |= set(get_generator(found[0].generator).pii)
    tokens = set(name_tokens(column.name)) | {"".join(name_tokens(column.name))}
    if tokens & _WORDS:
        tags.add("pii.name_word")
    return sorted(tags)


def value_pii(session: Session, duck: str, column: Column) -> list[str]:
    """PII tags the column's values earn (text columns only)."""
    if column.family not in (TypeFamily.TEXT, TypeFamily.UNKNOWN):
        return []
    c = f"CAST({q(column.name)} AS VARCHAR)"
    shares = ", ".join(
        f"avg(CASE WHEN regexp_matches({c}, '{pattern}') THEN 1.0 ELSE 0.0 END)"
        for _, pattern in _PATTERNS
    )
    row = session.one(f"SELECT {shares} FROM {duck} WHERE {q(column.name)} IS NOT NULL")
    return [tag for (tag, _), share in zip(_PATTERNS, row, strict=True) if (share or 0) >= _SHARE]
