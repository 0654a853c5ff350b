"""Regenerate the SVG screenshots of docs/tui.md: ``.venv/bin/python docs/tui/make_screenshots.py``.

Drives the real app headless with Textual's Pilot on the SQLite car-rental fixture and saves
``wizard.svg``, ``palette.svg``, ``generate-progress.svg`` and ``eval-summary.svg`` next to this
file. The generation is held at a block boundary in the middle of a table so its bars show mid-run.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import threading
from pathlib import Path

from datalchemy.fixtures import create_fixture
from datalchemy.tui.app import DatalchemyApp, _Control

HERE = Path(__file__).resolve().parent
SIZE = (120, 38)


async def _settle(app: DatalchemyApp, pilot: object) -> None:
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


async def _run(app: DatalchemyApp, pilot: object, line: str) -> None:
    app.command_input.insert_text_at_cursor(line)
    await pilot.press("enter")  # type: ignore[attr-defined]
    await _settle(app, pilot)


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="datalchemy-shots-"))
    db = tmp / "car_rental.db"
    create_fixture("car-rental", f"sqlite:///{db}")
    tables_seen: set[str] = set()
    hold, release = threading.Event(), threading.Event()
    real = _Control.progress

    def progress(self: _Control, table: str, done: int, total: int) -> None:
        real(self, table, done, total)
        tables_seen.add(table)
        if len(tables_seen) >= 9 and done < total and not release.is_set():
            hold.set()
            release.wait(10)

    _Control.progress = progress  # type: ignore[method-assign]
    app = DatalchemyApp(tmp / "datalchemy-workspace", cwd=tmp)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("enter", "y")
            await pilot.press(*"local", "enter")
            app.focused.insert_text_at_cursor("postgresql://ana:s3cr3t-pw@db.local:5432/crm")  # type: ignore[union-attr]
            await pilot.pause()
            app.save_screenshot("wizard.svg", str(HERE))
            await pilot.press("ctrl+u")
            app.focused.insert_text_at_cursor(f"sqlite:///{db}")  # type: ignore[union-attr]
            await pilot.press("enter")
            await _settle(app, pilot)
            await pilot.press("enter")
            await _settle(app, pilot)
            await _run(app, pilot, "/settings set approval_policy always_allow")
            await pilot.press("y")
            await _settle(app, pilot)
            await _run(app, pilot, "/introspect")
            await _run(app, pilot, "/plan new --rows 100000")
            await pilot.press(*"/pl")
            await pilot.pause()
            app.save_screenshot("palette.svg", str(HERE))
            await pilot.press("ctrl+u")
            app.command_input.insert_text_at_cursor("/generate")
            await pilot.press("enter")
            while not hold.is_set():
                await pilot.pause(0.05)
            await pilot.pause(0.3)
            app.save_screenshot("generate-progress.svg", str(HERE))
            release.set()
            await _settle(app, pilot)
            await _run(app, pilot, "/eval")
            app.log_view.scroll_end(animate=False)
            await pilot.pause()
            app.save_screenshot("eval-summary.svg", str(HERE))

    asyncio.run(scenario())
    shutil.rmtree(tmp)
    print(f"screenshots written to {HERE}")


if __name__ == "__main__":
    main()
