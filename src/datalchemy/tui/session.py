"""The state of one TUI session: workspace, settings, profiles, the live connection string.

The full connection string (password included) lives only here, in memory, as a parsed
:class:`~datalchemy.db.urls.ConnectionInfo` (parsing registers its secrets, so
:func:`~datalchemy.redact_text` masks them in everything shown or written afterwards).
Connection resolution follows the original: the session's string, then ``DATABASE_URL``, then
``./.env``'s ``DATABASE_URL``; ours adds the active profile's URL when it holds no password
(a SQLite file, a trusted local server).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from datalchemy import DatabaseSchema, Plan, parse_connection
from datalchemy.db.urls import ConnectionInfo
from datalchemy.errors import InputError, UsageError
from datalchemy.tui.secrets import Vault
from datalchemy.tui.settings import (
    ActiveArtifacts,
    Profile,
    Profiles,
    Settings,
    load_profiles,
    load_settings,
    save_profiles,
    save_settings,
)
from datalchemy.tui.workspace import ArtifactKind, Workspace

__all__ = ["Connection", "Session", "read_dotenv"]

T = TypeVar("T", bound=BaseModel)


def read_dotenv(path: Path) -> dict[str, str]:
    """``KEY=VALUE`` lines of a ``.env`` file (quotes stripped, comments and ``export`` ignored)."""
    if not path.is_file():
        return {}
    values: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


@dataclass(frozen=True)
class Connection:
    info: ConnectionInfo
    source: str  # session, env, .env, profile

    def describe(self) -> str:
        return f"{self.source} ({self.info.redacted})"


@dataclass
class Session:
    ws: Workspace
    settings: Settings = field(default_factory=Settings)
    active: ActiveArtifacts = field(default_factory=ActiveArtifacts)
    profiles: Profiles = field(default_factory=Profiles)
    connection: ConnectionInfo | None = None
    cwd: Path = field(default_factory=Path.cwd)

    @property
    def vault(self) -> Vault:
        return Vault(self.ws.secrets_dir)

    def load(self) -> None:
        """Read settings and profiles (defaults when the files are absent)."""
        self.settings, self.active = load_settings(self.ws.settings_path)
        self.profiles = load_profiles(self.ws.profiles_path)
        if self.ws.exists():
            self.vault.lock_on_start()

    def save_settings(self) -> None:
        save_settings(self.ws.settings_path, self.settings, self.active)

    def save_profiles(self) -> None:
        save_profiles(self.ws.profiles_path, self.profiles)

    def set_active(self, kind: ArtifactKind, artifact_id: str | None) -> None:
        if kind in ("run", "plan", "out", "eval"):
            setattr(self.active, kind, artifact_id)
            self.save_settings()

    # -- profiles and connections --------------------------------------------------------------

    @property
    def profile_name(self) -> str | None:
        return self.profiles.active

    @property
    def profile(self) -> Profile | None:
        return self.profiles.active_profile

    def profile_label(self) -> str:
        """``name (redacted URL)``; the name alone in paranoid privacy."""
        name, profile = self.profile_name, self.profile
        if name is None or profile is None:
            return "none"
        if self.settings.privacy == "paranoid":
            return name
        return f"{name} ({profile.redacted})"

    def set_session_connection(self, url: str) -> ConnectionInfo:
        """Parse (which registers its secrets) and keep ``url`` for this session only."""
        self.connection = parse_connection(url)
        return self.connection

    def resolve(self) -> Connection:
        """The connection database commands use (see the module docstring)."""
        if self.connection is not None:
            return Connection(self.connection, "session")
        env = os.environ.get("DATABASE_URL")
        if env:
            return Connection(parse_connection(env), "env")
        dotenv = read_dotenv(self.cwd / ".env").get("DATABASE_URL")
        if dotenv:
            return Connection(parse_connection(dotenv), ".env")
        profile = self.profile
        if profile is not None and not profile.has_secret:
            return Connection(parse_connection(profile.redacted), "profile")
        raise UsageError(
            "connection_missing",
            "missing connection string",
            hint="use /db session, /secrets unlock, or set DATABASE_URL (or .env)",
        )

    def connection_for_profile(self, name: str) -> Connection:
        """The connection of profile ``name``: the session's for the active profile."""
        if name == self.profiles.active:
            return self.resolve()
        profile = self.profiles.profiles.get(name)
        if profile is None:
            raise UsageError(
                "unknown_profile",
                f"there is no profile {name!r}",
                hint="list them with /profiles list",
            )
        if profile.has_secret:
            raise UsageError(
                "profile_secret_unknown",
                f"profile {name!r} needs a password this session does not have",
                hint=f"/profiles set {name}, then /db session (or /secrets unlock)",
            )
        return Connection(parse_connection(profile.redacted), "profile")

    # -- artifacts -----------------------------------------------------------------------------

    def require_active(self, kind: ArtifactKind, given: str | None = None) -> str:
        """``given``, else the active artifact of ``kind``; a coded error when there is none."""
        chosen = given or getattr(self.active, kind, None)
        hints = {
            "run": "run /introspect first (or /runs set ID)",
            "plan": "run /plan new first (or /plans set ID)",
            "out": "run /generate first (or give an out ID)",
            "eval": "run /eval first",
            "load": "run /load first",
        }
        if not chosen:
            raise UsageError(f"no_active_{kind}", f"there is no active {kind}", hint=hints[kind])
        if not self.ws.artifact_dir(kind, chosen).is_dir():
            raise UsageError(
                f"unknown_{kind}",
                f"there is no {kind} {chosen!r} in this workspace",
                hint=f"list them with /{ {'run': 'runs', 'plan': 'plans'}.get(kind, kind) } list",
            )
        return chosen

    def read_schema(self, run_id: str) -> DatabaseSchema:
        return _read_model(self.ws.artifact_dir("run", run_id) / "schema.json", DatabaseSchema)

    def read_plan(self, plan_id: str) -> Plan:
        return _read_model(self.ws.artifact_dir("plan", plan_id) / "plan.json", Plan)


def _read_model(path: Path, model: type[T]) -> T:
    try:
        return model.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            "artifact_file_missing",
            f"{path.name} is missing in {path.parent.name}",
            path=str(path),
            hint="the artifact did not finish; create it again",
        ) from None
    except (OSError, ValidationError, ValueError) as exc:
        raise InputError(
            "artifact_file_invalid",
            f"{path.parent.name}/{path.name} cannot be read: {str(exc).splitlines()[0]}",
            path=str(path),
            hint="fix the file (/plan edit) or create the artifact again",
        ) from None
