#!/usr/bin/env bash
# Builds, side by side in one run, (a) the real site and (b) a generated site of N pages per
# language, with `kmemguide build` (release) and with Hugo on the same Markdown, and prints the
# times, the per-page cost and the ratios. Usage: benchmarks/site-bench.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
RUNS=${2:-5}
WORK=benchmarks/.work
command -v hugo >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null; }
bash scripts/setup.sh
swift build -c release --product kmemguide >/dev/null
K=$PWD/.build/release/kmemguide
rm -rf "$WORK" && mkdir -p "$WORK"

python3 benchmarks/make-bench-sites.py content "$WORK" "$N"

# Median wall time of RUNS runs of a command, in seconds.
median() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

row() { # name pages kmemguide_s hugo_s
  awk -v n="$1" -v p="$2" -v k="$3" -v h="$4" 'BEGIN {
    printf "%-22s %6d pages  kmemguide %7.3f s (%6.3f ms/page)  hugo %7.3f s (%6.3f ms/page)  hugo/kmemguide %5.2fx\n",
      n, p, k, 1000*k/p, h, 1000*h/p, h/k }'
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); $(swift --version 2>&1 | head -1); $(hugo version | cut -d' ' -f1-2)"
# Both tools render the same Markdown into pages; kmemguide also runs its simulator for every
# fact and block. Search indexing and the question banks are left out (Hugo does neither).
for site in real generated; do
  pages=$(find "$WORK/$site/kmem/content/pages" -name '*.md' | wc -l)
  k=$(median "$K" build --no-search --no-banks --content "$WORK/$site/kmem/content" --templates templates --out "$WORK/$site/kmem-out")
  h=$(median hugo --quiet --source "$WORK/$site/hugo" --destination "$WORK/$site/hugo-out")
  row "$site" "$pages" "$k" "$h"
done
