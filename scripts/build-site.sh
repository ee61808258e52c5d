#!/usr/bin/env bash
# Installs what it needs, builds kmemguide (release) and writes the site into site/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product kmemguide
.build/release/kmemguide build "$@"
