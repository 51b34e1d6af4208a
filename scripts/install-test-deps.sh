#!/usr/bin/env bash
# Installs what the tests need beyond the Python packages: Debian's chromium at
# /usr/bin/chromium and axe-core in node_modules/ (from package-lock.json) for the browser
# tests (tests/browser/); LibreOffice Impress and poppler's pdftoppm for rendering decks.
# Idempotent: each step runs only when its result is missing. Needs root (or sudo) and apt
# for chromium, and node/npm for axe-core; fetches only from apt and the npm registry.
# Java (default-jre-headless) runs ODK Validate, which pyxform ships, in tests/assessments/test_exports.py.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-fonts.sh  # the fonts of every PDF (DejaVu Sans, Noto Sans Arabic UI)

MISSING=()
[ -x /usr/bin/chromium ] || MISSING+=(chromium)
[ -x /usr/bin/soffice ] || MISSING+=(libreoffice-impress)
[ -x /usr/bin/pdftoppm ] || MISSING+=(poppler-utils)
command -v java >/dev/null || MISSING+=(default-jre-headless)  # ODK Validate (pyxform)
CALLER=install-test-deps "$(dirname "$0")/apt-install.sh" ${MISSING[@]+"${MISSING[@]}"}

if [ ! -f node_modules/axe-core/axe.min.js ]; then
    if ! command -v npm >/dev/null; then
        echo "install-test-deps: npm is missing; install Node.js and npm, then run this again" >&2
        exit 1
    fi
    echo "install-test-deps: installing axe-core (npm ci)" >&2
    npm ci --no-audit --no-fund
fi
