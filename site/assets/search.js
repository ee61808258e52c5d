// Pagefind's UI, in the page's language. Opened from disk (file://) the browser refuses to
// load the index, so say so instead of showing an empty box.
(function () {
  var box = document.getElementById("search");
  if (location.protocol === "file:" || typeof PagefindUI === "undefined") {
    document.getElementById("search-note").hidden = false;
    return;
  }
  // Chinese pages are indexed one character per word (see Sources/KmemSite/Pagefind.swift: the
  // indexer's and the browser's word segmenters disagree, e.g. 高端内存 is 高端|内存 to one and
  // 高|端|内存 to the other, so 端 matched nothing). The query is split the same way, and a query
  // that is one run of Chinese characters becomes a phrase, so 高端内存 finds exactly the pages
  // that contain it. Japanese pages are indexed as Pagefind does it (its Japanese segmenter
  // drops single voiced kana), so Japanese queries pass unchanged.
  var chinese = /^zh/i.test(document.documentElement.lang);
  var han = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uff66-\uff9f";
  var cjk = new RegExp("[" + han + "]");
  var cjkRun = new RegExp("^[" + han + "]+$");
  function processTerm(term) {
    if (!chinese || !cjk.test(term)) return term;
    var bare = term.trim().replace(/^"(.*)"$/, "$1").trim();
    var spaced = Array.from(bare).map(function (ch) { return cjk.test(ch) ? " " + ch + " " : ch; })
      .join("").replace(/\s+/g, " ").trim();
    return cjkRun.test(bare) && Array.from(bare).length > 1 ? "\"" + spaced + "\"" : spaced;
  }
  // The excerpts come from the split copy: join the characters again for display.
  var gap = new RegExp("([" + han + "])((?:</?mark>)*)[ \u200b]+((?:</?mark>)*)(?=[" + han + "])", "g");
  var tidy = function (s) { return typeof s === "string" ? s.replace(gap, "$1$2$3").replace(gap, "$1$2$3") : s; };
  function processResult(r) {
    if (!chinese) return r;
    r.excerpt = tidy(r.excerpt);
    if (r.meta) r.meta.title = tidy(r.meta.title);
    (r.sub_results || []).forEach(function (x) { x.title = tidy(x.title); x.excerpt = tidy(x.excerpt); });
    return r;
  }
  // Exposed so scripts/search-check.sh searches exactly as this page does.
  window.kmemguideProcessTerm = processTerm;
  var ui = new PagefindUI({
    element: "#search",
    showSubResults: true,
    showImages: false,
    processTerm: processTerm,
    processResult: processResult,
    translations: { placeholder: box.getAttribute("data-placeholder") }
  });
  // Pagefind's input has no label of its own.
  var input = box.querySelector("input");
  if (input) {
    input.setAttribute("aria-label", box.getAttribute("data-label") || box.getAttribute("data-placeholder"));
    input.id = input.id || "search-input";
  }
  var q = new URLSearchParams(location.search).get("q");
  if (q) {
    if (input) input.value = q;
    ui.triggerSearch(q);
  }
})();
