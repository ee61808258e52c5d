#!/usr/bin/env python3
"""Runs a test page in headless Chromium and writes what it computed: loads PAGE (an HTML file),
waits until the page sets `window.kmemResult`, and writes JSON.stringify(window.kmemResult) to
OUT. The Swift tests that hold the browser quiz to the Swift code (BrowserGradingTests,
BrowserFSRSTests, BrowserProgressTests) write such a page and compare the result.
Exit 0 when the page gave a result, 1 when it threw or gave none (the reason on stderr).
Usage: scripts/chromium-eval.py PAGE OUT"""
import os
import sys

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not go to the network
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait


def main():
    page, out = os.path.abspath(sys.argv[1]), sys.argv[2]
    o = webdriver.ChromeOptions()
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--allow-file-access-from-files"]:
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if os.path.exists("/usr/bin/chromium"):
        o.binary_location = "/usr/bin/chromium"
    d = webdriver.Chrome(options=o, service=Service("/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else Service())
    try:
        d.get("file://" + page)
        # Not a timing assertion: only how long to wait before giving up on a page that hangs.
        WebDriverWait(d, 600).until(lambda d: d.execute_script("return window.kmemResult !== undefined"))
        result = d.execute_script("return JSON.stringify(window.kmemResult)")
        errors = [e["message"] for e in d.get_log("browser") if e.get("level") == "SEVERE"]
    finally:
        d.quit()
    if errors:
        print("chromium-eval: errors on the page:\n" + "\n".join(errors), file=sys.stderr)
        return 1
    with open(out, "w", encoding="utf-8") as f:
        f.write(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
