"""``db upgrade`` and ``db status``: manage the schema of the configured database."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.database import open_database
from db.migrate import SchemaState, schema_status, upgrade
from db.urls import masked

if TYPE_CHECKING:
    import argparse

    from app.settings import Settings


def register(sub: Any) -> None:
    """Add the ``db`` command group."""
    parser = sub.add_parser("db", help="database schema: upgrade, status")
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    up = actions.add_parser("upgrade", help="migrate the database to this FleetDeck's schema")
    up.set_defaults(handler=run_upgrade)
    st = actions.add_parser("status", help="show the database's schema revision")
    st.set_defaults(handler=run_status)


def run_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    """Apply pending migrations; refuse a schema newer than this FleetDeck."""
    engine = open_database(settings, long_statements=True)
    try:
        before = schema_status(engine)
        if before.state is SchemaState.NEWER:
            print(
                f"the database {masked(engine.url)} has schema {before.current}, newer than "
                f"this FleetDeck ({before.head}); nothing changed"
            )
            return 1
        upgrade(engine)
        after = schema_status(engine)
        print(
            f"{masked(engine.url)}: schema {before.current or 'empty'} -> {after.current}"
            if before.current != after.current
            else f"{masked(engine.url)}: schema already at {after.current}"
        )
        return 0
    finally:
        engine.dispose()


def run_status(args: argparse.Namespace, settings: Settings) -> int:
    """Print where the schema stands; exit 1 unless it is current."""
    engine = open_database(settings)
    try:
        status = schema_status(engine)
        print(
            f"{masked(engine.url)}: {status.state.value} "
            f"(database {status.current or 'none'}, FleetDeck {status.head})"
        )
        return 0 if status.state is SchemaState.CURRENT else 1
    finally:
        engine.dispose()
