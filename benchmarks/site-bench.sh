#!/usr/bin/env bash
# Builds, side by side in one run, (a) the real site and (b) a generated site of N pages per
# language, with `kmemguide build` (release) and with Hugo on the same Markdown, and prints the
# times, the per-page cost and the ratios. Usage: benchmarks/site-bench.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
RUNS=${2:-5}
WORK=$PWD/benchmarks/.work  # absolute: Hugo resolves a relative --destination against --source
command -v hugo >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null; }
bash scripts/setup.sh
swift build -c release --product kmemguide >/dev/null
K=$PWD/.build/release/kmemguide
rm -rf "$WORK" && mkdir -p "$WORK"

python3 benchmarks/make-bench-sites.py content "$WORK" "$N"

# Wall time of one run of a command, in seconds (stops the script if the command fails).
wall() {
  local t0 t1
  t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; kill -TERM $$; exit 1; }; t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

row() { # name pages kmemguide_s hugo_s
  awk -v n="$1" -v p="$2" -v k="$3" -v h="$4" 'BEGIN {
    printf "%-22s %6d pages  kmemguide %7.3f s (%6.3f ms/page)  hugo %7.3f s (%6.3f ms/page)  hugo/kmemguide %5.2fx\n",
      n, p, k, 1000*k/p, h, 1000*h/p, h/k }'
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); $(swift --version 2>&1 | head -1); $(hugo version | cut -d' ' -f1-2)"
# Both tools render the same Markdown into pages; kmemguide also runs its simulator for every
# fact and block. Search indexing and the question banks are left out (Hugo does neither).
# The two tools take turns, run by run, so a slow moment of the machine hits both alike; each
# gets one untimed warm-up run first.
for site in real generated; do
  pages=$(find "$WORK/$site/kmem/content/pages" -name '*.md' | wc -l)
  kcmd=("$K" build --no-search --no-banks --content "$WORK/$site/kmem/content" --templates templates --out "$WORK/$site/kmem-out")
  hcmd=(hugo --quiet --source "$WORK/$site/hugo" --destination "$WORK/$site/hugo-out")
  # Every timed run starts from an empty output folder, for both tools: Hugo writes over what
  # is there and leaves stale files, kmemguide replaces the whole folder and deletes the old
  # one (see README.md for what that costs); neither is timed here.
  clean() { rm -rf "$WORK/$site/kmem-out" "$WORK/$site/hugo-out"; sync; }
  clean; wall "${kcmd[@]}" >/dev/null; wall "${hcmd[@]}" >/dev/null
  ks=(); hs=()
  runs=$RUNS; [ "$site" = real ] && runs=$((RUNS * 4))  # a small site's time varies more
  for _ in $(seq "$runs"); do
    clean; ks+=("$(wall "${kcmd[@]}")")
    clean; hs+=("$(wall "${hcmd[@]}")")
  done
  # The same build once more over its previous output: kmemguide then also deletes the old tree.
  k_over=$(wall "${kcmd[@]}")
  printf '%-22s kmemguide over its previous output: %.3f s\n' "$site" "$k_over"
  k=$(printf '%s\n' "${ks[@]}" | median)
  h=$(printf '%s\n' "${hs[@]}" | median)
  row "$site" "$pages" "$k" "$h"
done
