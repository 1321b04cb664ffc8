"""The artifact catalog (one row per stored piece of evidence) and the db backend's blobs.

The catalog lives in the pool database whatever backend holds the bytes, so every PC
sees which artifacts an attempt has, their size, checksum and whether they are stored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, LargeBinary, String
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base
from db.types import UtcDateTime

CHUNK_BYTES = 512 * 1024  # well under MariaDB's default max_allowed_packet (16 MiB)
CHUNK_TYPE = LargeBinary().with_variant(mysql.MEDIUMBLOB(), "mysql")  # BLOB stops at 64 KiB


class Artifact(Base):
    """One artifact: what it is, its size and SHA-256, and where it is now.

    ``state`` is ``waiting`` (in the spool of ``host_name``, not uploaded yet),
    ``stored`` (in ``backend``) or ``expired`` (deleted by retention; the row stays
    so the record says what it had).
    """

    __tablename__ = "artifacts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    run_id: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    backend: Mapped[str | None] = mapped_column(String(16))
    host_name: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    stored_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    __table_args__ = (Index(None, "run_id"), Index(None, "created_at"))


class ArtifactChunk(Base):
    """A slice of an artifact's bytes, for the ``db`` backend."""

    __tablename__ = "artifact_chunks"

    artifact_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(CHUNK_TYPE)
