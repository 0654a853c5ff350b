"""The TUI's pieces without an app: workspace, settings TOML, vault, sanitizing, palette, masks."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pyarrow as pa
import pytest
from rich.text import Text

import datalchemy
from datalchemy.errors import DatalchemyError, UsageError
from datalchemy.tui.commands import ALL_COMMANDS
from datalchemy.tui.commands.base import parse_args
from datalchemy.tui.palette import find_command, palette_entries
from datalchemy.tui.plan_edit import parse_params, set_column_rule, summarize
from datalchemy.tui.sanitize import sanitize_command
from datalchemy.tui.screens.preview import read_head
from datalchemy.tui.secrets import Vault, is_private
from datalchemy.tui.session import Session, read_dotenv
from datalchemy.tui.settings import (
    Profile,
    Profiles,
    Settings,
    load_profiles,
    load_settings,
    save_profiles,
    to_toml,
)
from datalchemy.tui.widgets import SecretMask
from datalchemy.tui.workspace import OutManifest, RunManifest, Workspace, new_id


def test_ids_manifests_and_listing(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.init()
    assert ws.missing_dirs() == []
    run_id = new_id("run")
    assert len(run_id) == len("2024-01-01__run_1a2b3c4d") and "__run_" in run_id
    folder = ws.create_artifact("run", RunManifest(run_id=run_id, db_profile="local"))
    written = json.loads((folder / "run_manifest.json").read_text())
    assert written["status"] == "RUNNING" and written["artifact_version"] == "0.1"
    assert written["cli_version"] == datalchemy.__version__ and written["created_at"]
    with pytest.raises(UsageError, match="already exists"):
        ws.create_artifact("run", RunManifest(run_id=run_id))
    manifest = ws.read_manifest("run", run_id)
    assert isinstance(manifest, RunManifest)
    ws.finish(
        "run", manifest, "ERROR", UsageError("boom", "it broke at postgresql://u:pw12345@h/d")
    )
    again = json.loads((folder / "run_manifest.json").read_text())
    assert again["status"] == "ERROR" and again["finished_at"]
    assert again["error"]["code"] == "boom" and "pw12345" not in json.dumps(again)
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # no temp left
    (ws.kind_dir("out") / "2024-01-01T00-00-00Z__generate_ab12cd34").mkdir()  # from the CLI
    assert ws.list_ids("run") == [run_id]
    assert ws.status_of("out", "2024-01-01T00-00-00Z__generate_ab12cd34") == "UNKNOWN"
    with pytest.raises(UsageError, match="not a valid"):
        ws.artifact_dir("out", "../escape")
    ws.create_artifact("out", OutManifest(out_id="o1", plan_id="p1"))
    assert ws.status_of("out", "o1") == "RUNNING"


def test_settings_and_profiles_toml(tmp_path: Path) -> None:
    settings = Settings().set_value("approval_policy", "always_allow").set_value("rows", "7")
    assert settings.rows == 7
    with pytest.raises(UsageError) as bad:
        settings.set_value("mode", "chaos")
    assert bad.value.code == "invalid_setting" and "readonly_csv" in (bad.value.hint or "")
    with pytest.raises(UsageError, match="no setting"):
        settings.set_value("colour", "blue")
    with pytest.raises(UsageError):
        settings.set_value("base_date", "yesterday")
    text = to_toml(
        {
            "a": 'x "quoted" \\ é',
            "b": True,
            "n": 3,
            "l": ["p", "q"],
            "none": None,
            "t": {"k": 1, "inner": {"z": "w"}},
        }
    )
    assert tomllib.loads(text) == {
        "a": 'x "quoted" \\ é',
        "b": True,
        "n": 3,
        "l": ["p", "q"],
        "t": {"k": 1, "inner": {"z": "w"}},
    }
    path = tmp_path / "profiles.toml"
    info = datalchemy.parse_connection("postgresql://ana:S3cretPw!@db.local:5432/crm")
    profiles = Profiles(active="my prod", profiles={"my prod": Profile.from_connection(info)})
    save_profiles(path, profiles)
    assert "S3cretPw" not in path.read_text()
    loaded = load_profiles(path)
    assert loaded.active_profile is not None and loaded.active_profile.has_secret
    assert loaded.active_profile.host == "db.local"
    assert load_settings(tmp_path / "absent.toml")[0] == Settings()
    (tmp_path / "broken.toml").write_text("mode = [")
    with pytest.raises(DatalchemyError, match="cannot be read"):
        load_settings(tmp_path / "broken.toml")


def test_vault_round_trip_and_permissions(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "secrets")
    assert vault.status() == "absent"
    with pytest.raises(UsageError, match="at least"):
        vault.store("sqlite:///x.db", "short")
    vault.store("postgresql://ana:S3cretPw@h/d", "a long passphrase")
    assert vault.status() == "locked" and is_private(vault.blob) and is_private(vault.meta)
    assert b"S3cretPw" not in vault.blob.read_bytes() and b"S3cretPw" not in vault.meta.read_bytes()
    with pytest.raises(UsageError) as wrong:
        vault.unlock("another passphrase")
    assert wrong.value.code == "wrong_passphrase"
    assert vault.unlock("a long passphrase") == "postgresql://ana:S3cretPw@h/d"
    assert vault.status() == "unlocked"
    vault.lock_on_start()
    assert vault.status() == "locked"
    vault.blob.write_bytes(b"garbage")
    with pytest.raises(DatalchemyError, match="not a datalchemy vault"):
        vault.unlock("a long passphrase")
    vault.delete()
    assert vault.status() == "absent" and not vault.blob.exists()


def test_sanitize_and_mask() -> None:
    assert sanitize_command("/db session postgresql://u:pw@h/d") == "/db session <redacted>"
    assert (
        sanitize_command("/secrets store-session my phrase") == "/secrets store-session <redacted>"
    )
    assert sanitize_command("/profiles new p sqlite:///x.db") == "/profiles new p <redacted>"
    assert sanitize_command("/open x --conn=odbc://DSN?pwd=zzz") == "/open x <redacted>"
    assert sanitize_command("/generate --out-id a1") == "/generate --out-id a1"
    mask = SecretMask()
    assert mask(Text("postgresql://u:secret@h:5432/db")).plain == "postgresql://u:••••••@h:5432/db"
    assert mask(Text("postgresql://u:sec")).plain == "postgresql://u:•••"  # still typing
    assert mask(Text("postgresql://h:5432/db")).plain == "postgresql://h:5432/db"
    assert mask(Text("/secrets unlock abc def")).plain == "/secrets unlock •••••••"
    assert mask(Text("Driver={x};PWD=abc;Server=y")).plain == "Driver={x};PWD=•••;Server=y"


def test_palette_and_command_lookup(tmp_path: Path) -> None:
    session = Session(Workspace(tmp_path / "none"))
    names = [c for c, _, _ in palette_entries(ALL_COMMANDS, session, "/")]
    assert "/init" in names and "/reset" not in names  # no workspace yet
    for name in (
        "/help",
        "/status",
        "/introspect",
        "/plan new",
        "/generate",
        "/eval",
        "/load",
        "/secrets unlock",
        "/db privileges",
        "/runs inspect",
        "/plans set",
        "/exit",
    ):
        assert name in names
    assert palette_entries(ALL_COMMANDS, session, "plan") == []
    settings = [c for c, _, _ in palette_entries(ALL_COMMANDS, session, "/settings set app")]
    assert settings == ["/settings set app", "/settings set approval_policy"]
    found = find_command(ALL_COMMANDS, ["/plan", "new", "--rows", "3"])
    assert found is not None and found[0].name == "/plan new" and found[1] == 2
    args = parse_args(
        ["--rows", "3", "--schema=a", "--schema", "b", "x", "--strict"],
        {"--rows": "one", "--schema": "many", "--strict": "flag"},
    )
    assert (
        args.integer("--rows", 0),
        args.many("--schema"),
        args.flag("--strict"),
        args.positional,
    ) == (3, ["a", "b"], True, ["x"])
    with pytest.raises(UsageError, match="unknown option"):
        parse_args(["--nope"], {})


def test_plan_rule_edit_and_params() -> None:
    plan = datalchemy.Plan.model_validate(
        {
            "plan_version": "0.3",
            "seed": 1,
            "schema_ref": {"schema_version": "0.3", "engine": "sqlite"},
            "targets": [{"schema": "main", "table": "t", "rows": 5}],
            "rules": [
                {
                    "type": "column_generator",
                    "schema": "main",
                    "table": "t",
                    "column": "c",
                    "generator": {"id": "primitive.int", "locale": "pt_BR"},
                    "params": {"a": 1},
                }
            ],
        }
    )
    edited = set_column_rule(plan, "main", "t", "c", "primitive.int.range", {"min": 0}, None)
    rule = edited.rules[0].model_dump(by_alias=True, exclude_none=True)
    assert (
        rule["generator"] == {"id": "primitive.int.range", "locale": "pt_BR", "params": {"min": 0}}
        and "params" not in rule
    )
    added = set_column_rule(edited, "main", "t", "d", "primitive.uuid", None, 0.2)
    assert len(added.rules) == 2 and summarize(added).generator_rules == 2
    assert parse_params("") is None and parse_params('{"x": 1}') == {"x": 1}
    with pytest.raises(UsageError):
        parse_params("[1]")
    with pytest.raises(UsageError):
        set_column_rule(plan, "main", "t", "c", " ", None, None)


def test_preview_reads_nulls_and_empty_strings(tmp_path: Path) -> None:
    path = tmp_path / "main.t.csv"
    path.write_text('id,name,note\n1,"a, b",\n2,"",x\n3,"multi\nline",y\n')
    header, rows = read_head(path)
    assert header == ["id", "name", "note"]
    assert rows == [["1", "a, b", None], ["2", "", "x"], ["3", "multi\nline", "y"]]
    pq_path = tmp_path / "main.t.parquet"
    import pyarrow.parquet as pq

    table = pa.table({"id": [1, 2, 3], "name": ["a, b", None, ""], "note": [None, "x", "y"]})
    pq.write_table(table, pq_path)
    assert read_head(pq_path, rows=2) == (
        ["id", "name", "note"],
        [["1", "a, b", None], ["2", None, "x"]],
    )


def test_dotenv(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("# c\nexport DATABASE_URL='sqlite:///x.db'\nOTHER=1\nbad\n")
    assert read_dotenv(tmp_path / ".env") == {"DATABASE_URL": "sqlite:///x.db", "OTHER": "1"}
    assert read_dotenv(tmp_path / "missing") == {}
