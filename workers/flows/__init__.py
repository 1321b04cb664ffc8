"""Automation flows: the SDK, the registry, built-in flows and declarative YAML flows.

Flow code never imports Qt: flows are plain functions over a context.
"""
