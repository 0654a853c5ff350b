"""The checkpoint of a per-table load, so that ``--resume`` continues without duplicating rows.

Each table is one transaction. Before it starts, the checkpoint records the table's row count; after
its COMMIT, the table is marked done. If the process dies between COMMIT and that mark, the count
tells which side of the COMMIT the table is on: ``before`` rows means roll forward (load it again),
``before + rows`` means it committed. Any other count means someone else wrote to the table, and the
resume refuses rather than guess.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

from datalchemy.errors import InputError
from datalchemy.runs import atomic_write_text

__all__ = ["Checkpoint", "checkpoint_path"]


def checkpoint_path(dataset: Path, target: str) -> Path:
    """Where the checkpoint of loading ``dataset`` into ``target`` (redacted form) lives."""
    digest = hashlib.sha256(target.encode("utf-8")).hexdigest()[:12]
    return dataset / "loads" / f"checkpoint_{digest}.json"


class Checkpoint:
    """Thread-safe: parallel workers mark their own tables."""

    def __init__(self, path: Path, state: dict[str, Any]) -> None:
        self.path = path
        self._state = state
        self._lock = threading.Lock()

    @classmethod
    def start(
        cls,
        path: Path,
        *,
        dataset_run_id: str,
        target: str,
        mode: str,
        create_schema: bool = False,
    ) -> Checkpoint:
        state = {
            "dataset_run_id": dataset_run_id,
            "target": target,
            "mode": mode,
            "create_schema": create_schema,
            "prepared": False,
            "tables": {},
        }
        cp = cls(path, state)
        cp._save()
        return cp

    @classmethod
    def resume(cls, path: Path, *, dataset_run_id: str, target: str) -> Checkpoint:
        if not path.is_file():
            raise InputError(
                "no_checkpoint",
                "there is no interrupted load of this dataset into this target to resume",
                path=str(path),
                hint="run the load without --resume",
            )
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise InputError(
                "checkpoint_invalid",
                f"the checkpoint {path} is damaged",
                path=str(path),
                hint="empty the loaded tables and load again with --mode truncate",
            ) from None
        if state.get("dataset_run_id") != dataset_run_id or state.get("target") != target:
            raise InputError(
                "checkpoint_mismatch",
                "the checkpoint belongs to another dataset or target",
                path=str(path),
                hint="resume with the same --data and --conn as the interrupted load",
            )
        return cls(path, state)

    @property
    def mode(self) -> str:
        return str(self._state["mode"])

    @property
    def create_schema(self) -> bool:
        """The load makes the schema: its keys and foreign keys come at the end."""
        return bool(self._state.get("create_schema", False))

    @property
    def prepared(self) -> bool:
        return bool(self._state["prepared"])

    def mark_prepared(self) -> None:
        with self._lock:
            self._state["prepared"] = True
            self._save()

    def entry(self, table: str) -> dict[str, Any] | None:
        with self._lock:
            found = self._state["tables"].get(table)
            return dict(found) if found else None

    def mark_started(self, table: str, rows_before: int) -> None:
        with self._lock:
            self._state["tables"][table] = {"status": "started", "rows_before": rows_before}
            self._save()

    def mark_done(self, table: str, rows_loaded: int) -> None:
        with self._lock:
            self._state["tables"][table]["status"] = "done"
            self._state["tables"][table]["rows_loaded"] = rows_loaded
            self._save()

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, json.dumps(self._state, indent=2, sort_keys=True) + "\n")
