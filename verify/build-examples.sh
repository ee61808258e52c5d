#!/bin/bash
# Compiles every complete module shown on the site (a ```c block of content/pages/*/en.md that
# has module_init) against real kernel headers, so that the "try it" code on the pages builds.
#
#   bash verify/build-examples.sh                # headers: KDIR, else the running kernel's, else
#                                                # the newest /usr/src/linux-headers-*-amd64
#   KDIR=/usr/src/linux-headers-6.1.0-57-amd64 bash verify/build-examples.sh
#
# Debian: apt-get install linux-headers-amd64 gcc make (scripts/setup.sh does it when asked).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
if [ -z "${KDIR:-}" ]; then
    if [ -d "/lib/modules/$(uname -r)/build" ]; then KDIR=/lib/modules/$(uname -r)/build
    else KDIR=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -1 || true); fi
fi
[ -n "${KDIR:-}" ] && [ -d "$KDIR" ] || { echo "build-examples.sh: no kernel headers (apt-get install linux-headers-amd64, or set KDIR)" >&2; exit 66; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 - "$ROOT/content/pages" "$WORK" <<'PY'
import os, re, sys
pages, work = sys.argv[1], sys.argv[2]
n = 0
for slug in sorted(os.listdir(pages)):
    p = os.path.join(pages, slug, "en.md")
    if not os.path.isfile(p):
        continue
    for i, code in enumerate(re.findall(r"^```c\n(.*?)^```", open(p).read(), re.S | re.M)):
        if "module_init(" not in code:
            continue
        d = os.path.join(work, f"{slug}-{i}")
        os.makedirs(d)
        open(os.path.join(d, "ex.c"), "w").write(code)
        open(os.path.join(d, "Makefile"), "w").write("obj-m := ex.o\n")
        n += 1
print(f"{n} module examples", file=sys.stderr)
PY
status=0
for d in "$WORK"/*/; do
    name=$(basename "$d")
    if make -s -C "$KDIR" M="$d" modules >"$d/log" 2>&1 && ! grep -q "warning:" "$d/log"; then
        echo "ok    $name"
    else
        echo "FAIL  $name"; sed 's/^/      /' "$d/log"; status=1
    fi
done
exit $status
