"""Argument types for numbers on the command line: every one has a range.

argparse's bare ``type=int`` takes 99999999999999999999 (which SQLite cannot bind) and
``type=float`` takes nan and inf (which compare false with everything): each number an
operator types is checked here against the range its field can hold, and a bad one is
argparse's one-line usage error naming the argument.
"""

from __future__ import annotations

import argparse
import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

MAX_ID = 2**63 - 1  # a BIGINT primary key; SQLite's INTEGER holds the same
MAX_SEED = 2**32 - 1


def whole(low: int, high: int) -> Callable[[str], int]:
    """A whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}, got {text}")
        return value

    return parse


def number(low: float, high: float, *, above_low: bool = False) -> Callable[[str], float]:
    """A finite number from ``low`` (excluded when ``above_low``) to ``high``."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        low_ok = value > low if above_low else value >= low
        if not math.isfinite(value) or not low_ok or value > high:
            bounds = (
                f"above {low:g} and at most {high:g}" if above_low else f"from {low:g} to {high:g}"
            )
            raise argparse.ArgumentTypeError(f"must be a number {bounds}, got {text}")
        return value

    return parse


record_id = whole(1, MAX_ID)  # a batch, task or record id
seed = whole(0, MAX_SEED)
