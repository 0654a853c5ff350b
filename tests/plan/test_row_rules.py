"""Row-level CHECKs in plan resolution: which columns are derived, what the suggested plan
says, and how each CHECK is reported (derive / domain / verify)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import datalchemy
from datalchemy.contracts.plan import Plan
from datalchemy.contracts.resolved import ResolvedPlan, ResolvedTable
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.plan import resolve_plan


def _schema(tmp_path: Path, ddl: str) -> DatabaseSchema:
    path = tmp_path / "s.db"
    with sqlite3.connect(path) as con:
        con.executescript(ddl)
    return datalchemy.introspect(f"sqlite:///{path}").schema


def _suggested(schema: DatabaseSchema, rows: int = 100) -> tuple[Plan, ResolvedPlan]:
    plan, _ = datalchemy.suggest_plan(schema, rows=rows)
    report = datalchemy.validate_plan(plan, schema)
    assert not [i for i in report.issues if i.severity == "error"], report.issues
    return plan, resolve_plan(plan, schema)


def _table(resolved: ResolvedPlan, name: str) -> ResolvedTable:
    return next(t for t in resolved.tables if t.table == name)


def _strategies(rt: ResolvedTable) -> dict[str, str]:
    return {c.name or c.expression: c.strategy for c in rt.checks}


ARTIST = """
create table artist (
    id integer primary key,
    end_year smallint,
    end_month smallint,
    locale text,
    primary_for_locale boolean default false not null,
    ended boolean default false not null,
    constraint ended_check check (((end_year is not null or end_month is not null)
        and ended = true) or (end_year is null and end_month is null)),
    constraint primary_check check ((locale is null and primary_for_locale is false)
        or locale is not null));
