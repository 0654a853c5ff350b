"""The workspace on disk: its layout, artifact IDs, manifests and atomic writes.

Layout (compatible with the original tool's TUI workspace)::

    <root>/
      config/settings.toml   config/profiles.toml        (never a password)
      secrets/vault.meta.json  secrets/db.enc            (0600; see :mod:`.secrets`)
      runs/<run_id>/     run_manifest.json  schema.json metrics.json config.json logs.ndjson
      plans/<plan_id>/   plan.meta.json     plan.json notes.json
      out/<out_id>/      out_manifest.json  <schema>.<table>.csv resolved_plan.json
                                            generation_report.json logs.ndjson
      eval/<eval_id>/    eval_manifest.json metrics.json report.md report.html
      loads/<load_id>/   load_manifest.json load_report.json config.json logs.ndjson
      logs/cli.log

Each artifact folder holds exactly the files the CLI's stage writes (so ``datalchemy plan
suggest --schema runs/<id>/schema.json`` or ``datalchemy evaluate --data out/<id>`` work on it)
plus a manifest: status (``RUNNING`` / ``OK`` / ``ERROR`` / ``CANCELLED``), versions, timestamps
and the IDs of its inputs. A stage that did not finish keeps its own folder (for a generation the
``.partial`` one) inside the artifact folder, so nothing unfinished looks complete.

IDs are ``<YYYY-MM-DD>__<kind>_<8 hex>`` (UTC date), as in the original.

Example:
    >>> import tempfile
    >>> ws = Workspace(Path(tempfile.mkdtemp()) / "ws")
    >>> ws.init()
    >>> new_id("run")[10:16]
    '__run_'
    >>> sorted(p.name for p in ws.root.iterdir())
    ['config', 'eval', 'loads', 'logs', 'out', 'plans', 'runs', 'secrets']
"""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from datalchemy import __version__
from datalchemy.contracts import ErrorInfo
from datalchemy.errors import DatalchemyError, InputError, UsageError
from datalchemy.runs import atomic_write_text, redact_value, utc_now_iso

__all__ = [
    "ARTIFACT_VERSION",
    "KINDS",
    "MANIFEST_NAMES",
    "ArtifactKind",
    "EvalManifest",
    "LoadManifest",
    "Manifest",
    "OutManifest",
    "PlanManifest",
    "RunManifest",
    "Status",
    "Workspace",
    "adopt_stage_folder",
    "new_id",
]

#: Version of the manifests' layout (the original's ``artifact_version``).
ARTIFACT_VERSION = "0.1"

ArtifactKind = Literal["run", "plan", "out", "eval", "load"]
Status = Literal["RUNNING", "OK", "ERROR", "CANCELLED"]

#: Folder of each artifact kind under the workspace root.
KINDS: dict[ArtifactKind, str] = {
    "run": "runs",
    "plan": "plans",
    "out": "out",
    "eval": "eval",
    "load": "loads",
}
#: Manifest file name of each kind (the original's names).
MANIFEST_NAMES: dict[ArtifactKind, str] = {
    "run": "run_manifest.json",
    "plan": "plan.meta.json",
    "out": "out_manifest.json",
    "eval": "eval_manifest.json",
    "load": "load_manifest.json",
}
_DIRS = ("config", "secrets", "logs", *KINDS.values())
_ID = re.compile(r"^\d{4}-\d{2}-\d{2}__(run|plan|out|eval|load)_[0-9a-f]{8}$")
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def new_id(kind: ArtifactKind) -> str:
    """A fresh artifact ID: ``<UTC date>__<kind>_<8 hex>``."""
    return f"{datetime.now(UTC).strftime('%Y-%m-%d')}__{kind}_{uuid.uuid4().hex[:8]}"


class Manifest(BaseModel):
    """What every manifest holds. Subclasses add their kind's fields and input links."""

    model_config = ConfigDict(extra="allow")

    artifact_version: str = ARTIFACT_VERSION
    cli_version: str = __version__
    status: Status = "RUNNING"
    created_at: str = Field(default_factory=utc_now_iso)
    finished_at: str | None = None
    db_profile: str | None = None
    error: ErrorInfo | None = None
    stage_dir: str | None = Field(
        None, description="The stage's own folder, kept when it did not finish (relative)."
    )
    summary: dict[str, Any] = Field(default_factory=dict)

    def artifact_id(self) -> str:
        raise NotImplementedError


