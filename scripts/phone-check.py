#!/usr/bin/env python3
"""Loads every page of a built site in headless Chromium at phone (390x844) and desktop
(1366x900) width, in light and dark colours; screenshots each; reports any page wider than
the viewport and axe-core's serious and critical findings. Exit 1 when there is any.

Usage: scripts/phone-check.py SITE OUT [--no-shots] [--no-axe] [--only SUBSTRING]
Run it through scripts/phone-check.sh, which installs what it needs."""
import argparse
import functools
import http.server
import json
import os
import sys
import threading

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not go to the network
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

SIZES = [("phone", 390, 844), ("desktop", 1366, 900)]
SCHEMES = ["light", "dark"]

# The elements that stick out past the right edge: the first few, for the report.
WIDEST_JS = """
const vw = document.documentElement.clientWidth;
const out = [];
for (const e of document.querySelectorAll('body *')) {
  const r = e.getBoundingClientRect();
  if (r.right > vw + 1 && r.width > 0) {
    // Only the outermost offender: skip an element whose scrolling ancestor contains it.
    let p = e.parentElement, clipped = false;
    while (p && p !== document.body) {
      const s = getComputedStyle(p);
      if (/(auto|scroll|hidden)/.test(s.overflowX)) { clipped = true; break; }
      p = p.parentElement;
    }
    if (!clipped) out.push(e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '') + ' right=' + Math.round(r.right));
  }
  if (out.length >= 5) break;
}
return out;
"""


def pages(site):
    found = []
    for d, dirs, files in os.walk(site):
        rel = os.path.relpath(d, site)
        if rel.split(os.sep)[0] in ("pagefind", "assets", "downloads"):
            continue
        for f in files:
            if f.endswith(".html"):
                found.append(os.path.normpath(os.path.join(rel, f)).replace(os.sep, "/"))
    return sorted(found)


def serve(site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    handler = functools.partial(Quiet, directory=site)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def driver():
    o = webdriver.ChromeOptions()
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
              "--disable-dev-shm-usage"]:
        o.add_argument(a)
    chromium = "/usr/bin/chromium"
    if os.path.exists(chromium):
        o.binary_location = chromium
    service = Service("/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else Service()
    return webdriver.Chrome(options=o, service=service)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("out")
    ap.add_argument("--no-shots", action="store_true")
    ap.add_argument("--no-axe", action="store_true")
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    site = os.path.abspath(args.site)
    os.makedirs(args.out, exist_ok=True)
    axe_src = None
    if not args.no_axe:
        try:
            import axe_selenium_python
            path = os.path.join(os.path.dirname(axe_selenium_python.__file__), "node_modules", "axe-core", "axe.min.js")
            axe_src = open(path, encoding="utf-8").read()
        except Exception as e:  # noqa: BLE001 - say what is missing, go on without axe
            print(f"phone-check: axe-core not available ({e}); install axe-selenium-python", file=sys.stderr)
    srv = serve(site)
    base = f"http://127.0.0.1:{srv.server_address[1]}/"
    d = driver()
    d.set_page_load_timeout(60)
    d.set_script_timeout(60)
    wide, axe_bad, theme_bad, count = [], [], [], 0
    todo = [p for p in pages(site) if args.only in p]
    try:
        for name, w, h in SIZES:
            d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                              {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": name == "phone"})
            for scheme in SCHEMES:
                d.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                  {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
                for p in todo:
                    d.get(base + p)
                    count += 1
                    sw, vw = d.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
                    if sw > vw:
                        wide.append(f"{p} at {name} {scheme}: {sw} px wide in a {vw} px viewport; {d.execute_script(WIDEST_JS)}")
                    tag = "root" if p == "index.html" else p.replace("/index.html", "").replace("/", "-").replace(".html", "")
                    if not args.no_shots:
                        shot = d.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
                        import base64
                        with open(os.path.join(args.out, f"{tag}.{name}.{scheme}.png"), "wb") as f:
                            f.write(base64.b64decode(shot["data"]))
                    # axe once per page and colour scheme (contrast differs), at desktop width.
                    if axe_src and name == "desktop":
                        d.execute_script(axe_src)
                        res = d.execute_async_script(
                            "const done = arguments[0]; axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => [v.id, v.impact, v.nodes.length, v.nodes.slice(0,2).map(n => n.target.join(' '))])), e => done([['error', 'critical', 0, [String(e)]]]));")
                        for vid, impact, n, targets in res:
                            if impact in ("serious", "critical"):
                                axe_bad.append(f"{p} ({scheme}): {vid} [{impact}] on {n} element(s), e.g. {targets}")
        # The theme toggle: follows the system until pressed, then remembered across pages.
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "light"}]})
        d.get(base + "en/index.html")
        d.execute_script("localStorage.removeItem('kmemguide.theme')")
        d.get(base + "en/index.html")
        bg = lambda: d.execute_script("return getComputedStyle(document.body).backgroundColor")
        light = bg()
        d.execute_script("document.querySelector('.theme-toggle').click()")
        dark = bg()
        d.get(base + "zh/layouts/index.html")
        kept = bg()
        fill = d.execute_script("const r = document.querySelector('.diagram rect.r-user'); return r ? getComputedStyle(r).fill : ''")
        if not (light != dark and kept == dark):
            theme_bad.append(f"the toggle did not switch or was not remembered (light {light}, after toggle {dark}, next page {kept})")
        else:
            print(f"phone-check: theme toggle switches ({light} -> {dark}) and is remembered on the next page; diagram fill in dark: {fill}")
        d.execute_script("localStorage.removeItem('kmemguide.theme')")
    finally:
        d.quit()
        srv.shutdown()
    for line in theme_bad:
        print("THEME: " + line)
    print(f"phone-check: {count} page loads ({len(todo)} pages x {len(SIZES)} widths x {len(SCHEMES)} colour schemes); screenshots in {args.out}")
    for line in wide:
        print("WIDER THAN THE VIEWPORT: " + line)
    for line in axe_bad:
        print("AXE: " + line)
    if not wide:
        print("phone-check: no page is wider than its viewport")
    if axe_src and not axe_bad:
        print("phone-check: axe-core reports no serious or critical violation")
    return 1 if wide or axe_bad or theme_bad else 0


if __name__ == "__main__":
    sys.exit(main())
