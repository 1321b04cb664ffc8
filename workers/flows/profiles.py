"""App profiles: the selectors a flow needs for one app, kept in YAML so that an app
update is fixed by editing a profile, not code."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, field_validator

from workers.flows.selectors import SelectorSpec
from workers.flows.yaml_source import YamlError, load_yaml

if TYPE_CHECKING:
    from workers.device.hierarchy import Selector

BUILTIN_PROFILES = Path(__file__).resolve().parents[2] / "resources" / "profiles"
_NAME = re.compile(r"^[a-z][a-z0-9_.-]*$")


class AppProfile(BaseModel):
    """One app's identity and named selectors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    app: str = Field(description="profile name used by flows, e.g. simvideo")
    title: str = Field(description="the app's name as operators know it")
    package: str = Field(min_length=3, pattern=r"^[A-Za-z][\w]*(\.[A-Za-z][\w]*)+$")
    activity: str | None = Field(default=None, description="launch activity, e.g. .MainActivity")
    selectors: dict[str, SelectorSpec] = Field(default_factory=dict)

    @field_validator("app")
    @classmethod
    def _valid_name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError(
                "use lower-case letters, digits, '.', '_' or '-', starting with a letter"
            )
        return value

    def selector(self, name: str) -> Selector:
        """The named selector, its short id completed with the package."""
        try:
            return self.selectors[name].to_selector(self.package)
        except KeyError:
            raise KeyError(f"app profile {self.app!r} has no selector {name!r}") from None

    def missing(self, names: list[str] | tuple[str, ...]) -> list[str]:
        """Which of ``names`` this profile does not define."""
        return [name for name in names if name not in self.selectors]


@dataclass
class ProfileSet:
    """Every loaded profile by name, plus the files that were rejected and why."""

    profiles: dict[str, AppProfile] = field(default_factory=dict)
    errors: list[YamlError] = field(default_factory=list)

    def get(self, name_or_package: str) -> AppProfile | None:
        """A profile by its name or its package."""
        if name_or_package in self.profiles:
            return self.profiles[name_or_package]
        return next((p for p in self.profiles.values() if p.package == name_or_package), None)


def load_profile(path: Path) -> AppProfile:
    """Load and validate one profile file (raises YamlError with file, line and field)."""
    document = load_yaml(path)
    return document.validate(AppProfile)


def load_profiles(*folders: Path | None) -> ProfileSet:
    """Load every ``*.yaml`` profile; later folders override earlier ones by name."""
    result = ProfileSet()
    for folder in (BUILTIN_PROFILES, *folders):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.y*ml")):
            try:
                profile = load_profile(path)
            except YamlError as exc:
                result.errors.append(exc)
                continue
            result.profiles[profile.app] = profile
    return result
