#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/Sources/*) and runs each for SECONDS (default 60) on a
# copy of its seed corpus (corpus/<target>/, kept in the repository). Crashes, hangs and slow
# inputs are written to Fuzz/findings/<target>/; the last line per target is libFuzzer's
# summary (executions, executions per second). Needs clang's libFuzzer, which Swift ships.
#   bash Fuzz/run.sh 60            # every target, 60 s each
#   bash Fuzz/run.sh 600 FuzzPage  # one target
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzPage FuzzQuestions FuzzScenario FuzzProgress FuzzFacts FuzzSizes)
config="${FUZZ_CONFIG:-debug}"
# The 2-s bound is for real builds; the ASan debug build runs the simulator about 5x slower
# (an 8 GiB x86_64 boot: 0.5 s plain debug, over 2 s instrumented on a busy machine).
timeout="${FUZZ_TIMEOUT:-$([ "$config" = release ] && echo 2 || echo 10)}"
# FUZZ_ASAN=0: libFuzzer alone, without AddressSanitizer (in .build-noasan/): about twice the
# executions a second; Swift code traps on its own, ASan adds the checks of the C libraries.
# FUZZ_SKIP_BUILD=1: run the last build as it is (SwiftPM re-plans and recompiles when the
# main package's embed tool fails to link under -sanitize=fuzzer; see README.md).
flags=(-c "$config" --sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -enable-testing)
if [ "${FUZZ_ASAN:-1}" = 0 ]; then flags+=(--scratch-path .build-noasan); else flags+=(--sanitize=address); fi
[ "${FUZZ_SKIP_BUILD:-0}" = 1 ] || swift build "${flags[@]}" >&2
bin="$(swift build "${flags[@]}" --show-bin-path)"
export SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0
for t in "${targets[@]}"; do
  work="$(mktemp -d)"
  cp -r "corpus/$t/." "$work/"
  mkdir -p "findings/$t"
  # -timeout: an input taking longer is a finding; -rss_limit_mb: so is one using 2 GB.
  # max_len 1 MB: the issue's bound for "any input".
  # FUZZ_RUNS=N: stop after N executions (SECONDS still bounds the run).
  "$bin/$t" "$work" -max_total_time="$secs" -runs="${FUZZ_RUNS:--1}" -timeout="$timeout" -rss_limit_mb=2048 -max_len=1048576 \
      -artifact_prefix="findings/$t/" -print_final_stats=1 2>"findings/$t/log.txt" || echo "$t: FOUND SOMETHING (see Fuzz/findings/$t/)"
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "findings/$t/log.txt" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "findings/$t/log.txt" | grep -o '[0-9]*$' || echo 0)
  took=$(grep -o 'Done [0-9]* runs in [0-9]* second' "findings/$t/log.txt" | grep -o '[0-9]* second' | grep -o '[0-9]*' || echo "$secs")
  echo "$t: $execs executions in ${took:-$secs} s ($rate/s); artifacts: $(ls "findings/$t" | grep -v log.txt | wc -l)"
  rm -rf "$work"
done
