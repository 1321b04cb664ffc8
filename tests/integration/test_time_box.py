"""A read with a time budget: a quick answer comes back, a slow one is stopped by the server."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from db.models import Host
from db.time_box import scalar_within

if TYPE_CHECKING:
    from sqlalchemy import Engine

COUNT_FOREVER = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
    "SELECT COUNT(*) FROM c"
)


def slow_query(engine: Engine) -> str:
    """A read that takes far longer than any budget here (MariaDB caps CTE recursion)."""
    return "SELECT SLEEP(5)" if engine.dialect.name == "mysql" else COUNT_FOREVER


def test_a_quick_read_answers_and_a_slow_one_is_stopped_in_time(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        assert scalar_within(session, select(func.count()).select_from(Host), 5.0) == 0
        started = time.monotonic()
        assert scalar_within(session, text(slow_query(engine)), 0.1) is None
        assert time.monotonic() - started < 2.0
        # The transaction and the connection go on; the limit is gone again.
        assert session.execute(text("SELECT 1")).scalar_one() == 1
        assert scalar_within(session, select(func.count()).select_from(Host), 5.0) == 0
        if engine.dialect.name == "mysql":
            limit = session.execute(text("SELECT @@SESSION.max_statement_time")).scalar()
            assert float(limit) == 0
