"""Simulated Android phones that the real adb server, adbutils and uiautomator2 drive.

Each phone is a fake adbd on 127.0.0.1 (transport, shell, sync, ``tcp:9008`` to a fake
uiautomator2 server) over one phone model that is the single source of truth for the UI
tree, the hierarchy XML, selector matching, hit-testing and the rendered screen.
``workers.sim.fleet.SimFleet`` starts and controls many of them. No Qt here.
"""
