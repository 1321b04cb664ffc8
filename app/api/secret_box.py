"""The callback signing secret, encrypted at rest with a key kept outside the database.

The key is a Fernet key in a 0600 file in the API folder (``api_dir``); the
database holds only ciphertext, so a dump of it cannot sign a callback.
"""

from __future__ import annotations

import base64
import os
import secrets
from typing import TYPE_CHECKING

from cryptography.fernet import Fernet, InvalidToken

from app.errors import ErrorCode, UserError

if TYPE_CHECKING:
    from pathlib import Path

SECRET_PREFIX = "whsec_"
KEY_FILE = "secret.key"


def new_signing_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` + base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def secret_bytes(secret: str) -> bytes:
    """The HMAC key a ``whsec_`` secret stands for."""
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


class SecretBox:
    """Seal and open signing secrets with the key file in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / KEY_FILE
        self._fernet = Fernet(self._key())

    def _key(self) -> bytes:
        if not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as out:
                out.write(Fernet.generate_key())
        return self.path.read_bytes().strip()

    def seal(self, secret: str) -> str:
        """The secret encrypted, for the database."""
        return self._fernet.encrypt(secret.encode("ascii")).decode("ascii")

    def open(self, sealed: str) -> str:
        """The secret back; a clear error when the key file is not the one that sealed it."""
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode("ascii")
        except InvalidToken:
            raise UserError(
                f"the callback secret cannot be decrypted with {self.path}: it was sealed "
                "with another key file; run `api endpoint rotate-secret` to make a new one",
                ErrorCode.CONFLICT,
            ) from None
