#!/usr/bin/env bash
# Installs the fonts every PDF is typeset with (generator/build/typeset.py): DejaVu Sans
# for Latin and Cyrillic, Noto Sans Arabic UI for Persian and Arabic, from Debian's
# packages. Idempotent: runs apt only when a font is missing. Needs root (or sudo) and apt.
set -euo pipefail

MISSING=()
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || MISSING+=(fonts-dejavu-core)
[ -f /usr/share/fonts/truetype/noto/NotoSansArabicUI-Regular.ttf ] || MISSING+=(fonts-noto-ui-core)
if [ ${#MISSING[@]} -gt 0 ]; then
    echo "install-fonts: installing ${MISSING[*]} (apt)" >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        SUDO="sudo"
    fi
    $SUDO apt-get update -q
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${MISSING[@]}"
fi
