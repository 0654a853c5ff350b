"""Command lines as they may be echoed and logged: secrets replaced by ``<redacted>``.

Follows the original: the argument of ``/secrets store-session|unlock``, the URL of
``/profiles new NAME URL`` and of ``/db session|change URL``, and any token that looks like a
connection string are replaced; whatever is left passes through
:func:`~datalchemy.redact_text` (registered secrets, ``password=`` pairs).

Example:
    >>> sanitize_command("/profiles new prod postgresql://ana:pw@db/crm")
    '/profiles new prod <redacted>'
    >>> sanitize_command("/secrets unlock 'my pass phrase'")
    '/secrets unlock <redacted>'
"""

from __future__ import annotations

import re
import shlex

from datalchemy import redact_text

__all__ = ["REDACTED", "sanitize_answer", "sanitize_command"]

REDACTED = "<redacted>"
# A connection string as a token or an option's value (--conn=postgresql://...).
_CONNECTION = re.compile(r"(^|=)((postgres|postgresql|sqlite|odbc)://|(driver|dsn|filedsn)=)", re.I)
# Commands whose arguments after the given number of words are secret.
_SECRET_TAIL = {
    ("/secrets", "store-session"): 2,
    ("/secrets", "unlock"): 2,
    ("/db", "session"): 2,
    ("/db", "change"): 2,
    ("/profiles", "new"): 3,
}


def sanitize_command(line: str) -> str:
    """``line`` safe to show and log."""
    try:
        tokens = shlex.split(line)
    except ValueError:
        tokens = line.split()
    keep = _SECRET_TAIL.get((tokens[0], tokens[1]), len(tokens)) if len(tokens) > 1 else 1
    out: list[str] = []
    for i, token in enumerate(tokens):
        if i >= keep or _CONNECTION.search(token):
            if not out or out[-1] != REDACTED:
                out.append(REDACTED)
        else:
            out.append(token)
    return redact_text(" ".join(out))


def sanitize_answer(answer: str) -> str:
    """A prompt's answer safe to show: a connection string becomes ``<redacted>``."""
    if any(_CONNECTION.search(word) for word in answer.split()):
        return REDACTED
    return redact_text(answer)
