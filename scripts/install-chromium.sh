#!/usr/bin/env bash
# Debian's Chromium, the browser tests/test_html_report.py drives through Playwright.
#
# Playwright's own browser download cannot reach its CDN from our machines, so the
# tests launch the distribution's build at /usr/bin/chromium instead. Idempotent:
# nothing happens when Chromium is already there; `apt-get update` runs only when
# it is missing. Needs root (apt-get).
#
#   source scripts/install-chromium.sh && install_chromium   # from bootstrap-test-tools.sh
#   bash scripts/install-chromium.sh                         # on its own
set -euo pipefail

CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"

install_chromium() {
    if [[ -x "$CHROMIUM_BIN" ]]; then
        printf 'install-chromium: %s\n' "$("$CHROMIUM_BIN" --version 2>/dev/null || echo "$CHROMIUM_BIN")" >&2
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        printf 'install-chromium: %s is missing and this is not a Debian-like system: install Chromium by hand\n' "$CHROMIUM_BIN" >&2
        return 1
    fi
    local sudo=()
    if [[ "$(id -u)" != 0 ]]; then
        sudo=(sudo)
    fi
    printf 'install-chromium: installing Debian chromium\n' >&2
    "${sudo[@]}" apt-get update
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends chromium fonts-liberation
    if [[ ! -x "$CHROMIUM_BIN" ]]; then
        printf 'install-chromium: apt-get installed chromium but %s is not there\n' "$CHROMIUM_BIN" >&2
        return 1
    fi
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    install_chromium "$@"
fi
