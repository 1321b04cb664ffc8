"""``artifacts get`` / ``migrate`` / ``prune`` and ``records --json``'s artifacts, as an
operator runs them: one line per answer, non-zero on failure, no credential printed."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from app.artifact_setup import open_artifacts
from app.cli import main
from app.settings import load_settings
from db.artifacts.catalog import add_waiting
from db.artifacts.store import ArtifactKind
from db.pool.states import ErrorClass
from db.pool.tx import run_transaction
from db.pool.values import RunReport
from tests.support.pool import build_fleet, table_rows
from tests.support.s3 import ACCESS_KEY, SECRET_KEY

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine

    from db.artifacts.s3 import S3Location


class Cli:
    def __init__(self, engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
        self.url = engine.url.render_as_string(hide_password=False)
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        try:
            code = main(["--db", self.url, *args])
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def farm(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> tuple[Cli, Any]:
    """A pool whose artifacts go to the db store, and the CLI on it."""
    monkeypatch.setenv("FLEETDECK_ARTIFACT_STORE", "db")
    monkeypatch.setenv("FLEETDECK_DATA_DIR", str(tmp_path / "pc-a"))
    monkeypatch.setenv("FLEETDECK_HOST_NAME", "pc-a")
    return Cli(engine, capsys), build_fleet(engine)


def failed_run_with_evidence(engine: Engine, fleet: Any) -> tuple[int, dict[str, bytes]]:
    """A failed attempt whose screenshot and log were spooled and uploaded by pc-a."""
    fleet.submit(count=1)
    (claim,) = fleet.claim([0])
    fleet.finish(claim.run_id, RunReport.failure(ErrorClass.FATAL, "gone", error_code="flow_bug"))
    settings, _ = load_settings(cli={"db": engine.url.render_as_string(hide_password=False)})
    artifacts = open_artifacts(settings, engine)
    made = {
        "screenshot": b"\x89PNG pretend",
        "log": "步骤: open\nfailed\n".encode(),
    }
    refs = [artifacts.spool.add(ArtifactKind(k), v, claim.run_id) for k, v in made.items()]
    run_transaction(engine, lambda s: add_waiting(s, claim.run_id, refs, "pc-a"))
    assert artifacts.uploader.upload_some() == 2
    return claim.run_id, {ref.id: made[ref.kind.value] for ref in refs}


def test_get_writes_the_bytes_and_records_list_each_artifact(
    farm: tuple[Cli, Any], engine: Engine, tmp_path: Path
) -> None:
    cli, fleet = farm
    run_id, made = failed_run_with_evidence(engine, fleet)
    code, out, err = cli("records", "--json")
    assert code == 0, err
    (record,) = json.loads(out)
    assert record["error_code"] == "flow_bug"
    assert [set(a) for a in record["artifacts"]] == [{"id", "kind", "size", "sha256", "state"}] * 2
    assert {a["id"]: (a["kind"], a["size"], a["state"]) for a in record["artifacts"]} == {
        artifact_id: (kind, len(made[artifact_id]), "stored")
        for artifact_id, kind in zip(made, ("screenshot", "log"), strict=True)
    }
    for artifact_id, data in made.items():
        target = tmp_path / f"{artifact_id}.bin"
        code, out, err = cli("artifacts", "get", artifact_id, "--output", str(target))
        assert code == 0, err
        assert target.read_bytes() == data
        assert len(out.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["artifacts", "get", "0" * 32, "--output", "{tmp}/x"], "there is no artifact"),
        (["artifacts", "get", "../etc/passwd", "--output", "{tmp}/x"], "expected 32 hex digits"),
        (["artifacts", "get", "0" * 32, "--output", "{tmp}/no/such/dir/x"], "does not exist"),
        (["artifacts", "migrate", "--to", "floppy"], "invalid choice"),
    ],
)
def test_a_bad_request_is_one_line_and_a_non_zero_exit(
    farm: tuple[Cli, Any], tmp_path: Path, args: list[str], expected: str
) -> None:
    cli, _ = farm
    code, out, err = cli(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert code != 0
    assert len(err.strip().splitlines()) == 1, err
    assert expected in err
    assert "Traceback" not in err
    assert not (tmp_path / "x").exists()


def test_migrate_moves_every_artifact_to_s3_and_never_prints_the_secret(
    farm: tuple[Cli, Any],
    engine: Engine,
    tmp_path: Path,
    s3_bucket: S3Location,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cli, fleet = farm
    _, made = failed_run_with_evidence(engine, fleet)
    for name, value in {
        "S3_ENDPOINT": s3_bucket.endpoint,
        "S3_BUCKET": s3_bucket.bucket,
        "S3_REGION": s3_bucket.region,
        "S3_ACCESS_KEY": ACCESS_KEY,
        "S3_SECRET_KEY": SECRET_KEY,
    }.items():
        monkeypatch.setenv(f"FLEETDECK_{name}", value)
    code, out, err = cli("artifacts", "migrate", "--to", "s3", "--json")
    assert code == 0, err
    assert json.loads(out) == {"to": "s3", "moved": 2, "missing": 0}
    assert table_rows(engine, "artifact_chunks") == 0  # the db copies are gone
    monkeypatch.setenv("FLEETDECK_ARTIFACT_STORE", "s3")
    for artifact_id, data in made.items():
        code, _, err = cli("artifacts", "get", artifact_id, "--output", str(tmp_path / "out"))
        assert code == 0, err
        assert (tmp_path / "out").read_bytes() == data
    code, out, err = cli("config")
    assert code == 0
    assert "s3_secret_key" in out
    assert SECRET_KEY not in out + err
    assert ACCESS_KEY not in out + err
    code, out, err = cli("artifacts", "migrate", "--to", "s3")
    assert (code, out.strip()) == (0, "moved 0 artifact(s) to s3; 0 not found")
