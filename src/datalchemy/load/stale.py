"""Load reports left ``running`` by a killed process: tell them apart from live loads, fix them.

A load writes ``load_report.json`` with status ``running`` first and rewrites it when it ends.
``kill -9`` (or a power cut) skips the rewrite, so the report kept saying ``running`` and
``resumable: false`` although ``--resume`` worked. Every load now holds an advisory lock
(``flock``) on a file in its run folder while it runs; the kernel drops the lock with the
process, however it dies. The next load (a ``--resume`` or a new one) looks at the reports of
earlier loads of the same dataset: one that says ``running`` without a live lock is rewritten as
``interrupted``, with an error that says what happened and whether ``--resume`` can continue it.

Example:
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> correct_stale_reports(root, lambda report: False)
    []
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from pydantic import ValidationError

from datalchemy.contracts.common import ErrorInfo
from datalchemy.contracts.load import LoadReport
from datalchemy.runs import FILE_MODE, atomic_write_text, utc_now_iso

__all__ = ["LOCK_FILE", "correct_stale_reports", "hold_run_lock"]

LOCK_FILE = ".running.lock"


@contextlib.contextmanager
def hold_run_lock(run: Path) -> Iterator[None]:
    """Hold the run folder's lock while the load runs (released however the process ends)."""
    path = run / LOCK_FILE
    fd = os.open(path, os.O_CREAT | os.O_RDWR, FILE_MODE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)  # closing drops the lock


def _alive(run: Path) -> bool:
    path = run / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False  # no lock file: nothing holds the run
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True  # locked: its load is still running
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def correct_stale_reports(root: Path, resumable: Callable[[LoadReport], bool]) -> list[str]:
    """Rewrite every ``running`` report under ``root`` whose load is no longer alive as
    ``interrupted``; return one sentence per corrected report.

    ``resumable(report)`` says whether a checkpoint lets ``--resume`` continue that load.
    """
    notes: list[str] = []
    for path in sorted(root.glob("*/load_report.json")):
        try:
            report = LoadReport.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, ValidationError):
            continue  # not a report this version wrote: leave it alone
        if report.status != "running" or _alive(path.parent):
            continue
        can_resume = report.transaction == "table" and resumable(report)
        report.status = "interrupted"
        report.resumable = can_resume
        # One transaction: the database rolled back what the dead process had not committed.
        report.target_unchanged = True if report.transaction == "all" else None
        report.finished_at = report.finished_at or utc_now_iso()
        report.error = ErrorInfo(
            code="load_killed",
            message="the load stopped without finishing: its process was killed (SIGKILL, "
            "out of memory, power loss) before it could write this report",
            path=str(path),
            hint="continue it with --resume"
            if can_resume
            else "the target was left as it was; run the load again",
        )
        atomic_write_text(path, report.model_dump_json(by_alias=True, indent=2) + "\n")
        with contextlib.suppress(OSError):
            (path.parent / LOCK_FILE).unlink()
        state = "--resume continues it" if can_resume else "the target was rolled back"
        notes.append(
            f"an earlier load ({report.run_id}, started {report.started_at}) was killed before "
            f"it finished; its report now says interrupted ({state}): {path}"
        )
    return notes
