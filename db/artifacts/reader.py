"""Read an artifact by id from wherever it is: its backend, or this PC's spool.

This is what the console's record details, ``artifacts get`` and the dispatch API's
``GET /v1/artifacts/{id}`` call. Every read is checked against the SHA-256 recorded
when the artifact was made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from db.artifacts.catalog import artifact_info
from db.artifacts.store import (
    ArtifactMissing,
    ArtifactState,
    ChecksumMismatch,
    StoreUnavailable,
    sha256_of,
)
from db.pool.tx import run_transaction

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sqlalchemy import Engine

    from db.artifacts.spool import Spool
    from db.artifacts.store import ArtifactInfo, BlobStore


@dataclass(frozen=True)
class ArtifactData:
    """An artifact's catalog row and its verified bytes."""

    info: ArtifactInfo
    data: bytes


class ArtifactReader:
    """Reads artifacts for any PC of the farm.

    ``backends`` opens the backend of a name (``local``, ``db``, ``s3``) as this PC is
    configured to reach it, or raises StoreUnavailable when it cannot; ``spool`` is
    this PC's spool (artifacts made here and not uploaded yet).
    """

    def __init__(
        self,
        engine: Engine,
        backends: Callable[[str], BlobStore] | Mapping[str, BlobStore],
        spool: Spool | None = None,
    ) -> None:
        self.engine = engine
        self._backends = backends
        self.spool = spool

    def info(self, artifact_id: str) -> ArtifactInfo | None:
        """The catalog row of an artifact, or None when there is none."""
        return run_transaction(self.engine, lambda s: artifact_info(s, artifact_id), read_only=True)

    def read(self, artifact_id: str) -> ArtifactData:
        """The artifact's bytes, verified.

        Raises ArtifactMissing (unknown id, expired, or waiting in another PC's spool),
        StoreUnavailable (its backend cannot be reached now) or ChecksumMismatch.
        """
        info = self.info(artifact_id)
        if info is None:
            raise ArtifactMissing(f"there is no artifact {artifact_id}")
        return ArtifactData(info, self.read_bytes(info))

    def read_bytes(self, info: ArtifactInfo) -> bytes:
        """The bytes of a catalogued artifact, verified (see ``read``)."""
        if info.state is ArtifactState.EXPIRED:
            raise ArtifactMissing(f"artifact {info.id} was deleted by retention")
        data = self._from_spool(info)
        if data is None:
            if info.state is ArtifactState.WAITING or info.backend is None:
                host = info.host_name or "another PC"
                raise ArtifactMissing(f"artifact {info.id} is still waiting for upload on {host}")
            data = self.backend(info.backend).get(info.id)
        if sha256_of(data) != info.sha256:
            raise ChecksumMismatch(f"artifact {info.id} does not match its SHA-256")
        return data

    def backend(self, name: str) -> BlobStore:
        """The backend called ``name`` (StoreUnavailable when this PC cannot reach it)."""
        if callable(self._backends):
            return self._backends(name)
        try:
            return self._backends[name]
        except KeyError:
            raise StoreUnavailable(f"this PC is not set up to reach the {name} store") from None

    def _from_spool(self, info: ArtifactInfo) -> bytes | None:
        if self.spool is None:
            return None
        try:
            return self.spool.read(info.id)
        except ArtifactMissing:
            return None
