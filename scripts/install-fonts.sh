#!/usr/bin/env bash
# Installs the fonts every PDF is typeset with (generator/build/typeset.py): DejaVu Sans
# for Latin and Cyrillic, Noto Sans Arabic UI for Persian and Arabic, from Debian's
# packages. Idempotent: runs apt only when a font is missing. Needs root (or sudo) and apt.
set -euo pipefail

MISSING=()
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || MISSING+=(fonts-dejavu-core)
[ -f /usr/share/fonts/truetype/noto/NotoSansArabicUI-Regular.ttf ] || MISSING+=(fonts-noto-ui-core)
CALLER=install-fonts "$(dirname "$0")/apt-install.sh" ${MISSING[@]+"${MISSING[@]}"}
