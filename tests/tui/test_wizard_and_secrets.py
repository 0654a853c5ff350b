"""The setup wizard's steps (Esc back, errors back to the connection step), the encrypted session
connection, /doctor, /open, /reset, and the secret scan over files and screens."""

from __future__ import annotations

import os
from pathlib import Path

from datalchemy.tui.screens.dialogs import ConfirmResetScreen
from datalchemy.tui.screens.wizard import WizardScreen

from .pilot import Driver, run_app, scan_for_secrets

PASSWORD = "Sup3rS3cretPassw0rd"
PASSPHRASE = "correct horse battery"
#: A PostgreSQL URL nothing listens on: enough for commands that never connect.
FAKE_PG = f"postgresql://ana:{PASSWORD}@127.0.0.1:9/crm"


def _wizard(d: Driver) -> WizardScreen:
    screen = d.app.screen
    assert isinstance(screen, WizardScreen)
    return screen


def test_wizard_steps_back_and_errors(tmp_path: Path, car_rental: Path) -> None:
    ws = tmp_path / "ws"
    steps: list[str] = []

    async def scenario(d: Driver) -> None:
        w = _wizard(d)
        d.snap()
        assert w.step == "welcome"
        await d.pilot.press("enter")
        assert w.step == "confirm"
        await d.pilot.press("n")  # nothing created, back to the start
        assert w.step == "welcome" and not ws.exists()
        await d.pilot.press("enter", "y")
        assert w.step == "name" and (ws / "config" / "settings.toml").is_file()
        await d.pilot.press("enter")  # an empty name is refused
        assert w.step == "name"
        await d.type("bad name!")
        await d.pilot.press("enter")
        assert w.step == "name" and "not a valid profile name" in str(
            w.query_one("#wizard-error").render()
        )
        await d.pilot.press("ctrl+u")
        await d.type("local")
        await d.pilot.press("enter")
        assert w.step == "url"
        await d.pilot.press("escape")  # back one step keeps the name
        assert w.step == "name" and w.query_one("#wizard-input").value == "local"
        await d.pilot.press("enter")
        await d.type("http://nowhere")  # not a database URL
        await d.pilot.press("enter")
        assert w.step == "url" and "cannot tell which database" in str(
            w.query_one("#wizard-error").render()
        )
        await d.type(f"sqlite:///{tmp_path}/missing/dir/x.db")  # connection fails
        await d.pilot.press("enter")
        await d.settle()
        assert w.step == "url" and "error" in str(w.query_one("#wizard-error").render())
        await d.type(f"sqlite:///{car_rental}")
        await d.pilot.press("enter")
        await d.settle()
        assert w.step == "schema"
        steps.append(d.snap())
        await d.pilot.press("escape")
        assert w.step == "url"
        await d.type(f"sqlite:///{car_rental}")
        await d.pilot.press("enter")
        await d.settle()
        await d.pilot.press("enter")  # pick "main"
        await d.settle()
        assert d.app.screen is d.app.screen_stack[0]

    result = run_app(ws, scenario)
    assert "Setup complete" in result.log and "schema main: 20 tables" in result.log
    assert "main" in steps[0]


def test_wizard_esc_on_welcome_quits(tmp_path: Path) -> None:
    async def scenario(d: Driver) -> None:
        await d.pilot.press("escape")
        await d.pilot.pause()

    result = run_app(tmp_path / "ws", scenario)
    assert result.app.return_code == 0 and not result.app.is_running
    assert not (tmp_path / "ws").exists()


def test_secrets_vault_doctor_open_and_reset(tmp_path: Path, car_rental: Path, monkeypatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    ws = tmp_path / "ws"

    async def first_session(d: Driver) -> None:
        await d.wizard("local", f"sqlite:///{car_rental}")
        await d.run(f"/db session {FAKE_PG}", approve=None)
        await d.run("/db show-current", approve=None, snap=True)
        await d.run("/secrets store-session")  # approval, then the passphrase is asked
        assert d.app.command_input.password
        await d.type(PASSPHRASE)
        d.snap()
        await d.pilot.press("enter")
        await d.settle()
        await d.run("/secrets status", approve=None, snap=True)
        await d.run(f"/profiles new prod {FAKE_PG}", snap=True)
        await d.run("/profiles list", approve=None, snap=True)
        await d.run("/status", approve=None, snap=True)

    first = run_app(ws, first_session)
    assert "encrypted into secrets/db.enc" in first.log
    vault = ws / "secrets" / "db.enc"
    assert (vault.stat().st_mode & 0o777) == 0o600
    assert (ws / "secrets").stat().st_mode & 0o077 == 0
    assert "***" in (ws / "config" / "profiles.toml").read_text()

    async def second_session(d: Driver) -> None:
        await d.pilot.pause()
        await d.run("/secrets status", approve=None)
        await d.run("/db show-current", approve=None)  # profile prod has a password: none known
        await d.run("/secrets unlock wrong passphrase!", approve=None)
        await d.run(f"/secrets unlock {PASSPHRASE}", approve=None, snap=True)
        await d.run("/db show-current", approve=None, snap=True)
        await d.run("/open runs", approve=None)
        await d.run("/open secrets/db.enc", approve=None)
        await d.run("/open config/profiles.toml", approve=None, snap=True)
        await d.run("/logs", approve=None, snap=True)
        scan_for_secrets([PASSWORD, PASSPHRASE], ws)  # every file, before /reset removes them
        os.chmod(vault, 0o644)
        await d.run("/doctor", approve=None)
        await d.run("/secrets delete")
        logs.append(d.log_text())  # /reset clears the log
        await d.run("/reset", approve=None)
        assert isinstance(d.app.screen, ConfirmResetScreen)
        await d.type("nope")
        await d.pilot.press("enter")
        assert ws.exists()
        await d.type(ws.name)
        await d.pilot.press("enter")
        await d.pilot.pause()
        assert isinstance(d.app.screen, WizardScreen) and not ws.exists()

    logs: list[str] = []
    second = run_app(ws, second_session)
    log = logs[0]
    assert "Workspace loaded" in log and "locked" in log
    assert "error wrong_passphrase" in log and "vault unlocked" in log
    assert "error secret_file" in log and "error file_not_found" in log
    assert "readable by others" in log
    assert "stored connection deleted" in log
    # Nothing secret anywhere: files written, the log file, every screen captured.
    scan_for_secrets([PASSWORD, PASSPHRASE], tmp_path, first.screens + second.screens)
    for text in (first.log, log):
        assert PASSWORD not in text and PASSPHRASE not in text
