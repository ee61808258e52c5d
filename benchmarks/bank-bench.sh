#!/usr/bin/env bash
# Question-bank export speed and memory: writes N synthetic questions (the test samples —
# every kind, en/zh/ja — repeated with distinct ids, computed on access) in each format with a
# release build of `kmemguide bank`, at 10,000 and 100,000 questions, and prints wall time and
# peak memory (/usr/bin/time -v "Maximum resident set size"). Memory that stays flat from 10k
# to 100k shows the exporters stream. Usage: benchmarks/bank-bench.sh [SIZES...]
# (default: 10000 100000). SCRATCH=.build-x uses another SwiftPM scratch path.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10000 100000)
SCRATCH=${SCRATCH:-.build}
WORK=benchmarks/.work/bank
command -v /usr/bin/time >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
bash scripts/setup.sh
swift build -c release --product kmemguide --scratch-path "$SCRATCH" >/dev/null
K=$PWD/$SCRATCH/release/kmemguide
rm -rf "$WORK" && mkdir -p "$WORK"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); $(swift --version 2>&1 | head -1)"
printf '%-8s %-6s %8s %10s %12s %10s\n' format lang questions "time (s)" "peak RSS" "output"

# One export under /usr/bin/time: format, languages, size.
run() {
  local fmt=$1 langs=$2 n=$3 out="$WORK/out"
  rm -rf "$out"
  /usr/bin/time -v "$K" bank --synthetic "$n" --format "$fmt" --lang "$langs" --versions 1 --out "$out" \
    >/dev/null 2>"$WORK/time.txt" || { cat "$WORK/time.txt" >&2; exit 1; }
  local wall rss size
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$WORK/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f MiB", $2/1024}' "$WORK/time.txt")
  size=$(du -sm "$out" | awk '{print $1 " MB"}')
  printf '%-8s %-6s %8d %10.2f %12s %10s\n' "$fmt" "$langs" "$n" "$wall" "$rss" "$size"
}

for n in "${SIZES[@]}"; do
  for fmt in moodle gift qti21 anki json csv print; do run "$fmt" en "$n"; done
  run all all "$n"
done
rm -rf "$WORK"
