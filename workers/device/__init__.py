"""The device layer: adb server, discovery, identity, health, the driver and thumbnails.

Plain Python over adbutils and uiautomator2: no Qt and no database here.
"""
