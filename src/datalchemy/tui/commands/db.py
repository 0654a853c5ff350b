"""/db session|change|show-current|test|privileges: the session's connection string."""

from __future__ import annotations

from datalchemy.errors import DatalchemyError, UsageError
from datalchemy.tui.commands.base import Args, CommandContext, CommandSpec
from datalchemy.tui.commands.render import kv_table
from datalchemy.tui.commands.settings import URL_QUESTION
from datalchemy.tui.dbprobe import ServerInfo, probe

__all__ = ["COMMANDS"]


def _set_session(ctx: CommandContext, url: str) -> None:
    info = ctx.session.set_session_connection(url)
    ctx.say(f"session connection set: {info.redacted} (kept in memory only)", "ok")
    profile = ctx.session.profile
    if profile is not None and profile.engine != info.engine:
        ctx.say(f"note: the active profile is {profile.engine}, this is {info.engine}", "warn")
    ctx.host.refresh_chrome()


def _session(ctx: CommandContext, args: Args) -> None:
    url = args.arg(0)
    if url is None:
        ctx.host.prompt(URL_QUESTION, lambda u: _set_session(ctx, u), secret=False)
    else:
        _set_session(ctx, url)


def _change(ctx: CommandContext, args: Args) -> None:
    if ctx.session.profile is None:
        raise UsageError(
            "no_active_profile", "there is no active profile", hint="/profiles new NAME URL"
        )
    _session(ctx, args)


def _show_current(ctx: CommandContext, args: Args) -> None:
    try:
        conn = ctx.session.resolve()
    except DatalchemyError:
        ctx.say("no connection: /db session, /secrets unlock, or set DATABASE_URL", "warn")
        return
    info = conn.info
    ctx.say(
        kv_table(
            [
                ("url", info.redacted),
                ("engine", info.engine),
                ("host", info.host),
                ("port", info.port),
                ("database", info.database),
                ("user", info.user),
                ("source", conn.source),
            ],
            title="CONNECTION",
        )
    )


def _probe(ctx: CommandContext, show: bool) -> None:
    conn = ctx.session.resolve()

    def done(server: ServerInfo) -> None:
        if show:
            ctx.say(
                f"User: {server.user or '-'}, DB: {server.database or '-'}, Ver: {server.version}",
                "ok",
            )
        else:
            ctx.say("Connection successful!", "ok")

    def failed(exc: BaseException) -> None:
        message = exc.message if isinstance(exc, DatalchemyError) else str(exc)
        ctx.say(f"Connection failed: {message}", "error")

    ctx.host.start_task(
        f"Connecting to {conn.info.redacted}...",
        lambda control: probe(conn.info),
        done,
        on_error=failed,
    )


def _test(ctx: CommandContext, args: Args) -> None:
    _probe(ctx, show=False)


def _privileges(ctx: CommandContext, args: Args) -> None:
    _probe(ctx, show=True)


COMMANDS = [
    CommandSpec(
        "/db session",
        "set this session's connection string (not saved)",
        "db",
        _session,
        usage="[URL]",
    ),
    CommandSpec(
        "/db change", "change the active profile's session connection", "db", _change, usage="[URL]"
    ),
    CommandSpec(
        "/db show-current",
        "the connection in use (redacted) and where it comes from",
        "db",
        _show_current,
    ),
    CommandSpec("/db test", "connect (5 s timeout)", "db", _test, long=True),
    CommandSpec("/db privileges", "who and what the server is", "db", _privileges, long=True),
]
