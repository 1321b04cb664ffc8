"""The phone's own windows over the apps: the notification shade and the browser.

uiautomator2's ``open_notification``/``open_quick_settings`` pull the shade down and
``open_url`` starts the browser; on a simulated phone both appear in the window
hierarchy (and on the screen) with the ids a real Android's SystemUI and browser use.
"""

from __future__ import annotations

from workers.sim.apps import STATUS_BAR_HEIGHT
from workers.sim.uitree import Node, Style

SYSTEMUI = "com.android.systemui"
BROWSER_PACKAGE = "com.android.chrome"
SHADE_IDS = {
    "notifications": f"{SYSTEMUI}:id/notification_stack_scroller",
    "quick_settings": f"{SYSTEMUI}:id/quick_settings_panel",
}
SHADE_TITLES = {"notifications": "No notifications", "quick_settings": "Quick settings"}


def shade_window(kind: str, size: tuple[int, int]) -> Node:
    """The pulled-down shade: a panel under the status bar with its title."""
    width, height = size
    return Node(
        "android.widget.FrameLayout",
        (0, STATUS_BAR_HEIGHT, width, height // 2),
        resource_id=SHADE_IDS.get(kind, SHADE_IDS["notifications"]),
        package=SYSTEMUI,
        style=Style(bg="#202124"),
        children=[
            Node(
                "android.widget.TextView",
                (0, STATUS_BAR_HEIGHT, width, STATUS_BAR_HEIGHT * 3),
                text=SHADE_TITLES.get(kind, ""),
                resource_id=f"{SYSTEMUI}:id/shade_title",
                package=SYSTEMUI,
                style=Style(fg="#ffffff", size=28, align="center"),
            )
        ],
    )


def browser_window(url: str, size: tuple[int, int]) -> Node:
    """The browser showing ``url`` in its address bar."""
    width, height = size
    return Node(
        "android.widget.FrameLayout",
        (0, 0, width, height),
        package=BROWSER_PACKAGE,
        style=Style(bg="#ffffff"),
        children=[
            Node(
                "android.widget.EditText",
                (0, STATUS_BAR_HEIGHT, width, STATUS_BAR_HEIGHT * 3),
                text=url,
                resource_id=f"{BROWSER_PACKAGE}:id/url_bar",
                package=BROWSER_PACKAGE,
                focusable=True,
                style=Style(bg="#f1f3f4", size=24),
            )
        ],
    )
