"""Run folders: naming, atomic writes, redacted NDJSON logs with durations."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from datalchemy.db.urls import register_secret
from datalchemy.runs import RunDir, atomic_write_text


def test_run_folder_name_and_config(tmp_path: Path) -> None:
    run = RunDir.create(tmp_path, "introspect")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ__introspect_[0-9a-f]{8}", run.path.name)
    run.write_config(connection={"redacted": "sqlite:///x.db"}, options={"schemas": None})
    config = json.loads((run.path / "config.json").read_text())
    assert config["run_id"] == run.run_id
    assert config["kind"] == "introspect"
    assert config["datalchemy_version"]
    assert config["options"] == {"schemas": None}


def test_two_runs_never_share_a_folder(tmp_path: Path) -> None:
    assert RunDir.create(tmp_path, "x").path != RunDir.create(tmp_path, "x").path


def test_log_events_are_ndjson_with_durations(tmp_path: Path) -> None:
    run = RunDir.create(tmp_path, "t")
    run.log.event("run_started", engine="sqlite")
    with run.log.span("step", table="a") as extra:
        extra["rows"] = 3
    with pytest.raises(ValueError), run.log.span("broken"):
        raise ValueError("boom")
    lines = [json.loads(x) for x in (run.path / "logs.ndjson").read_text().splitlines()]
    assert [x["event"] for x in lines] == [
        "run_started",
        "step_started",
        "step_finished",
        "broken_started",
        "broken_failed",
    ]
    assert lines[2]["rows"] == 3 and lines[2]["table"] == "a"
    assert isinstance(lines[2]["duration_ms"], int)
    assert lines[4]["error_code"] == "ValueError"
    assert all(x["ts"].endswith("Z") for x in lines)


def test_logs_and_config_mask_registered_secrets(tmp_path: Path) -> None:
    register_secret("s3cr3t-value-42")
    run = RunDir.create(tmp_path, "t")
    run.log.event(
        "oops", message="login with s3cr3t-value-42 failed", nested={"x": ["s3cr3t-value-42"]}
    )
    run.write_config(note="dsn password=s3cr3t-value-42")
    text = (run.path / "logs.ndjson").read_text() + (run.path / "config.json").read_text()
    assert "s3cr3t-value-42" not in text
    assert "***" in text


def test_atomic_write_leaves_no_temp_files_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "f.json"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two")
    assert target.read_text() == "two"
    assert os.listdir(target.parent) == ["f.json"]


def test_atomic_write_failure_keeps_old_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "f.txt"
    atomic_write_text(target, "old")

    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["f.txt"]


def test_written_files_follow_the_umask_not_0600(tmp_path: Path) -> None:
    from datalchemy.runs import FILE_MODE, atomic_write_text

    path = atomic_write_text(tmp_path / "plan.json", "{}")
    mask = os.umask(0o022)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == FILE_MODE == 0o666 & ~mask  # not mkstemp's 0600
