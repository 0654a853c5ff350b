"""Where a text column's place comes from: Brazilian generators in a Portuguese plan, world
places (``semantic.place.*``) otherwise or when the table has a country column.

Example:
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> col = Column(ordinal=1, name="state", declared_type="char(2)", family=TypeFamily.TEXT,
    ...              nullable=True, length=2)
    >>> state(HeuristicInput(col, "customers", locale="en_US"))
    ('semantic.place.state_code', {'country': 'US'})
"""

from __future__ import annotations

from datalchemy.plan.resolve.names import HeuristicInput, Params, Pick
from datalchemy.plan.resolve.type_defaults import formatted_params

__all__ = ["country", "home", "phone", "place", "postcode", "state"]


def home(info: HeuristicInput) -> str:
    """The usual country of the plan's locale (one with places in the world list)."""
    from datalchemy.generators.semantic.places import world

    code = info.locale.split("_")[-1].upper() if "_" in info.locale else ""
    return code if code in world().countries else ("BR" if info.pt else "US")


def place(part: str, br: tuple[str, Params] | None) -> Pick:
    """A world place part (``semantic.place.*``), or the Brazilian generator ``br`` for a
    Portuguese plan whose table has no country column."""

    def make(info: HeuristicInput) -> tuple[str, Params]:
        world = part == "country" or bool(info.sibling_tokens & {"pais", "country", "paises"})
        if info.pt and br is not None and not world:
            return br
        key = "home" if world else "country"
        return f"semantic.place.{part}", {key: home(info)}

    return make


def phone(info: HeuristicInput) -> tuple[str, Params]:
    """A phone of the row's place (mobile when the name says so, in Brazil)."""
    mobile = bool(set(info.tokens) & {"celular", "cel", "mobile", "cell", "whatsapp"})
    br: tuple[str, Params] = ("semantic.br.phone", {} if mobile else {"kind": "any"})
    return place("phone", br)(info)


def state(info: HeuristicInput) -> tuple[str, Params]:
    """A state: its code in a short column (``char(2)``), else its name."""
    short = info.column.length is not None and info.column.length <= 3
    br: tuple[str, Params] = (
        "semantic.br.uf",
        {} if short or "uf" in info.tokens else {"full_name": False},
    )
    return place("state_code" if short else "state", br)(info)


def country(info: HeuristicInput) -> tuple[str, Params]:
    """A country: its ISO code in a short column, else its name in the locale's language."""
    if info.column.length is not None and info.column.length <= 3:
        return place("country_code", None)(info)
    return place("country", None)(info)


def postcode(info: HeuristicInput) -> tuple[str, Params]:
    """A postcode (a CEP punctuated ``01310-100`` in a ``char(9)``)."""
    return place("postcode", ("semantic.br.cep", formatted_params(info, "semantic.br.cep")))(info)