class RunManifest(Manifest):
    """``runs/<run_id>/run_manifest.json``: one introspection."""

    run_id: str
    introspect_options: dict[str, Any] = Field(default_factory=dict)
    schema_fingerprint: str | None = None
    schema_version: str | None = None

    def artifact_id(self) -> str:
        return self.run_id


class PlanManifest(Manifest):
    """``plans/<plan_id>/plan.meta.json``: a plan and the run whose schema it is for."""

    plan_id: str
    schema_run_id: str | None = None
    schema_fingerprint: str | None = None
    plan_version: str | None = None
    provider: str = "suggest_plan"
    model: str = "heuristic"
    mock: bool = False

    def artifact_id(self) -> str:
        return self.plan_id


class OutManifest(Manifest):
    """``out/<out_id>/out_manifest.json``: one generated dataset."""

    out_id: str
    schema_run_id: str | None = None
    plan_id: str | None = None
    mode: str = "csv"
    seed: int | None = None
    scale: int | None = Field(None, description="Rows requested by the plan's targets.")
    algorithm_version: str | None = None

    def artifact_id(self) -> str:
        return self.out_id


class EvalManifest(Manifest):
    """``eval/<eval_id>/eval_manifest.json``: one evaluation of a dataset."""

    eval_id: str
    out_id: str | None = None
    schema_run_id: str | None = None
    plan_id: str | None = None
    checks_enabled: list[str] = Field(default_factory=list)

    def artifact_id(self) -> str:
        return self.eval_id


class LoadManifest(Manifest):
    """``loads/<load_id>/load_manifest.json``: one load of a dataset into a profile's database."""

    load_id: str
    out_id: str | None = None
    schema_run_id: str | None = None
    target_profile: str | None = None
    target: str | None = Field(None, description="Target connection, redacted.")
    load_mode: str = "append"

    def artifact_id(self) -> str:
        return self.load_id


M = TypeVar("M", bound=Manifest)

_MODELS: dict[ArtifactKind, type[Manifest]] = {
    "run": RunManifest,
    "plan": PlanManifest,
    "out": OutManifest,
    "eval": EvalManifest,
    "load": LoadManifest,
}


def adopt_stage_folder(stage_dir: Path, artifact_dir: Path) -> None:
    """Move every file of a finished stage folder up into the artifact folder, then remove it.

    The stages name their folders ``<timestamp>__<stage>_<id>``; the workspace names artifacts by
    its own IDs, so the files move up one level (names are kept: the reports' relative paths
    stay valid).
    """
    for entry in sorted(stage_dir.iterdir()):
        target = artifact_dir / entry.name
        if target.exists():
            raise InputError(
                "artifact_file_exists",
                f"{target} already exists",
                path=str(target),
                hint="the artifact folder must be new; run the command again",
            )
        entry.rename(target)
    stage_dir.rmdir()


