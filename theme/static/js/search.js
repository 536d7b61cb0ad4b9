// Full-text search with Pagefind's JS API; the query comes from ?q= so every page's search box works.
//
// One index, of the standard pages in the site's default script. On a page in the other script a
// query is converted to the indexed script, results are shown in the reader's script, and links
// lead into the reader's variant (简/繁; 長者模式 is a mode of the same pages). A large site's index comes in shards
// (pagefind/shards.js), merged here.
//
// A decision number, however it is typed (號/号, 〔〕 [] () （）【】, full-width digits, spaces), becomes
// the one token its decision page carries (pagefind.py number_token), so that page comes first; a
// credit code is searched in half-width capitals (the enterprise page weights it).
//
// Our own small interface rather than Pagefind's (pagefind-ui.js, 140 KB): a first search fetches the
// search code, the word chunks it needs and five results. The filters (their page lists grow with
// the site) are fetched only when the reader opens them.
//
// A large site's shards go by recency (pagefind.py): the first holds every page but decisions and
// enterprises, then the newest of those; each later shard is older (window.PAGEFIND_SHARDS: path and
// date range). A search reads the first shard only, so its bytes do not grow with the site; older
// shards are merged when the reader asks (「顯示更早的結果」), and while an identifier (a decision
// number, a credit code) is not found: the shards of a number's year; for a credit code one after another.
//
// A query of several words finds nothing when one of its words is in no page: Pagefind would drop
// that word and answer 核電站 with every page holding a word that starts with 站.
(function () {
  var el = document.getElementById("search");
  if (!el) return;
  var root = document.documentElement;
  var maps = window.ZH_MAP || {};
  var indexHans = (el.dataset.indexScript || "zh-Hant").toLowerCase() === "zh-hans";
  var pageHans = (root.lang || "").toLowerCase() === "zh-hans";
  var toIndex = maps[indexHans ? "toHans" : "toHant"] || {};
  var toPage = indexHans === pageHans ? null : maps[pageHans ? "toHans" : "toHant"] || {};
  function convert(text, map) {
    return Array.prototype.map.call(text, function (ch) { return map[ch] || ch; }).join("");
  }
  function shown(text) {
    return toPage ? convert(text, toPage) : text;
  }
  // normalize.number_key: NFKC, no spaces, the year in 〔〕, Simplified characters.
  var YEAR = /[\[【(〖〘〔]\s*(\d{4})\s*[\]】)〗〙〕]/;
  var NUMBER = /^[^\s\d〔]+〔\d{4}〕[^\d]*\d+[號号]$/;
  var CREDIT = /^[0-9A-Z]{18}$/;
  var TOKEN = /\bdn[0-9a-z]{8,}\b/g;
  function numberKey(text) {
    var form = text.normalize("NFKC").replace(/\s+/g, "").replace(YEAR, "〔$1〕");
    return NUMBER.test(form) ? convert(form, maps.toHans || {}) : null;
  }
  // pagefind.number_token: the key's characters, ASCII letters and digits kept, others as hex code points.
  function numberToken(key) {
    return "dn" + Array.prototype.map.call(key, function (ch) {
      return /[0-9a-z]/i.test(ch) ? ch.toLowerCase() : ch.codePointAt(0).toString(16);
    }).join("");
  }
  function term(text) {
    var key = numberKey(text);
    if (key) return numberToken(key);
    var code = text.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
    if (CREDIT.test(code)) return code;
    return convert(text, toIndex);
  }
  // Pagefind's ranking (https://pagefind.app/docs/ranking/), its defaults: measured best on the
  // query set (tests/fixtures/search_queries.yaml); the weights are in the templates.
  var options = { ranking: { termFrequency: 1.0, pageLength: 0.75, termSaturation: 1.4 } };
  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter
    ? new Intl.Segmenter(indexHans ? "zh-Hans" : "zh-Hant", { granularity: "word" }) : null;
  function words(text) {
    if (!segmenter) return [];
    var out = [];
    var it = segmenter.segment(text)[Symbol.iterator]();
    for (var step = it.next(); !step.done; step = it.next()) {
      if (step.value.isWordLike) out.push(step.value.segment);
    }
    return out;
  }
  function identifier(t) {
    return /^dn[0-9a-z]{8,}$/.test(t) || CREDIT.test(t);
  }
  // Pagefind's search of the indexed form of q; no results when one of its words is in no page.
  // Pagefind answers a word it lacks with words sharing a character (機場 finds 挖掘機, 核電站 every
  // 加油站). So each word of the query is searched as a phrase ("機場": that word only); when one is
  // not found so, it may still be split otherwise in the index (青石嶺 is 青石 嶺 there, 青 石嶺 in
  // the browser), and the first results are kept only if their text holds it.
  var VERIFY = 20;
  function find(pf, q, filters) {
    var t = term(q);
    // A number's token as a phrase: a shard without it would otherwise answer with its neighbours.
    var number = /^dn[0-9a-z]{8,}$/.test(t);
    return pf.search(number ? '"' + t + '"' : t, { filters: filters || {} }).then(function (result) {
      var parts = number || !result.results.length ? [] : CREDIT.test(t) ? [t] : words(t);
      if (!parts.length) return result;
      return Promise.all(parts.map(function (w) { return pf.search('"' + w + '"'); })).then(function (each) {
        var missing = parts.filter(function (w, i) { return !each[i].results.length; });
        if (!missing.length) return result;
        var head = result.results.slice(0, VERIFY);
        return Promise.all(head.map(function (r) { return r.data(); })).then(function (data) {
          var kept = head.filter(function (r, i) {
            var text = (data[i].content || "").replace(/\s+/g, "");
            return missing.every(function (w) { return text.indexOf(w) >= 0; });
          });
          return { results: kept, filters: result.filters };
        });
      });
    });
  }
  window.SiteSearch = { term: term, options: options, numberKey: numberKey, find: find };

  var strings = JSON.parse(el.dataset.strings);
  // The site's base path, from the (shared, never prefixed) bundle URL; the variant prefix from this page's URL.
  var bundle = new URL(el.dataset.bundle, window.location.href).pathname;
  var base = bundle.replace(/pagefind\/$/, "");
  var here = window.location.pathname.slice(base.length);
  var prefix = (here.match(/^((?:zh-han[st]\/)?)/) || ["", ""])[1];
  function intoVariant(url) {
    var path = new URL(url, window.location.href).pathname;
    return path.indexOf(base) === 0 ? base + prefix + path.slice(base.length) : url;
  }
  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function say(key, q, count) {
    return (strings[key] || strings.zero_results).replace("[SEARCH_TERM]", q).replace("[COUNT]", String(count));
  }

  // The form: a labelled input (WCAG 3.3.2), then the filters button, then the results.
  el.classList.add("pagefind-ui");
  var form = make("form", "pagefind-ui__form");
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", strings.search_label);
  var label = make("label", "search-label", strings.search_label);
  label.htmlFor = "pagefind-q";
  var input = make("input", "pagefind-ui__search-input");
  input.id = "pagefind-q";
  input.type = "search";
  input.placeholder = strings.placeholder;
  input.autocomplete = "off";
  input.setAttribute("enterkeyhint", "search");
  form.appendChild(label);
  form.appendChild(input);
  var toggle = make("button", "filter-toggle", el.dataset.filtersLabel || strings.filters_label);
  toggle.type = "button";
  toggle.setAttribute("aria-controls", "search-filters");
  toggle.setAttribute("aria-expanded", "false");
  var drawer = make("div", "pagefind-ui__drawer");
  var panel = make("fieldset", "pagefind-ui__filter-panel");
  panel.id = "search-filters";
  panel.hidden = true;
  panel.appendChild(make("legend", "pagefind-ui__filter-panel-label", strings.filters_label));
  var area = make("div", "pagefind-ui__results-area");
  var message = make("p", "pagefind-ui__message");
  message.setAttribute("role", "status");
  var list = make("ol", "pagefind-ui__results");
  area.appendChild(message);
  area.appendChild(list);
  drawer.appendChild(panel);
  drawer.appendChild(area);
  el.appendChild(form);
  el.appendChild(toggle);
  el.appendChild(drawer);

  var more = make("button", "pagefind-ui__button", strings.load_more);
  more.type = "button";
  more.hidden = true;
  var older = make("button", "pagefind-ui__button search-older", strings.load_older);
  older.type = "button";
  older.hidden = true;
  area.appendChild(more);
  area.appendChild(older);

  // The first shard is the bundle itself; the older ones (new to old) merged on demand.
  var shards = (window.PAGEFIND_SHARDS || []).map(function (s) {
    return typeof s === "string" ? { path: s } : s;
  });
  var merged = shards.map(function () { return null; });
  var pagefind = null;
  function engine() {
    if (!pagefind) {
      pagefind = import(el.dataset.bundle + "pagefind.js").then(function (pf) {
        return pf.options(options).then(function () { return pf; });
      });
    }
    return pagefind;
  }
  function merge(pf, i) {
    if (!merged[i]) merged[i] = pf.mergeIndex(el.dataset.bundle + shards[i].path);
    return merged[i];
  }
  function nextShard() {
    for (var i = 0; i < shards.length; i++) if (!merged[i]) return i;
    return -1;
  }
  // The older shards holding a decision number's year (each carries its from/to dates).
  function shardsOfYear(q) {
    var key = numberKey(q);
    if (!key) return [];
    var year = key.match(/〔(\d{4})〕/)[1];
    var out = [];
    shards.forEach(function (s, i) {
      if (s.from && s.to && s.from.slice(0, 4) <= year && year <= s.to.slice(0, 4)) out.push(i);
    });
    return out;
  }

  var selected = {};
  var found = [];
  var count = 0;
  var latest = 0;
  function render(data) {
    var item = make("li", "pagefind-ui__result");
    var title = make("p", "pagefind-ui__result-title");
    var link = make("a", "pagefind-ui__result-link", shown((data.meta && data.meta.title) || data.url));
    link.href = intoVariant(data.url);
    title.appendChild(link);
    var excerpt = make("p", "pagefind-ui__result-excerpt");
    // Pagefind's excerpt is escaped text with <mark> around the words found.
    excerpt.innerHTML = shown((data.excerpt || "").replace(TOKEN, ""));
    item.appendChild(title);
    item.appendChild(excerpt);
    list.appendChild(item);
  }
  function showMore(id, upTo) {
    var next = found.slice(count, Math.max(upTo || 0, count + 5));
    count += next.length;
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
      if (id !== latest) return;
      data.forEach(render);
      more.hidden = count >= found.length;
      older.hidden = nextShard() < 0;
    });
  }
  function search(q, keep) {
    var id = ++latest;
    q = q.trim();
    var url = new URL(window.location.href);
    if (q) url.searchParams.set("q", q);
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    if (!q) {
      list.textContent = "";
      message.textContent = "";
      more.hidden = true;
      older.hidden = true;
      return Promise.resolve();
    }
    message.textContent = say("searching", q, 0);
    var pf;
    var years = shardsOfYear(q);
    function attempt() {
      return find(pf, q, selected).then(function (result) {
        // An identifier not yet found: the shards of its year, then the next older shard, until none
        // is left. A credit code is found when its enterprise comes first (a blacklist or a decision
        // may quote it).
        var inYear = years.filter(function (i) { return !merged[i]; });
        var t = term(q);
        // A decision is in the shards of its number's year (pagefind.py dates them); no further.
        var dated = shards.some(function (s) { return s.to; });
        var next = inYear.length ? inYear[0] : (CREDIT.test(t) || !dated ? nextShard() : -1);
        if (next < 0 || !identifier(t)) return result;
        if (!result.results.length) return merge(pf, next).then(attempt);
        if (!CREDIT.test(t)) return result;
        return result.results[0].data().then(function (data) {
          return data.url.indexOf("/enterprises/" + t + "/") >= 0 ? result : merge(pf, next).then(attempt);
        });
      });
    }
    return engine().then(function (engine) {
      pf = engine;
    }).then(attempt).then(function (result) {
      if (id !== latest) return;
      var shownBefore = keep ? count : 0;
      found = result.results;
      count = 0;
      list.textContent = "";
      var key = found.length ? (found.length === 1 ? "one_result" : "many_results") : (nextShard() >= 0 ? "none_recent" : "zero_results");
      message.textContent = say(key, q, found.length) + (found.length && nextShard() >= 0 && !identifier(term(q)) ? strings.recent_only || "" : "");
      if (!panel.hidden) counts(result.filters);
      return showMore(id, shownBefore);
    });
  }
  older.addEventListener("click", function () {
    var next = nextShard();
    if (next < 0) return;
    older.disabled = true;
    engine().then(function (pf) { return merge(pf, next); }).then(function () {
      older.disabled = false;
      return search(input.value, true);
    });
  });

  // Filters: fetched on first opening, each a <details> of checkboxes with the number of pages.
  var filtersLoaded = null;
  function counts(byName) {
    Array.prototype.forEach.call(panel.querySelectorAll(".pagefind-ui__filter-label"), function (node) {
      var n = (byName[node.dataset.name] || {})[node.dataset.value];
      node.textContent = shown(node.dataset.value) + " (" + (n || 0) + ")";
    });
  }
  function buildFilters(all) {
    Object.keys(all).forEach(function (name) {
      var block = make("details", "pagefind-ui__filter-block");
      block.appendChild(make("summary", "pagefind-ui__filter-name", shown(name)));
      var group = make("fieldset", "pagefind-ui__filter-group");
      group.appendChild(make("legend", "pagefind-ui__filter-group-label", shown(name)));
      Object.keys(all[name]).forEach(function (value) {
        var row = make("div", "pagefind-ui__filter-value");
        var box = make("input", "pagefind-ui__filter-checkbox");
        box.type = "checkbox";
        box.id = name + "-" + value;
        box.name = name;
        box.value = value;
        box.addEventListener("change", function () {
          var values = (selected[name] || []).filter(function (v) { return v !== value; });
          if (box.checked) values.push(value);
          if (values.length) selected[name] = values;
          else delete selected[name];
          search(input.value);
        });
        var text = make("label", "pagefind-ui__filter-label", shown(value) + " (" + all[name][value] + ")");
        text.htmlFor = box.id;
        text.dataset.name = name;
        text.dataset.value = value;
        row.appendChild(box);
        row.appendChild(text);
        group.appendChild(row);
      });
      block.appendChild(group);
      panel.appendChild(block);
    });
  }
  toggle.addEventListener("click", function () {
    var open = panel.hidden;
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open && !filtersLoaded) {
      filtersLoaded = engine().then(function (pf) { return pf.filters(); }).then(function (all) {
        buildFilters(all);
        if (input.value.trim()) search(input.value);
      });
    }
  });

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { search(input.value); }, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    search(input.value);
  });
  more.addEventListener("click", function () { showMore(latest); });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) {
    input.value = q;
    search(q);
  }
})();
