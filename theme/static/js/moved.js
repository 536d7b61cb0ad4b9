// The 404 page: an old 長者模式 address (/large/…, /zh-hans/large/…) leads to the same page with the
// mode on (…#elder, which elder.js remembers). Without JavaScript the page says how, with a link.
(function () {
  var script = document.currentScript;
  if (!script) return;
  var base = new URL(script.getAttribute("data-base") || "/", location.href).pathname;
  var path = location.pathname;
  var match = path.indexOf(base) === 0 && path.slice(base.length).match(/^((?:zh-han[st]\/)?)large\/[\/\\]*(.*)$/);
  if (!match) {
    var note = document.getElementById("moved"); // another missing page: the note is not about it
    if (note) note.hidden = true;
    return;
  }
  // Slashes after large/ are eaten (the pattern): "/large//evil.example/" must not lead to
  // "//evil.example/", another host.
  var target = base + match[1] + match[2] + location.search + (script.getAttribute("data-mode") || "");
  var link = document.getElementById("moved-link");
  if (link) link.href = target; // if the browser refuses to move, the link is there
  location.replace(target);
})();
