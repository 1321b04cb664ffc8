"""Suite-wide setup: offscreen Qt, isolated user dirs, and the shared fixture plugins."""

from __future__ import annotations

import os
import tempfile

# Before anything imports Qt or platformdirs: no screen needed, and no test may touch
# the developer's own settings, database or Qt settings.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="fleetdeck-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")
os.environ["XDG_STATE_HOME"] = os.path.join(_HOME, "state")  # the process log
os.environ["XDG_CACHE_HOME"] = os.path.join(_HOME, "cache")
for _name in list(os.environ):
    if _name.startswith("FLEETDECK_") and _name != "FLEETDECK_TEST_MYSQL":
        del os.environ[_name]

pytest_plugins = [
    "tests.support.database",
    "tests.support.pool",
    "tests.support.qt",
    "tests.support.sim",
    "tests.support.devices",
    "tests.support.hosts",
    "tests.support.s3",
    "tests.support.api",
]
