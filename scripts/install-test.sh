#!/usr/bin/env bash
# The installed program, used as a new user would: install into a temporary prefix, then run
# quiz, bank, sim and build from an empty folder with an empty HOME and no checkout in reach.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bash scripts/install.sh "$work/prefix" >/dev/null
K="$work/prefix/bin/kmemguide"
mkdir -p "$work/home" "$work/cwd"
cd "$work/cwd"
fail=0
check() {  # check NAME EXPECTED-TEXT COMMAND...
  local name="$1" want="$2"; shift 2
  local out rc=0
  out="$(env -i PATH=/usr/bin:/bin HOME="$work/home" "$@" 2>&1)" || rc=$?
  if [ "$rc" -ne 0 ] || ! grep -qF -- "$want" <<<"$out"; then
    echo "FAIL $name (exit $rc; expected '$want'):"; echo "$out" | tail -15; fail=$((fail + 1))
  else
    echo "ok   $name"
  fi
}
if ldd "$K" | grep -q libswiftCore; then echo "FAIL the installed kmemguide needs the Swift runtime"; fail=$((fail + 1)); else echo "ok   no Swift runtime needed"; fi
check "quiz --lang zh --count 3 (piped)" "进度已保存" sh -c "printf 'a\nb\nc\n' | '$K' quiz --lang zh --count 3 --seed 5"
check "bank --out x" "wrote" "$K" bank --out x
test -s x/moodle-ja.xml || { echo "FAIL bank wrote no moodle-ja.xml"; fail=$((fail + 1)); }
printf 'count: 6\nversions: 2\nseed: 7\n' > exam.yaml
check "bank --blueprint exam.yaml --format print,pdf,canvas" "exam of 6 questions × 2 versions, seed 7" "$K" bank --blueprint exam.yaml --lang ja --format print,pdf,canvas --out exam
test -s exam/exam-v2-ja-key.pdf && test -s exam/canvas-ja.zip || { echo "FAIL the exam has no PDF key or Canvas zip"; fail=$((fail + 1)); }
check "sim demo" "vmalloc" "$K" sim demo
check "build --out site" "built" env PATH="$PATH" "$K" build --out site
test -s site/zh/kmalloc/index.html || { echo "FAIL build wrote no zh/kmalloc page"; fail=$((fail + 1)); }
check "check" "content is complete" "$K" check
test -z "$(ls -A "$work/home" | grep -v '^\.local$\|^\.cache$' || true)" || { echo "FAIL wrote unexpected files into HOME: $(ls -A "$work/home")"; fail=$((fail + 1)); }
echo "install-test: $((8 - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
