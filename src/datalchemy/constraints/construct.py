"""How to build rows that satisfy a :class:`~.model.RowFormula`: which columns are *targets*
(derived from the others, the *drivers*), and what each target holds in each case.

The formula is an OR of branches (ANDs of single-column atoms), read with SQL's three-valued
logic: a row passes when the OR is not FALSE. For a choice of targets, every combination of the
drivers' values (a driver's values are grouped into the constants the formula names, NULL, and
"anything else") must leave some branch that passes:

- a *passable* branch needs nothing from the targets (they are absent from it, or only a
  sufficient domain - a *guide* - constrains them, which the targets' generators are fitted
  into): it passes when its driver atoms are not FALSE;
- otherwise the first *forcing* branch whose driver atoms are all TRUE is made true by forcing
  its target atoms (``t IS NULL`` → NULL, ``t IS NOT NULL`` → a value, ``t = v`` → ``v``,
  ``t = other`` → a copy).

:func:`construct` tries every set of targets among the candidates and keeps the one with the
fewest forced values per row on average (a target left with one value on every row, a constant
or NULL, counts half a value more; then the fewest targets, then the candidates the caller
prefers); when NULL drivers leave rows uncovered it also tries with the nullable drivers made
NOT NULL. The resulting
:class:`Construction` lists the cases in the order they are tested: passable branches first
(``match="not_false"``), then forcing branches (``match="true"``).

Example:
    >>> from datalchemy.constraints.model import Atom, RowFormula
    >>> ended = RowFormula(((Atom("end_year", "not_null"), Atom("ended", "in", (True,))),
    ...                     (Atom("end_year", "null"),)))
    >>> c = construct(ended, candidates=["end_year", "ended"],
    ...               drivers={"end_year": Driver(True), "ended": Driver(False, (True, False))})
    >>> c.targets, [(when, [a.kind for a in acts.values()]) for when, _, acts in c.cases]
    (['ended'], [(('end_year null',), ['keep']), (('end_year not_null',), ['value'])])
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from datalchemy.constraints.model import Atom, ColumnDomain, RowFormula, Scalar

__all__ = ["Action", "Construction", "Driver", "construct", "describe_atom"]

#: Most candidate columns whose subsets are tried as targets.
MAX_CANDIDATES = 12
#: Most combinations of driver values checked for one choice of targets.
MAX_ASSIGNMENTS = 4096

#: A driver value in the analysis: NULL, one of the named constants, or anything else.
_NULL = ("null",)
_OTHER = ("other",)


@dataclass(frozen=True)
class Driver:
    """What is known of a column's values when it drives a formula."""

    nullable: bool
    #: Every value it can take, when that is a known list (booleans, enums, IN domains).
    values: tuple[Scalar, ...] | None = None


@dataclass(frozen=True)
class Action:
    """What a target holds in one case."""

    kind: Literal["keep", "null", "not_null", "value", "copy"]
    value: Scalar | None = None
    source: str | None = None


Match = Literal["true", "not_false"]


@dataclass
class Construction:
    """A choice of targets for a formula and the cases that keep every row passing."""

    formula: RowFormula
    targets: list[str]
    #: Drivers made NOT NULL (so that no row is left without a branch).
    not_null: list[str]
    #: (atoms on drivers, when they apply, what each target holds), in test order.
    cases: list[tuple[tuple[str, ...], Match, dict[str, Action]]]
    #: The driver atoms of each case (``cases[i][0]`` describes them for people).
    conditions: list[tuple[Atom, ...]] = field(default_factory=list)
    #: Sufficient domains the targets' generators must be fitted into.
    guides: dict[str, ColumnDomain] = field(default_factory=dict)
    #: Forced target values per row, on average over the driver combinations.
    forced: float = 0.0
    #: Targets left with a single value (a constant or NULL) on every row.
    constant: list[str] = field(default_factory=list)

    @property
    def derived(self) -> list[str]:
        """Targets that some case forces (the others only need their guide)."""
        out = [
            t
            for t in self.targets
            if any(acts[t].kind != "keep" for _, _, acts in self.cases if t in acts)
        ]
        return out + [c for c in self.not_null if c not in out]


