#!/usr/bin/env bash
# Renders the main pages of each language in headless Chromium (with Noto CJK fonts) to PNG,
# desktop and phone widths, for a person to look at. Usage: scripts/screenshots.sh [SITE] [OUT]
set -euo pipefail
SITE=$(cd "${1:-site}" && pwd)
OUT=${2:-/tmp/kmemguide-screenshots}
command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }
mkdir -p "$OUT"
shot() { # page width height name
  timeout 60 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$2,$3" \
    --screenshot="$OUT/$4.png" "file://$SITE/$1" >/dev/null 2>&1
}
shot index.html 1280 900 root
for lang in en zh ja; do
  for page in index overview kmalloc vmalloc layouts gfp demo-module errata; do
    p="$lang/$page/index.html"; [ "$page" = index ] && p="$lang/index.html"
    shot "$p" 1280 2400 "$lang-$page"
  done
  shot "$lang/layouts/index.html" 390 1600 "$lang-layouts-phone"
  # The layout explorer from disk (file://): its data is a script, so it needs no server.
  shot "$lang/explorer/index.html" 1280 2400 "$lang-explorer"
  shot "$lang/explorer/index.html" 390 2400 "$lang-explorer-phone"
done
echo "screenshots in $OUT"
