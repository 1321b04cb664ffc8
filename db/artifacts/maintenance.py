"""Retention (delete old artifacts, never records) and moving artifacts between backends.

Both work in bounded batches, each row its own short transaction, so any PC can run
them while the farm works and a second PC running them at once does no harm.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from db.artifacts.catalog import expire, move_to, older_than, stored_elsewhere
from db.artifacts.store import ArtifactMissing, ChecksumMismatch, sha256_of
from db.pool.tx import run_transaction

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Engine

    from db.artifacts.reader import ArtifactReader
    from db.artifacts.store import ArtifactInfo, BlobStore

log = logging.getLogger(__name__)

RETENTION_BATCH = 200


def apply_retention(
    engine: Engine,
    days: float,
    backend: Callable[[str], BlobStore],
    *,
    batch: int = RETENTION_BATCH,
    max_batches: int | None = None,
) -> int:
    """Delete the bytes of artifacts older than ``days``; their rows say ``expired``.

    Works ``batch`` artifacts at a time until none is left (or ``max_batches``);
    returns how many it deleted. An artifact whose backend cannot be reached now is
    left for the next run.
    """
    deleted = 0
    rounds = 0
    while max_batches is None or rounds < max_batches:
        rounds += 1
        old = run_transaction(engine, lambda s: older_than(s, days, batch), read_only=True)
        progressed = False
        for info in old:
            try:
                if info.backend is not None:
                    backend(info.backend).delete(info.id)
            except OSError as exc:  # StoreUnavailable: try again next time
                log.info("artifact %s not deleted yet: %s", info.id, exc)
                continue
            _expire(engine, info.id)
            deleted += 1
            progressed = True
        if len(old) < batch or not progressed:
            break
    return deleted


@dataclass(frozen=True)
class MigrationResult:
    """What ``migrate_artifacts`` did."""

    moved: int
    missing: int  # catalogued but not found where the catalog said (left as they are)


def migrate_artifacts(
    engine: Engine,
    reader: ArtifactReader,
    target: BlobStore,
    *,
    batch: int = 100,
    progress: Callable[[int], None] | None = None,
) -> MigrationResult:
    """Copy every stored artifact not in ``target`` there, verified, then delete the old copy.

    The catalog row is switched to ``target`` only once the copy is written and read
    back with the right SHA-256, so an interrupted migration loses nothing and can run
    again. StoreUnavailable from either side stops it (raised).
    """
    moved = missing = 0
    after = ""
    while True:
        page = _page(engine, target.name, after, batch)
        if not page:
            break
        for info in page:
            after = info.id
            try:
                data = reader.read_bytes(info)
            except (ArtifactMissing, ChecksumMismatch) as exc:
                log.warning("artifact %s not moved: %s", info.id, exc)
                missing += 1
                continue
            target.put(info.id, data, info.kind)
            if sha256_of(target.get(info.id)) != info.sha256:
                raise ChecksumMismatch(f"artifact {info.id} did not arrive intact in {target.name}")
            source = info.backend
            _move(engine, info.id, target.name)
            if source is not None:
                reader.backend(source).delete(info.id)
            moved += 1
            if progress is not None:
                progress(moved)
    return MigrationResult(moved, missing)


def _expire(engine: Engine, artifact_id: str) -> None:
    run_transaction(engine, lambda s: expire(s, artifact_id))


def _move(engine: Engine, artifact_id: str, backend: str) -> None:
    run_transaction(engine, lambda s: move_to(s, artifact_id, backend))


def _page(engine: Engine, backend: str, after: str, batch: int) -> list[ArtifactInfo]:
    return run_transaction(
        engine, lambda s: stored_elsewhere(s, backend, after, batch), read_only=True
    )
