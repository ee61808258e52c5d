#!/usr/bin/env bash
# Installs what kmemguide needs on a fresh Debian machine: libcmark (Markdown), Pagefind's
# extended build (search that segments Chinese and Japanese). Safe to run again.
set -euo pipefail
need_apt=()
dpkg -s libcmark-dev >/dev/null 2>&1 || need_apt+=(libcmark-dev)
dpkg -s pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
dpkg -s libxml2-utils >/dev/null 2>&1 || need_apt+=(libxml2-utils)  # xmllint: QTI items vs the IMS XSD (bank tests)
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need_apt+=(libsqlite3-dev)  # SQLite: Anki's collection inside the .apkg export
dpkg -s nodejs >/dev/null 2>&1 || need_apt+=(nodejs)  # Node: the layout explorer test runs the page's own script (ExplorerTests)
for extra in "$@"; do dpkg -s "$extra" >/dev/null 2>&1 || need_apt+=("$extra"); done
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if ! python3 -c 'import pagefind' >/dev/null 2>&1 || ! python3 -m pagefind --version >/dev/null 2>&1; then
  python3 -m pip install -q 'pagefind[extended]==1.5.2' 2>/dev/null || python3 -m pip install -q 'pagefind[extended]'
fi
# Question-bank tests: python's jsonschema (draft 2020-12) checks bank-<lang>.json against schemas/bank.schema.json.
python3 -c 'import jsonschema' >/dev/null 2>&1 || python3 -m pip install -q 'jsonschema>=4.18'
# Question-bank tests: Anki's own library imports the .apkg and the text export (scripts/anki-check.py).
python3 -c 'import anki' >/dev/null 2>&1 || python3 -m pip install -q anki
# Question-bank tests: the Canvas export (QTI 1.2) is read by pyslet and compared with what text2qti writes (scripts/canvas-check.py).
python3 -c 'import pyslet.qtiv1.xml' >/dev/null 2>&1 || python3 -m pip install -q pyslet
python3 -c 'import text2qti.qti' >/dev/null 2>&1 || python3 -m pip install -q text2qti
# Syntax highlighting: the version content/highlight/pygments-version pins (the cache of
# highlighted code blocks is made with it; a build needs Python only for blocks not cached).
PYGMENTS_PIN="$(cat "$(dirname "$0")/../content/highlight/pygments-version")"
[ "$(python3 -c 'import pygments; print(pygments.__version__)' 2>/dev/null)" = "$PYGMENTS_PIN" ] ||
  python3 -m pip install -q "pygments==$PYGMENTS_PIN"
