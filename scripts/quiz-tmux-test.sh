#!/usr/bin/env bash
# Drives `kmemguide quiz` in a real terminal (tmux) the way a person would:
#   1. practice in Chinese: a right answer, invalid input asked again, a wrong answer, then
#      Ctrl-C at the third question — exit 130, summary printed, progress saved;
#   2. review in Japanese: the question answered wrong comes back first, rated after a right
#      answer — exit 0, progress updated;
#   3. NO_COLOR and Ctrl-D before any answer — no colour, exit 66;
#   4. an exam with a short time limit left idle: the countdown in the prompt moves in place
#      (no new lines), and the exam ends by itself when the time is up — exit 0.
#
# Usage: scripts/quiz-tmux-test.sh [path/to/kmemguide]   (default .build/debug/kmemguide)
# Skips (exit 0, with a message) when tmux is not installed. Every wait has a timeout, and the
# tmux server is private (-L) and killed on exit, so it cannot hang CI.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${1:-${KMEMGUIDE_BIN:-.build/debug/kmemguide}}
[[ "$BIN" = /* ]] || BIN="$ROOT/$BIN"

if ! command -v tmux >/dev/null 2>&1; then
  echo "quiz-tmux-test: SKIPPED: tmux is not installed (apt-get install tmux)"
  exit 0
fi
if [[ ! -x "$BIN" ]]; then
  echo "quiz-tmux-test: $BIN is not built (swift build)" >&2
  exit 1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kmemquiz-tmux.XXXXXX")
SOCK="kmemquiz-$$"
# A private server whose panes stay (dead) after the quiz exits, so the last screen can be read.
printf 'set -g remain-on-exit on\nset -g history-limit 2000\n' > "$WORK/tmux.conf"
T() { tmux -L "$SOCK" -f "$WORK/tmux.conf" "$@"; }
cleanup() {
  # Kill what the panes run first (a caller may have blocked SIGHUP), then the server.
  for pid in $(T list-panes -a -F '#{pane_pid}' 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
  T kill-server >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# A content folder: the real UI strings, two empty pages, the test questions.
CONTENT=$WORK/content
mkdir -p "$CONTENT/questions" "$CONTENT/pages/quizdemo" "$CONTENT/pages/quizchoice"
cp content/ui.yaml "$CONTENT/ui.yaml"
# The words of the generated questions and the misconception catalog.
cp -R content/families content/misconceptions.yaml "$CONTENT/"
: > "$CONTENT/pages/quizdemo/en.md"; : > "$CONTENT/pages/quizchoice/en.md"
cp Tests/KmemQuizTests/Fixtures/questions/quiz-fixture.yaml "$CONTENT/questions/"
STATE=$WORK/state

export LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_CACHE_HOME=$WORK/cache
unset NO_COLOR || true
FAILS=0
PASSES=0
ok()   { PASSES=$((PASSES + 1)); echo "ok   - $*"; }
fail() { FAILS=$((FAILS + 1)); echo "FAIL - $*"; }

screen()     { T capture-pane -p -J -S -300 -t q 2>/dev/null || true; }
screen_esc() { T capture-pane -p -e -S -300 -t q 2>/dev/null || true; }

# wait_for TEXT [SECONDS]: until the screen shows TEXT (a fixed string).
wait_for() {
  local text=$1 limit=${2:-15} i=0
  while (( i < limit * 10 )); do
    if screen | grep -qF -- "$text"; then return 0; fi
    sleep 0.1; i=$((i + 1))
  done
  echo "---- screen (waited ${limit}s for: $text) ----"; screen | tail -40; echo "----"
  return 1
}

# wait_exit SECONDS: until the quiz has written its exit status; prints it.
wait_exit() {
  local limit=${1:-15} i=0
  while (( i < limit * 10 )); do
    if [[ -s $WORK/exit ]]; then cat "$WORK/exit"; return 0; fi
    sleep 0.1; i=$((i + 1))
  done
  echo "timeout"
}

# start ARGS...: a fresh session running the quiz; its status goes to $WORK/exit.
start() {
  T kill-session -t q >/dev/null 2>&1 || true
  rm -f "$WORK/exit"
  local cmd
  cmd=$(printf '%q ' "$BIN" quiz --content "$CONTENT" --state-dir "$STATE" "$@")
  T new-session -d -s q -x 90 -y 30 "$cmd; echo \$? > $WORK/exit"
}

# The question on screen now, by the keyword its prompt starts with.
current_keyword() {
  screen | awk '/^(第 [0-9]+ 题|第 [0-9]+ 問|Question [0-9]+ of)/ { q = "" ; getline; q = $0 } END { print q }' \
    | grep -oE 'PAGE_OFFSET|SLEEP|ORDER|FREE' | head -1
}
right_answer()   { case $1 in PAGE_OFFSET) echo 0xc0000000;; SLEEP) echo t;; ORDER) echo 8;; FREE) echo kfree;; esac; }
wrong_answer()   { case $1 in PAGE_OFFSET) echo 0xc0001000;; SLEEP) echo f;; ORDER) echo 9;; FREE) echo vfree;; esac; }
invalid_answer() { case $1 in PAGE_OFFSET) echo zz;; SLEEP) echo maybe;; ORDER) echo eight;; FREE) echo "";; esac; }
invalid_reply()  { case $1 in PAGE_OFFSET) echo 请输入十六进制数;; SLEEP) echo 请回答;; ORDER) echo 请输入一个数字;; FREE) echo 请用一个词;; esac; }

answer() { T send-keys -t q -l -- "$1"; T send-keys -t q Enter; }

# ---------------------------------------------------------------- 1. practice, zh, Ctrl-C
start --lang zh --topic quizdemo --count 3 --seed 1
if wait_for "第 1 题 / 共 3 题"; then ok "the first question is on screen"; else fail "no first question"; fi
wait_for "你的答案" || true
K1=$(current_keyword); echo "#    question 1: $K1"
answer "$(right_answer "$K1")"
if wait_for "回答正确。"; then ok "a right answer is marked right"; else fail "right answer not marked right"; fi
if wait_for "解析"; then ok "the explanation follows"; else fail "no explanation"; fi
if screen_esc | grep -q $'\e\['; then ok "colour on a terminal"; else fail "no colour on a terminal"; fi

wait_for "第 2 题 / 共 3 题" || fail "no second question"
K2=$(current_keyword); echo "#    question 2: $K2"
answer "$(invalid_answer "$K2")"
if wait_for "$(invalid_reply "$K2")"; then ok "invalid input is answered with a hint"; else fail "no hint for invalid input"; fi
PROMPTS=$(screen | awk '/第 2 题 \/ 共 3 题/ { on = 1 } on && /你的答案/ { n++ } END { print n + 0 }')
if (( PROMPTS >= 2 )); then ok "the question is asked again"; else fail "not asked again ($PROMPTS prompts)"; fi
answer "$(wrong_answer "$K2")"
if wait_for "回答错误。"; then ok "a wrong answer is marked wrong"; else fail "wrong answer not marked wrong"; fi
if wait_for "正确答案：$(right_answer "$K2" | sed 's/^0xc/0xc/')"; then ok "the right answer is shown"; else fail "right answer not shown"; fi

wait_for "第 3 题 / 共 3 题" || fail "no third question"
wait_for "你的答案" || true
sleep 0.2
T send-keys -t q C-c
STATUS=$(wait_exit 15)
if [[ $STATUS == 130 ]]; then ok "Ctrl-C exits 130"; else fail "Ctrl-C exit status: $STATUS"; fi
if wait_for "已中断。" 5; then ok "Ctrl-C says so"; else fail "no interruption notice"; fi
if wait_for "得分：已答 2 题，答对 1 题（50%）" 5; then ok "the summary counts only the answered questions"; else fail "no summary after Ctrl-C"; fi
if wait_for "未作答：1 题" 5; then ok "the unanswered question is named as such"; else fail "no unanswered count"; fi
if wait_for "需要复习的错题" 5; then ok "mistakes are listed"; else fail "no mistakes list"; fi
if wait_for "进度已保存到" 5; then ok "progress saved is reported"; else fail "no progress notice"; fi
if [[ -f $STATE/progress.json ]] && [[ $(grep -c '"last_rating"' "$STATE/progress.json") == 2 ]]; then
  ok "progress.json holds the two answered questions"
else
  fail "progress.json is missing or wrong"; cat "$STATE/progress.json" 2>/dev/null || true
fi

# ---------------------------------------------------------------- 2. review, ja, resumed
start --lang ja --topic quizdemo --mode review --count 2 --seed 1
if wait_for "復習：期限の来た問題 2 問、新しい問題 0 問。"; then ok "review finds the two answered questions due"; else fail "review header"; fi
wait_for "回答" || true
R1=$(current_keyword); echo "#    review 1: $R1"
if [[ $R1 == "$K2" ]]; then ok "the question answered wrong comes back first"; else fail "review started with $R1, not $K2"; fi
answer "$(right_answer "$R1")"
if wait_for "この問題の難しさを入力してください"; then ok "a right answer in review asks for a rating"; else fail "no rating prompt"; fi
answer "x"
if wait_for "h、g、e のどれか"; then ok "an invalid rating is asked again"; else fail "invalid rating not re-asked"; fi
answer "e"
if wait_for "次の復習："; then ok "the next review is announced"; else fail "no next review"; fi
wait_for "第 2 問 / 全 2 問" || fail "no second review question"
R2=$(current_keyword)
answer "$(right_answer "$R2")"
wait_for "この問題の難しさを入力してください" || true
answer ""
STATUS=$(wait_exit 15)
if [[ $STATUS == 0 ]]; then ok "review ends with exit 0"; else fail "review exit status: $STATUS"; fi
if wait_for "得点：2 問中 2 問正解（100%）" 5; then ok "review summary"; else fail "no review summary"; fi
if grep -q '"reviews" : 2' "$STATE/progress.json"; then ok "progress.json counts the second review"; else fail "progress not updated"; fi

# ---------------------------------------------------------------- 3. NO_COLOR, Ctrl-D at once
T kill-session -t q >/dev/null 2>&1 || true
rm -f "$WORK/exit"
T new-session -d -s q -x 90 -y 30 "NO_COLOR=1 $(printf '%q ' "$BIN" quiz --content "$CONTENT" --state-dir "$WORK/state2" --topic quizdemo --count 1); echo \$? > $WORK/exit"
wait_for "Your answer" || fail "no prompt"
if screen_esc | grep -q $'\e\[[0-9;]*[1-9][0-9;]*m'; then fail "colour despite NO_COLOR"; else ok "NO_COLOR turns colour off"; fi
T send-keys -t q C-d
STATUS=$(wait_exit 15)
if [[ $STATUS == 66 ]]; then ok "Ctrl-D before any answer exits 66"; else fail "Ctrl-D exit status: $STATUS"; fi
if wait_for "No more input." 5; then ok "Ctrl-D ends cleanly"; else fail "no end-of-input notice"; fi

# ---------------------------------------------------------------- 4. idle exam, time limit
# 2 questions × 3 s: nobody types; the countdown moves and the exam ends by itself.
start --lang en --topic quizdemo --mode exam --count 2 --seed 1 --time-limit 3
if wait_for "left] Your answer"; then ok "the exam prompt shows a countdown"; else fail "no countdown in the prompt"; fi
C1=$(screen | grep -F "left] Your answer" | tail -1)
sleep 1.6
C2=$(screen | grep -F "left] Your answer" | tail -1)
echo "#    countdown: '$C1' then '$C2'"
if [[ -n $C1 && -n $C2 && $C1 != "$C2" ]]; then ok "the countdown moves while waiting"; else fail "the countdown did not change"; fi
LINES_WITH=$(screen | grep -cF "left] Your answer" || true)
if [[ $LINES_WITH == 1 ]]; then ok "the countdown is redrawn in place (no new lines)"; else fail "$LINES_WITH countdown lines"; fi
STATUS=$(wait_exit 20)
if [[ $STATUS == 0 ]]; then ok "the idle exam ends by itself with exit 0"; else fail "idle exam exit status: $STATUS"; fi
if wait_for "Time is up" 5; then ok "time up is said"; else fail "no time-up notice"; fi
if wait_for "No question was answered (of 2)." 5; then ok "nothing answered, nothing scored"; else fail "idle exam summary"; fi

echo "quiz-tmux-test: $PASSES passed, $FAILS failed"
(( FAILS == 0 ))
