"""Loads that go wrong: each ends with a coded error, a report that says where and why, and the
target unchanged (one transaction) or resumable to exact counts (per-table transactions)."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import psycopg
import pytest

from datalchemy.errors import (
    ConnectionFailed,
    ConstraintViolation,
    DatabaseError,
    InputError,
    Interrupted,
)
from datalchemy.load import run_load
from datalchemy.load.dataset import DatasetTable
from support.datasets import Crm, copy_dataset, tamper

MIDDLE = "crm.oportunidades"


def _counts(url: str, tables: list[str]) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {
            t: conn.execute(f"select count(*) from {t}").fetchone()[0]  # type: ignore[index]
            for t in tables
        }


def _report_of(error: BaseException) -> dict[str, Any]:
    hint = getattr(error, "hint", "") or ""
    path = Path(hint.rsplit("see ", 1)[1])
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def _duplicate_key_at(lines: list[str], row: int) -> list[str]:
    """Give data row ``row`` the first row's key (first column), keeping the file size."""
    first_key = lines[1].split(",", 1)[0]
    key, rest = lines[row].split(",", 1)
    if len(key) != len(first_key):
        pytest.fail("keys of different widths; pick another row")
    lines[row] = first_key + "," + rest
    return lines


@pytest.fixture
def broken_crm(crm: Crm, tmp_path: Path) -> Path:
    """The CRM dataset with a duplicate primary key at data row 7 of a middle table."""
    data = copy_dataset(crm.data, tmp_path / "data")
    tamper(data, f"{MIDDLE}.csv", lambda lines: _duplicate_key_at(lines, 7))
    return data


def test_constraint_violation_in_a_middle_table_rolls_everything_back(
    crm: Crm, broken_crm: Path
) -> None:
    url = crm.target()
    with pytest.raises(ConstraintViolation) as info:
        run_load(broken_crm, crm.schema, url)
    report = _report_of(info.value)
    assert report["status"] == "failed"
    assert report["error"]["code"] == "constraint_violation"
    assert report["failure"]["table"] == MIDDLE
    assert report["failure"]["failing_row"] == 7
    assert report["failure"]["constraint"] == "oportunidades_pkey"
    assert report["failure"]["sqlstate"] == "23505"
    assert report["target_unchanged"] is True and report["resumable"] is False
    statuses = {f"{t['schema']}.{t['table']}": t["status"] for t in report["tables"]}
    assert statuses[MIDDLE] == "failed" and statuses["crm.usuarios"] == "rolled_back"
    assert sum(_counts(url, list(crm.written)).values()) == 0


def test_per_table_failure_is_resumable_to_exact_counts(crm: Crm, broken_crm: Path) -> None:
    url = crm.target()
    with pytest.raises(ConstraintViolation) as info:
        run_load(broken_crm, crm.schema, url, transaction="table")
    report = _report_of(info.value)
    assert report["resumable"] is True and report["target_unchanged"] is False
    partial = _counts(url, list(crm.written))
    assert partial["crm.usuarios"] == crm.written["crm.usuarios"]  # committed before the failure
    assert partial[MIDDLE] == 0
    # Fix the file (put the original back) and resume: exact counts, no duplicates.
    (broken_crm / f"{MIDDLE}.csv").write_bytes((crm.data / f"{MIDDLE}.csv").read_bytes())
    (broken_crm / "generation_report.json").write_bytes(
        (crm.data / "generation_report.json").read_bytes()
    )
    resumed = run_load(broken_crm, crm.schema, url, resume=True).report
    assert resumed.status == "ok" and resumed.resumed and resumed.counts_verified
    assert {t.table for t in resumed.tables if t.status == "resumed"} >= {"usuarios"}
    assert _counts(url, list(crm.written)) == crm.written


def _drop_connection_when(url: str, table: str) -> Any:
    """A progress hook that kills the loader's own backend when ``table`` starts moving."""
    fired = []

    def hook(t: DatasetTable, done: int) -> None:
        if t.qualified == table and not fired:
            fired.append(True)
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute(
                    "select pg_terminate_backend(pid) from pg_stat_activity "
                    "where application_name = 'datalchemy' and pid <> pg_backend_pid() "
                    "and datname = current_database()"
                )

    return hook


def test_connection_dropped_mid_load_leaves_the_target_unchanged(crm: Crm) -> None:
    url = crm.target()
    with pytest.raises(DatabaseError) as info:
        run_load(crm.data, crm.schema, url, progress=_drop_connection_when(url, MIDDLE))
    report = _report_of(info.value)
    assert report["status"] == "failed" and report["failure"]["table"] == MIDDLE
    assert report["target_unchanged"] is True
    assert report["db_metrics"]["errors_by_kind"]
    assert sum(_counts(url, list(crm.written)).values()) == 0


