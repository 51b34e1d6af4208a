#!/usr/bin/env bash
# Installs the Debian packages named as arguments with apt (through sudo when not root),
# after one `apt-get update`; does nothing without arguments. Used by install-fonts.sh and
# install-test-deps.sh, which each name only the packages whose files are missing.
set -euo pipefail
[ $# -gt 0 ] || exit 0
echo "$(basename "${CALLER:-apt-install}" .sh): installing $* (apt)" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
$SUDO apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
