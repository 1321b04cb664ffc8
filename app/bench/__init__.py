"""Benchmarks behind ``python main.py bench NAME``; each prints figures, none passes or fails.

Each benchmark module exposes ``add_arguments(parser)`` and ``run(args, settings) -> dict``
(the figures, printed as JSON with ``--json``); ``app/commands/bench_cmd.py`` lists them with
their names and help, and imports one only when it runs.
"""
