#!/usr/bin/env python3
"""The browser quiz in headless Chromium, checked as a reader uses it, at phone width (390x844)
and desktop width (1366x900), in light and dark colours:
Check with nothing chosen (or typed input that is not an answer) is not graded; a graded
question locks its inputs and marks its options with a sign and a word; ordering questions start
with no position chosen; tap targets are at least 44 px; progress and the running score show;
answers typed as the terminal accepts them (`backticks`, 0X…_…, 1,024) are graded right;
a reload continues the quiz; the topic list follows the chapters; the results link mistakes
to their topic page; answers are scheduled (FSRS) in localStorage, exported as progress.json
and imported back; the review button asks the due questions; no page is wider than the screen;
axe-core finds nothing serious in any state. Screenshots of each state go to OUT.
Exit 1 on any failure.
Usage: scripts/quiz-check.py SITE [OUT]  (scripts/phone-check.sh installs what it needs)"""
import base64
import functools
import glob
import http.server
import json
import os
import sys
import tempfile
import threading
import time

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


def axe_source():
    try:
        import axe_selenium_python
        path = os.path.join(os.path.dirname(axe_selenium_python.__file__), "node_modules", "axe-core", "axe.min.js")
        return open(path, encoding="utf-8").read()
    except Exception as e:  # noqa: BLE001 - say what is missing
        print(f"quiz-check: axe-core not available ({e}); install axe-selenium-python", file=sys.stderr)
        return None


class Check:
    def __init__(self, d, base, out, axe):
        self.d, self.base, self.out, self.axe = d, base, out, axe
        self.js = d.execute_script

    def shot(self, tag):
        if self.out:
            # The question (or the results) at the top of the screen, the way a reader sees it.
            self.js("const e = document.querySelector('#quiz .quiz-status') || document.querySelector('#quiz h2') || document.querySelector('#quiz-setup'); if (e) e.scrollIntoView({block: 'start'});")
            data = self.d.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})
            with open(os.path.join(self.out, f"quiz-{tag}.png"), "wb") as f:
                f.write(base64.b64decode(data["data"]))

    def audit(self, what):
        if not self.axe:
            return
        self.js(self.axe)
        res = self.d.execute_async_script(
            "const done = arguments[0]; axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => [v.id, v.impact, v.nodes.length, v.nodes.slice(0,2).map(n => n.target.join(' '))])), e => done([['error', 'critical', 0, [String(e)]]]));")
        bad = [r for r in res if r[1] in ("serious", "critical")]
        expect(not bad, f"axe-core: nothing serious or critical ({what}){': ' + str(bad) if bad else ''}")

    def fits(self, what, width):
        sw = self.js("return document.documentElement.scrollWidth")
        expect(sw <= width, f"{what}: the page fits the {width} px screen ({sw} px)")

    def bank(self):
        return self.js("return JSON.parse(document.getElementById('quiz-bank').textContent).questions")

    def current(self):
        return self.js("const s = JSON.parse(localStorage.getItem('kmemguide.quiz.en')); if (!s || s.i >= s.ids.length) return null; "
                       "return JSON.parse(document.getElementById('quiz-bank').textContent).questions.find(q => q.id === s.ids[s.i])")


