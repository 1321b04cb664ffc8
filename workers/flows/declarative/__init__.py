"""Declarative flows: YAML files of steps for operators who don't write Python."""
