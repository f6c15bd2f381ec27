#!/usr/bin/env bash
# Install the external tools the test suite runs, into <repo>/.tools/ (git-ignored).
#
# Idempotent: a tool already installed at the wanted version is left alone, so
# CI and developers can run this before every `pytest`. One function per tool;
# to add a tool, write a function and call it from main.
#
#   install_chromium  Debian's Chromium (apt), driven by Playwright in tests/test_html_report.py
#   sarif_multitool   Microsoft SARIF Multitool (npm), used by tests/test_sarif.py
#                     to apply GitHub's SARIF ingestion rules
#                     (`Sarif.Multitool validate --rule-kind "Gh;Sarif"`).
#   action_validator  action-validator (npm @action-validator/cli), used by
#                     tests/test_github_action.py to check action.yml and the
#                     README's workflows against GitHub's schemas.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$REPO/.tools"
# Pinned: a new Multitool release may add rules, and the tests expect zero findings.
SARIF_MULTITOOL_VERSION="${SARIF_MULTITOOL_VERSION:-5.7.0}"
# Pinned too: a new schema may judge the same action differently.
ACTION_VALIDATOR_VERSION="${ACTION_VALIDATOR_VERSION:-0.6.0}"

log() {
    printf 'bootstrap-test-tools: %s\n' "$*" >&2
}

need() {
    if ! command -v "$1" >/dev/null 2>&1; then
        log "needs '$1' on PATH: $2"
        exit 1
    fi
}

# Node.js and npm from the distribution when they are missing (a fresh machine has
# only Python, pip and apt), else the caller is told what to install.
node_and_npm() {
    command -v npm >/dev/null 2>&1 && return 0
    if command -v apt-get >/dev/null 2>&1; then
        local sudo=()
        [[ "$(id -u)" == 0 ]] || sudo=(sudo)
        log "installing Debian nodejs and npm"
        "${sudo[@]}" apt-get update -qq
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq nodejs npm >/dev/null
    fi
}

# The "version" field of an npm package.json, or nothing.
npm_package_version() {
    [[ -f "$1" ]] || return 0
    sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$1" | head -n 1
}

# npm_pinned BINARY PACKAGE_DIR VERSION PACKAGE@VERSION...: install the packages
# into $TOOLS unless BINARY is there and PACKAGE_DIR already holds VERSION.
npm_pinned() {
    local binary="$1" package="$2" version="$3"
    shift 3
    if [[ -f "$binary" && "$(npm_package_version "$package/package.json")" == "$version" ]]; then
        return 0
    fi
    node_and_npm
    need npm "install Node.js and npm (Debian: apt-get install -y nodejs npm)"
    log "installing $* into $TOOLS"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund --save-exact "$@"
}

sarif_multitool() {
    local package="$TOOLS/node_modules/@microsoft/sarif-multitool-linux"
    local binary="$package/Sarif.Multitool"
    # The platform binary is an optional dependency with a caret range:
    # name it too, so its version is the pinned one.
    local packages=("@microsoft/sarif-multitool@$SARIF_MULTITOOL_VERSION")
    if [[ "$(uname -s)" == Linux ]]; then
        packages+=("@microsoft/sarif-multitool-linux@$SARIF_MULTITOOL_VERSION")
    fi
    npm_pinned "$binary" "$package" "$SARIF_MULTITOOL_VERSION" "${packages[@]}"
    if [[ ! -f "$binary" ]]; then
        log "npm did not install $binary (its linux package is an optional dependency: is this linux?)"
        exit 1
    fi
    chmod u+x "$binary"
    log "SARIF Multitool $SARIF_MULTITOOL_VERSION: $binary"
}

action_validator() {
    local binary="$TOOLS/node_modules/.bin/action-validator"
    npm_pinned "$binary" "$TOOLS/node_modules/@action-validator/cli" "$ACTION_VALIDATOR_VERSION" \
        "@action-validator/cli@$ACTION_VALIDATOR_VERSION"
    if [[ ! -x "$binary" ]]; then
        log "npm did not install $binary"
        exit 1
    fi
    log "action-validator $ACTION_VALIDATOR_VERSION: $binary"
}

# shellcheck source=scripts/install-chromium.sh
source "$REPO/scripts/install-chromium.sh"

main() {
    sarif_multitool
    action_validator
    install_chromium
}

main "$@"
