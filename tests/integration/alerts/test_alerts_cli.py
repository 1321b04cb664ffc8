"""``alerts`` and ``alerts ack``, as an operator runs them: the JSON shape, a filter, an
acknowledgement, and one line with a non-zero exit for an id that is not there."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from db.pool.states import ErrorClass
from db.pool.values import RunReport
from tests.integration.artifacts.test_artifacts_cli import Cli
from tests.support.pool import build_fleet

if TYPE_CHECKING:
    from sqlalchemy import Engine


@pytest.fixture
def cli(engine: Engine, tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> Cli:
    monkeypatch.setenv("FLEETDECK_DATA_DIR", str(tmp_path / "pc-a"))
    monkeypatch.setenv("FLEETDECK_HOST_NAME", "pc-a")
    return Cli(engine, capsys)


def test_alerts_lists_filters_and_acknowledges(cli: Cli, engine: Engine) -> None:
    fleet = build_fleet(engine)
    batch = fleet.submit(count=2)
    for claim in fleet.claim([0, 1]):
        fleet.finish(claim.run_id, RunReport.failure(ErrorClass.FATAL, "gone", error_code="gone"))
    code, out, err = cli("alerts", "--json")
    assert code == 0, err
    (alert,) = json.loads(out)
    assert set(alert) == {
        "id", "kind", "subject", "details", "host", "count", "raised_at", "last_seen_at",
        "acknowledged_at", "acknowledged_by",
    }  # fmt: skip
    assert (alert["kind"], alert["count"], alert["acknowledged_at"]) == ("fatal_failure", 2, None)
    assert alert["details"]["batch_id"] == batch
    assert json.loads(cli("alerts", "--json", "--kind", "phone_offline")[1]) == []
    code, out, _ = cli("alerts")
    assert f"{alert['id']}" in out
    assert "fatal_failure" in out
    assert "[open]" in out
    code, out, err = cli("alerts", "ack", str(alert["id"]), "--by", "ann")
    assert code == 0, err
    assert f"acknowledged 1 alert(s): {alert['id']}" in out
    assert json.loads(cli("alerts", "--json", "--open")[1]) == []
    (acked,) = json.loads(cli("alerts", "--json")[1])
    assert acked["acknowledged_by"] == "ann"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["alerts", "ack", "424242"], "ID: no alert 424242"),
        (["alerts", "ack", "x"], "argument ID: expected a whole number"),
        (["alerts", "--kind", "fire"], "argument --kind: invalid choice"),
        (["alerts", "--limit", "0"], "argument --limit"),
    ],
)
def test_a_bad_alerts_request_is_one_line(cli: Cli, args: list[str], expected: str) -> None:
    code, _out, err = cli(*args)
    assert code != 0
    assert len(err.strip().splitlines()) == 1, err
    assert expected in err
