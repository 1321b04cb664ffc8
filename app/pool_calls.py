"""The request layer's door to the pool: open the database, run one pool call.

The console, the command line and the HTTP API call the pool through ``pool_call``,
so a refused request becomes the same coded UserError everywhere.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, TypeVar

from app.database import connect
from app.errors import ErrorCode, UserError
from db.pool.errors import Conflict, NotFound, PoolError
from db.pool.tx import run_transaction

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from app.settings import Settings

T = TypeVar("T")


@contextlib.contextmanager
def open_pool(settings: Settings) -> Iterator[Engine]:
    """The configured database, schema checked, closed afterwards."""
    engine = connect(settings)
    try:
        yield engine
    finally:
        engine.dispose()


def pool_call(engine: Engine, work: Callable[[Session], T], *, read_only: bool = False) -> T:
    """Run one pool transaction; a refused request becomes a one-line error."""
    try:
        return run_transaction(engine, work, read_only=read_only)
    except NotFound as exc:
        raise UserError(str(exc), ErrorCode.NOT_FOUND) from None
    except Conflict as exc:
        raise UserError(str(exc), ErrorCode.CONFLICT) from None
    except PoolError as exc:
        raise UserError(str(exc)) from None
