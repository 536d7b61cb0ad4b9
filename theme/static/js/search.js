// Full-text search with Pagefind; the query comes from ?q= so every page's search box works.
//
// One index, of the standard pages in the site's default script. On a page in the other script a
// query is converted to the indexed script, results are shown in the reader's script, and links
// lead into the reader's variant (简/繁, large print). A large site's index comes in shards
// (pagefind/shards.js), merged here.
(function () {
  var el = document.getElementById("search");
  if (!el || typeof PagefindUI === "undefined") return;
  var strings = JSON.parse(el.dataset.strings);
  var root = document.documentElement;
  var maps = window.ZH_MAP || {};
  var indexHans = (el.dataset.indexScript || "zh-Hant").toLowerCase() === "zh-hans";
  var pageHans = (root.lang || "").toLowerCase() === "zh-hans";
  var toIndex = maps[indexHans ? "toHans" : "toHant"] || {};
  var toPage = indexHans === pageHans ? null : maps[pageHans ? "toHans" : "toHant"] || {};
  function convert(text, map) {
    return Array.prototype.map.call(text, function (ch) { return map[ch] || ch; }).join("");
  }
  // The site's base path, from the (shared, never prefixed) bundle URL; the variant prefix from this page's URL.
  var bundle = new URL(el.dataset.bundle, window.location.href).pathname;
  var base = bundle.replace(/pagefind\/$/, "");
  var here = window.location.pathname.slice(base.length);
  var prefix = (here.match(/^((?:zh-han[st]\/)?(?:large\/)?)/) || ["", ""])[1];
  function intoVariant(url) {
    var path = new URL(url, window.location.href).pathname;
    return path.indexOf(base) === 0 ? base + prefix + path.slice(base.length) : url;
  }
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: el.dataset.bundle,
    mergeIndex: (window.PAGEFIND_SHARDS || []).map(function (name) {
      return { bundlePath: el.dataset.bundle + name };
    }),
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    translations: strings,
    processTerm: function (term) { return convert(term, toIndex); },
    processResult: function (result) {
      result.url = intoVariant(result.url);
      return result;
    },
  });
  // Results and filter names arrive in the indexed script: show them in the reader's.
  if (toPage) {
    var fix = function (node) {
      if (node.nodeType === 3) {
        var text = convert(node.nodeValue, toPage);
        if (text !== node.nodeValue) node.nodeValue = text;
      } else if (node.nodeType === 1 && node.tagName !== "INPUT") {
        for (var c = node.firstChild; c; c = c.nextSibling) fix(c);
      }
    };
    new MutationObserver(function (records) {
      records.forEach(function (r) {
        if (r.type === "characterData") fix(r.target);
        else Array.prototype.forEach.call(r.addedNodes, fix);
      });
    }).observe(el, { childList: true, subtree: true, characterData: true });
  }
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
    text.textContent = toPage ? convert(strings.search_label, toPage) : strings.search_label;
    el.parentNode.insertBefore(text, el);
  })();
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
})();
