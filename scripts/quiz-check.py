#!/usr/bin/env python3
"""The browser quiz in headless Chromium at phone width (390x844), checked as a reader uses it:
Check with nothing chosen is not graded; a graded question locks its inputs and marks its
options; ordering questions start with no position chosen; tap targets are at least 44 px;
progress and the running score show; a reload offers to continue; the topic list follows the
chapters; the results link mistakes to their topic page. Exit 1 on the first failure.
Usage: scripts/quiz-check.py SITE  (scripts/phone-check.sh installs what it needs)"""
import functools
import http.server
import os
import sys
import threading

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not go to the network
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

failures = []


def expect(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


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
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if os.path.exists("/usr/bin/chromium"):
        o.binary_location = "/usr/bin/chromium"
    d = webdriver.Chrome(options=o, service=Service("/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else Service())
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    base = f"http://127.0.0.1:{srv.server_address[1]}/en/quiz/index.html"
    js = d.execute_script
    try:
        d.get(base)
        js("localStorage.clear()")
        d.get(base)
        sel = d.find_element(By.ID, "quiz-topic")
        expect(js("return arguments[0].getBoundingClientRect().right", sel) <= 390, "the topic dropdown fits a 390 px screen")
        expect(js("return document.documentElement.scrollWidth") <= 390, "the quiz page is no wider than the screen")
        chapters = js("return Array.from(document.querySelectorAll('.toc-nav a')).map(a => a.getAttribute('href').split('/').slice(-2)[0])")
        topics = [o.get_attribute("value") for o in Select(sel).options][1:]
        expect(topics == [c for c in chapters if c in topics], f"topics in chapter order ({', '.join(topics)})")
        # Every question of the bank, so each kind of question comes up.
        total = js("return JSON.parse(document.getElementById('quiz-bank').textContent).questions.length")
        d.find_element(By.ID, "quiz-count").clear()
        d.find_element(By.ID, "quiz-count").send_keys(str(total))
        d.find_element(By.CSS_SELECTOR, "#quiz-setup button").click()
        expect(d.find_element(By.CSS_SELECTOR, ".quiz-status progress") is not None, "a progress bar shows")
        seen_kinds = set()
        for n in range(total):
            form = d.find_element(By.CSS_SELECTOR, "#quiz form.quiz-q")
            kind = js("const ids = JSON.parse(localStorage.getItem('kmemguide.quiz.en')).ids; const s = JSON.parse(localStorage.getItem('kmemguide.quiz.en')); return JSON.parse(document.getElementById('quiz-bank').textContent).questions.find(q => q.id === s.ids[s.i]).kind")
            first_of_kind = kind not in seen_kinds
            seen_kinds.add(kind)
            if first_of_kind:
                # Nothing chosen: Check must ask, not grade.
                form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
                notice = form.find_element(By.CSS_SELECTOR, ".quiz-notice")
                ok = notice.is_displayed() and not form.find_elements(By.CSS_SELECTOR, ".feedback")
                if not ok and os.environ.get("QUIZ_DEBUG"):
                    print(d.get_log("browser"), js("return [document.activeElement.outerHTML.slice(0,200), window.scrollY]"), form.get_attribute("outerHTML")[-600:])
                expect(ok, f"{kind}: Check with nothing chosen asks for an answer and does not grade")
                small = js("return Array.from(arguments[0].querySelectorAll('.quiz-option, select, input[type=text], button')).filter(e => e.offsetParent && e.getBoundingClientRect().height < 44).length", form)
                expect(small == 0, f"{kind}: every control is at least 44 px tall")
                expect(js("return document.documentElement.scrollWidth") <= 390, f"{kind}: the question fits the 390 px screen")
                if kind == "ordering":
                    vals = js("return Array.from(arguments[0].querySelectorAll('select')).map(s => s.value)", form)
                    expect(all(v == "" for v in vals), "ordering: no position is chosen to begin with")
            # Answer: first option / first choices / "1".
            radios = form.find_elements(By.CSS_SELECTOR, "input[type=radio], input[type=checkbox]")
            if radios:
                radios[0].click()
            for i, s in enumerate(form.find_elements(By.CSS_SELECTOR, "select")):
                Select(s).select_by_index(1 + i % (len(Select(s).options) - 1))
            for t in form.find_elements(By.CSS_SELECTOR, "input[type=text]"):
                t.send_keys("1")
            form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            if first_of_kind:
                locked = js("return Array.from(arguments[0].querySelectorAll('input, select')).every(e => e.disabled)", form)
                expect(locked, f"{kind}: after grading the inputs are locked")
                if radios or form.find_elements(By.CSS_SELECTOR, "select"):
                    expect(bool(form.find_elements(By.CSS_SELECTOR, ".is-right, .is-wrong")), f"{kind}: options are marked right or wrong")
                score = d.find_element(By.CSS_SELECTOR, ".quiz-status .score").text
                expect(str(n + 1) in score, f"{kind}: the running score counts the answer ({score})")
            if n == 2:
                d.refresh()
                expect(bool(d.find_elements(By.CSS_SELECTOR, ".quiz-resume")), "a reload offers to continue the quiz")
                d.find_element(By.CSS_SELECTOR, ".quiz-resume .button").click()
                expect("4" in d.find_element(By.CSS_SELECTOR, ".quiz-status").text, "continuing resumes at question 4")
                continue
            form.find_element(By.CSS_SELECTOR, ".feedback button").click()
        links = d.find_elements(By.CSS_SELECTOR, "#quiz .quiz-q a[href$='/index.html']")
        expect(len(links) > 0 and all(l.get_attribute("href").split("/")[-2] in topics for l in links), "mistakes link to their topic pages")
    finally:
        d.quit()
        srv.shutdown()
    print(f"quiz-check: {'all checks passed' if not failures else str(len(failures)) + ' failed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
