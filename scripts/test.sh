#!/usr/bin/env bash
# Command 2: set up FleetDeck with its dev tools when needed, then run every check:
# ruff (lint and format), mypy, import-linter contracts, and the whole pytest suite.
# Exits non-zero when any of them fails. Extra arguments go to pytest.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh" --dev || exit 1
cd "$ROOT"
BIN="$ROOT/.venv/bin"
failed=()

step() {
  local name="$1"; shift
  printf '\n=== %s\n' "$name"
  "$@" || failed+=("$name")
}

step "ruff check" "$BIN/ruff" check .
step "ruff format" "$BIN/ruff" format --check .
# mypy and the import contracts (~12 s on a fresh clone) run beside pytest's start;
# their output is printed after pytest, each under its own heading.
checks="$(mktemp -d)"
trap 'rm -rf "$checks"' EXIT
( "$BIN/mypy" >"$checks/mypy" 2>&1; echo $? >"$checks/mypy.rc" ) &
( "$BIN/lint-imports" >"$checks/imports" 2>&1; echo $? >"$checks/imports.rc" ) &
printf '\n=== pytest\n'
# Three workers on two cores (FLEETDECK_TEST_WORKERS, 0 = in this process): most tests
# wait on a database, a phone or a timer, so a third shortens the run (8 min against
# 10 with two); work stealing keeps all busy to the end; the slowest tests are listed
# so that one that grows shows in CI's log.
# Tests marked serial (the small soak: three workers, 50 phones, a MariaDB of its own)
# load the whole machine and run alone afterwards, starving nothing.
"$BIN/python" -m pytest -n "${FLEETDECK_TEST_WORKERS:-3}" --dist worksteal -m "not serial" \
  --durations=25 "$@"
rc=$?
"$BIN/python" -m pytest -m serial "$@"
serial_rc=$?
# pytest exits 5 when it selects nothing: fine for the serial part alone (a run of chosen tests).
if [ "$rc" -eq 0 ] && [ "$serial_rc" -ne 0 ] && [ "$serial_rc" -ne 5 ]; then rc=$serial_rc; fi
# pytest exits 5 when it collected no test: that is a failure here, not a pass.
if [ "$rc" -ne 0 ]; then failed+=("pytest (exit $rc)"); fi

wait
for check in "mypy:mypy" "import contracts:imports"; do
  name="${check%%:*}" file="${check##*:}"
  printf '\n=== %s\n' "$name"
  cat "$checks/$file"
  if [ "$(cat "$checks/$file.rc" 2>/dev/null)" != "0" ]; then failed+=("$name"); fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  printf '\nFAILED: %s\n' "${failed[*]}"
  exit 1
fi
printf '\nall checks passed\n'
