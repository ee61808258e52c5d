#!/usr/bin/env bash
# Every page of every language in headless Chromium at 390 px (phone) and 1366 px, light and
# dark: a screenshot of each, any page wider than the viewport, and axe-core's serious and
# critical findings. Exit 1 when there is any. Usage: scripts/phone-check.sh [SITE] [OUT] [--no-shots|--no-axe|--only X]
set -euo pipefail
SITE=${1:-site}
OUT=${2:-/tmp/kmemguide-phone-check}
shift $(( $# > 2 ? 2 : $# ))
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi
python3 -c 'import selenium' >/dev/null 2>&1 || python3 -m pip install -q 'selenium>=4.20'
# axe-core ships inside this package (node_modules/axe-core/axe.min.js).
python3 -c 'import axe_selenium_python' >/dev/null 2>&1 || python3 -m pip install -q axe-selenium-python
status=0
python3 "$(dirname "$0")/phone-check.py" "$SITE" "$OUT" "$@" || status=1
# The browser quiz as a reader on a phone uses it.
python3 "$(dirname "$0")/quiz-check.py" "$SITE" "$OUT" || status=1
exit $status