def test_connection_dropped_per_table_then_resume(crm: Crm) -> None:
    url = crm.target()
    with pytest.raises(DatabaseError):
        run_load(
            crm.data,
            crm.schema,
            url,
            transaction="table",
            progress=_drop_connection_when(url, MIDDLE),
        )
    assert 0 < sum(_counts(url, list(crm.written)).values()) < sum(crm.written.values())
    # Without --resume the loader refuses to start over on top of the half-done load.
    with pytest.raises(Exception) as again:
        run_load(crm.data, crm.schema, url, transaction="table")
    assert getattr(again.value, "code", None) == "load_interrupted_before"
    report = run_load(crm.data, crm.schema, url, resume=True).report
    assert report.status == "ok" and report.counts_verified
    assert _counts(url, list(crm.written)) == crm.written


def test_wrong_password_is_a_coded_connection_error_without_the_secret(crm: Crm) -> None:
    url = crm.target()
    wrong = url.replace(crm.server.password, "not-the-password-42")
    with pytest.raises(ConnectionFailed) as info:
        run_load(crm.data, crm.schema, wrong)
    assert info.value.code == "auth_failed"
    assert "not-the-password-42" not in str(info.value) + (info.value.hint or "")
    # Per table: nothing was committed, so no checkpoint is left to block a plain rerun.
    with pytest.raises(ConnectionFailed):
        run_load(crm.data, crm.schema, wrong, transaction="table")
    assert not list((crm.data / "loads").glob("checkpoint_*.json"))


def test_read_only_target_fails_cleanly(crm: Crm) -> None:
    url = crm.target()
    dbname = url.rsplit("/", 1)[1]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"alter database {dbname} set default_transaction_read_only = on")
    with pytest.raises(DatabaseError) as info:
        run_load(crm.data, crm.schema, url)
    assert info.value.code == "target_read_only"
    assert info.value.sqlstate == "25006"
    report = _report_of(info.value)
    assert report["target_unchanged"] is True


def test_a_file_edited_in_place_is_caught_while_streaming(crm: Crm, tmp_path: Path) -> None:
    data = copy_dataset(crm.data, tmp_path / "d")
    path = data / f"{MIDDLE}.csv"
    text = path.read_text()
    at = text.index("a", len(text) // 2)
    path.write_text(text[:at] + "b" + text[at + 1 :])  # same size, other bytes
    url = crm.target()
    with pytest.raises(InputError) as info:
        run_load(data, crm.schema, url)
    assert info.value.code == "dataset_file_changed"
    report = _report_of(info.value)
    assert report["failure"]["table"] == MIDDLE and report["target_unchanged"] is True
    assert sum(_counts(url, list(crm.written)).values()) == 0


def test_incomplete_or_edited_datasets_are_refused_before_connecting(
    crm: Crm, tmp_path: Path
) -> None:
    data = copy_dataset(crm.data, tmp_path / "d")
    unreachable = "postgresql://u:p@127.0.0.1:1/none"
    path = data / "crm.funis.csv"
    # A missing file.
    path.rename(path.with_suffix(".bak"))
    with pytest.raises(InputError) as info:
        run_load(data, crm.schema, unreachable)
    assert info.value.code == "dataset_file_missing"
    path.with_suffix(".bak").rename(path)
    # A file that lost its last line.
    text = path.read_text()
    path.write_text(text[: text.rstrip("\n").rfind("\n") + 1])
    with pytest.raises(InputError) as info:
        run_load(data, crm.schema, unreachable)
    assert info.value.code == "dataset_file_changed"
    # A generation that did not finish.
    report = json.loads((data / "generation_report.json").read_text())
    report["status"] = "interrupted"
    (data / "generation_report.json").write_text(json.dumps(report))
    with pytest.raises(InputError) as info:
        run_load(data, crm.schema, unreachable)
    assert info.value.code == "dataset_incomplete"
    with pytest.raises(InputError) as info:
        run_load(tmp_path / "nope", crm.schema, unreachable)
    assert info.value.code == "dataset_not_found"


def test_sigterm_mid_load_reports_interrupted_and_rolls_back(crm: Crm) -> None:
    url = crm.target()
    fired = []

    def hook(t: DatasetTable, done: int) -> None:
        if t.qualified == MIDDLE and not fired:
            fired.append(True)
            os.kill(os.getpid(), signal.SIGTERM)

    with pytest.raises(Interrupted) as info:
        run_load(crm.data, crm.schema, url, progress=hook)
    report = _report_of(info.value)
    assert report["status"] == "interrupted" and report["error"]["code"] == "interrupted"
    assert report["target_unchanged"] is True
    assert sum(_counts(url, list(crm.written)).values()) == 0


def test_a_target_without_the_tables_is_a_clear_error(crm: Crm) -> None:
    url = crm.server.create_database()  # empty: no CRM schema
    with pytest.raises(DatabaseError) as info:
        run_load(crm.data, crm.schema, url)
    assert info.value.code == "table_not_found"
    assert "schema" in (info.value.hint or "")
