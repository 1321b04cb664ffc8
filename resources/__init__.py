"""Packaged resources: icons, built-in flows and app profiles."""
