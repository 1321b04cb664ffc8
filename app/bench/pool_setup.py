"""Set up and check a scratch database for ``bench pool``."""

from __future__ import annotations

import os
import socket
from functools import partial
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from app.errors import UserError
from db import fleet
from db.engine import DatabaseUnavailable, open_engine
from db.migrate import SchemaState, schema_status, upgrade
from db.pool.sql import BATCHES, RUNS
from db.pool.states import OPEN_BATCH_STATES
from db.pool.stop import stop_batch
from db.pool.tx import run_transaction
from db.urls import BadDatabaseURL, parse_db_url

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

BENCH_USER = "bench"


def bench_engine(url_text: str) -> tuple[Engine, str]:
    """Open the scratch database, migrating it; refuse one that holds real batches."""
    try:
        url = parse_db_url(url_text)
        engine = open_engine(url)
    except (BadDatabaseURL, DatabaseUnavailable) as exc:
        raise UserError(str(exc)) from None
    status = schema_status(engine)
    if status.state is SchemaState.NEWER:
        engine.dispose()
        raise UserError("the bench database has a newer schema than this FleetDeck")
    upgrade(engine)
    real = run_transaction(
        engine,
        lambda s: s.execute(
            select(func.count()).select_from(BATCHES).where(BATCHES.c.submitted_by != BENCH_USER)
        ).scalar_one(),
    )
    if real:
        engine.dispose()
        raise UserError(
            "bench pool writes throwaway work: point --db at a scratch database "
            f"(this one holds {real} batches that are not the benchmark's)"
        )
    return engine, url.render_as_string(hide_password=False)


def prepare_fleet(engine: Engine, agents: int, slots: int) -> list[tuple[int, list[Any]]]:
    """Register one host per agent and its phones, each with an account logged in."""
    label = f"bench-{socket.gethostname()}"

    def build(session: Any) -> list[tuple[int, list[Any]]]:
        plan = []
        for a in range(agents):
            host = fleet.register_host(
                session, f"{label}-{a:02d}", pid=os.getpid(), version="bench"
            )
            phones = []
            for s in range(slots):
                serial = f"BENCH-{a:03d}-{s:03d}"
                device = fleet.upsert_device(session, serial, host_id=host)
                account = fleet.bind_account(session, device, "bench", serial)
                phones.append((device, account))
            plan.append((host, phones))
        return plan

    return run_transaction(engine, build)


def stop_open(engine: Engine) -> None:
    """Stop the benchmark's batches left open (by this run or one that was interrupted)."""
    open_ids = run_transaction(
        engine,
        lambda s: list(
            s.execute(
                select(BATCHES.c.id).where(BATCHES.c.state.in_(list(OPEN_BATCH_STATES)))
            ).scalars()
        ),
    )
    for batch_id in open_ids:
        run_transaction(engine, partial(_stop, batch_id=batch_id))


def _stop(session: Session, batch_id: int) -> None:
    stop_batch(session, batch_id, BENCH_USER)


def check_double_claims(engine: Engine, first_batch: int) -> int:
    """Pairs of attempts of one task that were running at the same time (must be 0)."""
    later = RUNS.alias("later")
    same_task = (later.c.task_id == RUNS.c.task_id) & (later.c.id > RUNS.c.id)
    overlap = (
        select(func.count())
        .select_from(RUNS.join(later, same_task))
        .where(
            RUNS.c.batch_id >= first_batch,
            (RUNS.c.finished_at.is_(None)) | (later.c.started_at < RUNS.c.finished_at),
        )
    )
    return int(run_transaction(engine, lambda s: s.execute(overlap).scalar_one()))