def describe_atom(atom: Atom) -> str:
    """``col null``, ``col in (1, 2)``... (used in case descriptions)."""
    if atom.test in ("in", "not_in"):
        return f"{atom.column} {atom.test} ({', '.join(repr(v) for v in atom.values)})"
    if atom.test == "same_as":
        return f"{atom.column} = {atom.other}"
    return f"{atom.column} {atom.test}"


def construct(
    formula: RowFormula,
    *,
    candidates: Sequence[str],
    drivers: Mapping[str, Driver],
    can_force: Callable[[str, Action], bool] | None = None,
    accept: Callable[[Construction], bool] | None = None,
) -> Construction | None:
    """The best construction of ``formula`` with targets among ``candidates`` (None: none).

    Args:
        formula: the rule.
        candidates: columns that may be derived, the preferred first (between two
            constructions that force as much, the one deriving preferred columns wins).
        drivers: facts of every column of the formula (as a driver).
        can_force: whether a target can hold what an action asks (a value inside its domain,
            a copy of a column of its type...); everything is allowed when omitted.
        accept: a last say over a complete construction (the caller's other rules, cycles).
    """
    columns = formula.columns
    pool = [c for c in candidates if c in columns]
    if len(pool) > MAX_CANDIDATES:
        return None
    allowed = can_force or (lambda _t, _a: True)
    rank = {c: k for k, c in enumerate(pool)}
    best: Construction | None = None
    best_key: tuple[float, int, int] | None = None
    for size in range(0, len(pool) + 1):
        for chosen in itertools.combinations(pool, size):
            for not_null in _not_null_options(formula, chosen, drivers, pool):
                built = _build(formula, list(chosen), not_null, drivers, allowed)
                if built is None or (accept is not None and not accept(built)):
                    continue
                # Fewest forced values (a NOT NULL driver forces every row; a column left with
                # one value counts half more), then fewest targets, then the candidates
                # listed first.
                preference = sum(rank[c] for c in [*built.targets, *built.not_null])
                cost = built.forced + len(built.not_null) + 0.5 * len(built.constant)
                key = (cost, len(built.targets), preference)
                if best_key is None or key < best_key:
                    best, best_key = built, key
                break  # NOT NULL drivers only when needed
    return best


def _not_null_options(
    formula: RowFormula, targets: Sequence[str], drivers: Mapping[str, Driver], pool: list[str]
) -> list[list[str]]:
    nullable = [
        c for c in formula.columns if c not in targets and c in pool and drivers[c].nullable
    ]
    return [[], nullable] if nullable else [[]]


def _build(
    formula: RowFormula,
    targets: list[str],
    not_null: list[str],
    drivers: Mapping[str, Driver],
    can_force: Callable[[str, Action], bool],
) -> Construction | None:
    target_set = set(targets)
    if any(not can_force(c, Action("not_null")) for c in not_null):
        return None
    driver_cols = [c for c in formula.columns if c not in target_set]
    guides: dict[str, ColumnDomain] = {}
    plans: list[tuple[tuple[Atom, ...], dict[str, Action] | None, int]] = []
    for branch in formula.branches:
        on_drivers = tuple(a for a in branch if a.column not in target_set)
        if any(a.test not in ("null", "not_null", "in", "not_in") for a in on_drivers):
            return None  # a driver can only be tested (copies and domains need a target)
        actions = _actions(branch, targets, guides, can_force)
        cost = -1 if actions is None else sum(a.kind != "keep" for a in actions.values())
        plans.append((on_drivers, actions, cost))
    # Passable branches first (in the formula's order), then forcing ones, cheapest first.
    order = sorted(
        range(len(plans)),
        key=lambda i: (plans[i][2] != 0, plans[i][2] if plans[i][2] >= 0 else 10**6, i),
    )
    usable = [i for i in order if plans[i][1] is not None]
    classes = [_classes(c, drivers[c], formula, c in not_null) for c in driver_cols]
    total = 1
    for options in classes:
        total *= len(options)
    if total > MAX_ASSIGNMENTS:
        return None
    forced = 0
    held: dict[str, set[Action]] = {t: set() for t in targets}  # what each target holds
    for assignment in itertools.product(*classes):
        values = dict(zip(driver_cols, assignment, strict=True))
        found = _first_branch(usable, plans, values)
        if found is None:
            return None
        actions = plans[found][1]
        assert actions is not None
        forced += plans[found][2]
        for t in targets:
            held[t].add(actions[t])
    cases: list[tuple[tuple[str, ...], Match, dict[str, Action]]] = []
    conditions: list[tuple[Atom, ...]] = []
    for i in usable:
        on_drivers, actions, cost = plans[i]
        assert actions is not None
        cases.append(
            (
                tuple(describe_atom(a) for a in on_drivers),
                "not_false" if cost == 0 else "true",
                actions,
            )
        )
        conditions.append(on_drivers)
    # A case that always applies hides the ones after it.
    for k, atoms in enumerate(conditions):
        if not atoms:
            del cases[k + 1 :], conditions[k + 1 :]
            break
    # Trailing cases that keep every target change nothing.
    while cases and all(a.kind == "keep" for a in cases[-1][2].values()):
        cases.pop()
        conditions.pop()
    # A target that holds one constant (or NULL) on every row loses all its values.
    constant = [
        t
        for t, acts in held.items()
        if len(acts) == 1 and next(iter(acts)).kind in ("null", "value")
    ]
    return Construction(
        formula, targets, not_null, cases, conditions, guides, forced / max(total, 1), constant
    )


