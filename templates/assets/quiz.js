// The browser quiz: the same questions as `kmemguide quiz`, embedded in the page so it also
// works opened from disk. One question at a time; an answer must be given before it is
// graded (by quiz-core.js, the port of the terminal quiz's grader); then the inputs lock, the
// options are marked right or wrong (with a sign and a word, not by colour alone), and the
// explanation follows. Every answer is scheduled with FSRS as in the terminal quiz and kept,
// with the quiz in progress, in localStorage: a reload continues where it was, and the
// progress can be exported and imported as the terminal quiz's progress.json.
(function () {
  "use strict";
  var K = window.KmemQuiz;
  var bank = JSON.parse(document.getElementById("quiz-bank").textContent);
  var grading = JSON.parse(document.getElementById("quiz-grading").textContent).questions || {};
  var ui = JSON.parse(document.getElementById("quiz-ui").textContent);
  var box = document.getElementById("quiz");
  var setup = document.getElementById("quiz-setup");
  var topicSelect = document.getElementById("quiz-topic");
  var countInput = document.getElementById("quiz-count");
  var STORE = "kmemguide.quiz." + (bank.language || document.documentElement.lang);
  // One progress for every language, as the terminal quiz keeps one progress.json.
  var PROGRESS = "kmemguide.progress";
  var t = function (key, vars) {
    var s = ui[key] || key;
    Object.keys(vars || {}).forEach(function (k) { s = s.split("{" + k + "}").join(vars[k]); });
    return s;
  };
  var el = function (tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  };
  var shuffle = function (a) {
    a = a.slice();
    for (var i = a.length - 1; i > 0; i--) { var j = Math.floor(Math.random() * (i + 1)); var x = a[i]; a[i] = a[j]; a[j] = x; }
    return a;
  };
  var range = function (n) { var a = []; for (var i = 0; i < n; i++) a.push(i); return a; };
  // Whole seconds, as progress.json stores them.
  var nowSeconds = function () { return Math.floor(Date.now() / 1000); };
  var letters = "abcdefghijklmnopqrstuvwxyz";
  var byId = {};
  bank.questions.forEach(function (q) { byId[q.id] = q; });

  // Topics in the order of the chapters: the order of the site's contents in the sidebar.
  var chapterOrder = [];
  Array.prototype.forEach.call(document.querySelectorAll(".toc-nav a[href]"), function (a) {
    var m = /([^/]+)\/index\.html$/.exec(a.getAttribute("href"));
    if (m && chapterOrder.indexOf(m[1]) < 0) chapterOrder.push(m[1]);
  });
  var rank = function (tp) { var i = chapterOrder.indexOf(tp); return i < 0 ? 1e6 : i; };
  var topics = [];
  bank.questions.forEach(function (q) { if (topics.indexOf(q.topic) < 0) topics.push(q.topic); });
  topics.sort(function (a, b) { return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0); });
  var topicName = function (tp) { return ui["topic." + tp] || tp; };
  var topicHref = function (tp) { return "../" + tp + "/index.html"; };
  topics.forEach(function (tp) { topicSelect.appendChild(el("option", { value: tp }, topicName(tp))); });

  // ------------------------------------------------------------------ progress (FSRS)

  var book = K.progress.empty();
  var loadBook = function () {
    try {
      var text = localStorage.getItem(PROGRESS);
      if (text) book = K.progress.decode(text, nowSeconds()).book;
    } catch (e) { book = K.progress.empty(); }
  };
  var saveBook = function () {
    try { localStorage.setItem(PROGRESS, K.progress.encode(book)); } catch (e) { /* no storage: the quiz still works */ }
  };
  loadBook();

  // QuizCommand.relative: "in 10 min", "in 3 h", "in 4 days".
  var relative = function (sec) {
    if (sec < 3600) return t("quiz.in_minutes", { n: Math.max(1, Math.ceil(sec / 60)) });
    if (sec < 86400) return t("quiz.in_hours", { n: Math.round(sec / 3600) });
    return t("quiz.in_days", { n: Math.round(sec / 86400) });
  };
  var inPool = function (q) { return !topicSelect.value || q.topic === topicSelect.value; };
  var dueNow = function () { return K.progress.dueIds(book, bank.questions.filter(inPool).map(function (q) { return q.id; }), nowSeconds()); };

  var summary = document.getElementById("quiz-progress-summary");
  var reviewButton = document.getElementById("quiz-review");
  function showProgress() {
    var cards = Object.keys(book.cards).length, due = dueNow().length;
    summary.textContent = cards ? t("quiz.web.progress_summary", { cards: cards, due: due }) : t("quiz.web.progress_none");
    reviewButton.textContent = t("quiz.web.review") + " (" + due + ")";
  }
  topicSelect.addEventListener("change", showProgress);

  var note = document.getElementById("quiz-progress-note");
  document.getElementById("quiz-export").addEventListener("click", function () {
    var blob = new Blob([K.progress.encode(book)], { type: "application/json" });
    var a = el("a", { href: URL.createObjectURL(blob), download: "progress.json" });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  });
  var fileInput = document.getElementById("quiz-import");
  document.getElementById("quiz-import-button").addEventListener("click", function () { fileInput.click(); });
  fileInput.addEventListener("change", function () {
    var file = fileInput.files && fileInput.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      try {
        var read = K.progress.decode(String(reader.result), nowSeconds());
        var changed = K.progress.merge(book, read.book);
        saveBook();
        var msg = t("quiz.web.imported", { file: file.name, changed: changed, cards: Object.keys(read.book.cards).length });
        if (read.repaired.length) msg += " " + t("quiz.web.import_repaired", { n: read.repaired.length });
        note.textContent = msg;
      } catch (e) {
        var reason = e && e.key ? t(e.key, e.vars) : String(e && e.message || e);
        note.textContent = t("quiz.web.import_failed", { file: file.name, reason: reason });
      }
      fileInput.value = "";
      showProgress();
    };
    reader.readAsText(file);
  });

  // ------------------------------------------------------------------ the quiz in progress

  // state: { mode, ids, i, right, byTopic, mistakes (ids), shuffles, finished }
  var state = null;
  var save = function () {
    try { if (state) localStorage.setItem(STORE, JSON.stringify(state)); else localStorage.removeItem(STORE); } catch (e) { /* no storage */ }
  };
  var load = function () {
    try {
      var s = JSON.parse(localStorage.getItem(STORE) || "null");
      if (!s || !Array.isArray(s.ids) || typeof s.i !== "number") return null;
      // A saved quiz from an older bank: keep it only when all its questions still exist.
      if (!s.ids.every(function (id) { return byId[id] && grading[id]; })) return null;
      s.shuffles = s.shuffles || {}; s.byTopic = s.byTopic || {}; s.mistakes = s.mistakes || []; s.right = s.right || 0;
      return s;
    } catch (e) { return null; }
  };

  function begin(ids, mode) {
    state = { mode: mode, ids: ids, i: 0, right: 0, byTopic: {}, mistakes: [], shuffles: {}, finished: false };
    save();
    show();
  }
  var wanted = function (pool) { return Math.max(1, Math.min(pool.length, parseInt(countInput.value, 10) || 10)); };

  setup.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var pool = bank.questions.filter(function (q) { return inPool(q) && grading[q.id]; });
    if (!pool.length) return;
    begin(shuffle(pool).slice(0, wanted(pool)).map(function (q) { return q.id; }), "practice");
  });
  // Review, as `kmemguide quiz --mode review`: the due questions, most overdue first, then
  // questions never answered.
  reviewButton.addEventListener("click", function () {
    var due = dueNow().filter(function (id) { return grading[id]; });
    var fresh = shuffle(bank.questions.filter(function (q) { return inPool(q) && grading[q.id] && !book.cards[q.id]; }).map(function (q) { return q.id; }));
    var ids = due.concat(fresh);
    if (!ids.length) {
      var next = bank.questions.filter(function (q) { return inPool(q) && book.cards[q.id]; })
        .map(function (q) { return book.cards[q.id].card.due; }).sort(function (x, y) { return x - y; })[0];
      box.innerHTML = "";
      box.appendChild(el("p", { class: "quiz-notice" }, t("quiz.nothing_due", { when: next === undefined ? "—" : relative(next - nowSeconds()) })));
      return;
    }
    begin(ids.slice(0, wanted(ids)), "review");
  });

  function answerText(q) {
    var a = q.answer;
    switch (a.type) {
      case "choices": return q.choices.filter(function (c) { return a.correct.indexOf(c.id) >= 0; }).map(function (c) { return c.text; }).join("; ");
      case "truefalse": return a.value ? t("quiz.true") : t("quiz.false");
      case "numeric": return String(a.value);
      case "hex": return a.value;
      case "text": return a.accepted[0];
      case "matching": return a.pairs.map(function (p) { return p.left + " → " + p.right; }).join("; ");
      case "ordering": return a.items.join(" → ");
    }
    return "";
  }

  // The same shuffle after a reload: it is stored with the question's id.
  function shuffled(q, key, n) {
    var k = q.id + "/" + key;
    var saved = state.shuffles[k];
    if (saved && saved.length === n && range(n).every(function (x) { return saved.indexOf(x) >= 0; })) return saved.slice();
    var s = shuffle(range(n));
    // Never shown already solved (the terminal quiz's rule for matching and ordering).
    if (n >= 2 && s.every(function (x, i) { return x === i; })) s.push(s.shift());
    state.shuffles[k] = s;
    save();
    return s;
  }

  function statusBar() {
    var total = state.ids.length, done = state.i;
    var bar = el("div", { class: "quiz-status" });
    if (state.mode === "review") bar.appendChild(el("span", {}, t("quiz.web.reviewing")));
    bar.appendChild(el("progress", { max: String(total), value: String(done), "aria-label": t("quiz.question", { n: Math.min(done + 1, total), total: total }) }));
    bar.appendChild(el("span", { class: "count" }, t("quiz.question", { n: Math.min(done + 1, total), total: total })));
    bar.appendChild(el("span", { class: "score" }, t("quiz.web.running_score", { right: state.right, done: done })));
    return bar;
  }

  function mark(label, ok, text) {
    label.classList.add(ok ? "is-right" : "is-wrong");
    label.appendChild(el("span", { class: "mark" }, (ok ? "✓ " : "✗ ") + text));
  }

  function show() {
    box.innerHTML = "";
    if (state.i >= state.ids.length) return finish();
    var q = byId[state.ids[state.i]], spec = grading[q.id];
    box.appendChild(statusBar());
    var form = el("form", { class: "quiz-q", novalidate: "" });
    form.appendChild(el("p", { class: "quiz-meta" }, topicName(q.topic)));
    var promptId = "quiz-prompt-" + state.i;
    form.appendChild(el("p", { class: "quiz-prompt", id: promptId }, q.prompt));
    var a = q.answer, name = "q" + state.i;
    // response(): the answer as quiz-core.js grades it, or {reject: ui key} when there is none yet.
    // marks(): marks each option after grading.
    var response, marks;
    if (a.type === "choices" || a.type === "truefalse") {
      var multiple = q.kind === "multiple";
      if (multiple) form.appendChild(el("p", {}, t("quiz.choose_all")));
      var opts = a.type === "truefalse" ? [{ id: "true", text: t("quiz.true") }, { id: "false", text: t("quiz.false") }] : q.choices;
      var group = el("div", { role: multiple ? "group" : "radiogroup", "aria-labelledby": promptId });
      opts.forEach(function (c, k) {
        var label = el("label", { class: "quiz-option", "data-id": c.id });
        label.appendChild(el("input", { type: multiple ? "checkbox" : "radio", name: name, value: c.id }));
        label.appendChild(el("span", {}, letters[k] + ") " + c.text));
        group.appendChild(label);
      });
      form.appendChild(group);
      var picked = function () {
        return Array.prototype.filter.call(form.querySelectorAll("input[name=" + name + "]"), function (x) { return x.checked; }).map(function (x) { return x.value; });
      };
      var isRight = function (id) { return a.type === "truefalse" ? (id === "true") === a.value : a.correct.indexOf(id) >= 0; };
      response = function () {
        var ids = picked();
        if (!ids.length) return { reject: "quiz.web.choose_first" };
        return a.type === "truefalse" ? { type: "truefalse", value: ids[0] === "true" } : { type: "choices", ids: ids };
      };
      marks = function () {
        var ids = picked();
        Array.prototype.forEach.call(form.querySelectorAll(".quiz-option"), function (label) {
          var id = label.getAttribute("data-id"), chosen = ids.indexOf(id) >= 0;
          if (isRight(id)) mark(label, true, chosen ? t("quiz.web.correct_option") + " · " + t("quiz.web.your_choice") : t("quiz.web.correct_option"));
          else if (chosen) mark(label, false, t("quiz.web.your_choice"));
        });
      };
    } else if (a.type === "matching") {
      form.appendChild(el("p", {}, t("quiz.web.matching_intro")));
      // Right-hand sides in a stored shuffle; an option's value is the index of its pair.
      var rights = shuffled(q, "right", a.pairs.length);
      a.pairs.forEach(function (p, k) {
        var label = el("label", { class: "quiz-option quiz-match" });
        label.appendChild(el("span", {}, p.left));
        var sel = el("select", { "data-k": String(k) });
        sel.appendChild(el("option", { value: "" }, "—"));
        rights.forEach(function (r) { sel.appendChild(el("option", { value: String(r) }, a.pairs[r].right)); });
        label.appendChild(sel);
        form.appendChild(label);
      });
      var sels = function () { return Array.prototype.slice.call(form.querySelectorAll("select")); };
      response = function () {
        var v = sels().map(function (s) { return s.value; });
        if (v.every(function (x) { return x === ""; })) return { reject: "quiz.web.choose_first" };
        if (v.some(function (x) { return x === ""; })) return { reject: "quiz.web.match_complete" };
        return { type: "pairs", picks: v.map(Number) };
      };
      marks = function () {
        sels().forEach(function (s) {
          var k = +s.getAttribute("data-k"), ok = +s.value === k;
          mark(s.parentNode, ok, ok ? t("quiz.web.correct_option") : t("quiz.web.should_be", { answer: a.pairs[k].right }));
        });
      };
    } else if (a.type === "ordering") {
      form.appendChild(el("p", {}, t("quiz.ordering_intro")));
      var items = shuffled(q, "items", a.items.length);
      items.forEach(function (k) {
        var label = el("label", { class: "quiz-option" });
        // No position is chosen to begin with: every item must be placed by the reader.
        var sel = el("select", { "data-k": String(k), "aria-label": t("quiz.web.order_position") + ": " + a.items[k] });
        sel.appendChild(el("option", { value: "" }, "—"));
        for (var n = 1; n <= items.length; n++) sel.appendChild(el("option", { value: String(n) }, String(n)));
        label.appendChild(sel);
        label.appendChild(el("span", {}, a.items[k]));
        form.appendChild(label);
      });
      var osels = function () { return Array.prototype.slice.call(form.querySelectorAll("select")); };
      response = function () {
        var v = osels().map(function (s) { return s.value; });
        if (v.every(function (x) { return x === ""; })) return { reject: "quiz.web.choose_first" };
        // Every item at its own position, as the terminal asks ("each letter once").
        var order = [];
        osels().forEach(function (s) { if (s.value !== "") order[+s.value - 1] = +s.getAttribute("data-k"); });
        if (v.some(function (x) { return x === ""; }) || order.filter(function (x) { return x !== undefined; }).length !== a.items.length) {
          return { reject: "quiz.web.order_complete" };
        }
        return { type: "order", order: order };
      };
      marks = function () {
        osels().forEach(function (s) {
          var want = +s.getAttribute("data-k") + 1, ok = +s.value === want;
          mark(s.parentNode, ok, ok ? t("quiz.web.correct_option") : t("quiz.web.should_be", { answer: want }));
        });
      };
    } else {
      var input = el("input", { type: "text", name: name, autocomplete: "off", autocapitalize: "off", spellcheck: "false", "aria-labelledby": promptId });
      if (spec.kind === "numeric") input.setAttribute("inputmode", "decimal");
      var wrap = el("label", { class: "quiz-answer" });
      wrap.appendChild(el("span", { class: "vh" }, t("quiz.answer_prompt")));
      wrap.appendChild(input);
      form.appendChild(wrap);
      response = function () { return K.parseTyped(spec.kind, input.value); };
      marks = function (g) {
        input.classList.add(g.correct ? "is-right" : "is-wrong");
        wrap.appendChild(el("span", { class: "mark " + (g.correct ? "right" : "wrong") }, g.correct ? "✓ " + t("quiz.web.correct_option") : "✗ " + t("quiz.web.wrong_answer")));
      };
    }
    var notice = el("p", { class: "quiz-notice", role: "alert" });
    notice.hidden = true;
    form.appendChild(notice);
    var check = el("button", { type: "submit", class: "button" }, t("quiz.web.check"));
    form.appendChild(el("p")).appendChild(check);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (check.disabled) return;
      // Nothing chosen, or input that is not an answer: ask again instead of grading.
      var r = response();
      if (r.reject) {
        notice.textContent = t(r.reject);
        notice.hidden = false;
        var first = form.querySelector("input, select");
        if (first) first.focus();
        return;
      }
      notice.hidden = true;
      check.disabled = true;
      var g = K.grade(spec, r);
      marks(g);
      // Locked: the answer that was graded stays the one on screen.
      Array.prototype.forEach.call(form.querySelectorAll("input, select"), function (x) { x.disabled = true; });
      var tally = state.byTopic[q.topic] || (state.byTopic[q.topic] = { right: 0, total: 0 });
      tally.total++;
      if (g.correct) { state.right++; tally.right++; } else { state.mistakes.push(q.id); }
      state.i++;
      save();
      // A wrong answer rates the question "again", a right one "good", as in the terminal quiz.
      var at = nowSeconds();
      loadBook(); // another tab may have answered meanwhile
      var card = K.progress.review(book, q.id, q.topic, g.correct ? 3 : 1, at);
      saveBook();
      showProgress();
      var score = box.querySelector(".quiz-status .score");
      if (score) score.textContent = t("quiz.web.running_score", { right: state.right, done: state.i });
      var prog = box.querySelector(".quiz-status progress");
      if (prog) prog.value = state.i;
      var fb = el("div", { class: "feedback" });
      var verdict = g.correct ? "✓ " + t("quiz.correct") : g.score > 0 ? "◐ " + t("quiz.partial", { percent: Math.round(g.score * 100) }) : "✗ " + t("quiz.wrong");
      fb.appendChild(el("p", { class: g.correct ? "right" : "wrong" }, verdict));
      if (g.feedback) fb.appendChild(el("p", {}, g.feedback));
      if (!g.correct) fb.appendChild(el("p", {}, t("quiz.right_answer", { answer: answerText(q) })));
      var why = el("p");
      why.appendChild(el("strong", {}, t("quiz.explanation")));
      why.appendChild(document.createTextNode(" " + q.explanation));
      fb.appendChild(why);
      fb.appendChild(el("p", { class: "quiz-meta" }, t("quiz.next_review", { when: relative(card.due - at) })));
      var next = el("button", { type: "button", class: "button" }, state.i < state.ids.length ? t("quiz.web.next") : t("quiz.results"));
      next.addEventListener("click", function () { show(); });
      fb.appendChild(next);
      form.appendChild(fb);
      next.focus();
    });
    box.appendChild(form);
    // Focus the question, not its first input: on a phone that would open the keyboard or a picker.
    var promptEl = document.getElementById(promptId);
    promptEl.setAttribute("tabindex", "-1");
    promptEl.focus({ preventScroll: true });
  }

  function finish() {
    var total = state.ids.length;
    box.appendChild(el("h2", {}, t("quiz.results")));
    box.appendChild(el("p", {}, t("quiz.score", { right: state.right, total: total, percent: Math.round(100 * state.right / total) })));
    box.appendChild(el("h3", {}, t("quiz.by_topic")));
    var ul = el("ul");
    Object.keys(state.byTopic).sort(function (a, b) { return rank(a) - rank(b); }).forEach(function (tp) {
      var x = state.byTopic[tp];
      var li = el("li");
      li.appendChild(el("a", { href: topicHref(tp) }, topicName(tp)));
      li.appendChild(document.createTextNode(" — " + x.right + " / " + x.total));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    box.appendChild(el("h3", {}, t("quiz.mistakes")));
    if (!state.mistakes.length) box.appendChild(el("p", {}, t("quiz.no_mistakes")));
    state.mistakes.forEach(function (id) {
      var q = byId[id];
      if (!q) return;
      var p = el("div", { class: "quiz-q" });
      p.appendChild(el("p", { class: "quiz-prompt" }, q.prompt));
      p.appendChild(el("p", {}, t("quiz.right_answer", { answer: answerText(q) })));
      var more = el("p");
      more.appendChild(el("a", { href: topicHref(q.topic) }, t("quiz.web.read_topic", { topic: topicName(q.topic) })));
      p.appendChild(more);
      box.appendChild(p);
    });
    // The results stay after a reload until a new quiz starts.
    state.finished = true;
    save();
  }

  // A reload (or a closed tab) continues the quiz where it was, or shows its results again.
  showProgress();
  var saved = load();
  if (saved) { state = saved; show(); }
})();
