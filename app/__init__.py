"""FleetDeck: the composition root, settings, command line and controllers."""

__version__ = "0.1.0"
