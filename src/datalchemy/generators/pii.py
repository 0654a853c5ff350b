"""PII tags that generators declare; values of tagged columns are never logged or reported."""

from __future__ import annotations

__all__ = ["ADDRESS", "CARD", "EMAIL", "LOCATION", "NAME", "NETWORK", "PHONE"]

NAME = frozenset({"pii.name"})
EMAIL = frozenset({"pii.email"})
PHONE = frozenset({"pii.phone"})
ADDRESS = frozenset({"pii.address"})
LOCATION = frozenset({"pii.location"})
NETWORK = frozenset({"pii.network"})
CARD = frozenset({"pii.card"})
