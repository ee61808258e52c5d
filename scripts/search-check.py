#!/usr/bin/env python3
"""Search in a real browser, as the site's search page does it (its own term processing),
over a built site served on loopback. Each query must find EVERY page whose indexed text
contains it (read from the built HTML), plus the page named for it. Exit 1 otherwise.
Usage: scripts/search-check.py SITE"""
import functools
import html.parser
import http.server
import os
import re
import sys
import threading

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not go to the network
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

QUERIES = [  # language, query, a page it must find
    ("en", "guard page", "/en/vmalloc/"),
    ("zh", "高端内存", "/zh/layouts/"),
    ("zh", "伙伴", "/zh/pages/"),
    ("zh", "保护页", "/zh/vmalloc/"),
    ("zh", "伙伴分配器", "/zh/pages/"),
    ("ja", "ガードページ", "/ja/vmalloc/"),
    ("ja", "割り込みコンテキスト", "/ja/gfp/"),
]


class BodyText(html.parser.HTMLParser):
    """The text Pagefind indexes: inside data-pagefind-body, outside data-pagefind-ignore."""
    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base", "embed", "track"}

    def __init__(self):
        super().__init__()
        self.stack, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        a = dict(attrs)
        inside = bool(self.stack and self.stack[-1][0])
        ignored = bool(self.stack and self.stack[-1][1])
        self.stack.append((inside or "data-pagefind-body" in a, ignored or "data-pagefind-ignore" in a or tag in ("script", "style")))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] and not self.stack[-1][1]:
            self.text.append(data)


def expected(site, lang, query):
    want = set()
    for d, _, files in os.walk(os.path.join(site, lang)):
        for f in files:
            if not f.endswith(".html"):
                continue
            p = BodyText()
            p.feed(open(os.path.join(d, f), encoding="utf-8").read())
            text = re.sub(r"\s+", " ", "".join(p.text)).lower()
            if query.lower() in text:
                want.add("/" + os.path.relpath(os.path.join(d, f), site).replace(os.sep, "/"))
    return want


def main():
    site = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "site")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    o = webdriver.ChromeOptions()
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]:
        o.add_argument(a)
    if os.path.exists("/usr/bin/chromium"):
        o.binary_location = "/usr/bin/chromium"
    d = webdriver.Chrome(options=o, service=Service("/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else Service())
    d.set_script_timeout(120)
    fail = 0
    try:
        for lang, q, must in QUERIES:
            # The language's search page: its search.js decides how the query is processed.
            d.get(f"http://127.0.0.1:{srv.server_address[1]}/{lang}/search/index.html")
            term, urls = d.execute_async_script("""
const [q, done] = arguments;
(async () => {
  const pf = await import('/pagefind/pagefind.js');
  await pf.options({ bundlePath: '/pagefind/' });
  const term = window.kmemguideProcessTerm ? window.kmemguideProcessTerm(q) : q;
  const r = await pf.search(term);
  const urls = [];
  for (const x of r.results) urls.push((await x.data()).url);
  done([term, urls]);
})().catch(e => done(['error: ' + e, []]));""", q)
            found = {u if u.endswith(".html") else u + "index.html" for u in urls}
            want = expected(site, lang, q)
            missing = sorted(want - found)
            print(f"{lang}\t{q}\t(searched as {term})\tfound {len(found)}, pages containing it {len(want)}")
            if missing:
                print(f"search-check: '{q}' ({lang}) missed {len(missing)} page(s) that contain it: {' '.join(missing)}", file=sys.stderr)
                fail = 1
            if must + "index.html" not in found:
                print(f"search-check: '{q}' ({lang}) did not find {must}", file=sys.stderr)
                fail = 1
    finally:
        d.quit()
        srv.shutdown()
    if not fail:
        print("search-check: every query found every page that contains it")
    return fail


if __name__ == "__main__":
    sys.exit(main())
