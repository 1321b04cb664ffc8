"""This PC's spool: evidence is written here first, in microseconds and without a
network, and the uploader moves it to the store in the background.

An entry is two files, ``ID.bin`` (the bytes) and ``ID.json`` (what they are), each
written to a temporary name and renamed, the JSON last: an entry whose JSON exists is
complete, and a crash mid-write leaves only a ``.part-`` file that is swept later.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from db.artifacts.store import (
    ArtifactKind,
    ArtifactMissing,
    ArtifactRef,
    is_artifact_id,
    new_artifact_id,
    sha256_of,
)

if TYPE_CHECKING:
    from pathlib import Path


@dataclass(frozen=True)
class SpoolEntry:
    """One spooled artifact and the attempt it belongs to."""

    ref: ArtifactRef
    run_id: int | None
    created_at: datetime


class Spool:
    """A folder of artifacts waiting for upload. Safe for many writer threads."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def add(self, kind: ArtifactKind, data: bytes, run_id: int | None) -> ArtifactRef:
        """Keep the bytes; return the artifact's ref (its id is final from now on)."""
        ref = ArtifactRef(new_artifact_id(), ArtifactKind(kind), len(data), sha256_of(data))
        meta = {
            "id": ref.id,
            "kind": ref.kind.value,
            "size": ref.size,
            "sha256": ref.sha256,
            "run_id": run_id,
            "created_at": datetime.now(UTC).isoformat(),
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        self._write(f"{ref.id}.bin", data)
        self._write(f"{ref.id}.json", json.dumps(meta).encode("utf-8"))
        return ref

    def entries(self, limit: int | None = None) -> list[SpoolEntry]:
        """Complete entries, oldest first (at most ``limit``)."""
        try:
            names = [p for p in self.folder.iterdir() if p.suffix == ".json"]
        except FileNotFoundError:
            return []
        found: list[SpoolEntry] = []
        for path in sorted(names, key=_mtime):
            entry = self._entry(path)
            if entry is not None:
                found.append(entry)
                if limit is not None and len(found) >= limit:
                    break
        return found

    def depth(self) -> int:
        """How many artifacts wait here."""
        try:
            return sum(1 for p in self.folder.iterdir() if p.suffix == ".json")
        except FileNotFoundError:
            return 0

    def read(self, artifact_id: str) -> bytes:
        """The bytes of a waiting artifact (ArtifactMissing when not spooled here)."""
        if not is_artifact_id(artifact_id):
            raise ArtifactMissing(f"{artifact_id!r} is not an artifact id")
        if not (self.folder / f"{artifact_id}.json").exists():
            raise ArtifactMissing(f"artifact {artifact_id} is not in this PC's spool")
        try:
            return (self.folder / f"{artifact_id}.bin").read_bytes()
        except FileNotFoundError:
            raise ArtifactMissing(f"artifact {artifact_id} left this PC's spool") from None

    def remove(self, artifact_id: str) -> None:
        """Forget an uploaded artifact (the JSON first: the entry is gone at once)."""
        (self.folder / f"{artifact_id}.json").unlink(missing_ok=True)
        (self.folder / f"{artifact_id}.bin").unlink(missing_ok=True)

    def _write(self, name: str, data: bytes) -> None:
        fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".part-")
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(temporary, self.folder / name)

    def _entry(self, path: Path) -> SpoolEntry | None:
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
            ref = ArtifactRef(
                str(meta["id"]), ArtifactKind(meta["kind"]), int(meta["size"]), str(meta["sha256"])
            )
            run_id = meta.get("run_id")
            created = datetime.fromisoformat(str(meta["created_at"]))
        except FileNotFoundError:
            return None  # uploaded meanwhile
        except (OSError, ValueError, KeyError, TypeError):
            return None  # not ours, or damaged: left for a person to look at
        return SpoolEntry(ref, int(run_id) if run_id is not None else None, created)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
