// The browser quiz: the same questions as `kmemguide quiz`, embedded in the page so it also
// works opened from disk. One question at a time; feedback and the worked explanation after
// each answer; a score by topic at the end.
(function () {
  "use strict";
  var bank = JSON.parse(document.getElementById("quiz-bank").textContent);
  var ui = JSON.parse(document.getElementById("quiz-ui").textContent);
  var box = document.getElementById("quiz");
  var setup = document.getElementById("quiz-setup");
  var topicSelect = document.getElementById("quiz-topic");
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
  var topics = [];
  bank.questions.forEach(function (q) { if (topics.indexOf(q.topic) < 0) topics.push(q.topic); });
  var topicName = function (tp) { return ui["topic." + tp] || tp; };
  topics.forEach(function (tp) { topicSelect.appendChild(el("option", { value: tp }, topicName(tp))); });

  var state = null;

  setup.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var topic = topicSelect.value;
    var pool = bank.questions.filter(function (q) { return !topic || q.topic === topic; });
    var n = Math.max(1, Math.min(pool.length, parseInt(document.getElementById("quiz-count").value, 10) || 10));
    state = { list: shuffle(pool).slice(0, n), i: 0, right: 0, byTopic: {}, mistakes: [] };
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

  function show() {
    box.innerHTML = "";
    if (state.i >= state.list.length) return finish();
    var q = state.list[state.i];
    var form = el("form", { class: "quiz-q" });
    form.appendChild(el("p", { class: "quiz-meta" }, t("quiz.question", { n: state.i + 1, total: state.list.length }) + " · " + topicName(q.topic)));
    form.appendChild(el("p", { class: "quiz-prompt" }, q.prompt));
    var a = q.answer, read;
    var name = "q" + state.i;
    if (a.type === "choices" || a.type === "truefalse") {
      var multiple = q.kind === "multiple";
      if (multiple) form.appendChild(el("p", {}, t("quiz.choose_all")));
      var opts = a.type === "truefalse" ? [{ id: "true", text: t("quiz.true") }, { id: "false", text: t("quiz.false") }] : q.choices;
      opts.forEach(function (c, k) {
        var label = el("label", { class: "quiz-option" });
        label.appendChild(el("input", { type: multiple ? "checkbox" : "radio", name: name, value: c.id }));
        label.appendChild(document.createTextNode(" " + letters[k] + ") " + c.text));
        form.appendChild(label);
      });
      read = function () {
        var ids = Array.prototype.filter.call(form.querySelectorAll("input[name=" + name + "]"), function (x) { return x.checked; }).map(function (x) { return x.value; });
        if (a.type === "truefalse") return ids.length === 1 && (ids[0] === "true") === a.value;
        return ids.length === a.correct.length && ids.every(function (x) { return a.correct.indexOf(x) >= 0; });
      };
    } else if (a.type === "matching") {
      form.appendChild(el("p", {}, t("quiz.matching_intro")));
      var rights = shuffle(a.pairs.map(function (p) { return p.right; }));
      a.pairs.forEach(function (p, k) {
        var label = el("label", { class: "quiz-option" }, p.left + " ");
        var sel = el("select", { "data-k": k });
        sel.appendChild(el("option", { value: "" }, "—"));
        rights.forEach(function (r) { sel.appendChild(el("option", { value: r }, r)); });
        label.appendChild(sel);
        form.appendChild(label);
      });
      read = function () {
        return Array.prototype.every.call(form.querySelectorAll("select"), function (s) { return s.value === a.pairs[+s.getAttribute("data-k")].right; });
      };
    } else if (a.type === "ordering") {
      form.appendChild(el("p", {}, t("quiz.ordering_intro")));
      var items = shuffle(a.items);
      items.forEach(function (it) {
        var label = el("label", { class: "quiz-option" });
        var sel = el("select", { "data-item": it });
        for (var k = 1; k <= items.length; k++) sel.appendChild(el("option", { value: String(k) }, String(k)));
        label.appendChild(sel);
        label.appendChild(document.createTextNode(" " + it));
        form.appendChild(label);
      });
      read = function () {
        return Array.prototype.every.call(form.querySelectorAll("select"), function (s) { return a.items[+s.value - 1] === s.getAttribute("data-item"); });
      };
    } else {
      var input = el("input", { type: "text", name: name, autocomplete: "off", "aria-label": t("quiz.answer_prompt") });
      form.appendChild(input);
      read = function () {
        var v = input.value.trim();
        if (a.type === "numeric") { var x = parseFloat(v.replace(/[, _]/g, "")); return !isNaN(x) && Math.abs(x - a.value) <= a.tolerance; }
        if (a.type === "hex") { var h = v.toLowerCase().replace(/^0x/, "").replace(/^0+/, ""); return h === a.value.toLowerCase().replace(/^0x/, "").replace(/^0+/, ""); }
        var norm = function (s) { return s.toLowerCase().replace(/\s+/g, " ").replace(/[()（）]/g, "").trim(); };
        return a.accepted.some(function (acc) { return norm(acc) === norm(v); });
      };
    }
    var check = el("button", { type: "submit", class: "button" }, t("quiz.web.check"));
    form.appendChild(el("p")).appendChild(check);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (check.disabled) return;
      check.disabled = true;
      var ok = read();
      var tally = state.byTopic[q.topic] || (state.byTopic[q.topic] = { right: 0, total: 0 });
      tally.total++;
      if (ok) { state.right++; tally.right++; } else { state.mistakes.push(q); }
      var fb = el("div", { class: "feedback" });
      fb.appendChild(el("p", { class: ok ? "right" : "wrong" }, ok ? t("quiz.correct") : t("quiz.wrong")));
      if (!ok) fb.appendChild(el("p", {}, t("quiz.right_answer", { answer: answerText(q) })));
      var why = el("p");
      why.appendChild(el("strong", {}, t("quiz.explanation")));
      why.appendChild(document.createTextNode(" " + q.explanation));
      fb.appendChild(why);
      var next = el("button", { type: "button", class: "button" }, t("quiz.web.next"));
      next.addEventListener("click", function () { state.i++; show(); });
      fb.appendChild(next);
      form.appendChild(fb);
      next.focus();
    });
    box.appendChild(form);
    var first = form.querySelector("input, select");
    if (first) first.focus();
  }

  function finish() {
    var total = state.list.length;
    box.appendChild(el("h2", {}, t("quiz.results")));
    box.appendChild(el("p", {}, t("quiz.score", { right: state.right, total: total, percent: Math.round(100 * state.right / total) })));
    box.appendChild(el("h3", {}, t("quiz.by_topic")));
    var ul = el("ul");
    Object.keys(state.byTopic).sort().forEach(function (tp) {
      var x = state.byTopic[tp];
      ul.appendChild(el("li", {}, topicName(tp) + " — " + x.right + " / " + x.total));
    });
    box.appendChild(ul);
    box.appendChild(el("h3", {}, t("quiz.mistakes")));
    if (!state.mistakes.length) box.appendChild(el("p", {}, t("quiz.no_mistakes")));
    state.mistakes.forEach(function (q) {
      var p = el("p", { class: "quiz-q" });
      p.appendChild(el("strong", {}, q.prompt));
      p.appendChild(el("br"));
      p.appendChild(document.createTextNode(t("quiz.right_answer", { answer: answerText(q) })));
      box.appendChild(p);
    });
  }
})();
