"""The selector inspector and the YAML flow editor beside it."""
