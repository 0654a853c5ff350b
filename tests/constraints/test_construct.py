"""Constructions of row formulas: which columns are derived, and the cases that keep every row
passing (three-valued logic, NULL drivers, guides, vetoes)."""

from __future__ import annotations

from datalchemy.constraints.construct import Action, Construction, Driver, construct
from datalchemy.constraints.model import Atom, ColumnDomain, RowFormula

NULLABLE = Driver(True)
FLAG = Driver(False, (True, False))


def _formula(*branches: tuple[Atom, ...]) -> RowFormula:
    return RowFormula(tuple(branches))


def _kinds(c: Construction, target: str) -> list[str]:
    return [acts[target].kind for _, _, acts in c.cases]


ENDED = _formula(
    (Atom("year", "not_null"), Atom("ended", "in", (True,))),
    (Atom("month", "not_null"), Atom("ended", "in", (True,))),
    (Atom("year", "null"), Atom("month", "null")),
)


def test_the_flag_is_derived_from_the_dates() -> None:
    drivers = {"year": NULLABLE, "month": NULLABLE, "ended": FLAG}
    c = construct(ENDED, candidates=["ended", "month", "year"], drivers=drivers)
    assert c is not None and c.targets == ["ended"] and c.derived == ["ended"]
    assert [(when, match) for when, match, _ in c.cases] == [
        (("year null", "month null"), "not_false"),
        (("year not_null",), "true"),
        (("month not_null",), "true"),
    ]
    assert _kinds(c, "ended") == ["keep", "value", "value"]
    assert c.forced == 0.75  # three of the four nullness patterns set the flag


def test_the_dates_are_derived_when_the_flag_cannot_be() -> None:
    drivers = {"year": NULLABLE, "month": NULLABLE, "ended": FLAG}
    c = construct(
        ENDED,
        candidates=["ended", "month", "year"],
        drivers=drivers,
        can_force=lambda target, action: target != "ended" or action.kind == "keep",
    )
    assert c is not None and "ended" not in c.targets
    assert set(c.derived) <= {"year", "month"}


def test_an_exclusive_or_of_nullness() -> None:
    xor = _formula(
        (Atom("fk", "null"), Atom("text", "not_null")),
        (Atom("fk", "not_null"), Atom("text", "null")),
    )
    c = construct(xor, candidates=["text"], drivers={"fk": NULLABLE, "text": NULLABLE})
    assert c is not None and c.targets == ["text"]
    assert _kinds(c, "text") == ["not_null", "null"]


def test_a_nullable_discriminator_is_made_not_null() -> None:
    # Hatchet: (isPaused = false AND a IS NULL) OR (isPaused = true AND a IS NOT NULL); a NULL
    # isPaused leaves the row unknown-or-false whatever a holds.
    paused = _formula(
        (Atom("paused", "in", (False,)), Atom("a", "null")),
        (Atom("paused", "in", (True,)), Atom("a", "not_null")),
    )
    drivers = {"paused": Driver(True, (True, False)), "a": NULLABLE}
    # Cheapest: the flag follows a (one forced value a row).
    c = construct(paused, candidates=["a", "paused"], drivers=drivers)
    assert c is not None and c.targets == ["paused"] and c.not_null == []
    # When the flag can only be made NOT NULL, a follows it.
    c = construct(
        paused,
        candidates=["a", "paused"],
        drivers=drivers,
        can_force=lambda target, action: target != "paused" or action.kind in ("keep", "not_null"),
    )
    assert c is not None
    assert c.targets == ["a"] and c.not_null == ["paused"] and c.derived == ["a", "paused"]


def test_unknown_is_a_pass() -> None:
    # MusicBrainz: (type <> 3) OR (type = 3 AND locale IS NULL): a NULL type passes.
    alias = _formula(
        (Atom("type", "not_in", (3,)),),
        (Atom("type", "in", (3,)), Atom("locale", "null")),
    )
    c = construct(alias, candidates=["locale"], drivers={"type": NULLABLE, "locale": NULLABLE})
    assert c is not None and c.not_null == []
    assert [match for _, match, _ in c.cases] == ["not_false", "true"]
    assert _kinds(c, "locale") == ["keep", "null"]


def test_a_guide_alone_needs_no_derive() -> None:
    url = ColumnDomain("url", like=["https://%"])
    formula = _formula(
        (Atom("kind", "not_in", ("oidc",)),),
        (Atom("url", "null"),),
        (Atom("url", "domain", domain=url),),
    )
    c = construct(formula, candidates=["url"], drivers={"kind": NULLABLE, "url": NULLABLE})
    assert c is not None and c.guides == {"url": url}
    assert c.derived == [] and c.cases == []


def test_copies_and_values() -> None:
    formula = _formula(
        (Atom("type", "not_in", (3,)),),
        (Atom("type", "in", (3,)), Atom("sort", "same_as", other="name"),
         Atom("flag", "in", (False,))),
    )  # fmt: skip
    drivers = {"type": NULLABLE, "sort": Driver(False), "name": Driver(False), "flag": FLAG}
    c = construct(formula, candidates=["flag", "sort", "name"], drivers=drivers)
    assert c is not None and set(c.targets) == {"flag", "sort"}
    last = c.cases[-1][2]
    assert last["sort"] == Action("copy", source="name") and last["flag"] == Action("value", False)


def test_uncovered_rows_mean_no_construction() -> None:
    # x = 1 OR x = 2 on a driver that takes other values: nothing to derive.
    formula = _formula((Atom("x", "in", (1,)),), (Atom("x", "in", (2,)),))
    assert construct(formula, candidates=[], drivers={"x": NULLABLE}) is None
    # ... unless its values are known to be those.
    known = {"x": Driver(False, (1, 2))}
    c = construct(formula, candidates=[], drivers=known)
    assert c is not None and c.targets == [] and c.forced == 0


def test_the_caller_can_refuse_a_construction() -> None:
    xor = _formula(
        (Atom("a", "null"), Atom("b", "not_null")),
        (Atom("a", "not_null"), Atom("b", "null")),
    )
    drivers = {"a": NULLABLE, "b": NULLABLE}
    c = construct(xor, candidates=["a", "b"], drivers=drivers, accept=lambda c: c.targets != ["a"])
    assert c is not None and c.targets == ["b"]
    assert construct(xor, candidates=["a", "b"], drivers=drivers, accept=lambda _: False) is None


def test_a_column_is_not_collapsed_to_one_value_when_others_can_follow_it() -> None:
    # Hatchet's payloads: location = 'INLINE' OR (location = 'EXTERNAL' AND inline IS NULL AND
    # key IS NOT NULL). Forcing location to 'INLINE' on every row is as cheap as forcing the two
    # columns on EXTERNAL rows, but it leaves location with a single value.
    payload = _formula(
        (Atom("location", "in", ("INLINE",)),),
        (Atom("location", "in", ("EXTERNAL",)), Atom("inline", "null"), Atom("key", "not_null")),
    )
    drivers = {"location": Driver(False, ("INLINE", "EXTERNAL")), "inline": NULLABLE,
               "key": NULLABLE}  # fmt: skip
    c = construct(payload, candidates=["location", "inline", "key"], drivers=drivers)
    assert c is not None and sorted(c.targets) == ["inline", "key"] and c.constant == []
    alone = construct(payload, candidates=["location"], drivers=drivers)
    assert alone is not None and alone.constant == ["location"]  # still possible when needed
