"""``config``: list every setting, its value in effect and where the value came from."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from app.settings import Settings, declared_settings, default_config_file, load_settings
from db.urls import mask_in_text, mask_url_text

if TYPE_CHECKING:
    import argparse


SECRET_SETTINGS = {"s3_secret_key", "s3_access_key"}


def register(sub: Any) -> None:
    """Add the ``config`` command."""
    parser = sub.add_parser("config", help="show the settings in effect and their sources")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Print the declared settings with values (passwords masked) and sources."""
    _, sources = load_settings(
        cli={"db": args.db, "log_level": args.log_level}, config_file=args.config
    )
    rows = []
    for info in declared_settings():
        value = getattr(settings, info.name)
        if info.name == "db":
            value = mask_url_text(settings.db_url)
        elif info.name in SECRET_SETTINGS:
            value = "****" if value else ""  # never the secret, not even its length
        elif info.name == "artifact_store":
            value = f"{value} ({settings.artifact_backend})" if value == "auto" else value
        rows.append(
            {
                "name": info.name,
                "value": mask_in_text(str(value)),
                "source": sources.get(info.name, "default"),
                "env": info.env,
                "description": info.description,
            }
        )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(f"settings file: {args.config or default_config_file()}")
    print(f"log file: {settings.log_file}")
    for row in rows:
        print(f"{row['name']:<22} {row['value']}  [{row['source']}]")
        print(f"{'':<22} {row['description']} ({row['env']})")
    return 0