def answer(c, form, q, right):
    """Answers the question on screen, right or wrong, the way a reader would."""
    a = q["answer"]
    kind = a["type"]
    if kind in ("choices", "truefalse"):
        for inp in form.find_elements(By.CSS_SELECTOR, "input[type=radio], input[type=checkbox]"):
            v = inp.get_attribute("value")
            good = (v == "true") == a["value"] if kind == "truefalse" else v in a["correct"]
            if good == right:
                inp.click()
                if q["kind"] != "multiple" or not right:
                    break
    elif kind == "matching":
        n = len(a["pairs"])
        for s in form.find_elements(By.CSS_SELECTOR, "select"):
            k = int(s.get_attribute("data-k"))
            Select(s).select_by_value(str(k if right else (k + 1) % n))
    elif kind == "ordering":
        n = len(a["items"])
        for s in form.find_elements(By.CSS_SELECTOR, "select"):
            k = int(s.get_attribute("data-k"))
            Select(s).select_by_value(str((k if right else (k + 1) % n) + 1))
    else:
        box = form.find_element(By.CSS_SELECTOR, "input[type=text]")
        if kind == "numeric":
            v = a["value"]
            text = (f"{int(v):,}" if v == int(v) else str(v)) if right else str(v + 1000003)
        elif kind == "hex":
            digits = a["value"][2:].lstrip("0") or "0"
            grouped = "_".join([digits[max(0, i - 4):i] for i in range(len(digits), 0, -4)][::-1])
            text = "0X" + grouped.upper() if right else "0x1"
        else:
            acc = a["accepted"][0]
            text = (acc if "`" in acc else "`" + acc + "`") if right else "nothing-like-it"
        box.send_keys(text)


