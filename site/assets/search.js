// Pagefind's UI, in the page's language. Opened from disk (file://) the browser refuses to
// load the index, so say so instead of showing an empty box.
(function () {
  var box = document.getElementById("search");
  if (location.protocol === "file:" || typeof PagefindUI === "undefined") {
    document.getElementById("search-note").hidden = false;
    return;
  }
  new PagefindUI({
    element: "#search",
    showSubResults: true,
    showImages: false,
    translations: { placeholder: box.getAttribute("data-placeholder") }
  });
})();
