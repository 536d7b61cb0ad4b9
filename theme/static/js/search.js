// Full-text search with Pagefind; the query comes from ?q= so every page's search box works.
(function () {
  var el = document.getElementById("search");
  if (!el || typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: el.dataset.bundle,
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    translations: JSON.parse(el.dataset.strings),
  });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
})();