"""


def test_flags_follow_the_columns_they_describe(tmp_path: Path) -> None:
    schema = _schema(tmp_path, ARTIST)
    plan, resolved = _suggested(schema)
    rt = _table(resolved, "artist")
    assert _strategies(rt) == {"ended_check": "derive", "primary_check": "derive"}
    ended = rt.column("ended")
    assert ended.generator == "derive.conditional" and ended.inputs == ["end_year", "end_month"]
    assert ended.params["value"] is False  # the literal DEFAULT false stays underneath
    cases = ended.params["rules"][0]["cases"]
    assert [c["then"] for c in cases] == ["keep", "value", "value"]
    note = next(c.note for c in rt.checks if c.name == "ended_check")
    assert note == (
        "by construction: ended is its own value when end_year is NULL and end_month is NULL, "
        "True when end_year is not NULL, True when end_month is not NULL"
    )
    # The suggested plan writes the derive as the column's rule, and resolves to the same.
    rule = next(r for r in plan.rules if getattr(r, "column", None) == "ended")
    assert rule.generator_id == "derive.conditional"  # type: ignore[union-attr]


def test_a_user_rule_is_kept_and_the_check_verified(tmp_path: Path) -> None:
    schema = _schema(tmp_path, ARTIST)
    plan, _ = _suggested(schema)
    raw: dict[str, Any] = plan.model_dump(mode="json", by_alias=True, exclude_none=True)
    for rule in raw["rules"]:
        if rule.get("column") in ("ended", "end_year", "end_month"):
            rule["generator"] = (
                {"id": "primitive.bool"}
                if rule["column"] == "ended"
                else {"id": "primitive.int.range", "params": {"min": 1990, "max": 2020}}
            )
    resolved = resolve_plan(Plan.model_validate(raw), schema)
    rt = _table(resolved, "artist")
    assert rt.column("ended").generator == "primitive.bool"
    assert _strategies(rt)["ended_check"] == "verify"


def test_a_changed_conditional_rule_is_not_claimed(tmp_path: Path) -> None:
    schema = _schema(tmp_path, ARTIST)
    plan, _ = _suggested(schema)
    raw: dict[str, Any] = plan.model_dump(mode="json", by_alias=True, exclude_none=True)
    for rule in raw["rules"]:
        if rule.get("column") == "ended":
            rule["generator"]["params"]["rules"][0]["cases"].pop()
    rt = _table(resolve_plan(Plan.model_validate(raw), schema), "artist")
    assert rt.column("ended").generator == "derive.conditional"
    assert _strategies(rt)["ended_check"] == "verify"


def test_guides_fit_a_column_into_a_sufficient_domain(tmp_path: Path) -> None:
    schema = _schema(
        tmp_path,
        """create table payment (id integer primary key, currency text not null,
               check (upper(currency) in ('BRL', 'usd', 'EUR')));""",
    )
    _, resolved = _suggested(schema)
    rt = _table(resolved, "payment")
    assert rt.column("currency").generator == "primitive.choice"
    assert rt.column("currency").params == {"values": ["BRL", "EUR"]}
    (check,) = rt.checks
    assert check.strategy == "domain" and check.note == (
        "by construction: currency takes one of 'BRL', 'EUR'"
    )


def test_letter_case_is_folded_by_a_transform(tmp_path: Path) -> None:
    schema = _schema(
        tmp_path,
        """create table teams (id integer primary key, login text not null unique,
               constraint lower_ck check (login = lower(login)));""",
    )
    _, resolved = _suggested(schema)
    rt = _table(resolved, "teams")
    assert [t.transform for t in rt.column("login").transforms] == ["transform.casing"]
    assert rt.column("login").transforms[0].params == {"mode": "lower"}
    assert _strategies(rt) == {"lower_ck": "domain"}


def test_sums_balance_the_last_column(tmp_path: Path) -> None:
    schema = _schema(
        tmp_path,
        """create table split (id integer primary key,
               a integer not null, b integer not null check (b between 0 and 100),
               used numeric(8, 2) not null, spare numeric(8, 2) not null,
               total numeric(10, 2) not null check (total <= 5000),
               constraint shares check (a + b = 100),
               constraint within check (used + spare <= total));""",
    )
    _, resolved = _suggested(schema)
    rt = _table(resolved, "split")
    b = rt.column("b")
    assert (b.generator, b.params["terms"], b.params["constant"]) == (
        "derive.linear",
        {"a": -1},
        100,
    )
    a = rt.column("a")
    assert (a.params["min"], a.params["max"]) == (0, 100)  # fitted so that b stays in 0..100
    total = rt.column("total")
    assert total.generator == "derive.linear" and total.params["terms"] == {"used": 1, "spare": 1}
    assert (
        total.params["scale"] == 2
        and "max" not in total.params
        and total.params["min_offset"] == "0.00"
    )
    assert _strategies(rt)["shares"] == "derive"


def test_foreign_keys_kept_apart_are_claimed(tmp_path: Path) -> None:
    schema = _schema(
        tmp_path,
        """create table area (id integer primary key);
           create table pair (id integer primary key,
               a integer not null references area(id), b integer not null references area(id),
               constraint apart check (a <> b));""",
    )
    _, resolved = _suggested(schema)
    (check,) = _table(resolved, "pair").checks
    assert check.strategy == "derive" and check.note == (
        "the engine picks different parent rows for a and b"
    )


def test_rules_that_would_read_each_other_are_not_both_derived(tmp_path: Path) -> None:
    schema = _schema(
        tmp_path,
        """create table t (id integer primary key, a text, b text,
               constraint ab check ((a is null) = (b is null)),
               constraint ba check (a is not null or b is null));""",
    )
    _, resolved = _suggested(schema)
    rt = _table(resolved, "t")
    reads = {c.name: set(c.inputs) for c in rt.columns}

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(
            n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in reads[start]
        )

    assert any(c.generator == "derive.conditional" for c in rt.columns)
    assert not any(reaches(c, c) for c in reads)
    assert set(_strategies(rt).values()) == {"derive"}


def test_a_column_of_a_partial_unique_index_is_only_made_null(tmp_path: Path) -> None:
    schema = _schema(
        tmp_path,
        """create table kind (id integer primary key autoincrement, name text not null);
           create table alias (id integer primary key, owner integer not null,
               type integer references kind(id), locale text, label text,
               check (type <> 2 or (locale is null and label = 'x')));
           create unique index alias_primary on alias (owner, locale) where locale is not null;
        """,
    )
    _, resolved = _suggested(schema)
    rt = _table(resolved, "alias")
    locale = rt.column("locale")
    assert locale.generator == "derive.conditional" and locale.inputs == ["type"]
    (rule,) = locale.params["rules"]
    assert [c["then"] for c in rule["cases"]] == ["keep", "null"]
    # Rows the first case leaves are those of type 2.
    assert rt.column("label").params["rules"][0]["cases"][-1] == {
        "when": [],
        "then": "value",
        "value": "x",
    }
    (check,) = rt.checks
    assert check.strategy == "derive"
    assert check.note == (
        "by construction: label is its own value when type not in (2), 'x' otherwise; "
        "locale is its own value when type not in (2), NULL otherwise"
    )
