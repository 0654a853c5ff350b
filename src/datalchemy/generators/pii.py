"""PII tags that generators declare (``pii = pii.CPF``); values of tagged columns are never
logged or reported. Every tag lives here, so a typo cannot invent a new one.

Example:
    >>> sorted(CPF | NAME)
    ['pii.cpf', 'pii.name']
"""

from __future__ import annotations

__all__ = [
    "ADDRESS",
    "BANK_ACCOUNT",
    "CARD",
    "CNH",
    "CNPJ",
    "CPF",
    "EMAIL",
    "LOCATION",
    "NAME",
    "NETWORK",
    "PHONE",
    "PIS",
    "PIX",
    "PLATE",
    "RENAVAM",
    "RG",
]

NAME = frozenset({"pii.name"})
EMAIL = frozenset({"pii.email"})
PHONE = frozenset({"pii.phone"})
ADDRESS = frozenset({"pii.address"})
LOCATION = frozenset({"pii.location"})
NETWORK = frozenset({"pii.network"})
CARD = frozenset({"pii.card"})
BANK_ACCOUNT = frozenset({"pii.bank_account"})
CPF = frozenset({"pii.cpf"})
CNPJ = frozenset({"pii.cnpj"})
RG = frozenset({"pii.rg"})
PIS = frozenset({"pii.pis"})
CNH = frozenset({"pii.cnh"})
RENAVAM = frozenset({"pii.renavam"})
PLATE = frozenset({"pii.plate"})
PIX = frozenset({"pii.pix"})
