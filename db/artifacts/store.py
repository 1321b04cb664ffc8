"""The artifact store's small interface: what an artifact is, and what a backend does.

Three backends keep the bytes (``local``, ``db``, ``s3``: see ``backends.py`` and
``s3.py``); every one stores, reads and deletes by artifact id and nothing else. The
catalog (``catalog.py``) says which artifacts an attempt has and where each one is;
``ArtifactReader`` reads one by id from wherever it is, checking its SHA-256.

This is the interface the attempt runner (through the spool), the console, the CLI and
the dispatch API use; nothing else of this package needs to be known to them.
"""

from __future__ import annotations

import enum
import hashlib
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import datetime


class ArtifactKind(enum.StrEnum):
    """What an artifact shows. Stored on every catalog row: a contract."""

    SCREENSHOT = "screenshot"  # PNG of the phone's screen at the failure
    HIERARCHY = "hierarchy"  # the UI hierarchy dump (XML)
    LOG = "log"  # the attempt's log lines (UTF-8 text)
    FRAMES = "frames"  # the seconds before the failure (animated WebP)


CONTENT_TYPES = {
    ArtifactKind.SCREENSHOT: "image/png",
    ArtifactKind.HIERARCHY: "application/xml",
    ArtifactKind.LOG: "text/plain; charset=utf-8",
    ArtifactKind.FRAMES: "image/webp",
}


class ArtifactState(enum.StrEnum):
    """Where an artifact is in its life."""

    WAITING = "waiting"  # in the spool of the PC that made it, not uploaded yet
    STORED = "stored"  # in its backend, readable from any PC that can reach it
    EXPIRED = "expired"  # deleted by retention; the catalog row stays


class ArtifactMissing(LookupError):
    """No such artifact here (never stored, deleted, or on another PC's disk)."""


class StoreUnavailable(OSError):
    """The backend could not be reached or refused the request: try again later."""


class ChecksumMismatch(ValueError):
    """The bytes read back do not match the SHA-256 recorded when they were made."""


@dataclass(frozen=True)
class ArtifactRef:
    """An artifact as an attempt's outcome names it and a record lists it.

    Attributes:
        id: 32 hex digits, made when the bytes are spooled; the key in every backend.
        kind: what it shows.
        size: bytes.
        sha256: hex digest of the bytes.
    """

    id: str
    kind: ArtifactKind
    size: int
    sha256: str


@dataclass(frozen=True)
class ArtifactInfo:
    """A catalog row: the ref plus where the artifact is now."""

    id: str
    kind: ArtifactKind
    size: int
    sha256: str
    state: ArtifactState
    backend: str | None
    host_name: str | None
    run_id: int | None
    created_at: datetime

    def to_json(self) -> dict[str, object]:
        """The ``records --json`` shape: id, kind, size, sha256, state."""
        return {
            "id": self.id,
            "kind": self.kind.value,
            "size": self.size,
            "sha256": self.sha256,
            "state": self.state.value,
        }


class BlobStore(Protocol):
    """One backend: bytes by artifact id. Implementations are safe to share by threads.

    ``put`` of an id that exists replaces it (an upload retried after a lost answer);
    ``get`` raises ``ArtifactMissing`` for an unknown id and ``StoreUnavailable`` when
    the backend cannot answer; ``delete`` of an unknown id does nothing.
    """

    name: str

    def put(self, artifact_id: str, data: bytes, kind: ArtifactKind) -> None:
        """Store the bytes (replacing any under that id)."""
        ...

    def get(self, artifact_id: str) -> bytes:
        """The bytes stored under the id."""
        ...

    def delete(self, artifact_id: str) -> None:
        """Remove the bytes, if there are any."""
        ...


def new_artifact_id() -> str:
    """A fresh artifact id: random, so PCs need not agree on anything to make one."""
    return uuid.uuid4().hex


def sha256_of(data: bytes) -> str:
    """The hex SHA-256 of the bytes."""
    return hashlib.sha256(data).hexdigest()


def is_artifact_id(text: str) -> bool:
    """True for 32 lower-case hex digits (what ``new_artifact_id`` makes)."""
    return len(text) == 32 and all(c in "0123456789abcdef" for c in text)
