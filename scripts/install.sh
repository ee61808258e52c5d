#!/usr/bin/env bash
# Installs kmemguide as one file: PREFIX/bin/kmemguide (default PREFIX /usr/local; ~/.local
# needs no root). Content, templates and kernel captures are compiled into it and the Swift
# runtime is linked statically, so the file runs from any folder, copied anywhere, on a machine
# without a Swift toolchain. It needs libcmark at run time (Debian: libcmark0.30.2) and, for the
# search index of `kmemguide build`, Pagefind (pip install 'pagefind[extended]').
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX="${1:-/usr/local}"
bash scripts/setup.sh
swift build -c release --product kmemguide --static-swift-stdlib --scratch-path .build-install
install -d "$PREFIX/bin"
install -m 755 .build-install/release/kmemguide "$PREFIX/bin/kmemguide"
echo "installed $PREFIX/bin/kmemguide"
