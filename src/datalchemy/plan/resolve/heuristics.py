"""Which generator a column's name and type suggest (resolution's defaults; ``plan suggest``).

Every column that no plan rule covers gets the first of :func:`suggestions` that fits it (see
:mod:`.columns`). The name rules are data: :data:`RULES` puts the text rules of
:mod:`.names_text` (with :mod:`.names_web` and :mod:`.names_categories`) and the JSON shapes of
:mod:`.names_json` before the number, flag and date rules of :mod:`.names_values` (with
:mod:`.names_numbers`); their type families do not overlap. :func:`suggestions` returns every
matching rule, best first, then the type default, so a caller that needs a unique column can skip
a candidate whose value space is too small (:func:`unique_fallback` gives one that is large
enough).

Example:
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> col = Column(ordinal=1, name="dataNascimento", declared_type="date",
    ...              family=TypeFamily.DATE, nullable=True)
    >>> best = suggestions(HeuristicInput(col, "clientes", ("dataNascimento",), "pt_BR"))[0]
    >>> best.generator, best.params
    ('primitive.date.range', {'min': '1944-01-01', 'max': '2006-01-01'})
"""

from __future__ import annotations

from datalchemy.contracts.resolved import ResolvedColumn
from datalchemy.contracts.schema import DatabaseSchema, Table
from datalchemy.plan.resolve.links import link_columns
from datalchemy.plan.resolve.names import HeuristicInput, NameRule, Suggestion
from datalchemy.plan.resolve.names_json import JSON_RULES
from datalchemy.plan.resolve.names_text import TEXT_RULES
from datalchemy.plan.resolve.names_values import VALUE_RULES
from datalchemy.plan.resolve.type_defaults import literal_default, type_default, unique_fallback

__all__ = [
    "RULES",
    "group_defaults",
    "suggestions",
    "type_default",
    "unique_fallback",
]

#: Every name rule, best first.
RULES: tuple[NameRule, ...] = (*TEXT_RULES, *JSON_RULES, *VALUE_RULES)


def suggestions(info: HeuristicInput, keyed: bool = False) -> list[Suggestion]:
    """Every suggestion for the column, best first, ending with the type default (``keyed``:
    the column is unique or in a unique key). A type with a literal syntax of its own gets only
    its generator."""
    literal = literal_default(info)
    if literal is not None:
        return [literal]
    out: list[Suggestion] = []
    seen: set[str] = set()
    for rule in RULES:
        if not rule.matches(info):
            continue
        made = rule.make(info)
        if made is None:
            continue
        gen, params = made
        key = gen + repr(sorted(params.items()))
        if key in seen:
            continue
        seen.add(key)
        out.append(Suggestion(gen, params, "name_heuristic", rule.confidence, rule.why))
    default = type_default(info, keyed)
    if default is not None:
        out.append(default)
    return out


def group_defaults(
    columns: list[ResolvedColumn],
    schema: DatabaseSchema | None = None,
    table: Table | None = None,
) -> list[ResolvedColumn]:
    """Link the default choices of one table's columns so rows make sense as rows: dates in
    the order their names mean, e-mails from the row's names, one place / product / person per
    row, statuses weighted by meaning (see :mod:`.links`). Rule and unique columns are left
    alone."""
    labels: dict[str, list[str]] = {}
    if schema is not None and table is not None:
        for col in table.columns:
            enum = schema.enum(col.enum) if col.enum else None
            if enum is not None:
                labels[col.name] = list(enum.labels)
    return link_columns(columns, table, labels)
