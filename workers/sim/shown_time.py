"""How the simulated apps write when something was posted, as real apps in China do.

Both write the phone's local time in Asia/Shanghai (UTC+8, no daylight saving).
SimChannels writes relative times ("刚刚", "5分钟前", "3小时前", "昨天 12:30", "前天",
"3天前", then "12月7日" this year and "2025年12月30日" before); SimVideo writes absolute
ones ("21:15" today, "12-30" this year, "2025-12-30" before). Both are pure functions of
(posted, now): the screens pass the simulated clock's time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from datetime import datetime

APP_ZONE = ZoneInfo("Asia/Shanghai")


def relative_zh(posted: datetime, now: datetime) -> str:
    """SimChannels' way: "刚刚" .. "3小时前", then calendar days, then dates."""
    seconds = max((now - posted).total_seconds(), 0.0)
    if seconds < 60:
        return "刚刚"
    if seconds < 3600:
        return f"{int(seconds // 60)}分钟前"
    if seconds < 24 * 3600:
        return f"{int(seconds // 3600)}小时前"
    local, today = posted.astimezone(APP_ZONE), now.astimezone(APP_ZONE).date()
    days = (today - local.date()).days
    if days == 1:
        return f"昨天 {local:%H:%M}"
    if days == 2:
        return "前天"
    if days < 7:
        return f"{days}天前"
    if local.year == today.year:
        return f"{local.month}月{local.day}日"
    return f"{local.year}年{local.month}月{local.day}日"


def absolute_date(posted: datetime, now: datetime) -> str:
    """SimVideo's way: "21:15" today, "12-30" this year, "2025-12-30" before."""
    local, today = posted.astimezone(APP_ZONE), now.astimezone(APP_ZONE).date()
    if local.date() == today:
        return f"{local:%H:%M}"
    if local.year == today.year:
        return f"{local:%m-%d}"
    return f"{local:%Y-%m-%d}"
