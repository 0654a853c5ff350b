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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, unquote

from datalchemy.errors import UsageError

if TYPE_CHECKING:  # pydantic stays unloaded: the CLI redacts before anything else
    from datalchemy.contracts.common import EngineName

__all__ = [
    "MASK",
    "SECRET_KEYS",
    "ConnectionInfo",
    "PostgresUrl",
    "is_secret_key",
    "parse_connection",
    "redact_text",
    "register_secret",
    "resolve_connection",
    "split_postgres_url",
    "split_query",
]

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
class PostgresUrl:
    """The parts of a ``postgresql://`` URL, percent-decoded (``host`` and ``port`` may list
    several, comma-separated, as libpq accepts)."""

    scheme: str
    user: str | None
    password: str | None
    password_as_written: str | None  # percent-encoded as in the string, masked too
    host: str | None
    port: str | None
    hostport: str  # as written, for the redacted form
    database: str | None
    query: str


_URL_SPECIALS = (
    "percent-encode them in the password (or user): @ as %40, / as %2F, ? as %3F, # as %23"
)


def split_postgres_url(conn: str) -> PostgresUrl:
    """Split ``scheme://user:password@host:port/db?params`` the one way it can be read.

    libpq and Python's ``urlsplit`` disagree on a string whose password holds an unencoded
    ``@``, ``/``, ``?`` or ``#`` (one splits at the first ``@``, the other at the last; a ``/``
    ends the host for both), so such a string is refused rather than guessed: we would connect to
    one place and show (and redact) another.

    Example:
        >>> parts = split_postgres_url("postgresql://ana:p%40ss@db:5432/crm?sslmode=require")
        >>> parts.user, parts.password, parts.host, parts.port, parts.database, parts.query
        ('ana', 'p@ss', 'db', '5432', 'crm', 'sslmode=require')
        >>> split_postgres_url("postgresql://ana:p@ss@db/crm")
        Traceback (most recent call last):
        ...
        datalchemy.errors.UsageError: ambiguous_connection_url: ...
    """
    scheme, sep, rest = conn.partition("://")
    if not sep:
        raise UsageError("invalid_connection", "a PostgreSQL URL starts with postgresql://")
    end = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
    authority, tail = rest[:end], rest[end:]
    if "#" in rest or authority.count("@") > 1 or "@" in tail:
        raise UsageError(
            "ambiguous_connection_url",
            f"the {scheme}:// connection string can be read in more than one way: it has an "
            "unencoded @, /, ? or # where only the password can hold it",
            hint=_URL_SPECIALS,
        )
    userinfo, at, hostport = authority.rpartition("@")
    user = password = written = None
    if at:
        raw_user, colon, raw_password = userinfo.partition(":")
        user = unquote(raw_user)
        if colon:
            password, written = unquote(raw_password), raw_password
    hosts: list[str] = []
    ports: list[str] = []
    for item in hostport.split(",") if hostport else []:
        if item.startswith("["):  # IPv6 literal
            host, _, after = item[1:].partition("]")
            port = after[1:] if after.startswith(":") else ""
        else:
            host, _, port = item.partition(":")
        if port and not port.isdigit():
            raise UsageError(
                "invalid_connection",
                "the port in the connection string is not a number",
                hint="use postgresql://user:pass@host:5432/db",
            )
        hosts.append(unquote(host))
        ports.append(port)
    path, _, query = tail.partition("?")
    database = unquote(path.lstrip("/")) or None
    return PostgresUrl(
        scheme=scheme,
        user=user,
        password=password,
        password_as_written=written,
        host=",".join(hosts) or None,
        port=",".join(ports) if any(ports) else None,
        hostport=hostport,
        database=database,
        query=query,
    )


@dataclass(frozen=True)
class ConnectionInfo:
    """A parsed connection string. ``repr`` and ``redacted`` never show a secret.

    Attributes:
        engine: ``postgres``, ``sqlite`` or ``odbc``.
        user, host, port, database: what the string names (``database`` is the file for SQLite).
        params: query or ODBC parameters, secrets masked.
        redacted: the whole string with every secret replaced by ``***``.
    """

    engine: EngineName
    redacted: str
    user: str | None = None
    host: str | None = None
    port: int | None = None
    database: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    _raw: str = field(default="", repr=False, compare=False)
    _driver: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)

    @property
    def driver_params(self) -> dict[str, str]:
        """The driver's keyword arguments (libpq's ``host``, ``port``, ``user``, ``password``,
        ``dbname`` and the URL's parameters), secrets included: parsed once, so the driver
        connects where ``redacted`` says. Never print it."""
        return dict(self._driver)

    @property
    def secret_url(self) -> str:
        """The original string, secrets included: pass it to a driver, never print it."""
        return self._raw

    @property
    def sqlite_path(self) -> str:
        """The SQLite file path (``:memory:`` for an in-memory database)."""
        from datalchemy.engines import SQLITE

        SQLITE.require(self, purpose="ConnectionInfo.sqlite_path", code="not_sqlite")
        if self.database is None:  # pragma: no cover - the SQLite parser always sets it
            raise UsageError("not_sqlite", "this connection names no SQLite file")
        return self.database

    @property
    def odbc_string(self) -> str:
        """The ODBC connection string (``DSN=...;UID=...;PWD=...`` or the raw one), secrets in."""
        from datalchemy.engines import ODBC

        ODBC.require(self, purpose="ConnectionInfo.odbc_string", code="not_odbc")
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
    from datalchemy import engines

    engine = engines.engine_for_url(conn)
    if engine is not None:
        return engine.parse(conn)
    scheme = conn.split("://", 1)[0] if "://" in conn else None
    # Show the scheme only: the rest may hold a secret in a form we could not parse.
    shown = f"'{scheme}://...'" if scheme else "this connection string"
    raise UsageError(
        "unsupported_connection",
        f"cannot tell which database {shown} is for",
        hint="use " + ", ".join(e.url_hint for e in engines.ENGINES.values()),
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


def split_query(query: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """URL query parameters: (shown, secrets masked; raw pairs). Secret values are registered.

    Example:
        >>> split_query("sslmode=require&password=pw")[0]
        {'sslmode': 'require', 'password': '***'}
    """
    shown: dict[str, str] = {}
    pairs = parse_qsl(query, keep_blank_values=True)
    for key, value in pairs:
        if is_secret_key(key):
            register_secret(value)
            shown[key] = MASK
        else:
            shown[key] = value
    return shown, pairs
