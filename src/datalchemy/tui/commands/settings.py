"""/settings show|set and /profiles list|new|set|delete."""

from __future__ import annotations

import re

from datalchemy import parse_connection
from datalchemy.errors import UsageError
from datalchemy.tui.commands.base import Args, CommandContext, CommandSpec
from datalchemy.tui.commands.render import kv_table, table
from datalchemy.tui.session import Session
from datalchemy.tui.settings import SETTING_CHOICES, Profile, Settings

__all__ = ["COMMANDS", "check_profile_name", "save_new_profile"]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
URL_QUESTION = "Database connection string (postgresql://, sqlite:///, odbc://):"


def check_profile_name(name: str) -> str:
    if not _NAME.match(name):
        raise UsageError(
            "bad_profile_name",
            f"{name!r} is not a valid profile name",
            hint="letters, digits, '-' and '_', up to 40 characters",
        )
    return name


def save_new_profile(session: Session, name: str, url: str, schemas: list[str]) -> Profile:
    """Store profile ``name`` (redacted), make it active, keep ``url`` for this session."""
    info = session.set_session_connection(url)
    profile = Profile.from_connection(info, schemas)
    session.profiles.profiles[name] = profile
    session.profiles.active = name
    session.save_profiles()
    return profile


# -- /settings -------------------------------------------------------------------------------


def _settings_show(ctx: CommandContext, args: Args) -> None:
    settings = ctx.session.settings
    rows = []
    for key, field in Settings.model_fields.items():
        rows.append((key, f"{getattr(settings, key)}    [{field.description or ''}]"))
    ctx.say(kv_table(rows, title="SETTINGS (config/settings.toml)"))


def _settings_set(ctx: CommandContext, args: Args) -> None:
    key, value = args.arg(0), args.arg(1)
    if key is None or value is None:
        raise UsageError(
            "missing_argument",
            "usage: /settings set KEY VALUE",
            hint="keys: " + ", ".join(Settings.model_fields),
        )
    updated = ctx.session.settings.set_value(key, value)  # checks before asking
    if not ctx.approved(
        "update settings", [ctx.ws.relative(ctx.ws.settings_path)], explore_ok=True
    ):
        return
    ctx.session.settings = updated
    ctx.session.save_settings()
    ctx.say(f"{key} = {getattr(updated, key)}", "ok")
    ctx.host.refresh_chrome()


def _setting_completions(session: Session, done: list[str]) -> list[str]:
    if not done:
        return list(Settings.model_fields)
    if len(done) == 1:
        return list(SETTING_CHOICES.get(done[0], ()))
    return []


# -- /profiles -------------------------------------------------------------------------------


def _profiles_list(ctx: CommandContext, args: Args) -> None:
    profiles = ctx.session.profiles
    if not profiles.profiles:
        ctx.say("no profiles yet: /profiles new NAME URL", "dim")
        return
    rows = [
        ("*" if name == profiles.active else "", name, p.engine, p.redacted, ", ".join(p.schemas))
        for name, p in sorted(profiles.profiles.items())
    ]
    ctx.say(table(["", "profile", "engine", "connection (redacted)", "schemas"], rows))


def _profiles_new(ctx: CommandContext, args: Args) -> None:
    name, url = args.arg(0), args.arg(1)
    if name is None:
        ctx.host.prompt(
            "Profile name:", lambda n: _ask_url(ctx, check_profile_name(n)), secret=False
        )
        return
    check_profile_name(name)
    if url is None:
        _ask_url(ctx, name)
        return
    info = parse_connection(url)  # checked before asking
    if not ctx.approved("create profile " + name, [ctx.ws.relative(ctx.ws.profiles_path)]):
        return
    save_new_profile(ctx.session, name, url, [])
    ctx.say(
        f"profile {name} created and active ({info.redacted}); the password (if any) is "
        "kept for this session only",
        "ok",
    )
    ctx.host.refresh_chrome()


def _ask_url(ctx: CommandContext, name: str) -> None:
    def answer(url: str) -> None:
        line = f"/profiles new {name} {url}"
        _profiles_new(
            CommandContext(ctx.host, line, ctx.approved_already), Args(positional=[name, url])
        )

    ctx.host.prompt(URL_QUESTION, answer, secret=False)


def _require_profile(session: Session, name: str | None) -> str:
    if name is None:
        raise UsageError("missing_argument", "give a profile name", hint="/profiles list")
    if name not in session.profiles.profiles:
        raise UsageError("unknown_profile", f"there is no profile {name!r}", hint="/profiles list")
    return name


def _profiles_set(ctx: CommandContext, args: Args) -> None:
    name = _require_profile(ctx.session, args.arg(0))
    if not ctx.approved("set active profile", [ctx.ws.relative(ctx.ws.profiles_path)]):
        return
    s = ctx.session
    s.profiles.active = name
    s.connection = None  # the previous profile's session string is not this one's
    s.save_profiles()
    profile = s.profiles.profiles[name]
    ctx.say(f"profile {name} is active", "ok")
    if profile.has_secret:
        ctx.say("its password is not stored: /db session (or /secrets unlock) gives it", "warn")
    ctx.host.refresh_chrome()


def _profiles_delete(ctx: CommandContext, args: Args) -> None:
    name = _require_profile(ctx.session, args.arg(0))
    if not ctx.approved("delete profile " + name, [ctx.ws.relative(ctx.ws.profiles_path)]):
        return
    s = ctx.session
    del s.profiles.profiles[name]
    if s.profiles.active == name:
        s.profiles.active = None
        s.connection = None
    s.save_profiles()
    ctx.say(f"profile {name} deleted", "ok")
    ctx.host.refresh_chrome()


def _profile_names(session: Session, done: list[str]) -> list[str]:
    return [] if done else sorted(session.profiles.profiles)


COMMANDS = [
    CommandSpec("/settings show", "list the settings", "settings", _settings_show),
    CommandSpec(
        "/settings set",
        "change a setting",
        "settings",
        _settings_set,
        usage="KEY VALUE",
        complete=_setting_completions,
    ),
    CommandSpec("/profiles list", "list the database profiles (* = active)", "db", _profiles_list),
    CommandSpec(
        "/profiles new",
        "add a profile and make it active (asks when no args)",
        "db",
        _profiles_new,
        usage="[NAME URL]",
    ),
    CommandSpec(
        "/profiles set",
        "make a profile active",
        "db",
        _profiles_set,
        usage="NAME",
        complete=_profile_names,
    ),
    CommandSpec(
        "/profiles delete",
        "remove a profile",
        "db",
        _profiles_delete,
        usage="NAME",
        complete=_profile_names,
    ),
]
