// 長者模式（大字版）: a mode of every page, which the browser remembers.
// Loaded in <head> (the CSP allows no inline script) so that class="elder" is on <html> before the
// first paint. The entry in the header is two links, 「長者模式」 (#elder) and 「標準版」 (#standard); without
// JavaScript #elder turns the mode on for the page it is on (site.css, :target), and this file makes
// it last: on, it stays on on every page until 「標準版」.
(function () {
  var KEY = "elder";
  var root = document.documentElement;

  function stored() {
    try {
      return window.localStorage.getItem(KEY) === "1";
    } catch (e) {
      return false; // storage blocked: the mode still works on the page, as without JavaScript
    }
  }

  function set(on) {
    try {
      window.localStorage.setItem(KEY, on ? "1" : "0");
    } catch (e) {}
    root.classList.toggle("elder", on);
  }

  // An old /large/ address and the no-script link arrive as …#elder: remember it.
  if (location.hash === "#elder") set(true);
  else if (stored()) root.classList.add("elder");

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-elder]") : null;
    if (!link) return;
    var on = link.getAttribute("data-elder") === "on";
    set(on);
    // Off while the address still ends in #elder: follow the link (#standard), so that :target lets go.
    if (on || location.hash !== "#elder") event.preventDefault();
    var other = document.querySelector('a[data-elder="' + (on ? "off" : "on") + '"]');
    if (other) other.focus(); // the link pressed is hidden now: keep the keyboard's place
  });

  window.addEventListener("hashchange", function () {
    if (location.hash === "#elder") set(true);
  });
  // Back to a page kept in memory (bfcache): show it in the mode chosen since.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) root.classList.toggle("elder", stored() || location.hash === "#elder");
  });
})();
