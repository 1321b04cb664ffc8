#!/usr/bin/env bash
# Set up FleetDeck on this machine: system libraries, a CJK font, .venv, the project.
# Usage: scripts/setup.sh [--dev]      (--dev adds the test, lint and type-check tools)
# Safe to run again: each step checks first and does nothing when already done.
# Under `set -e`, never end a function or a { } group with `TEST && ACTION`: when TEST is
# false, that false becomes the group's status and stops the script (this once made a fresh
# clone's first command exit 1 silently). Write `if TEST; then ACTION; fi`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
EXTRAS=""
if [ "${1:-}" = "--dev" ]; then EXTRAS="[dev]"; fi

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# Shared libraries the Qt wheels load (xcb, EGL, fontconfig, xkbcommon, dbus, glib),
# mapped to the Debian package that ships each one.
QT_LIBS=(
  "libEGL.so.1:libegl1" "libGL.so.1:libgl1" "libOpenGL.so.0:libopengl0"
  "libfontconfig.so.1:libfontconfig1" "libfreetype.so.6:libfreetype6"
  "libxkbcommon.so.0:libxkbcommon0" "libxkbcommon-x11.so.0:libxkbcommon-x11-0"
  "libdbus-1.so.3:libdbus-1-3" "libglib-2.0.so.0:libglib2.0-0"
  "libX11-xcb.so.1:libx11-xcb1" "libxcb-cursor.so.0:libxcb-cursor0"
  "libxcb-icccm.so.4:libxcb-icccm4" "libxcb-image.so.0:libxcb-image0"
  "libxcb-keysyms.so.1:libxcb-keysyms1" "libxcb-randr.so.0:libxcb-randr0"
  "libxcb-render-util.so.0:libxcb-render-util0" "libxcb-shape.so.0:libxcb-shape0"
  "libxcb-xinerama.so.0:libxcb-xinerama0" "libxcb-xkb.so.1:libxcb-xkb1"
  "libSM.so.6:libsm6" "libICE.so.6:libice6"
)
CJK_FONT_PKG="fonts-wqy-microhei"
CJK_FONT_FILE="/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

missing_packages() {
  local entry lib pkg known
  known="$(ldconfig -p 2>/dev/null | awk 'NR > 1 {print $1}')"
  for entry in "${QT_LIBS[@]}"; do
    lib="${entry%%:*}"; pkg="${entry##*:}"
    grep -qxF "$lib" <<<"$known" || printf '%s\n' "$pkg"
  done
  [ -f "$CJK_FONT_FILE" ] || printf '%s\n' "$CJK_FONT_PKG"
  "${PYTHON:-python3}" -c 'import venv, ensurepip' 2>/dev/null || printf '%s\n' python3-venv
}

install_system_packages() {
  local pkgs
  mapfile -t pkgs < <(missing_packages | sort -u)
  if [ "${#pkgs[@]}" -eq 0 ]; then return 0; fi
  if ! command -v apt-get >/dev/null 2>&1; then
    die "missing system packages (${pkgs[*]}) and no apt-get here: install their equivalents"
  fi
  if [ "$(id -u)" -ne 0 ]; then
    die "FleetDeck needs these Debian packages; run, then try again:
    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${pkgs[*]}"
  fi
  say "installing Debian packages: ${pkgs[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
}

check_python() {
  local py="${PYTHON:-python3}"
  command -v "$py" >/dev/null 2>&1 || die "python3 not found: install Python 3.11 or newer"
  "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "$("$py" --version 2>&1) is too old: FleetDeck needs Python 3.11 or newer"
}

install_venv() {
  local py="${PYTHON:-python3}" stamp want
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    "$py" -m venv "$VENV"
  fi
  # Reinstall only when the dependency list (or the extras asked for) changed.
  want="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)$EXTRAS"
  stamp="$VENV/.fleetdeck-installed"
  if [ -f "$stamp" ] && grep -qxF -- "$want" "$stamp"; then
    return 0
  fi
  say "installing FleetDeck${EXTRAS} into $VENV (first run takes a few minutes)"
  local log="$VENV/pip-install.log"
  if ! { "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip \
         && "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT$EXTRAS"; \
       } >"$log" 2>&1; then
    grep -v '^WARNING: Location' "$log" >&2 || true
    die "the install into $VENV failed; the messages above say why (also in $log)"
  fi
  write_stamp "$stamp" "$want"
}

# The install stamp: one line per extras set now installed. The dev set is a superset:
# remember the plain one too, so a later plain setup does not reinstall.
write_stamp() {
  local stamp="$1" want="$2"
  printf '%s\n' "$want" >"$stamp"
  if [ -n "$EXTRAS" ]; then
    printf '%s\n' "${want%"$EXTRAS"}" >>"$stamp"
  fi
}

main() {
  check_python
  install_system_packages
  install_venv
}

# Sourced (by the tests), only define the steps; run, do them.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main
fi
