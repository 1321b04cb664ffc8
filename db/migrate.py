"""Schema migrations: upgrade to head, and tell whether a database fits this FleetDeck."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine, MetaData

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Alembic itself is imported only to migrate: every command checks the schema first, and
# reading the chain from the files and the revision from its table costs no import.
_REVISION = re.compile(r'^revision(?:: *str)? *= *"([^"]+)"', re.M)
_DOWN = re.compile(r'^down_revision(?:: *[^=]+)? *= *(?:None|"([^"]+)")', re.M)


def target_metadata() -> MetaData:
    """The metadata of every model, for autogenerate and the model/migration check."""
    from db.schema import all_metadata

    return all_metadata()


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@cache
def _chain() -> dict[str, str | None]:
    """Every known revision and the one it follows, read from the migration files."""
    chain: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision is not None and down is not None:
            chain[revision.group(1)] = down.group(1)
    return chain


def head_revision() -> str:
    """The newest revision this FleetDeck knows (the one no other revision follows)."""
    chain = _chain()
    heads = set(chain) - set(chain.values())
    assert len(heads) == 1, f"the migrations must form one chain, heads: {sorted(heads)}"
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    """The revision a database is at, or None when it has no FleetDeck schema yet."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


class SchemaState(enum.Enum):
    """How a database's schema relates to this FleetDeck's migrations."""

    EMPTY = "empty"  # no FleetDeck tables yet
    CURRENT = "current"
    BEHIND = "behind"  # migrations to apply
    NEWER = "newer"  # written by a newer FleetDeck


@dataclass(frozen=True)
class SchemaStatus:
    """Where a database's schema stands."""

    state: SchemaState
    current: str | None
    head: str


def schema_status(engine: Engine) -> SchemaStatus:
    """Read the database's revision and compare it with this FleetDeck's head."""
    head = head_revision()
    current = current_revision(engine)
    if current is None:
        state = SchemaState.EMPTY
    elif current == head:
        state = SchemaState.CURRENT
    elif current in _chain():
        state = SchemaState.BEHIND
    else:
        state = SchemaState.NEWER
    return SchemaStatus(state, current, head)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply every pending migration (each one in its own transaction where DDL allows)."""
    from alembic import command

    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