def run_quiz(c, width, scheme):
    d, js = c.d, c.js
    tag = f"{width}.{scheme}"
    d.get(c.base + "en/quiz/index.html")
    js("localStorage.clear()")
    d.get(c.base + "en/quiz/index.html")
    c.shot(f"setup.{tag}")
    c.fits(f"{tag} setup", width)
    c.audit(f"{tag} setup")
    sel = d.find_element(By.ID, "quiz-topic")
    expect(js("return arguments[0].getBoundingClientRect().right", sel) <= width, f"{tag}: the topic dropdown fits the screen")
    chapters = js("return Array.from(document.querySelectorAll('.toc-nav a')).map(a => a.getAttribute('href').split('/').slice(-2)[0])")
    topics = [o.get_attribute("value") for o in Select(sel).options][1:]
    expect(topics == [ch for ch in chapters if ch in topics], f"{tag}: topics in chapter order ({', '.join(topics)})")
    small = js("return Array.from(document.querySelectorAll('#quiz-setup select, #quiz-setup input, #quiz-setup button, .quiz-progress button')).filter(e => e.offsetParent && e.getBoundingClientRect().height < 44).map(e => e.id || e.tagName)")
    expect(not small, f"{tag}: setup and progress controls are at least 44 px tall {small}")
    total = len(c.bank())
    d.find_element(By.ID, "quiz-count").clear()
    d.find_element(By.ID, "quiz-count").send_keys(str(total))
    d.find_element(By.CSS_SELECTOR, "#quiz-setup button[type=submit]").click()
    expect(bool(d.find_elements(By.CSS_SELECTOR, ".quiz-status progress")), f"{tag}: a progress bar shows")
    seen, right_count, partial_seen = set(), 0, False
    for n in range(total):
        form = d.find_element(By.CSS_SELECTOR, "#quiz form.quiz-q")
        q = c.current()
        kind = q["kind"]
        first = kind not in seen
        seen.add(kind)
        if first:
            form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            notice = form.find_element(By.CSS_SELECTOR, ".quiz-notice")
            expect(notice.is_displayed() and not form.find_elements(By.CSS_SELECTOR, ".feedback"),
                   f"{tag} {kind}: Check with nothing chosen asks for an answer and does not grade ({notice.text!r})")
            small = js("return Array.from(arguments[0].querySelectorAll('.quiz-option, select, input[type=text], button')).filter(e => e.offsetParent && e.getBoundingClientRect().height < 44).length", form)
            expect(small == 0, f"{tag} {kind}: every control is at least 44 px tall")
            c.fits(f"{tag} {kind} question", width)
            if kind == "ordering":
                vals = js("return Array.from(arguments[0].querySelectorAll('select')).map(s => s.value)", form)
                expect(all(v == "" for v in vals), f"{tag} ordering: no position is chosen to begin with")
            if kind in ("numeric", "hex"):
                form.find_element(By.CSS_SELECTOR, "input[type=text]").send_keys("not a number")
                form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
                expect(not form.find_elements(By.CSS_SELECTOR, ".feedback") and notice.is_displayed(),
                       f"{tag} {kind}: input that is not a {kind} is asked again, not graded ({notice.text!r})")
                form.find_element(By.CSS_SELECTOR, "input[type=text]").clear()
            if n < 12:
                c.shot(f"q-{kind}.{tag}")
        right = n % 3 != 1
        if kind == "matching" and not partial_seen and len(q["answer"]["pairs"]) >= 3:
            # One pair swapped: partial credit, shown as such.
            answer(c, form, q, True)
            sels = form.find_elements(By.CSS_SELECTOR, "select")
            a0, a1 = Select(sels[0]).first_selected_option.get_attribute("value"), Select(sels[1]).first_selected_option.get_attribute("value")
            Select(sels[0]).select_by_value(a1)
            Select(sels[1]).select_by_value(a0)
            right = None
        else:
            answer(c, form, q, right)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        verdict = form.find_element(By.CSS_SELECTOR, ".feedback p").text
        if right is None:
            partial_seen = True
            expect("%" in verdict and "◐" in verdict, f"{tag} matching: one pair swapped gets partial credit ({verdict!r})")
        else:
            expect(verdict.startswith("✓") == right, f"{tag} {kind} answered {'right' if right else 'wrong'}: graded so ({verdict!r})")
            right_count += 1 if right else 0
        if first:
            locked = js("return Array.from(arguments[0].querySelectorAll('input, select')).every(e => e.disabled)", form)
            expect(locked, f"{tag} {kind}: after grading the inputs are locked")
            marks = [m.text for m in form.find_elements(By.CSS_SELECTOR, ".mark")]
            expect(marks and all(m[:1] in "✓✗" and len(m) > 2 for m in marks), f"{tag} {kind}: marked right or wrong with a sign and a word {marks[:3]}")
            score = d.find_element(By.CSS_SELECTOR, ".quiz-status .score").text
            expect(str(n + 1) in score, f"{tag} {kind}: the running score counts the answer ({score})")
            nxt = form.find_element(By.CSS_SELECTOR, ".feedback .quiz-meta").text
            expect("Next review" in nxt, f"{tag} {kind}: the next review is scheduled ({nxt!r})")
            if n < 12:
                c.shot(f"graded-{kind}.{tag}")
                if kind in ("single", "ordering", "short"):
                    c.audit(f"{tag} graded {kind}")
        if n == 2:
            d.refresh()
            status = d.find_element(By.CSS_SELECTOR, ".quiz-status .count").text
            want = js("const ui = JSON.parse(document.getElementById('quiz-ui').textContent); return ui['quiz.question'].replace('{n}', 4).replace('{total}', arguments[0])", total)
            expect(status == want, f"{tag}: a reload continues at question 4 ({status!r})")
            continue
        form.find_element(By.CSS_SELECTOR, ".feedback button").click()
    c.shot(f"results.{tag}")
    c.fits(f"{tag} results", width)
    c.audit(f"{tag} results")
    links = d.find_elements(By.CSS_SELECTOR, "#quiz .quiz-q a[href$='/index.html']")
    expect(len(links) > 0 and all(l.get_attribute("href").split("/")[-2] in topics for l in links), f"{tag}: mistakes link to their topic pages")
    by_topic = [a.get_attribute("href").split("/")[-2] for a in d.find_elements(By.CSS_SELECTOR, "#quiz > ul a")]
    expect(by_topic == [t for t in topics if t in by_topic], f"{tag}: results by topic in chapter order")
    d.refresh()
    expect(bool(d.find_elements(By.CSS_SELECTOR, "#quiz h2")), f"{tag}: a reload keeps the results")
    return total