def _actions(
    branch: tuple[Atom, ...],
    targets: list[str],
    guides: dict[str, ColumnDomain],
    can_force: Callable[[str, Action], bool],
) -> dict[str, Action] | None:
    """What each target holds to make ``branch`` true (None: some target cannot)."""
    out: dict[str, Action] = {}
    for target in targets:
        atoms = [a for a in branch if a.column == target]
        tests = {a.test for a in atoms}
        for a in atoms:
            if a.test == "domain":
                assert a.domain is not None
                known = guides.get(target)
                if known is not None and known != a.domain:
                    return None  # one guide per column
                guides[target] = a.domain
        rest = tests - {"domain"}
        action: Action | None
        if not rest:
            action = Action("keep")
        elif rest == {"null"}:
            action = Action("null")
        elif rest == {"not_null"}:
            action = Action("not_null")
        elif rest <= {"in", "not_null"}:
            values = next(a.values for a in atoms if a.test == "in")
            action = next(
                (Action("value", v) for v in values if can_force(target, Action("value", v))),
                None,
            )
        elif rest == {"same_as"} and len(atoms) == 1 and atoms[0].other not in targets:
            action = Action("copy", source=atoms[0].other)
        else:
            action = None
        if action is None or (action.kind != "keep" and not can_force(target, action)):
            return None
        if action.kind == "copy" and target in guides:
            return None  # a copied value need not lie in the target's guide
        out[target] = action
    return out


def _classes(
    column: str, driver: Driver, formula: RowFormula, not_null: bool
) -> list[tuple[object, ...]]:
    """The driver's values that the formula tells apart."""
    named: list[Scalar] = []
    for branch in formula.branches:
        for atom in branch:
            if atom.column == column:
                named += [v for v in atom.values if v not in named]
    options: list[tuple[object, ...]] = []
    if driver.nullable and not not_null:
        options.append(_NULL)
    if driver.values is not None:
        options += [("value", v) for v in driver.values if v in named]
        if any(v not in named for v in driver.values):
            options.append(_OTHER)
    else:
        options += [("value", v) for v in named]
        options.append(_OTHER)
    return options


def _truth(atom: Atom, value: tuple[object, ...]) -> bool | None:
    """The atom on a driver value: True, False or None (unknown)."""
    if atom.test == "null":
        return value == _NULL
    if atom.test == "not_null":
        return value != _NULL
    if value == _NULL:
        return None
    hit = value[0] == "value" and value[1] in atom.values
    return hit if atom.test == "in" else not hit


def _conjunction(atoms: tuple[Atom, ...], values: Mapping[str, tuple[object, ...]]) -> bool | None:
    result: bool | None = True
    for atom in atoms:
        truth = _truth(atom, values[atom.column])
        if truth is False:
            return False
        if truth is None:
            result = None
    return result


def _first_branch(
    usable: list[int],
    plans: list[tuple[tuple[Atom, ...], dict[str, Action] | None, int]],
    values: Mapping[str, tuple[object, ...]],
) -> int | None:
    """The branch one driver combination uses (None: no branch can pass)."""
    for i in usable:
        on_drivers, _, cost = plans[i]
        truth = _conjunction(on_drivers, values)
        if cost == 0 and truth is not False:
            return i
        if cost > 0 and truth is True:
            return i
    return None
