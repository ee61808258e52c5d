#!/usr/bin/env bash
# Time from starting `kmemguide quiz` (release build) to its first question on screen — the
# goal is 30 ms or less (warm). Measured without a terminal: the clock stops when the question's header
# line ("Question 1 of 1") reaches the pipe; the quiz is then waiting for an answer and is
# killed. Three cases, RUNS runs each, median / min / max in milliseconds:
#   warm  — the content cache is filled (every start after the first, or after an edit),
#           from the checkout's content/ folder;
#   builtin — warm, from an empty folder: the content compiled into the binary (an installed
#           kmemguide);
#   cold  — KMEMGUIDE_NO_CACHE=1: ui.yaml and every questions/*.yaml parsed and checked;
#   exit  — the whole run with standard input at end of file (`quiz --count 1 < /dev/null`),
#           with hyperfine when it is installed.
# Usage: benchmarks/quiz-startup.sh [RUNS]   (SCRATCH=path for another build folder)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-30}
SCRATCH=${SCRATCH:-.build}
swift build -c release --scratch-path "$SCRATCH" --product kmemguide >/dev/null
BIN=$PWD/$SCRATCH/release/kmemguide
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kmemquiz-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME=$WORK/cache LANG=C.UTF-8
ARGS=(quiz --count 1 --lang en --state-dir "$WORK/state")

# One start: milliseconds until the first question's header is printed.
first_question_ms() {
  local t0 t1 line
  t0=$EPOCHREALTIME
  coproc QUIZ { cd "${RUN_DIR:-.}" && exec "$BIN" "${ARGS[@]}" 2>/dev/null; }
  while IFS= read -r line <&"${QUIZ[0]}"; do
    [[ $line == *"Question 1 of"* ]] && break
  done
  t1=$EPOCHREALTIME
  kill "$QUIZ_PID" 2>/dev/null || true
  wait "$QUIZ_PID" 2>/dev/null || true
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }'
}

stats() { # label, then times on stdin
  sort -g | awk -v label="$1" '{ a[NR] = $1 } END {
    printf "%-6s median %6.1f ms   min %6.1f   max %6.1f   (%d runs)\n", label, a[int((NR + 1) / 2)], a[1], a[NR], NR }'
}

echo "kmemguide quiz: time to the first question (release build, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
"$BIN" "${ARGS[@]}" < /dev/null >/dev/null 2>&1 || true   # fills the cache
for _ in $(seq "$RUNS"); do first_question_ms; done | stats warm | tee "$WORK/warm"
mkdir -p "$WORK/empty"
(cd "$WORK/empty" && "$BIN" "${ARGS[@]}" < /dev/null >/dev/null 2>&1 || true)   # fills the cache for the built-in content
for _ in $(seq "$RUNS"); do RUN_DIR="$WORK/empty" first_question_ms; done | stats builtin
for _ in $(seq "$RUNS"); do KMEMGUIDE_NO_CACHE=1 first_question_ms; done | stats cold
for _ in $(seq "$RUNS"); do KMEMGUIDE_NO_CACHE=1 RUN_DIR="$WORK/empty" first_question_ms; done | stats cold-builtin
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs "$RUNS" -i --style basic "$BIN ${ARGS[*]}" 2>&1 | grep -E "Time|Range" | sed 's/^/exit   /'
fi
awk '{ m = $3 } END { if (m <= 30) print "goal (<= 30 ms, warm): met"; else print "goal (<= 30 ms, warm): missed" }' "$WORK/warm"
