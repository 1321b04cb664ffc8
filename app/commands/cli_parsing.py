"""Command-line parsing shared by the pool commands: KEY=VALUE pairs, lists, parameter files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.errors import UserError
from workers.flows.yaml_source import YamlError, load_yaml

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path


def parse_pairs(option: str, pairs: Sequence[str]) -> dict[str, str]:
    """KEY=VALUE strings as a dict; a malformed one is refused, naming the option."""
    result: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UserError(f"{option} {pair!r}: expected KEY=VALUE")
        result[key.strip()] = value
    return result


def split_list(option: str, text: str | None) -> list[str] | None:
    """A comma-separated option value as a list (None stays None)."""
    if text is None:
        return None
    items = [part.strip() for part in text.split(",") if part.strip()]
    if not items:
        raise UserError(f"{option}: the list is empty")
    return items


def read_params_file(path: Path) -> dict[str, Any]:
    """A JSON or YAML mapping of parameters from a file.

    Read within the YAML limits (size, depth, aliases); a key given twice is an error,
    not a silent last-one-wins.
    """
    try:
        data = load_yaml(path, allow_empty=True).data
    except YamlError as exc:
        raise UserError(f"--params-file {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise UserError(f"--params-file {path}: expected a mapping of parameter names to values")
    return data
