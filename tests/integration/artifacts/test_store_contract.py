"""One contract, every backend: local folder, the pool database (SQLite and MariaDB), and
S3 over HTTP (moto's server on 127.0.0.1): store, read, checksum, missing, retention."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import update

from db.artifacts.backends import DbBlobStore, LocalBlobStore
from db.artifacts.catalog import add_waiting, artifact_info, mark_stored
from db.artifacts.maintenance import apply_retention
from db.artifacts.models import CHUNK_BYTES, Artifact
from db.artifacts.reader import ArtifactReader
from db.artifacts.s3 import S3BlobStore, S3Location
from db.artifacts.spool import Spool
from db.artifacts.store import (
    ArtifactKind,
    ArtifactMissing,
    ArtifactState,
    ChecksumMismatch,
    StoreUnavailable,
    new_artifact_id,
    sha256_of,
)
from db.clock import db_now_plus
from db.migrate import upgrade
from db.pool.tx import run_transaction

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine

    from db.artifacts.store import BlobStore
    from tests.support.s3 import S3Server

BACKENDS = ["local", "db", "s3"]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, engine: Engine, tmp_path: Path) -> BlobStore:
    """Each backend in turn (db on the test's database: SQLite, then MariaDB)."""
    if request.param == "local":
        return LocalBlobStore(tmp_path / "store")
    if request.param == "db":
        return DbBlobStore(engine)
    location = request.getfixturevalue("s3_bucket")
    return S3BlobStore(location)


def test_bytes_come_back_as_stored_small_large_and_empty(store: BlobStore) -> None:
    large = os.urandom(CHUNK_BYTES * 2 + 12345)  # more than one chunk in the db backend
    cases = {new_artifact_id(): b"", new_artifact_id(): "日志\n".encode(), new_artifact_id(): large}
    for artifact_id, data in cases.items():
        store.put(artifact_id, data, ArtifactKind.LOG)
    for artifact_id, data in cases.items():
        assert sha256_of(store.get(artifact_id)) == sha256_of(data)


def test_a_second_put_replaces_and_delete_removes_once(store: BlobStore) -> None:
    artifact_id = new_artifact_id()
    store.put(artifact_id, b"first try", ArtifactKind.SCREENSHOT)
    store.put(artifact_id, b"retried upload", ArtifactKind.SCREENSHOT)
    assert store.get(artifact_id) == b"retried upload"
    store.delete(artifact_id)
    store.delete(artifact_id)  # already gone: nothing happens
    with pytest.raises(ArtifactMissing):
        store.get(artifact_id)


def test_an_unknown_id_is_missing(store: BlobStore) -> None:
    with pytest.raises(ArtifactMissing):
        store.get(new_artifact_id())


def test_the_reader_verifies_the_checksum_and_follows_the_catalog(
    store: BlobStore, engine: Engine, tmp_path: Path
) -> None:
    upgrade(engine)
    spool = Spool(tmp_path / "spool")
    ref = spool.add(ArtifactKind.HIERARCHY, b"<hierarchy/>", run_id=None)
    run_transaction(engine, lambda s: add_waiting(s, 1, [ref], "pc-a"))
    reader = ArtifactReader(engine, {store.name: store}, spool)
    assert reader.read(ref.id).data == b"<hierarchy/>"  # from the spool while it waits
    (entry,) = spool.entries()
    store.put(ref.id, spool.read(ref.id), ref.kind)
    run_transaction(engine, lambda s: mark_stored(s, entry, store.name, "pc-a"))
    spool.remove(ref.id)
    found = ArtifactReader(engine, {store.name: store}).read(ref.id)  # another PC: no spool
    assert (found.data, found.info.state, found.info.backend) == (
        b"<hierarchy/>",
        ArtifactState.STORED,
        store.name,
    )
    store.put(ref.id, b"<hierarchy>tampered</hierarchy>", ref.kind)
    with pytest.raises(ChecksumMismatch):
        reader.read(ref.id)
    with pytest.raises(ArtifactMissing, match="there is no artifact"):
        reader.read(new_artifact_id())


def test_retention_deletes_old_artifacts_in_batches_and_keeps_the_rows(
    store: BlobStore, engine: Engine, tmp_path: Path
) -> None:
    upgrade(engine)
    spool = Spool(tmp_path / "spool")
    refs = [spool.add(ArtifactKind.LOG, f"log {n}".encode(), run_id=n) for n in range(7)]
    for n, ref in enumerate(refs):
        run_transaction(engine, lambda s, r=ref, n=n: add_waiting(s, n, [r], "pc-a"))
    for entry in spool.entries():
        store.put(entry.ref.id, spool.read(entry.ref.id), entry.ref.kind)
        run_transaction(engine, lambda s, e=entry: mark_stored(s, e, store.name, "pc-a"))
    old = [ref.id for ref in refs[:5]]
    table = Artifact.__table__
    run_transaction(
        engine,
        lambda s: s.execute(
            update(table).where(table.c.id.in_(old)).values(created_at=db_now_plus(-40 * 86400))
        ),
    )
    deleted = apply_retention(engine, 30, {store.name: store}.__getitem__, batch=2)
    assert deleted == 5
    for ref in refs:
        info = run_transaction(engine, lambda s, r=ref: artifact_info(s, r.id))
        assert info is not None  # the catalog row stays: the record still lists it
        if ref.id in old:
            assert info.state is ArtifactState.EXPIRED
            with pytest.raises(ArtifactMissing):
                store.get(ref.id)
        else:
            assert info.state is ArtifactState.STORED
            assert store.get(ref.id) == f"log {refs.index(ref)}".encode()
    assert apply_retention(engine, 30, {store.name: store}.__getitem__) == 0


def test_an_unreachable_s3_endpoint_is_unavailable_not_missing(s3_server: S3Server) -> None:
    from tests.support.s3 import free_port

    location = S3Location(
        bucket="nowhere",
        endpoint=f"http://127.0.0.1:{free_port()}",
        access_key="AK",
        secret_key="SK",
        region="cn-north-1",
        connect_timeout_s=0.5,
    )
    store = S3BlobStore(location)
    with pytest.raises(StoreUnavailable, match="s3 bucket 'nowhere'"):
        store.put(new_artifact_id(), b"x", ArtifactKind.LOG)
    with pytest.raises(StoreUnavailable):
        store.get(new_artifact_id())
