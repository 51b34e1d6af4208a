#!/usr/bin/env bash
# Installs what the browser tests (tests/browser/) need beyond the Python packages:
# Debian's chromium at /usr/bin/chromium and axe-core in node_modules/ (from package-lock.json).
# Idempotent: each step runs only when its result is missing. Needs root (or sudo) and apt
# for chromium, and node/npm for axe-core; fetches only from apt and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    echo "install-test-deps: installing chromium (apt)" >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        SUDO="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
fi

if [ ! -f node_modules/axe-core/axe.min.js ]; then
    if ! command -v npm >/dev/null; then
        echo "install-test-deps: npm is missing; install Node.js and npm, then run this again" >&2
        exit 1
    fi
    echo "install-test-deps: installing axe-core (npm ci)" >&2
    npm ci --no-audit --no-fund
fi
