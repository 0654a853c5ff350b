"""Smoke test of the real ``datalchemy tui`` in a terminal: tmux types, capture-pane reads.

Wizard on a SQLite URL, then ``/introspect``, ``y``, ``/plan new``, ``y``, ``/generate``, ``y``,
``/eval``, ``y``, as a person would; the workspace must then hold every stage's files.
tmux comes from ``scripts/ensure_test_tools.sh`` (the test fails in CI when it is missing).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from datalchemy.fixtures import create_fixture

TMUX = shutil.which("tmux")
DATALCHEMY = Path(sys.executable).parent / "datalchemy"


class Terminal:
    """One tmux server of our own (``-S socket``) running one window."""

    def __init__(self, socket: Path, command: list[str], cwd: Path) -> None:
        assert TMUX is not None
        self.base = [TMUX, "-S", str(socket)]
        env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
        env.update(TERM="xterm-256color", COLUMNS="140", LINES="45")
        env.pop("DATABASE_URL", None)
        shell = " ".join(f"'{part}'" for part in command)
        subprocess.run([*self.base, "new-session", "-d", "-x", "140", "-y", "45", "-c",
                        str(cwd), shell], check=True, env=env)  # fmt: skip

    def send(self, *keys: str, literal: bool = False) -> None:
        args = ["-l", *keys] if literal else list(keys)
        subprocess.run([*self.base, "send-keys", *args], check=True)

    def type(self, text: str) -> None:
        self.send(text, literal=True)
        time.sleep(0.3)  # let the palette catch up before Enter
        self.send("Enter")

    def screen(self) -> str:
        done = subprocess.run([*self.base, "capture-pane", "-p"], capture_output=True, text=True)
        return done.stdout

    def wait_for(self, text: str, timeout: float = 90) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} did not appear; the screen shows:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    if TMUX is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is required in CI (scripts/ensure_test_tools.sh installs it)")
        pytest.skip("tmux is not installed (scripts/ensure_test_tools.sh installs it)")
    assert DATALCHEMY.exists(), DATALCHEMY
    term = Terminal(tmp_path / "tmux.sock", [str(DATALCHEMY), "tui", "--workspace", "ws"],
                    tmp_path)  # fmt: skip
    try:
        yield term
    finally:
        term.close()


def test_real_tui_under_tmux(tmp_path: Path, terminal: Terminal) -> None:
    db = tmp_path / "car_rental.db"
    create_fixture("car-rental", f"sqlite:///{db}")
    t = terminal
    t.wait_for("Turn your database schema into gold")
    t.send("Enter")
    t.wait_for("Create workspace here? (y/n)")
    t.send("y")
    t.wait_for("Profile name")
    t.type("local")
    t.wait_for("Database connection string")
    t.type(f"sqlite:///{db}")
    t.wait_for("Pick the schema")
    t.send("Enter")
    t.wait_for("Setup complete")
    for command, done in (
        ("/introspect", "Next: /plan new"),
        ("/plan new", "plan created:"),
        ("/generate", "Next: /eval"),
        ("/eval", "open it with /eval open"),
    ):
        t.type(command)
        t.wait_for("APPROVAL REQUIRED")
        t.send("y")
        t.wait_for(done)
    screen = t.screen()
    assert "error" not in screen.lower(), screen
    t.send("C-c")

    ws = tmp_path / "ws"
    assert list(ws.glob("runs/*/schema.json"))
    assert list(ws.glob("plans/*/plan.json"))
    assert len(list(ws.glob("out/*/*.csv"))) == 20
    assert list(ws.glob("eval/*/metrics.json"))
    for name in ("run_manifest.json", "plan.meta.json", "out_manifest.json", "eval_manifest.json"):
        manifests = list(ws.glob(f"*/*/{name}"))
        assert len(manifests) == 1 and '"status": "OK"' in manifests[0].read_text()
