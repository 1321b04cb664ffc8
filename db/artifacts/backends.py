"""The ``local`` and ``db`` backends.

``local`` keeps each artifact as a file in a folder of this PC (the default with the
embedded SQLite: one PC, nothing to set up). ``db`` keeps it in the pool database as
chunked blobs (the default with MySQL: every PC of the farm reads what any PC stored).
"""

from __future__ import annotations

import os
import tempfile
from typing import TYPE_CHECKING, TypeVar, cast

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import OperationalError

from db.artifacts.models import CHUNK_BYTES, ArtifactChunk
from db.artifacts.store import ArtifactMissing, StoreUnavailable, is_artifact_id
from db.pool.tx import run_transaction

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sqlalchemy import Engine, Table
    from sqlalchemy.orm import Session

    from db.artifacts.store import ArtifactKind

CHUNKS = cast("Table", ArtifactChunk.__table__)
T = TypeVar("T")


class LocalBlobStore:
    """Files under ``root``, two levels of fan-out by id; written whole or not at all."""

    name = "local"

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, artifact_id: str) -> Path:
        if not is_artifact_id(artifact_id):
            raise ArtifactMissing(f"{artifact_id!r} is not an artifact id")
        return self.root / artifact_id[:2] / artifact_id

    def put(self, artifact_id: str, data: bytes, kind: ArtifactKind) -> None:
        target = self.path_of(artifact_id)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
            os.replace(temporary, target)
        except OSError as exc:
            raise StoreUnavailable(f"local store {self.root}: {exc.strerror or exc}") from exc

    def get(self, artifact_id: str) -> bytes:
        try:
            return self.path_of(artifact_id).read_bytes()
        except FileNotFoundError:
            raise ArtifactMissing(f"artifact {artifact_id} is not in {self.root}") from None
        except OSError as exc:
            raise StoreUnavailable(f"local store {self.root}: {exc.strerror or exc}") from exc

    def delete(self, artifact_id: str) -> None:
        self.path_of(artifact_id).unlink(missing_ok=True)


class DbBlobStore:
    """Chunks of at most ``CHUNK_BYTES`` in ``artifact_chunks``; one transaction each."""

    name = "db"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def put(self, artifact_id: str, data: bytes, kind: ArtifactKind) -> None:
        chunks = [data[i : i + CHUNK_BYTES] for i in range(0, len(data), CHUNK_BYTES)] or [b""]

        def write(session: Session) -> None:
            conn = session.connection()
            conn.execute(delete(CHUNKS).where(CHUNKS.c.artifact_id == artifact_id))
            for seq, chunk in enumerate(chunks):  # one row a statement: packets stay small
                conn.execute(insert(CHUNKS).values(artifact_id=artifact_id, seq=seq, data=chunk))

        self._run(write)

    def get(self, artifact_id: str) -> bytes:
        def read(session: Session) -> list[bytes]:
            query = (
                select(CHUNKS.c.data)
                .where(CHUNKS.c.artifact_id == artifact_id)
                .order_by(CHUNKS.c.seq)
            )
            return [bytes(row) for row in session.execute(query).scalars()]

        chunks = self._run(read, read_only=True)
        if not chunks:
            raise ArtifactMissing(f"artifact {artifact_id} is not in the database")
        return b"".join(chunks)

    def delete(self, artifact_id: str) -> None:
        def remove(session: Session) -> None:
            session.execute(delete(CHUNKS).where(CHUNKS.c.artifact_id == artifact_id))

        self._run(remove)

    def _run(self, work: Callable[[Session], T], read_only: bool = False) -> T:
        try:
            return run_transaction(self.engine, work, read_only=read_only)
        except OperationalError as exc:
            raise StoreUnavailable(f"database store: {exc.orig or exc}") from exc
