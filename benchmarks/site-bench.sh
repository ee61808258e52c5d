#!/usr/bin/env bash
# Builds, side by side in one run, (a) the real site and (b) a generated site of N pages per
# language, with `kmemguide build` (release) and with Hugo on the same Markdown, and prints the
# times, the per-page cost and the ratios, with and without a navigation list on every page
# (Hugo both uncached and with partialCached). Usage: benchmarks/site-bench.sh [N] [RUNS]
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
    printf "%-44s %6d pages  kmemguide %7.3f s (%6.3f ms/page)  hugo %7.3f s (%6.3f ms/page)  hugo/kmemguide %5.2fx\n",
      n, p, k, 1000*k/p, h, 1000*h/p, h/k }'
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); $(swift --version 2>&1 | head -1); $(hugo version | cut -d' ' -f1-2)"
# kmemguide without navigation: the same templates with an empty sidebar.
rm -rf "$WORK/templates-nonav" && cp -r templates "$WORK/templates-nonav"
printf '<nav class="toc-nav" aria-label="{{ui.nav.contents}}"></nav>\n' > "$WORK/templates-nonav/partials/sidebar.mustache"
# Both tools render the same Markdown into pages; kmemguide also runs its simulator for every
# fact and block. Search indexing and the question banks are left out (Hugo does neither).
# Configurations: with a navigation list of every page of the language on every page
# (kmemguide renders it once per language and marks the current page; Hugo either ranges over
# the pages on every page, uncached, or -- its best configuration -- through partialCached once
# per language, without a current-page mark), and without any navigation, for both.
# The tools take turns, run by run, so a slow moment of the machine hits all alike; each gets
# one untimed warm-up run first.
for site in real generated; do
  pages=$(find "$WORK/$site/kmem/content/pages" -name '*.md' | wc -l)
  declare -A cmd=(
    [k]="$K build --no-search --no-banks --content $WORK/$site/kmem/content --templates templates --out $WORK/$site/out-k"
    [k_nonav]="$K build --no-search --no-banks --content $WORK/$site/kmem/content --templates $WORK/templates-nonav --out $WORK/$site/out-k_nonav"
    [h]="hugo --quiet --source $WORK/$site/hugo --layoutDir layouts --destination $WORK/$site/out-h"
    [h_cached]="hugo --quiet --source $WORK/$site/hugo --layoutDir layouts-cached --destination $WORK/$site/out-h_cached"
    [h_nonav]="hugo --quiet --source $WORK/$site/hugo --layoutDir layouts-nonav --destination $WORK/$site/out-h_nonav"
  )
  order=(k h k_nonav h_cached h_nonav)
  # Every timed run starts from an empty output folder, for every tool: Hugo writes over what
  # is there and leaves stale files, kmemguide replaces the whole folder and deletes the old
  # one (see README.md for what that costs); neither is timed here.
  clean() { rm -rf "$WORK/$site/out-$1"; sync; }
  declare -A times=()
  for c in "${order[@]}"; do clean "$c"; wall ${cmd[$c]} >/dev/null; done
  runs=$RUNS; [ "$site" = real ] && runs=$((RUNS * 4))  # a small site's time varies more
  for _ in $(seq "$runs"); do
    for c in "${order[@]}"; do clean "$c"; times[$c]="${times[$c]:-} $(wall ${cmd[$c]})"; done
  done
  med() { printf '%s\n' ${times[$1]} | median; }
  # The same build once more over its previous output: kmemguide then also deletes the old tree.
  k_over=$(wall ${cmd[k]})
  printf '%-44s kmemguide over its previous output: %.3f s\n' "$site" "$k_over"
  row "$site, navigation: Hugo uncached" "$pages" "$(med k)" "$(med h)"
  row "$site, navigation: Hugo partialCached (best)" "$pages" "$(med k)" "$(med h_cached)"
  row "$site, no navigation (both)" "$pages" "$(med k_nonav)" "$(med h_nonav)"
  unset cmd times
done