class Workspace:
    """The workspace folder: paths, manifests, listings."""

    def __init__(self, root: Path) -> None:
        self.root = root.expanduser().absolute()

    # -- layout --------------------------------------------------------------------------------

    @property
    def config_dir(self) -> Path:
        return self.root / "config"

    @property
    def secrets_dir(self) -> Path:
        return self.root / "secrets"

    @property
    def settings_path(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def profiles_path(self) -> Path:
        return self.config_dir / "profiles.toml"

    @property
    def log_path(self) -> Path:
        return self.root / "logs" / "cli.log"

    def exists(self) -> bool:
        return self.settings_path.is_file()

    def missing_dirs(self) -> list[str]:
        return [d for d in _DIRS if not (self.root / d).is_dir()]

    def init(self) -> None:
        """Create every folder (secrets 0700) and an empty ``logs/cli.log``; keep what exists."""
        for name in _DIRS:
            (self.root / name).mkdir(parents=True, exist_ok=True)
        os.chmod(self.secrets_dir, 0o700)
        self.log_path.touch(exist_ok=True)

    def delete(self) -> None:
        """Remove the whole workspace folder."""
        if self.root.exists():
            shutil.rmtree(self.root)

    def kind_dir(self, kind: ArtifactKind) -> Path:
        return self.root / KINDS[kind]

    def artifact_dir(self, kind: ArtifactKind, artifact_id: str) -> Path:
        if not _SAFE_ID.match(artifact_id):
            raise UsageError(
                "bad_artifact_id",
                f"{artifact_id!r} is not a valid {kind} ID",
                hint="IDs are letters, digits, '-', '_' and '.', e.g. 2024-05-01__run_1a2b3c4d",
            )
        return self.kind_dir(kind) / artifact_id

    def relative(self, path: Path) -> str:
        """``path`` relative to the root when inside it (for messages and manifests)."""
        try:
            return path.absolute().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    # -- manifests -----------------------------------------------------------------------------

    def create_artifact(self, kind: ArtifactKind, manifest: M) -> Path:
        """Make the artifact folder (it must be new) and write its RUNNING manifest."""
        folder = self.artifact_dir(kind, manifest.artifact_id())
        if folder.exists():
            raise UsageError(
                "artifact_exists",
                f"{self.relative(folder)} already exists",
                path=str(folder),
                hint="choose another ID, or omit the --*-id option",
            )
        folder.mkdir(parents=True)
        self.write_manifest(kind, manifest)
        return folder

    def write_manifest(self, kind: ArtifactKind, manifest: Manifest) -> Path:
        """Write the manifest atomically, every string redacted."""
        folder = self.artifact_dir(kind, manifest.artifact_id())
        data = redact_value(manifest.model_dump(mode="json", exclude_none=False))
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        return atomic_write_text(folder / MANIFEST_NAMES[kind], text)

    def finish(
        self,
        kind: ArtifactKind,
        manifest: M,
        status: Status,
        error: BaseException | None = None,
    ) -> M:
        """Set the final status (and the error, coded), stamp ``finished_at`` and write it."""
        manifest.status = status
        manifest.finished_at = utc_now_iso()
        if isinstance(error, DatalchemyError):
            manifest.error = ErrorInfo(
                code=error.code, message=error.message, path=error.path, hint=error.hint
            )
        elif error is not None:
            manifest.error = ErrorInfo(code=type(error).__name__, message=str(error))
        self.write_manifest(kind, manifest)
        return manifest

    def read_manifest(self, kind: ArtifactKind, artifact_id: str) -> Manifest | None:
        """The manifest of an artifact, or None for a folder without one (written by the CLI)."""
        path = self.artifact_dir(kind, artifact_id) / MANIFEST_NAMES[kind]
        if not path.is_file():
            return None
        try:
            return _MODELS[kind].model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValidationError) as exc:
            raise InputError(
                "manifest_invalid",
                f"{self.relative(path)} cannot be read: {str(exc).splitlines()[0]}",
                path=str(path),
                hint="run /doctor; delete the artifact if it is damaged",
            ) from None

    def list_ids(self, kind: ArtifactKind) -> list[str]:
        """Artifact folders of ``kind``, oldest first (by manifest time, else by name)."""
        folder = self.kind_dir(kind)
        if not folder.is_dir():
            return []
        found = []
        for child in folder.iterdir():
            if (
                child.is_dir()
                and _SAFE_ID.match(child.name)
                and not child.name.endswith(".partial")
            ):
                manifest = child / MANIFEST_NAMES[kind]
                stamp = manifest.stat().st_mtime if manifest.exists() else child.stat().st_mtime
                created = _created_at(manifest) or _id_date(child.name) or ""
                found.append((created, stamp, child.name))
        return [name for _, _, name in sorted(found)]

    def status_of(self, kind: ArtifactKind, artifact_id: str) -> str:
        """The manifest's status; for a folder the CLI wrote, guessed from its files."""
        try:
            manifest = self.read_manifest(kind, artifact_id)
        except DatalchemyError:
            return "DAMAGED"
        if manifest is not None:
            return manifest.status
        folder = self.artifact_dir(kind, artifact_id)
        marker = {
            "run": "schema.json",
            "plan": "plan.json",
            "out": "generation_report.json",
            "eval": "metrics.json",
            "load": "load_report.json",
        }[kind]
        return "OK (cli)" if (folder / marker).is_file() else "UNKNOWN"

    def manifests(self) -> list[tuple[ArtifactKind, Path]]:
        """Every manifest file of the workspace (for /doctor)."""
        out: list[tuple[ArtifactKind, Path]] = []
        for kind in KINDS:
            for artifact_id in self.list_ids(kind):
                path = self.artifact_dir(kind, artifact_id) / MANIFEST_NAMES[kind]
                if path.is_file():
                    out.append((kind, path))
        return out


def _created_at(manifest: Path) -> str | None:
    try:
        value = json.loads(manifest.read_text(encoding="utf-8")).get("created_at")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _id_date(name: str) -> str | None:
    return name[:10] if _ID.match(name) else None
