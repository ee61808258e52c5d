// The browser quiz: the same questions as `kmemguide quiz`, embedded in the page so it also
// works opened from disk. One question at a time; an answer must be given before it is
// graded; then the inputs lock, the options are marked right or wrong, and the explanation
// follows. Progress and the running score are shown and kept in localStorage, so a reload
// resumes the quiz. The results link each mistake to its topic page.
(function () {
  "use strict";
  var bank = JSON.parse(document.getElementById("quiz-bank").textContent);
  var ui = JSON.parse(document.getElementById("quiz-ui").textContent);
  var box = document.getElementById("quiz");
  var setup = document.getElementById("quiz-setup");
  var topicSelect = document.getElementById("quiz-topic");
  var STORE = "kmemguide.quiz." + (bank.language || document.documentElement.lang);
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

  // state: { ids, i, right, byTopic, mistakes (ids), order (ids of shuffled options per question) }
  var state = null;
  var save = function () {
    try { if (state) localStorage.setItem(STORE, JSON.stringify(state)); else localStorage.removeItem(STORE); } catch (e) { /* no storage: the quiz still works */ }
  };
  var load = function () {
    try {
      var s = JSON.parse(localStorage.getItem(STORE) || "null");
      if (!s || !Array.isArray(s.ids) || typeof s.i !== "number") return null;
      // A saved quiz from an older bank: keep only questions that still exist.
      if (!s.ids.every(function (id) { return byId[id]; })) return null;
      return s;
    } catch (e) { return null; }
  };

  setup.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var topic = topicSelect.value;
    var pool = bank.questions.filter(function (q) { return !topic || q.topic === topic; });
    var n = Math.max(1, Math.min(pool.length, parseInt(document.getElementById("quiz-count").value, 10) || 10));
    state = { ids: shuffle(pool).slice(0, n).map(function (q) { return q.id; }), i: 0, right: 0, byTopic: {}, mistakes: [], shuffles: {} };
    save();
    show();
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
  function shuffled(q, key, items) {
    var k = q.id + "/" + key;
    var saved = state.shuffles[k];
    if (saved && saved.length === items.length && saved.every(function (x) { return items.indexOf(x) >= 0; })) return saved.slice();
    var s = shuffle(items);
    state.shuffles[k] = s;
    save();
    return s;
  }

  function statusBar() {
    var total = state.ids.length, done = state.i;
    var bar = el("div", { class: "quiz-status" });
    var prog = el("progress", { max: String(total), value: String(done), "aria-label": t("quiz.question", { n: Math.min(done + 1, total), total: total }) });
    bar.appendChild(prog);
    bar.appendChild(el("span", {}, t("quiz.question", { n: Math.min(done + 1, total), total: total })));
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
    var q = byId[state.ids[state.i]];
    box.appendChild(statusBar());
    var form = el("form", { class: "quiz-q", novalidate: "" });
    form.appendChild(el("p", { class: "quiz-meta" }, topicName(q.topic)));
    var promptId = "quiz-prompt-" + state.i;
    form.appendChild(el("p", { class: "quiz-prompt", id: promptId }, q.prompt));
    var a = q.answer, read, answered, grade;
    var name = "q" + state.i;
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
      answered = function () { return picked().length > 0; };
      read = function () {
        var ids = picked();
        if (a.type === "truefalse") return ids.length === 1 && isRight(ids[0]);
        return ids.length === a.correct.length && ids.every(function (x) { return a.correct.indexOf(x) >= 0; });
      };
      grade = function () {
        var ids = picked();
        Array.prototype.forEach.call(form.querySelectorAll(".quiz-option"), function (label) {
          var id = label.getAttribute("data-id"), chosen = ids.indexOf(id) >= 0;
          if (isRight(id)) mark(label, true, chosen ? t("quiz.web.correct_option") + " · " + t("quiz.web.your_choice") : t("quiz.web.correct_option"));
          else if (chosen) mark(label, false, t("quiz.web.your_choice"));
        });
      };
    } else if (a.type === "matching") {
      form.appendChild(el("p", {}, t("quiz.matching_intro")));
      var rights = shuffled(q, "right", a.pairs.map(function (p) { return p.right; }));
      a.pairs.forEach(function (p, k) {
        var label = el("label", { class: "quiz-option quiz-match" });
        label.appendChild(el("span", {}, p.left));
        var sel = el("select", { "data-k": String(k) });
        sel.appendChild(el("option", { value: "" }, "—"));
        rights.forEach(function (r) { sel.appendChild(el("option", { value: r }, r)); });
        label.appendChild(sel);
        form.appendChild(label);
      });
      var sels = function () { return Array.prototype.slice.call(form.querySelectorAll("select")); };
      answered = function () { return sels().every(function (s) { return s.value !== ""; }); };
      read = function () { return sels().every(function (s) { return s.value === a.pairs[+s.getAttribute("data-k")].right; }); };
      grade = function () {
        sels().forEach(function (s) {
          var want = a.pairs[+s.getAttribute("data-k")].right;
          mark(s.parentNode, s.value === want, s.value === want ? t("quiz.web.correct_option") : "→ " + want);
        });
      };
    } else if (a.type === "ordering") {
      form.appendChild(el("p", {}, t("quiz.ordering_intro")));
      var items = shuffled(q, "items", a.items);
      items.forEach(function (it) {
        var label = el("label", { class: "quiz-option" });
        // No position is chosen to begin with: every item must be placed by the reader.
        var sel = el("select", { "data-item": it, "aria-label": t("quiz.web.order_position") + ": " + it });
        sel.appendChild(el("option", { value: "" }, "—"));
        for (var k = 1; k <= items.length; k++) sel.appendChild(el("option", { value: String(k) }, String(k)));
        label.appendChild(sel);
        label.appendChild(el("span", {}, it));
        form.appendChild(label);
      });
      var osels = function () { return Array.prototype.slice.call(form.querySelectorAll("select")); };
      answered = function () { return osels().every(function (s) { return s.value !== ""; }); };
      read = function () { return osels().every(function (s) { return a.items[+s.value - 1] === s.getAttribute("data-item"); }); };
      grade = function () {
        osels().forEach(function (s) {
          var want = a.items.indexOf(s.getAttribute("data-item")) + 1;
          mark(s.parentNode, +s.value === want, +s.value === want ? t("quiz.web.correct_option") : "→ " + want);
        });
      };
    } else {
      var input = el("input", { type: "text", name: name, autocomplete: "off", "aria-labelledby": promptId });
      var wrap = el("label", { class: "quiz-answer" });
      wrap.appendChild(el("span", { class: "vh" }, t("quiz.answer_prompt")));
      wrap.appendChild(input);
      form.appendChild(wrap);
      answered = function () { return input.value.trim() !== ""; };
      read = function () {
        var v = input.value.trim();
        if (a.type === "numeric") { var x = parseFloat(v.replace(/[, _]/g, "")); return !isNaN(x) && Math.abs(x - a.value) <= a.tolerance; }
        if (a.type === "hex") { var h = v.toLowerCase().replace(/^0x/, "").replace(/^0+/, ""); return h === a.value.toLowerCase().replace(/^0x/, "").replace(/^0+/, ""); }
        var norm = function (s) { return s.toLowerCase().replace(/\s+/g, " ").replace(/[()（）]/g, "").trim(); };
        return a.accepted.some(function (acc) { return norm(acc) === norm(v); });
      };
      grade = function () { input.classList.add(read() ? "is-right" : "is-wrong"); };
    }
    var notice = el("p", { class: "quiz-notice", role: "alert" });
    notice.hidden = true;
    form.appendChild(notice);
    var check = el("button", { type: "submit", class: "button" }, t("quiz.web.check"));
    form.appendChild(el("p")).appendChild(check);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (check.disabled) return;
      // Nothing chosen is not an answer: ask for one instead of marking it wrong.
      if (!answered()) {
        notice.textContent = t("quiz.web.choose_first");
        notice.hidden = false;
        var first = form.querySelector("input, select");
        if (first) first.focus();
        return;
      }
      notice.hidden = true;
      check.disabled = true;
      var ok = read();
      grade();
      // Locked: the answer that was graded stays the one on screen.
      Array.prototype.forEach.call(form.querySelectorAll("input, select"), function (x) { x.disabled = true; });
      var tally = state.byTopic[q.topic] || (state.byTopic[q.topic] = { right: 0, total: 0 });
      tally.total++;
      if (ok) { state.right++; tally.right++; } else { state.mistakes.push(q.id); }
      state.i++;
      save();
      var score = box.querySelector(".quiz-status .score");
      if (score) score.textContent = t("quiz.web.running_score", { right: state.right, done: state.i });
      var prog = box.querySelector(".quiz-status progress");
      if (prog) prog.value = state.i;
      var fb = el("div", { class: "feedback" });
      fb.appendChild(el("p", { class: ok ? "right" : "wrong" }, ok ? t("quiz.correct") : t("quiz.wrong")));
      if (!ok) fb.appendChild(el("p", {}, t("quiz.right_answer", { answer: answerText(q) })));
      var why = el("p");
      why.appendChild(el("strong", {}, t("quiz.explanation")));
      why.appendChild(document.createTextNode(" " + q.explanation));
      fb.appendChild(why);
      var next = el("button", { type: "button", class: "button" }, t("quiz.web.next"));
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
    // The quiz is over: a reload starts afresh.
    state = null;
    save();
  }

  // A quiz left half-way (reload, closed tab) can be continued.
  var saved = load();
  if (saved && saved.i < saved.ids.length) {
    var resume = el("div", { class: "quiz-resume" });
    resume.appendChild(el("p", {}, t("quiz.web.resume", { n: saved.i + 1, total: saved.ids.length })));
    var go = el("button", { type: "button", class: "button" }, t("quiz.web.continue"));
    var drop = el("button", { type: "button", class: "button secondary" }, t("quiz.web.discard"));
    go.addEventListener("click", function () { state = saved; state.shuffles = state.shuffles || {}; state.byTopic = state.byTopic || {}; state.mistakes = state.mistakes || []; show(); });
    drop.addEventListener("click", function () { state = null; save(); box.innerHTML = ""; topicSelect.focus(); });
    var p = el("p");
    p.appendChild(go);
    p.appendChild(document.createTextNode(" "));
    p.appendChild(drop);
    resume.appendChild(p);
    box.appendChild(resume);
  }
})();