def progress_checks(c, total):
    d, js = c.d, c.js
    book = json.loads(js("return localStorage.getItem('kmemguide.progress')"))
    expect(book["version"] == 1 and len(book["cards"]) == total, f"progress in localStorage: format 1, {len(book['cards'])} cards")
    summary = d.find_element(By.ID, "quiz-progress-summary").text
    expect(str(total) in summary, f"the progress summary counts the answers ({summary!r})")
    # Export: the download is the progress file.
    dl = tempfile.mkdtemp(prefix="quiz-check-dl-")
    d.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": dl})
    d.find_element(By.ID, "quiz-export").click()
    path = os.path.join(dl, "progress.json")
    for _ in range(100):
        if os.path.exists(path) and not glob.glob(os.path.join(dl, "*.crdownload")):
            break
        time.sleep(0.1)
    exported = json.load(open(path, encoding="utf-8")) if os.path.exists(path) else {}
    expect(exported.get("version") == 1 and len(exported.get("cards", {})) == total and exported.get("scheduler", "").startswith("FSRS-6"),
           "Export progress downloads progress.json in the terminal quiz's format")
    # Import a file with one newer card and one card this browser does not have.
    ids = sorted(exported["cards"])
    exported["cards"][ids[0]]["card"]["last_review"] = "2099-01-01T00:00:00Z"
    exported["cards"][ids[0]]["card"]["due"] = "2099-01-02T00:00:00Z"
    exported["cards"]["from-the-terminal/1"] = dict(exported["cards"][ids[1]])
    new = os.path.join(dl, "from-terminal.json")
    json.dump(exported, open(new, "w", encoding="utf-8"))
    d.find_element(By.ID, "quiz-import").send_keys(new)
    time.sleep(0.3)
    note = d.find_element(By.ID, "quiz-progress-note").text
    book = json.loads(js("return localStorage.getItem('kmemguide.progress')"))
    expect("2 of its" in note and len(book["cards"]) == total + 1 and book["cards"][ids[0]]["card"]["due"] == "2099-01-02T00:00:00Z",
           f"Import takes the newer and the new cards ({note!r})")
    bad = os.path.join(dl, "bad.json")
    open(bad, "w").write('{"version": 1, "cards": {"x": tru')
    d.find_element(By.ID, "quiz-import").send_keys(bad)
    time.sleep(0.3)
    note = d.find_element(By.ID, "quiz-progress-note").text
    after = json.loads(js("return localStorage.getItem('kmemguide.progress')"))
    expect("cannot be imported" in note and after == book, f"a broken file is refused and nothing changes ({note!r})")
    # Review: the questions answered wrong a moment ago are due (learning step of 1 minute).
    due = js("return KmemQuiz.progress.dueIds(KmemQuiz.progress.decode(localStorage.getItem('kmemguide.progress'), Math.floor(Date.now()/1000)).book, "
             "JSON.parse(document.getElementById('quiz-bank').textContent).questions.map(q => q.id), Math.floor(Date.now()/1000))")
    button = d.find_element(By.ID, "quiz-review")
    expect(f"({len(due)})" in button.text and len(due) > 0, f"the review button counts the due questions ({button.text!r}, {len(due)} due)")
    button.click()
    status = d.find_element(By.CSS_SELECTOR, ".quiz-status").text
    first = c.current()
    expect("Review" in status and first and first["id"] == due[0], f"review starts with the most overdue question ({status!r})")
    c.shot("review")


def main():
    site = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "site")
    out = sys.argv[2] if len(sys.argv) > 2 else None
    if out:
        os.makedirs(out, exist_ok=True)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    o = webdriver.ChromeOptions()
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1"]:
        o.add_argument(a)
    if os.path.exists("/usr/bin/chromium"):
        o.binary_location = "/usr/bin/chromium"
    d = webdriver.Chrome(options=o, service=Service("/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else Service())
    c = Check(d, f"http://127.0.0.1:{srv.server_address[1]}/", out, axe_source())
    try:
        for width, height, mobile in [(390, 844, True), (1366, 900, False)]:
            d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
            for scheme in ["light", "dark"]:
                d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
                total = run_quiz(c, width, scheme)
        progress_checks(c, total)
    finally:
        d.quit()
        srv.shutdown()
    print(f"quiz-check: {'all checks passed' if not failures else str(len(failures)) + ' failed'}" + (f"; screenshots in {out}" if out else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
