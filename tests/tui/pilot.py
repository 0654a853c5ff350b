"""Pilot helpers for the TUI tests: drive the wizard and commands, read the screen, scan secrets."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from datalchemy.tui.app import DatalchemyApp

SIZE = (120, 40)


class Driver:
    """Types into a running :class:`DatalchemyApp` like a person and collects what it shows."""

    def __init__(self, app: DatalchemyApp, pilot: Pilot[None]) -> None:
        self.app = app
        self.pilot = pilot
        self.screens: list[str] = []  # SVG exports taken along the way (for the secret scan)

    async def settle(self) -> None:
        await self.pilot.pause()
        await self.app.workers.wait_for_complete()
        await self.pilot.pause()

    async def type(self, text: str, *, keys: bool = False) -> None:
        """Put ``text`` into the focused input: key by key with ``keys``, else at once (fast)."""
        if keys:
            await self.pilot.press(*text)
            return
        focused = self.app.focused
        assert isinstance(focused, Input), focused
        focused.insert_text_at_cursor(text)
        await self.pilot.pause()

    async def wizard(self, name: str, url: str, *, schema: str | None = None) -> None:
        """Welcome → (create workspace) → name → URL → pick ``schema`` (or the first) → done."""
        await self.pilot.pause()
        await self.pilot.press("enter")
        await self.pilot.pause()
        if self.app.screen.step == "confirm":  # type: ignore[attr-defined]
            await self.pilot.press("y")
            await self.pilot.pause()
        await self.type(name)
        await self.pilot.press("enter")
        await self.type(url)
        self.snap()  # the URL as it shows while typed: masked
        await self.pilot.press("enter")
        await self.settle()
        assert self.app.screen.step == "schema", self.log_text()  # type: ignore[attr-defined]
        if schema is not None:
            options = self.app.screen.query_one("#wizard-schemas")
            names = [
                str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            ]
            for _ in range(names.index(schema)):
                await self.pilot.press("down")
        await self.pilot.press("enter")
        await self.settle()
        assert not hasattr(self.app.screen, "step"), "the wizard did not finish"

    async def run(self, line: str, *, approve: bool | None = True, snap: bool = False) -> None:
        """Type ``line`` + Enter; answer the approval (``approve=None``: expect no approval)."""
        await self.type(line)
        await self.pilot.press("enter")
        if approve is not None:
            await self.pilot.pause()
            assert self.app._pending is not None, f"{line} asked no approval\n{self.log_text()}"
            await self.pilot.press("y" if approve else "n")
        await self.settle()
        if snap:
            self.snap()

    def log_text(self) -> str:
        return "\n".join(line.text for line in self.app.log_view.lines)

    def snap(self) -> str:
        svg = self.app.export_screenshot()
        self.screens.append(svg)
        return svg


@dataclass
class Finished:
    """What a scenario left: the app (stopped), its log text and the screens captured."""

    app: DatalchemyApp
    log: str
    screens: list[str]


def run_app(
    workspace: Path, scenario: Callable[[Driver], Awaitable[None]], *, cwd: Path | None = None
) -> Finished:
    """Run ``scenario`` against a fresh app (headless, 120x40) and collect what it showed."""
    app = DatalchemyApp(workspace, cwd=cwd or workspace.parent)
    app.opener = lambda url: True  # never start a browser
    result = Finished(app, "", [])

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            driver = Driver(app, pilot)
            await scenario(driver)
            driver.snap()
            result.log = driver.log_text()
            result.screens = driver.screens

    asyncio.run(main())
    return result


def scan_for_secrets(secrets: Iterable[str], root: Path, texts: Iterable[str] = ()) -> None:
    """Fail when any secret occurs in a file under ``root`` or in one of ``texts``."""
    wanted = [s.encode() for s in secrets if s]
    assert wanted
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for secret in wanted:
            assert secret not in data, f"a secret is written in {path}"
    for i, text in enumerate(texts):
        for secret in wanted:
            assert secret.decode() not in text, f"a secret is on screen (capture {i})"


def manifest(folder: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / name).read_text())
    return data
