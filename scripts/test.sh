#!/usr/bin/env bash
# Installs what it needs and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh libxml2-utils tmux
swift build --build-tests
swift test --skip-build
