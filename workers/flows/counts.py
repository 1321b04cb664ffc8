"""How an app writes a count, and reading one back: "1.2万", "10万+", "3,456", "评论".

Apps abbreviate large counts with a unit (万 = 10,000, 亿 = 100,000,000), cap them
("10万+": at least 100,000) and group digits ("3,456"). An app profile's ``counts``
section says which units, suffix and separators its app uses; ``CountStyle.parse``
turns what the screen shows into a ``Count``: a number, and whether it is only a lower
bound. An abbreviated count ("1.2万") is read as the number it shows (12,000), which
is what the app tells anyone; it is not marked a lower bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pydantic import BaseModel, ConfigDict, Field, field_validator


@dataclass(frozen=True)
class Count:
    """A count as shown: ``value``, or at least ``value`` when ``at_least``."""

    value: int
    at_least: bool = False

    def reaches(self, threshold_tenths: int) -> bool:
        """True when the count is certainly >= threshold_tenths / 10 (whole numbers only)."""
        return self.value * 10 >= threshold_tenths


DEFAULT_UNITS = {"万": 10_000, "w": 10_000, "W": 10_000, "亿": 100_000_000, "k": 1_000, "K": 1_000}


class CountStyle(BaseModel):
    """How one app writes counts (an app profile's ``counts`` section)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    units: dict[str, int] = Field(
        default_factory=lambda: dict(DEFAULT_UNITS),
        description="suffixes and what they multiply by, e.g. 万: 10000",
    )
    at_least_suffix: str = Field("+", description="marks a capped count: '10万+'")
    thousands: str = Field(",", max_length=1, description="digit grouping: '3,456'")
    decimal: str = Field(".", min_length=1, max_length=1)
    zero_texts: tuple[str, ...] = Field(
        (), description="texts without a number that mean zero (e.g. 评论 on an empty button)"
    )

    @field_validator("units")
    @classmethod
    def _positive_units(cls, units: dict[str, int]) -> dict[str, int]:
        for unit, factor in units.items():
            if not unit.strip():
                raise ValueError("a unit cannot be blank")
            if factor < 1:
                raise ValueError(f"unit {unit!r}: the factor must be at least 1")
        return units

    @field_validator("decimal")
    @classmethod
    def _not_a_digit(cls, value: str) -> str:
        if value.isdigit():
            raise ValueError("a decimal mark cannot be a digit")
        return value

    def parse(self, text: str) -> Count | None:
        """The count in ``text`` (its first number), or None when it shows none."""
        match = self._pattern().search(text)
        if match is None:
            stripped = text.strip()
            return Count(0) if stripped in self.zero_texts else None
        number = match["number"]
        if self.thousands:
            number = number.replace(self.thousands, "")
        number = number.replace(self.decimal, ".")
        try:
            amount = Decimal(number)
        except InvalidOperation:
            return None
        factor = self.units.get(match["unit"] or "", 1)
        return Count(int(amount * factor), at_least=bool(match["plus"]))

    def _pattern(self) -> re.Pattern[str]:
        return _compiled(
            self.thousands,
            self.decimal,
            tuple(sorted(self.units, key=len, reverse=True)),
            self.at_least_suffix,
        )


_CACHE: dict[tuple[str, str, tuple[str, ...], str], re.Pattern[str]] = {}


def _compiled(thousands: str, decimal: str, units: tuple[str, ...], plus: str) -> re.Pattern[str]:
    key = (thousands, decimal, units, plus)
    pattern = _CACHE.get(key)
    if pattern is None:
        group = rf"(?:{re.escape(thousands)}\d{{3}})*" if thousands else ""
        fraction = rf"(?:{re.escape(decimal)}\d+)?"
        unit = "|".join(re.escape(u) for u in units) or "(?!)"
        suffix = rf"(?P<plus>{re.escape(plus)})?" if plus else "(?P<plus>(?!))?"
        pattern = re.compile(rf"(?P<number>\d+{group}{fraction})\s*(?P<unit>{unit})?{suffix}")
        _CACHE[key] = pattern
    return pattern
