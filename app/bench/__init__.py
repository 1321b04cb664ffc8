"""Benchmarks behind ``python main.py bench NAME``; each prints figures, none passes or fails.

Each benchmark module exposes ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args, settings) -> dict`` (the figures, printed as JSON with ``--json``).
"""
