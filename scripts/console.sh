#!/usr/bin/env bash
# Command 1: set up FleetDeck when needed, then start the console.
# Arguments go to main.py, e.g. scripts/console.sh --db mysql://USER:PW@HOST/DB
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
cd "$ROOT"
exec "$ROOT/.venv/bin/python" main.py "$@"
