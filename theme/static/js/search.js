// Full-text search with Pagefind's JS API; the query comes from ?q= so every page's search box works.
//
// One index, of the standard pages in the site's default script. On a page in the other script a
// query is converted to the indexed script, results are shown in the reader's script, and links
// lead into the reader's variant (简/繁, large print). A large site's index comes in shards
// (pagefind/shards.js), merged here.
//
// A decision number, however it is typed (號/号, 〔〕 [] () （）【】, full-width digits, spaces), becomes
// the one token its decision page carries (pagefind.py number_token), so that page comes first; a
// credit code is searched in half-width capitals (the enterprise page weights it).
//
// Our own small interface rather than Pagefind's (pagefind-ui.js, 140 KB): a first search fetches the
// search code, the word chunks it needs and five results. The filters (their page lists grow with
// the site) are fetched only when the reader opens them.
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
  window.SiteSearch = { term: term, options: options, numberKey: numberKey };

  var strings = JSON.parse(el.dataset.strings);
  // The site's base path, from the (shared, never prefixed) bundle URL; the variant prefix from this page's URL.
  var bundle = new URL(el.dataset.bundle, window.location.href).pathname;
  var base = bundle.replace(/pagefind\/$/, "");
  var here = window.location.pathname.slice(base.length);
  var prefix = (here.match(/^((?:zh-han[st]\/)?(?:large\/)?)/) || ["", ""])[1];
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
    return strings[key].replace("[SEARCH_TERM]", q).replace("[COUNT]", String(count));
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
  var more = make("button", "pagefind-ui__button", strings.load_more);
  more.type = "button";
  more.hidden = true;
  area.appendChild(message);
  area.appendChild(list);
  area.appendChild(more);
  drawer.appendChild(panel);
  drawer.appendChild(area);
  el.appendChild(form);
  el.appendChild(toggle);
  el.appendChild(drawer);

  var pagefind = null;
  function engine() {
    if (!pagefind) {
      pagefind = import(el.dataset.bundle + "pagefind.js").then(function (pf) {
        return pf.options(options).then(function () {
          return Promise.all((window.PAGEFIND_SHARDS || []).map(function (name) {
            return pf.mergeIndex(el.dataset.bundle + name);
          }));
        }).then(function () { return pf; });
      });
    }
    return pagefind;
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
  function showMore(id) {
    var next = found.slice(count, count + 5);
    count += next.length;
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
      if (id !== latest) return;
      data.forEach(render);
      more.hidden = count >= found.length;
    });
  }
  function search(q) {
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
      return Promise.resolve();
    }
    message.textContent = say("searching", q, 0);
    return engine().then(function (pf) {
      return pf.search(term(q), { filters: selected });
    }).then(function (result) {
      if (id !== latest) return;
      found = result.results;
      count = 0;
      list.textContent = "";
      message.textContent = say(found.length ? (found.length === 1 ? "one_result" : "many_results") : "zero_results", q, found.length);
      if (!panel.hidden) counts(result.filters);
      return showMore(id);
    });
  }

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
