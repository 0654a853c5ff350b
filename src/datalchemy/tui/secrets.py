"""The session's connection string, encrypted with a passphrase (scrypt + AES-256-GCM).

``secrets/db.enc`` holds ``MAGIC | salt (16) | nonce (12) | ciphertext+tag``; the key is
``scrypt(passphrase, salt, n=2**15, r=8, p=1)`` (the ``cryptography`` package), the associated
data names the file's purpose so a blob cannot be replayed into another slot. Both files are
0600 in a 0700 folder. ``secrets/vault.meta.json`` says ``absent`` / ``locked`` / ``unlocked``
(the original's statuses) and never holds anything secret.

Example:
    >>> import tempfile
    >>> vault = Vault(Path(tempfile.mkdtemp()))
    >>> vault.store("sqlite:///x.db", "correct horse")
    >>> vault.unlock("correct horse")
    'sqlite:///x.db'
    >>> vault.status()
    'unlocked'
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from datalchemy.db.urls import register_secret
from datalchemy.errors import InputError, UsageError
from datalchemy.runs import atomic_write_bytes, utc_now_iso

__all__ = ["MIN_PASSPHRASE", "Vault", "VaultStatus", "is_private"]

VaultStatus = Literal["absent", "locked", "unlocked"]

MAGIC = b"DLCHVLT1"
_AAD = b"datalchemy:secrets/db.enc:session-connection"
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**15, 8, 1
#: Shortest passphrase accepted (and long enough for redact_text to mask it anywhere).
MIN_PASSPHRASE = 8


def is_private(path: Path) -> bool:
    """True when nobody but the owner can read or write ``path``."""
    return (path.stat().st_mode & 0o077) == 0


def _key(passphrase: str, salt: bytes) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
    return kdf.derive(passphrase.encode("utf-8"))


class Vault:
    """``secrets/db.enc`` and ``secrets/vault.meta.json`` of one workspace."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.blob = folder / "db.enc"
        self.meta = folder / "vault.meta.json"

    def status(self) -> VaultStatus:
        if not self.blob.is_file():
            return "absent"
        try:
            status = json.loads(self.meta.read_text(encoding="utf-8")).get("status")
        except (OSError, ValueError, AttributeError):
            return "locked"
        return "unlocked" if status == "unlocked" else "locked"

    def files(self) -> list[Path]:
        return [p for p in (self.blob, self.meta) if p.exists()]

    def _write_private(self, path: Path, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        atomic_write_bytes(path, data)
        os.chmod(path, 0o600)

    def write_meta(self, status: VaultStatus) -> None:
        meta = {
            "status": status,
            "updated_at": utc_now_iso(),
            "cipher": "AES-256-GCM",
            "kdf": {"name": "scrypt", "n": _SCRYPT_N, "r": _SCRYPT_R, "p": _SCRYPT_P},
            "file": "db.enc" if status != "absent" else None,
        }
        self._write_private(self.meta, (json.dumps(meta, indent=2) + "\n").encode("utf-8"))

    def store(self, connection: str, passphrase: str) -> None:
        """Encrypt ``connection`` with ``passphrase`` into ``db.enc``; status ``locked``."""
        if len(passphrase) < MIN_PASSPHRASE:
            raise UsageError(
                "passphrase_too_short",
                f"the passphrase needs at least {MIN_PASSPHRASE} characters",
                hint="use a few words; it is never stored",
            )
        register_secret(passphrase)
        salt, nonce = os.urandom(16), os.urandom(12)
        sealed = AESGCM(_key(passphrase, salt)).encrypt(nonce, connection.encode("utf-8"), _AAD)
        self._write_private(self.blob, MAGIC + salt + nonce + sealed)
        self.write_meta("locked")

    def unlock(self, passphrase: str) -> str:
        """The connection string stored in ``db.enc``; status ``unlocked``."""
        register_secret(passphrase)
        if not self.blob.is_file():
            raise InputError(
                "vault_absent",
                "no connection string is stored in this workspace",
                path=str(self.blob),
                hint="store the session's with /secrets store-session",
            )
        data = self.blob.read_bytes()
        if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 28 + 16:
            raise InputError(
                "vault_damaged",
                "secrets/db.enc is not a datalchemy vault file",
                path=str(self.blob),
                hint="delete it with /secrets delete and store the connection again",
            )
        body = data[len(MAGIC) :]
        salt, nonce, sealed = body[:16], body[16:28], body[28:]
        try:
            plain = AESGCM(_key(passphrase, salt)).decrypt(nonce, sealed, _AAD)
        except InvalidTag:
            raise UsageError(
                "wrong_passphrase",
                "the passphrase does not open secrets/db.enc",
                hint="try again; the passphrase is the one given to /secrets store-session",
            ) from None
        self.write_meta("unlocked")
        return plain.decode("utf-8")

    def lock_on_start(self) -> None:
        """A new session has nothing decrypted: an ``unlocked`` meta goes back to ``locked``."""
        if self.status() == "unlocked":
            self.write_meta("locked")

    def delete(self) -> None:
        self.blob.unlink(missing_ok=True)
        self.write_meta("absent")
