#!/usr/bin/env bash
# Exercises search in a real browser (headless Chromium through Selenium): serves a built site
# on loopback and runs English, Chinese and Japanese queries the way the search page does;
# each must find every page that contains it. Usage: scripts/search-check.sh [SITE_DIR]
set -euo pipefail
SITE=${1:-site}
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi
python3 -c 'import selenium' >/dev/null 2>&1 || python3 -m pip install -q 'selenium>=4.20'
exec python3 "$(dirname "$0")/search-check.py" "$SITE"
