"""App profiles: everything the built-in flows know of one app, kept in YAML so that
adding an app, or following an app update, is editing a profile, not code.

A profile says how to launch the app and reach its feature, how to recognise each
screen, its named selectors, how to read each list (fields, identity, counts, times), how
lists scroll, how to reach a creator, and which notices mean which error. Loading
checks every ``@name`` reference and, for each flow the profile supports, every part
that flow needs; a mistake is a ``FILE:LINE: FIELD: REASON`` error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from workers.flows.app_needs import APP_FLOWS, FLOW_NEEDS
from workers.flows.counts import CountStyle
from workers.flows.profile_parts import (
    AccountSpec,
    CreatorSpec,
    KeywordSearchSpec,
    LaunchSpec,
    ListSpec,
    NoticeSpec,
    Ref,
    ScrollSpec,
    SearchSpec,
    VideoSpec,
)
from workers.flows.selectors import SelectorSpec
from workers.flows.times import TimeStyle
from workers.flows.yaml_source import YamlDocument, YamlError, load_yaml, plain

if TYPE_CHECKING:
    from workers.device.hierarchy import Selector

BUILTIN_PROFILES = Path(__file__).resolve().parents[2] / "resources" / "profiles"
_NAME = re.compile(r"^[a-z][a-z0-9_.-]*$")


def _known_flow(name: str) -> str:
    if name not in FLOW_NEEDS:
        raise ValueError(f"{name!r} is not a built-in app flow (one of {', '.join(APP_FLOWS)})")
    return name


FlowName = Annotated[str, AfterValidator(_known_flow)]


class AppProfile(BaseModel):
    """One app, described completely for the built-in flows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    app: str = Field(description="profile name used by flows, e.g. simvideo")
    title: str = Field(description="the app's name as operators know it")
    package: str = Field(min_length=3, pattern=r"^[A-Za-z][\w]*(\.[A-Za-z][\w]*)+$")
    flows: tuple[FlowName, ...] = Field(APP_FLOWS, description="the built-in flows it supports")
    launch: LaunchSpec = Field(default_factory=LaunchSpec)
    screens: dict[str, Ref] = Field(default_factory=dict)
    selectors: dict[str, SelectorSpec] = Field(default_factory=dict)
    lists: dict[str, ListSpec] = Field(default_factory=dict)
    counts: CountStyle = Field(default_factory=CountStyle)
    times: TimeStyle = Field(default_factory=TimeStyle)
    scroll: ScrollSpec = Field(default_factory=ScrollSpec)
    search: SearchSpec | None = None
    creator: CreatorSpec | None = None
    keyword_search: KeywordSearchSpec | None = None
    video: VideoSpec = Field(default_factory=VideoSpec)
    account: AccountSpec | None = None
    notices: tuple[NoticeSpec, ...] = ()

    @field_validator("app")
    @classmethod
    def _valid_name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError(
                "use lower-case letters, digits, '.', '_' or '-', starting with a letter"
            )
        return value

    @property
    def activity(self) -> str | None:
        """The launch activity, if the profile names one."""
        return self.launch.activity

    def selector(self, name: str) -> Selector:
        """The named selector, its short id completed with the package."""
        try:
            return self.selectors[name].to_selector(self.package)
        except KeyError:
            raise KeyError(f"app profile {self.app!r} has no selector {name!r}") from None

    def resolve(self, ref: Ref) -> Selector:
        """A section's selector: ``@name``, plain text, or written out."""
        if isinstance(ref, SelectorSpec):
            return ref.to_selector(self.package)
        if ref.startswith("@"):
            return self.selector(ref[1:])
        return SelectorSpec(text=ref).to_selector()

    def screen(self, name: str) -> Selector:
        """What shows that screen ``name`` is on."""
        return self.resolve(self.screens[name])

    def list_spec(self, name: str) -> ListSpec:
        """The list called ``name`` (a KeyError names it when absent)."""
        try:
            return self.lists[name]
        except KeyError:
            raise KeyError(f"app profile {self.app!r} has no list {name!r}") from None

    def lacks(self, path: str) -> bool:
        """True when the dotted ``path`` (``lists.videos.fields.title``) is not set."""
        value: Any = self
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
            if value is None:
                return True
        return False

    def supports(self, flow: str) -> bool:
        """True when the profile lists ``flow`` among the flows it supports."""
        return flow in self.flows


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
    if not isinstance(document.data, dict):
        raise document.error((), plain("a profile is a mapping of sections (app, package, ...)"))
    profile = document.validate(AppProfile)
    _check_references(document, profile)
    _check_flow_needs(document, profile)
    return profile


def _check_references(document: YamlDocument, profile: AppProfile) -> None:
    """Every ``@name`` names a selector; every screen a section names exists."""
    for loc, value in _strings(document.data, ()):
        if loc[:1] == ("selectors",) or not value.startswith("@"):
            continue
        if value[1:] not in profile.selectors:
            raise document.error(loc, plain(f"{value} is not one of the profile's selectors"))
    for name, spec in profile.lists.items():
        for key_field in [spec.key.field] if spec.key.field else spec.key.hash:
            if key_field not in spec.fields and key_field != "creator":
                where = ("lists", name, "key", "field" if spec.key.field else "hash")
                raise document.error(
                    where, plain(f"{key_field!r} is not one of this list's fields")
                )
    if profile.launch.ready not in profile.screens:
        raise document.error(
            ("launch", "ready"), plain(f"no screen {profile.launch.ready!r} in screens")
        )


def _check_flow_needs(document: YamlDocument, profile: AppProfile) -> None:
    """Each supported flow finds every part it needs."""
    for index, flow in enumerate(profile.flows):
        for path in FLOW_NEEDS[flow]:
            if profile.lacks(path):
                # Flows left to the default are all of them: the error points at the top.
                listed = "flows" in document.data
                loc: tuple[str | int, ...] = ("flows", index) if listed else ()
                raise YamlError(
                    document.path,
                    document.line_of(loc),
                    f"flows[{index}]" if listed else "flows",
                    f"{flow} needs {path}, which the profile does not give",
                )


def _strings(data: Any, loc: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, str):
        return [(loc, data)]
    if isinstance(data, dict):
        return [hit for key, value in data.items() for hit in _strings(value, (*loc, key))]
    if isinstance(data, list):
        return [hit for i, value in enumerate(data) for hit in _strings(value, (*loc, i))]
    return []


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
