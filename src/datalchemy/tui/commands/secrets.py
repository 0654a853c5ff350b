"""/secrets status|import-env|store-session|unlock|delete: the encrypted session connection."""

from __future__ import annotations

from collections.abc import Callable

from datalchemy.errors import UsageError
from datalchemy.tui.commands.base import Args, CommandContext, CommandSpec
from datalchemy.tui.commands.render import kv_table
from datalchemy.tui.session import read_dotenv

__all__ = ["COMMANDS"]


def _status(ctx: CommandContext, args: Args) -> None:
    vault = ctx.session.vault
    ctx.say(
        kv_table(
            [
                ("vault", vault.status()),
                ("file", ctx.ws.relative(vault.blob) if vault.blob.exists() else "none"),
                ("session connection", "set" if ctx.session.connection else "not set"),
            ],
            title="SECRETS",
        )
    )


def _import_env(ctx: CommandContext, args: Args) -> None:
    path = ctx.session.cwd / ".env"
    url = read_dotenv(path).get("DATABASE_URL")
    if not url:
        raise UsageError(
            "no_database_url",
            f"{path} has no DATABASE_URL",
            hint="add DATABASE_URL=... to .env, or use /db session",
        )
    info = ctx.session.set_session_connection(url)
    ctx.say(f"session connection set from .env: {info.redacted}", "ok")
    ctx.host.refresh_chrome()


def _with_passphrase(ctx: CommandContext, args: Args, then: Callable[[str], None]) -> None:
    given = " ".join(args.positional) if args.positional else None
    if given is None:
        ctx.host.prompt("Passphrase (never stored):", then, secret=True)
    else:
        then(given)


def _store_session(ctx: CommandContext, args: Args) -> None:
    ctx.require_workspace()
    connection = ctx.session.connection
    if connection is None:
        raise UsageError(
            "no_session_connection",
            "there is no session connection to store",
            hint="/db session first (or /secrets import-env)",
        )
    vault = ctx.session.vault

    def store(passphrase: str) -> None:
        vault.store(connection.secret_url, passphrase)
        ctx.say(f"session connection encrypted into {ctx.ws.relative(vault.blob)} (0600)", "ok")

    # A passphrase given on the line stays in memory with the pending approval; the echo and
    # the log show <redacted> (see sanitize.py).
    if not ctx.approved("store the session connection encrypted", [ctx.ws.relative(vault.blob)]):
        return
    _with_passphrase(ctx, Args(positional=args.positional), store)


def _unlock(ctx: CommandContext, args: Args) -> None:
    vault = ctx.session.vault

    def unlock(passphrase: str) -> None:
        info = ctx.session.set_session_connection(vault.unlock(passphrase))
        ctx.say(f"vault unlocked: session connection {info.redacted}", "ok")
        ctx.host.refresh_chrome()

    _with_passphrase(ctx, args, unlock)


def _delete(ctx: CommandContext, args: Args) -> None:
    vault = ctx.session.vault
    if not ctx.approved("delete the stored connection", [ctx.ws.relative(vault.blob)]):
        return
    vault.delete()
    ctx.say("stored connection deleted; vault absent", "ok")


COMMANDS = [
    CommandSpec(
        "/secrets status", "is a connection stored, locked or unlocked", "secrets", _status
    ),
    CommandSpec(
        "/secrets import-env",
        "take DATABASE_URL from ./.env into the session",
        "secrets",
        _import_env,
    ),
    CommandSpec(
        "/secrets store-session",
        "encrypt the session connection with a passphrase",
        "secrets",
        _store_session,
        usage="[PASSPHRASE]",
    ),
    CommandSpec(
        "/secrets unlock",
        "decrypt the stored connection into the session",
        "secrets",
        _unlock,
        usage="[PASSPHRASE]",
    ),
    CommandSpec("/secrets delete", "remove the stored connection", "secrets", _delete),
]
