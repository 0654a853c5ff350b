"""Connection strings: parse them, name their engine, and never let a secret out.

Accepted forms::

    postgresql://user:secret@host:5432/db?sslmode=require     (also postgres://)
    sqlite:///absolute/path.db   sqlite://relative/path.db   sqlite:///:memory:
    path/to/file.db | .sqlite | .sqlite3                       (bare SQLite file path)
    odbc://DSN_NAME?uid=user&pwd=secret                         (ODBC data source name)
    odbc://Driver={PostgreSQL Unicode};Server=...;PWD=secret    (ODBC string after odbc://)
    Driver={SQLite3};Database=/tmp/x.db                         (raw ODBC string)

Every secret found while parsing (passwords and parameters such as ``token`` or ``api_key``) is
registered with :func:`register_secret`, so :func:`redact_text` masks it wherever it appears later:
in log lines, error messages and reports.

Example:
    >>> info = parse_connection("postgresql://ana:s3cr3t@db.local:5432/crm?sslmode=require")
    >>> info.redacted
    'postgresql://ana:***@db.local:5432/crm?sslmode=require'
    >>> redact_text("driver said: password s3cr3t is wrong")
    'driver said: password *** is wrong'
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from datalchemy.errors import UsageError

__all__ = [
    "MASK",
    "SECRET_KEYS",
    "ConnectionInfo",
    "Engine",
    "is_secret_key",
    "parse_connection",
    "redact_text",
    "register_secret",
    "resolve_connection",
]

Engine = Literal["postgres", "sqlite", "odbc"]

MASK = "***"
#: Registered secrets shorter than this are masked only in URL and key=value positions.
MIN_MASKED_LENGTH = 4

#: Parameter names whose values are secrets (compared case-insensitively).
SECRET_KEYS = frozenset(
    {"password", "pass", "pwd", "token", "api_key", "apikey", "sslpassword", "secret"}
)
# Longer names that still carry a secret: access_token, client_secret, db_password, ...
_SECRET_SUFFIXES = ("password", "passwd", "token", "secret", "apikey", "api_key")

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def is_secret_key(key: str) -> bool:
    """True when a connection parameter named ``key`` holds a secret."""
    k = key.strip().lower()
    return k in SECRET_KEYS or k.endswith(_SECRET_SUFFIXES)


def register_secret(value: str | None) -> None:
    """Remember ``value`` (and its URL-encoded form) so :func:`redact_text` masks it from now on."""
    if not value:
        return
    with _secrets_lock:
        _secrets.add(value)
        _secrets.add(quote(value, safe=""))
        _secrets.add(unquote(value))


# Secrets that appear in text we never parsed (a driver message echoing a DSN, for instance).
_URL_PASSWORD = re.compile(r"(?P<head>[a-zA-Z][\w+.-]*://[^:/@\s]*:)(?P<secret>[^@\s]+)(?=@)")
_KEY_VALUE = re.compile(
    r"(?P<key>\b[\w.-]*(?:password|passwd|pwd|pass|token|secret|api_?key)\b)"
    r"(?P<sep>\s*[=:]\s*)(?P<q>['\"]?)(?P<secret>\{[^}]*\}|[^\s;&'\"]+)(?P=q)",
    re.IGNORECASE,
)


def redact_text(text: str) -> str:
    """Mask every registered secret, URL password and ``key=value`` secret in ``text``."""
    with _secrets_lock:
        # A secret of one to three characters ("p") would mask ordinary words everywhere; such
        # secrets are still masked where they stand as a URL password or a key=value pair.
        known = sorted((x for x in _secrets if len(x) >= MIN_MASKED_LENGTH), key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + MASK, text)

    def _mask_kv(m: re.Match[str]) -> str:
        if m.group("secret") == MASK:
            return m.group(0)
        return f"{m.group('key')}{m.group('sep')}{m.group('q')}{MASK}{m.group('q')}"

    return _KEY_VALUE.sub(_mask_kv, text)


@dataclass(frozen=True)
class ConnectionInfo:
    """A parsed connection string. ``repr`` and ``redacted`` never show a secret.

    Attributes:
        engine: ``postgres``, ``sqlite`` or ``odbc``.
        user, host, port, database: what the string names (``database`` is the file for SQLite).
        params: query or ODBC parameters, secrets masked.
        redacted: the whole string with every secret replaced by ``***``.
    """

    engine: Engine
    redacted: str
    user: str | None = None
    host: str | None = None
    port: int | None = None
    database: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    _raw: str = field(default="", repr=False, compare=False)

    @property
    def secret_url(self) -> str:
        """The original string, secrets included: pass it to a driver, never print it."""
        return self._raw

    @property
    def sqlite_path(self) -> str:
        """The SQLite file path (``:memory:`` for an in-memory database)."""
        if self.engine != "sqlite" or self.database is None:
            raise UsageError("not_sqlite", "this connection is not a SQLite database")
        return self.database

    @property
    def odbc_string(self) -> str:
        """The ODBC connection string (``DSN=...;UID=...;PWD=...`` or the raw one), secrets in."""
        if self.engine != "odbc":
            raise UsageError("not_odbc", "this connection is not an ODBC connection")
        return self._raw

    def to_config(self) -> dict[str, Any]:
        """A JSON-ready description for ``config.json``; secrets masked."""
        return {
            "engine": self.engine,
            "user": self.user,
            "host": self.host,
            "port": self.port,
            "database": self.database,
            "params": dict(sorted(self.params.items())),
            "redacted": self.redacted,
        }


def parse_connection(conn: str) -> ConnectionInfo:
    """Parse ``conn`` (see the module docstring for forms); secrets are registered for redaction.

    Raises:
        UsageError: the string is empty or its engine is not recognised.
    """
    conn = conn.strip()
    if not conn:
        raise UsageError(
            "connection_missing",
            "the connection string is empty",
            hint="pass --conn URL or set DATABASE_URL",
        )
    lower = conn.lower()
    if lower.startswith(("postgres://", "postgresql://")):
        return _parse_postgres(conn)
    if lower.startswith("sqlite:"):
        return _parse_sqlite(conn)
    if lower.startswith("odbc://"):
        rest = conn[len("odbc://") :]
        return _parse_odbc(rest) if "=" in rest.split("?", 1)[0] else _parse_odbc_dsn(rest)
    if re.match(r"^\s*(driver|dsn|filedsn)\s*=", conn, re.IGNORECASE):
        return _parse_odbc(conn)
    if lower.endswith((".db", ".sqlite", ".sqlite3")) and "://" not in conn:
        return _sqlite_info(conn, raw=conn)
    scheme = conn.split("://", 1)[0] if "://" in conn else None
    # Show the scheme only: the rest may hold a secret in a form we could not parse.
    shown = f"'{scheme}://...'" if scheme else "this connection string"
    raise UsageError(
        "unsupported_connection",
        f"cannot tell which database {shown} is for",
        hint="use postgresql://user:pass@host:port/db, sqlite:///path/to/file.db, "
        "odbc://DSN or an ODBC string starting with Driver=...",
    )


def resolve_connection(conn: str | None, env_var: str = "DATABASE_URL") -> ConnectionInfo:
    """Parse ``conn``, or the ``DATABASE_URL`` environment variable when ``conn`` is None."""
    if conn is None or not conn.strip():
        conn = os.environ.get(env_var)
        if not conn:
            raise UsageError(
                "connection_missing",
                "no connection string given",
                hint=f"pass --conn URL or set {env_var}",
            )
    return parse_connection(conn)


def _split_query(query: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    shown: dict[str, str] = {}
    pairs = parse_qsl(query, keep_blank_values=True)
    for key, value in pairs:
        if is_secret_key(key):
            register_secret(value)
            shown[key] = MASK
        else:
            shown[key] = value
    return shown, pairs


def _parse_postgres(conn: str) -> ConnectionInfo:
    parts = urlsplit(conn)
    try:
        port = parts.port
    except ValueError as exc:
        raise UsageError(
            "invalid_connection",
            "the port in the connection string is not a number",
            hint="use postgresql://user:pass@host:5432/db",
        ) from exc
    password = parts.password
    register_secret(password)
    params, pairs = _split_query(parts.query)
    netloc = parts.hostname or ""
    if ":" in netloc:  # IPv6 literal
        netloc = f"[{netloc}]"
    if port is not None:
        netloc = f"{netloc}:{port}"
    if parts.username is not None:
        userinfo = parts.username + (f":{MASK}" if password is not None else "")
        netloc = f"{userinfo}@{netloc}"
    query = "&".join(f"{k}={MASK if is_secret_key(k) else v}" for k, v in pairs)
    redacted = f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")
    database = unquote(parts.path.lstrip("/")) or None
    return ConnectionInfo(
        engine="postgres",
        redacted=redacted,
        user=unquote(parts.username) if parts.username else None,
        host=parts.hostname,
        port=port,
        database=database,
        params=params,
        _raw=conn,
    )


def _sqlite_info(path: str, raw: str) -> ConnectionInfo:
    return ConnectionInfo(engine="sqlite", redacted=raw, database=path, _raw=raw)


def _parse_sqlite(conn: str) -> ConnectionInfo:
    rest = conn[len("sqlite:") :]
    if rest.startswith("///"):
        path = rest[2:]  # sqlite:///abs/path -> /abs/path
        if path == "/:memory:":
            path = ":memory:"
    elif rest.startswith("//"):
        path = rest[2:]  # sqlite://relative/path (the original tool's form)
    else:
        path = rest
    path, _, query = path.partition("?")
    if not path:
        raise UsageError(
            "invalid_connection",
            "the SQLite connection string names no file",
            hint="use sqlite:///absolute/path.db or sqlite://relative/path.db",
        )
    info = _sqlite_info(unquote(path), raw=conn)
    # Query parameters are SQLite URI options (mode=ro, cache=shared, ...).
    return replace(info, params=dict(parse_qsl(query))) if query else info


_ODBC_PAIR = re.compile(r"\s*([^=;]+?)\s*=\s*(\{(?:[^}]|\}\})*\}|[^;]*)\s*(?:;|$)")


def _parse_odbc(conn: str) -> ConnectionInfo:
    params: dict[str, str] = {}
    shown: list[str] = []
    for match in _ODBC_PAIR.finditer(conn):
        key, value = match.group(1), match.group(2)
        if not key:
            continue
        if is_secret_key(key):
            inner = value[1:-1].replace("}}", "}") if value.startswith("{") else value
            register_secret(inner)
            register_secret(value)
            value = MASK
        params[key] = value
        shown.append(f"{key}={value}")
    lower = {k.lower(): v for k, v in params.items()}
    port = lower.get("port")
    return ConnectionInfo(
        engine="odbc",
        redacted=";".join(shown),
        user=lower.get("uid") or lower.get("user") or lower.get("username"),
        host=lower.get("server") or lower.get("servername") or lower.get("host"),
        port=int(port) if port and port.isdigit() else None,
        database=lower.get("database") or lower.get("dbname") or lower.get("dsn"),
        params=params,
        _raw=conn,
    )


def _parse_odbc_dsn(rest: str) -> ConnectionInfo:
    dsn, _, query = rest.partition("?")
    dsn = unquote(dsn.strip("/"))
    params, pairs = _split_query(query)
    odbc = ";".join([f"DSN={dsn}", *(f"{k}={v}" for k, v in pairs)])
    info = _parse_odbc(odbc)
    return ConnectionInfo(
        engine="odbc",
        redacted="odbc://"
        + dsn
        + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""),
        user=info.user,
        host=info.host,
        port=info.port,
        database=dsn,
        params=params,
        _raw=odbc,
    )
