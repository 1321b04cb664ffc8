"""The artifact store as the settings configure it, for every part of a process.

``open_artifacts`` gives the process one ``Artifacts``: the spool the attempt runner
writes to, the uploader thread, and the reader the console, the CLI and the dispatch
API read with. ``read_artifact(artifacts.reader, id)`` is the one call a front end
needs to serve an artifact (``GET /v1/artifacts/{id}``, ``artifacts get``): verified
bytes plus the catalog row (kind, size, sha256, state), or a coded UserError.
Backends are opened lazily by name, so a PC reads an artifact that ``artifacts
migrate`` left in another backend as long as it is set up to reach it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.errors import ErrorCode, UserError
from db.artifacts.backends import DbBlobStore, LocalBlobStore
from db.artifacts.maintenance import apply_retention
from db.artifacts.reader import ArtifactData, ArtifactReader
from db.artifacts.spool import Spool
from db.artifacts.store import (
    ArtifactMissing,
    ChecksumMismatch,
    StoreUnavailable,
    is_artifact_id,
)
from db.artifacts.uploader import Uploader
from db.urls import mask_in_text

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.settings import Settings
    from db.artifacts.s3 import S3Location
    from db.artifacts.store import BlobStore

BACKENDS = ("local", "db", "s3")


class Backends:
    """Opens each backend once, on first use (thread-safe)."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.settings, self.engine = settings, engine
        self._open: dict[str, BlobStore] = {}
        self._lock = threading.Lock()

    def __call__(self, name: str) -> BlobStore:
        with self._lock:
            if name not in self._open:
                self._open[name] = self._make(name)
            return self._open[name]

    def _make(self, name: str) -> BlobStore:
        settings = self.settings
        if name == "local":
            return LocalBlobStore(settings.artifacts_path / "store")
        if name == "db":
            return DbBlobStore(self.engine)
        if name == "s3":
            if not settings.s3_bucket:
                raise StoreUnavailable("the s3 store needs the setting s3_bucket")
            # boto3 loads only for the s3 store: every command sets up the store.
            from db.artifacts.s3 import S3BlobStore

            return S3BlobStore(s3_location(settings))
        raise StoreUnavailable(f"there is no artifact store called {name!r}")


def s3_location(settings: Settings) -> S3Location:
    """The bucket and credentials the settings name."""
    from db.artifacts.s3 import S3Location

    return S3Location(
        bucket=settings.s3_bucket,
        endpoint=settings.s3_endpoint,
        prefix=settings.s3_prefix,
        region=settings.s3_region,
        access_key=settings.s3_access_key,
        secret_key=settings.s3_secret_key.get_secret_value(),
    )


@dataclass
class Artifacts:
    """This process's artifact store: write through ``spool``, read through ``reader``."""

    spool: Spool
    uploader: Uploader
    reader: ArtifactReader
    backends: Backends

    @property
    def store(self) -> BlobStore:
        """The backend new artifacts go to."""
        return self.uploader.store


def open_artifacts(settings: Settings, engine: Engine) -> Artifacts:
    """The spool, uploader and reader for these settings (the uploader is not started).

    Raises UserError when the configured backend cannot even be set up (s3 without a
    bucket), naming the setting.
    """
    backends = Backends(settings, engine)
    try:
        store = backends(settings.artifact_backend)
    except StoreUnavailable as exc:
        raise UserError(f"setting 'artifact_store': {exc}") from None
    spool = Spool(settings.artifacts_path / "spool")
    days = settings.artifact_retention_days
    uploader = Uploader(
        spool,
        store,
        engine,
        settings.host_name,
        housekeeping=(
            (lambda: apply_retention(engine, days, backends, max_batches=10)) if days > 0 else None
        ),
        housekeeping_every_s=600,
    )
    return Artifacts(spool, uploader, ArtifactReader(engine, backends, spool), backends)


def read_artifact(reader: ArtifactReader, artifact_id: str) -> ArtifactData:
    """One artifact's verified bytes for a person or a program (CLI, dispatch API).

    Raises UserError: INVALID for a malformed id, NOT_FOUND when there is no such
    artifact or it cannot be had (expired, waiting on another PC, lost), UNAVAILABLE
    when its store cannot be reached now, FAILED when its bytes fail their checksum.
    """
    if not is_artifact_id(artifact_id):
        raise UserError(f"artifact id {artifact_id!r}: expected 32 hex digits")
    try:
        return reader.read(artifact_id)
    except ArtifactMissing as exc:
        raise UserError(str(exc), ErrorCode.NOT_FOUND) from None
    except StoreUnavailable as exc:
        raise UserError(mask_in_text(str(exc)), ErrorCode.UNAVAILABLE) from None
    except ChecksumMismatch as exc:
        raise UserError(str(exc), ErrorCode.FAILED) from None
