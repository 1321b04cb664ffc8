"""Sample phones: tiles in every state, and generated screen pictures."""

from __future__ import annotations

import random
from dataclasses import replace

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from ui.grid.phone_data import PhoneState, PhoneTile, ResultKind

HOSTS = ("rack-pc-1", "rack-pc-2", "机房-3号机")
ACCOUNTS = ("小鹿看剧", "travel_daily", "美食日记", "tech.review", "猫咪日常", "city_walker")
FLOWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # The built-in flows' own step names (the console words them in its language).
    (
        "collect.titles",
        ("search for the creator", "open the creator's profile", "read the video list"),
    ),
    ("collect.comments", ("find the video", "read the comments")),
    ("device.health", ("read health",)),
    ("app.launch", ("start com.simvideo.app", "take a screenshot")),
)
TITLES = (
    "城市夜景延时摄影",
    "How I pack for 3 weeks",
    "家常红烧肉做法",
    "Street food in Chengdu",
    "猫咪的一天 vlog",
    "Unboxing the new tablet",
    "周末徒步路线推荐",
    "5 tips for better sleep",
    "手工咖啡入门",
    "Learning piano at 30",
)
_STATE_MIX = (
    [PhoneState.RUNNING] * 9
    + [PhoneState.IDLE] * 4
    + [PhoneState.STOPPING, PhoneState.STOPPED, PhoneState.DRAINING, PhoneState.ERROR]
    + [PhoneState.OFFLINE, PhoneState.UNAUTHORIZED]
)
_APP_COLOURS = ("#fe2c55", "#1677ff", "#ff6a00", "#07c160")


def sample_tiles(count: int, seed: int = 7) -> list[PhoneTile]:
    """Return ``count`` tiles in a realistic mix of states, Chinese and English labels."""
    rng = random.Random(seed)
    return [_sample_tile(n, rng) for n in range(count)]


def _sample_tile(n: int, rng: random.Random) -> PhoneTile:
    state = rng.choice(_STATE_MIX)
    rack, slot = "ABCD"[n // 24 % 4], n % 24 + 1
    label = f"{rack}排-{slot:02d}" if n % 3 else f"Shelf {rack}{slot:02d}"
    busy = state in (PhoneState.RUNNING, PhoneState.STOPPING, PhoneState.DRAINING)
    flow, steps = rng.choice(FLOWS)
    ok = rng.random() > 0.25
    result = "succeeded" if ok else rng.choice(("device", "timeout", "cancelled"))
    finished = f"{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"
    connected = state not in (PhoneState.OFFLINE, PhoneState.UNAUTHORIZED)
    return PhoneTile(
        serial=f"SIM{n:04d}{rng.randint(0x1000, 0xFFFF):X}",
        state=state,
        label=label,
        rack_slot=f"1-{n % 4 + 1}.{n % 7 + 1}",
        account=rng.choice(ACCOUNTS) if connected and rng.random() > 0.15 else "",
        host=HOSTS[n % len(HOSTS)],
        flow=flow if busy else "",
        step=rng.choice(steps) if busy else "",
        last_result=result if n % 5 else "",
        last_result_flow=flow if n % 5 else "",
        last_result_at=finished if n % 5 else "",
        last_result_kind=ResultKind.of_result(result) if n % 5 else None,
        last_message="" if ok else "账号受限 account restricted",
        battery_percent=rng.choice((rng.randint(40, 100), rng.randint(40, 100), rng.randint(5, 19)))
        if connected
        else None,
        temperature_c=round(rng.uniform(29.0, 46.5), 1) if connected else None,
        capture_method=rng.choice(("scrcpy", "scrcpy", "minicap", "screencap")),
    )


def advance_tile(tile: PhoneTile, rng: random.Random) -> PhoneTile:
    """Return the tile a moment later: a new step, a new battery reading, maybe a new state."""
    if tile.state is PhoneState.RUNNING and rng.random() < 0.1:
        done = ResultKind.SUCCEEDED
        return replace(tile, state=PhoneState.IDLE, flow="", step="", last_result_kind=done)
    if tile.state is PhoneState.IDLE and rng.random() < 0.2:
        flow, steps = rng.choice(FLOWS)
        return replace(tile, state=PhoneState.RUNNING, flow=flow, step=steps[0])
    if tile.state is PhoneState.RUNNING:
        steps = dict(FLOWS).get(tile.flow, ("working",))
        return replace(tile, step=rng.choice(steps))
    if tile.battery_percent is not None:
        return replace(tile, battery_percent=max(1, tile.battery_percent - rng.randint(0, 1)))
    return tile


def screen_image(serial: str, frame: int, width: int = 180, height: int = 390) -> QImage:
    """Paint a phone screen of a video app (scrolled by ``frame``); safe off the GUI thread."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#f4f4f6"))
    colour = QColor(_APP_COLOURS[sum(map(ord, serial)) % len(_APP_COLOURS)])
    painter = QPainter(image)
    try:
        font = QFont()
        font.setPixelSize(max(9, height // 34))
        painter.setFont(font)
        bar = height // 20
        painter.fillRect(0, 0, width, bar, QColor("#111111"))
        painter.setPen(QColor("#ffffff"))
        painter.drawText(QRect(6, 0, width - 12, bar), Qt.AlignmentFlag.AlignVCenter, "12:30")
        painter.fillRect(0, bar, width, bar * 2, colour)
        painter.drawText(QRect(8, bar, width, bar * 2), Qt.AlignmentFlag.AlignVCenter, serial)
        _paint_video_list(painter, width, height, top=bar * 3, frame=frame)
    finally:
        painter.end()
    return image


def _paint_video_list(painter: QPainter, width: int, height: int, top: int, frame: int) -> None:
    row_height = height // 7
    offset = (frame * 17) % row_height
    for n in range(8):
        y = top + n * row_height - offset
        if y > height:
            break
        painter.fillRect(
            6,
            y + 4,
            row_height - 8,
            row_height - 8,
            QColor.fromHsv((n * 47 + frame * 9) % 360, 90, 210),
        )
        painter.setPen(QColor("#222222"))
        title = TITLES[(n + frame // 3) % len(TITLES)]
        text_rect = QRect(row_height + 2, y + 4, width - row_height - 6, row_height - 8)
        painter.drawText(text_rect, Qt.TextFlag.TextWordWrap, title)
        painter.fillRect(0, y + row_height - 1, width, 1, QColor("#dddddd"))
