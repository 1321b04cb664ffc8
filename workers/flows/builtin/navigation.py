"""Moves inside a short-video app that several flows share, written against an app
profile's selector names so that any app with a profile can be driven."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from workers.device.errors import DeviceError, ErrorCode
from workers.flows.screen import appears, first_of
from workers.flows.sdk import DeviceFailure, FatalFailure, RetryableFailure

if TYPE_CHECKING:
    from workers.device.hierarchy import Selector
    from workers.flows.profiles import AppProfile
    from workers.flows.sdk import FlowContext

APP_START_TIMEOUT = 20.0
SCREEN_TIMEOUT = 15.0


def profile_with(ctx: FlowContext, app: str, needed: tuple[str, ...]) -> AppProfile:
    """The app profile, refusing one that lacks a selector this flow needs."""
    profile = ctx.app_profile(app)
    missing = profile.missing(needed)
    if missing:
        raise FatalFailure(
            f"app profile {profile.app!r} lacks selectors: {', '.join(missing)}",
            code="profile_incomplete",
        )
    return profile


def open_app(ctx: FlowContext, profile: AppProfile) -> None:
    """Start the app fresh and wait until it is in front."""
    ctx.step(f"open {profile.title}")
    device = ctx.device
    if not device.app_installed(profile.package):
        raise DeviceFailure(f"{profile.title} is not installed", code="app_not_installed")
    device.app_stop(profile.package)
    device.app_start(profile.package, timeout=APP_START_TIMEOUT)


def open_creator(ctx: FlowContext, profile: AppProfile, creator: str) -> None:
    """Search for a creator and open their profile; refuse a restricted account."""
    open_app(ctx, profile)
    device = ctx.device
    ctx.step("search for the creator")
    device.set_text(profile.selector("search_box"), creator, timeout=SCREEN_TIMEOUT)
    device.click(profile.selector("search_button"), timeout=SCREEN_TIMEOUT)
    ctx.step("open the creator's profile")
    result = replace(profile.selector("creator_id"), text=creator)
    network_error = network_error_selector(profile)
    if network_error is None:
        if not appears(device, result, SCREEN_TIMEOUT):
            raise FatalFailure(f"creator {creator!r} not found", code="creator_not_found")
    else:
        try:
            shown = first_of(device, [result, network_error], timeout=SCREEN_TIMEOUT)
        except DeviceError as exc:
            if exc.code is not ErrorCode.UI_NOT_FOUND:
                raise
            raise FatalFailure(f"creator {creator!r} not found", code="creator_not_found") from None
        if shown == network_error:
            raise RetryableFailure(
                f"{profile.title} shows its network-error notice", code="network_error"
            )
    device.click(result, timeout=SCREEN_TIMEOUT)
    shown = first_of(
        device,
        [profile.selector("video_list"), profile.selector("restricted_notice")],
        timeout=SCREEN_TIMEOUT,
    )
    if shown == profile.selector("restricted_notice"):
        fail_if_restricted(ctx, profile)


def network_error_selector(profile: AppProfile) -> Selector | None:
    """The app's "no network" notice, when its profile names one (optional)."""
    return None if profile.missing(["network_error"]) else profile.selector("network_error")


def fail_if_restricted(ctx: FlowContext, profile: AppProfile) -> None:
    """A restricted account is this phone's problem, not the task's: the device class."""
    notice = ctx.device.hierarchy().find(profile.selector("restricted_notice"))
    if notice is not None:
        raise DeviceFailure(notice.text or "this account is restricted", code="account_restricted")
