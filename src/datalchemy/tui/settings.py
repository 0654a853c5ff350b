"""``config/settings.toml`` and ``config/profiles.toml``: typed, validated, written atomically.

A profile records *where* a database is (engine, host, port, database, user and the redacted
URL) and never its password: the full connection string lives only in the session's memory, or
encrypted in ``secrets/`` (see :mod:`.secrets`).

Example:
    >>> s = Settings()
    >>> s.set_value("approval_policy", "always_allow").approval_policy
    'always_allow'
    >>> print(to_toml({"approval_policy": "ask_each_time", "rows": 100}), end="")
    approval_policy = "ask_each_time"
    rows = 100
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from datalchemy.db.urls import ConnectionInfo
from datalchemy.errors import InputError, UsageError
from datalchemy.runs import atomic_write_text

__all__ = [
    "SETTING_CHOICES",
    "ActiveArtifacts",
    "Profile",
    "Profiles",
    "Settings",
    "load_profiles",
    "load_settings",
    "save_profiles",
    "save_settings",
    "to_toml",
]

ApprovalPolicy = Literal["ask_each_time", "always_allow"]
Mode = Literal["readonly_csv", "insert", "explore"]
Privacy = Literal["normal", "paranoid"]
LoadMode = Literal["append", "truncate", "recreate"]
OutputFormat = Literal["csv", "parquet"]


class Settings(BaseModel):
    """What ``/settings show`` lists and ``/settings set KEY VALUE`` changes."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    approval_policy: ApprovalPolicy = Field(
        "ask_each_time", description="ask_each_time: every write asks y/n first."
    )
    mode: Mode = Field(
        "readonly_csv",
        description="readonly_csv: files only, /load refused; insert: /load allowed; "
        "explore: nothing is written.",
    )
    privacy: Privacy = Field("normal", description="paranoid: show profile names, never URLs.")
    rows: int = Field(100, ge=0, description="Rows per leaf table for /plan new.")
    locale: str = Field("pt_BR", description="Locale of /plan new.")
    base_date: str = Field(
        "today",
        pattern=r"^(today|\d{4}-\d{2}-\d{2})$",
        description="'Today' written into plans by /plan new: today, or YYYY-MM-DD.",
    )
    workers: int = Field(1, ge=1, le=64, description="Worker processes of /generate.")
    format: OutputFormat = Field("csv", description="Output format of /generate.")
    load_mode: LoadMode = Field("append", description="Mode of /load.")

    def set_value(self, key: str, value: str) -> Settings:
        """A copy with ``key`` set from its text ``value``; coded errors for bad keys/values."""
        if key not in type(self).model_fields:
            raise UsageError(
                "unknown_setting",
                f"there is no setting {key!r}",
                hint="settings: " + ", ".join(type(self).model_fields),
            )
        try:
            return self.model_validate({**self.model_dump(), key: value})
        except ValidationError as exc:
            choices = SETTING_CHOICES.get(key)
            raise UsageError(
                "invalid_setting",
                f"{value!r} is not a valid {key}: {exc.errors()[0]['msg']}",
                hint=f"choose one of: {', '.join(choices)}" if choices else None,
            ) from None


#: The values each enumerated setting takes (for the palette and error hints).
SETTING_CHOICES: dict[str, tuple[str, ...]] = {
    "approval_policy": get_args(ApprovalPolicy),
    "mode": get_args(Mode),
    "privacy": get_args(Privacy),
    "format": get_args(OutputFormat),
    "load_mode": get_args(LoadMode),
}


class ActiveArtifacts(BaseModel):
    """The artifacts commands use by default (``[active]`` in settings.toml)."""

    model_config = ConfigDict(extra="ignore")

    run: str | None = None
    plan: str | None = None
    out: str | None = None
    eval: str | None = None


class Profile(BaseModel):
    """A named database: where it is, never its password."""

    model_config = ConfigDict(extra="ignore")

    engine: str
    redacted: str
    host: str | None = None
    port: int | None = None
    database: str | None = None
    user: str | None = None
    schemas: list[str] = Field(default_factory=list)

    @classmethod
    def from_connection(cls, info: ConnectionInfo, schemas: list[str] | None = None) -> Profile:
        return cls(
            engine=info.engine,
            redacted=info.redacted,
            host=info.host,
            port=info.port,
            database=info.database,
            user=info.user,
            schemas=schemas or [],
        )

    @property
    def has_secret(self) -> bool:
        """True when the URL had a password: the redacted URL alone cannot connect."""
        return "***" in self.redacted


class Profiles(BaseModel):
    model_config = ConfigDict(extra="ignore")

    active: str | None = None
    profiles: dict[str, Profile] = Field(default_factory=dict)

    @property
    def active_profile(self) -> Profile | None:
        return self.profiles.get(self.active) if self.active else None


# -- TOML ------------------------------------------------------------------------------------


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        # JSON string escapes are valid TOML basic-string escapes.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _toml_key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() else json.dumps(key)


def to_toml(data: Mapping[str, Any], _prefix: str = "") -> str:
    """TOML text of a mapping of scalars, lists and nested mappings (tables); None is omitted."""
    lines: list[str] = []
    tables: list[tuple[str, Mapping[str, Any]]] = []
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, Mapping):
            tables.append((key, value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    text = "\n".join(lines) + ("\n" if lines else "")
    for key, table in tables:
        name = f"{_prefix}{_toml_key(key)}"
        inner = to_toml(table, _prefix=f"{name}.")
        scalars = any(not isinstance(v, Mapping) and v is not None for v in table.values())
        text += ("\n" if text else "") + (f"[{name}]\n" if scalars or not table else "") + inner
    return text


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(
            "config_invalid",
            f"{path.name} cannot be read: {exc}",
            path=str(path),
            hint="fix the TOML syntax, or delete the file to get the defaults back",
        ) from None


def load_settings(path: Path) -> tuple[Settings, ActiveArtifacts]:
    data = _read_toml(path)
    active = ActiveArtifacts.model_validate(data.pop("active", {}))
    try:
        return Settings.model_validate(data), active
    except ValidationError as exc:
        raise InputError(
            "config_invalid",
            f"{path.name}: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}",
            path=str(path),
            hint="fix the value with /settings set, or delete the file for the defaults",
        ) from None


def save_settings(path: Path, settings: Settings, active: ActiveArtifacts) -> None:
    atomic_write_text(path, to_toml({**settings.model_dump(), "active": active.model_dump()}))


def load_profiles(path: Path) -> Profiles:
    try:
        return Profiles.model_validate(_read_toml(path))
    except ValidationError as exc:
        raise InputError(
            "config_invalid",
            f"{path.name} does not hold valid profiles: {exc.errors()[0]['msg']}",
            path=str(path),
            hint="delete the profile's table from the file, or the file itself",
        ) from None


def save_profiles(path: Path, profiles: Profiles) -> None:
    data = profiles.model_dump(mode="json")
    atomic_write_text(path, to_toml(data))
