// Reading aids on every page: the light/dark toggle (remembered), copy buttons on code blocks,
// visible anchors on headings, "/" to search, and keyboard access to boxes that scroll sideways.
// The page reads the same without this script.
(function () {
  "use strict";
  var root = document.documentElement;
  // The words come from content/ui.yaml through the header's data attributes.
  var header = document.querySelector(".site-header");
  var word = function (k, d) { return (header && header.getAttribute("data-" + k)) || d; };
  var words = { copy: word("copy", "Copy"), copied: word("copied", "Copied"), anchor: word("anchor", "#") };

  // Theme: the system's choice until the reader picks one; the pick is kept in localStorage.
  var KEY = "kmemguide.theme";
  var toggle = document.querySelector(".theme-toggle");
  var systemDark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)");
  function current() {
    var t = root.getAttribute("data-theme");
    if (t === "dark" || t === "light") return t;
    return systemDark && systemDark.matches ? "dark" : "light";
  }
  function showState() { if (toggle) toggle.setAttribute("aria-pressed", current() === "dark" ? "true" : "false"); }
  if (toggle) {
    toggle.hidden = false;
    showState();
    toggle.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: the choice lasts this page */ }
      showState();
    });
    if (systemDark && systemDark.addEventListener) systemDark.addEventListener("change", showState);
  }

  // "/" focuses the search box in the header (not while typing in a field).
  var search = document.getElementById("site-search-q");
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var box = search || document.querySelector("#search input");
    if (!box) return;
    ev.preventDefault();
    box.focus();
  });

  // Anchors on headings that have an id.
  Array.prototype.forEach.call(document.querySelectorAll("main h2[id], main h3[id]"), function (h) {
    var a = document.createElement("a");
    a.className = "anchor";
    a.href = "#" + h.id;
    a.setAttribute("aria-label", words.anchor + ": " + h.textContent);
    a.setAttribute("data-pagefind-ignore", "");
    a.textContent = "#";
    h.appendChild(a);
  });

  // A copy button on each code block.
  Array.prototype.forEach.call(document.querySelectorAll("main pre"), function (pre) {
    var wrap = document.createElement("div");
    wrap.className = "code-wrap";
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var b = document.createElement("button");
    b.type = "button";
    b.className = "copy";
    b.textContent = words.copy;
    b.addEventListener("click", function () {
      var text = pre.innerText.replace(/\n$/, "");
      var done = function () {
        b.textContent = words.copied;
        setTimeout(function () { b.textContent = words.copy; }, 1500);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
      } else { fallback(text); done(); }
    });
    wrap.appendChild(b);
  });
  function fallback(text) {
    var ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "absolute"; ta.style.left = "-9999px";
    document.body.appendChild(ta);
    ta.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(ta);
  }

  // Printing: every link shows its absolute address (CSS prints data-href), and collapsed
  // boxes (sources, contents) open for the paper, then close again.
  Array.prototype.forEach.call(document.querySelectorAll("main a[href]"), function (a) {
    var h = a.getAttribute("href");
    if (h && h.charAt(0) !== "#" && !a.classList.contains("anchor")) a.setAttribute("data-href", a.href);
  });
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    reopened = Array.prototype.filter.call(document.querySelectorAll("main details:not([open])"), function (d) { d.open = true; return true; });
  });
  window.addEventListener("afterprint", function () { reopened.forEach(function (d) { d.open = false; }); reopened = []; });

  // Boxes that scroll sideways (tables, diagrams, code) must be reachable by keyboard.
  function markScrollable() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap, .diagram, pre"), function (el) {
      if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
      else if (el.getAttribute("tabindex") === "0") el.removeAttribute("tabindex");
    });
  }
  markScrollable();
  window.addEventListener("resize", markScrollable);
})();
