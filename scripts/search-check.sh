#!/usr/bin/env bash
# Exercises search in a real browser: serves a built site on loopback, loads Pagefind's own
# JavaScript API in headless Chromium, and checks that an English, a Chinese and a Japanese
# query each find the page they should. Usage: scripts/search-check.sh [SITE_DIR]
set -euo pipefail
SITE=${1:-site}
command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
cp -r "$SITE" "$WORK/site"
cat > "$WORK/site/search-probe.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head><body><pre id="out">pending</pre>
<script type="module">
const queries = [["en", "guard page"], ["zh", "保护页"], ["ja", "ガードページ"], ["zh", "伙伴分配器"], ["ja", "割り込みコンテキスト"]];
const lines = [];
const out = document.getElementById("out");
for (const [lang, q] of queries) {
  try {
    const pf = await import(`/pagefind/pagefind.js?${lang}`);
    // Pagefind picks the index by the page's language; switch it per query.
    document.documentElement.lang = lang === "zh" ? "zh-Hans" : lang;
    await pf.options({ bundlePath: "/pagefind/" });
    await pf.init();
    const r = await pf.search(q);
    const urls = [];
    for (const x of r.results.slice(0, 5)) urls.push((await x.data()).url);
    lines.push(`${lang}\t${q}\t${r.results.length}\t${urls.join(" ")}`);
  } catch (e) {
    lines.push(`${lang}\t${q}\terror\t${e}`);
  }
  out.textContent = lines.join("\n");
}
out.textContent = lines.join("\n") + "\ndone";
</script></body></html>
HTML
PORT=$((20000 + RANDOM % 20000))
(cd "$WORK/site" && exec python3 -m http.server "$PORT" --bind 127.0.0.1 >/dev/null 2>&1) &
SERVER=$!
for _ in $(seq 50); do curl -s "http://127.0.0.1:$PORT/" >/dev/null 2>&1 && break; sleep 0.1; done
# Headless Chromium dumps the page when its virtual time runs out, which can come before the
# last query returns on a loaded machine: try again until the probe says it is done.
for attempt in 1 2 3 4 5; do
  OUT=$(timeout 90 chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=600000 --dump-dom "http://127.0.0.1:$PORT/search-probe.html" 2>/dev/null \
        | python3 -c 'import sys,re,html; m=re.search(r"<pre id=\"out\">(.*?)</pre>", sys.stdin.read(), re.S); print(html.unescape(m.group(1)) if m else "no output")')
  echo "$OUT" | grep -qx done && break
done
echo "$OUT"
fail=0
check() { # lang query expected-url-part
  if ! echo "$OUT" | grep -P "^$1\t$2\t[1-9]" | grep -q "$3"; then echo "search-check: '$2' ($1) did not find $3" >&2; fail=1; fi
}
check en "guard page" "/en/vmalloc/"
check zh "保护页" "/zh/vmalloc/"
check ja "ガードページ" "/ja/vmalloc/"
check zh "伙伴分配器" "/zh/pages/"
check ja "割り込みコンテキスト" "/ja/gfp/"
[ $fail -eq 0 ] && echo "search-check: all queries found their pages"
exit $fail
