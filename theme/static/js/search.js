// Full-text search with Pagefind; the query comes from ?q= so every page's search box works.
(function () {
  var el = document.getElementById("search");
  if (!el || typeof PagefindUI === "undefined") return;
  var strings = JSON.parse(el.dataset.strings);
  var root = document.documentElement;
  var simplified = (root.lang || "").toLowerCase() === "zh-hans";
  var map = (window.ZH_MAP || {})[simplified ? "toHans" : "toHant"] || {};
  // A query typed in the other script is converted to this page's script (each has its own index).
  function toPageScript(term) {
    return Array.prototype.map.call(term, function (ch) { return map[ch] || ch; }).join("");
  }
  // Large print mirrors the standard pages, which are the ones indexed: stay in large print.
  function keepMode(url) {
    if (!root.classList.contains("elder")) return url;
    var m = url.match(/^(.*?\/)(zh-han[st]\/)?(.*)$/);
    return m[1] + (m[2] || "") + "large/" + m[3];
  }
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: el.dataset.bundle,
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    translations: strings,
    processTerm: toPageScript,
    processResult: function (result) {
      result.url = keepMode(result.url);
      return result;
    },
  });
  // Give Pagefind's input a visible label (WCAG 3.3.2), once it is in the page.
  var tries = 0;
  (function label() {
    var input = el.querySelector("input.pagefind-ui__search-input");
    if (!input) {
      if (tries++ < 100) window.requestAnimationFrame(label);
      return;
    }
    input.id = "pagefind-q";
    var text = document.createElement("label");
    text.htmlFor = "pagefind-q";
    text.className = "search-label";
    text.textContent = strings.search_label;
    el.parentNode.insertBefore(text, el);
  })();
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
})();
