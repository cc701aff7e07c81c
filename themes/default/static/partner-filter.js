// Find-as-you-type filter of a partner list. Without this script the
// (hidden) filter box never shows and the whole list stays visible.
(function () {
  "use strict";
  var box = document.querySelector(".filter");
  var input = document.getElementById("partner-filter");
  var status = document.getElementById("partner-filter-status");
  if (!box || !input || !status) return;
  var rows = [], sections = [];
  document.querySelectorAll("section.category").forEach(function (s) {
    var list = [];
    s.querySelectorAll("li[data-search]").forEach(function (li) {
      var row = { el: li, text: li.getAttribute("data-search"), shown: !li.hidden };
      list.push(row); rows.push(row);
    });
    sections.push({ el: s, rows: list, shown: !s.hidden });
  });
  var composing = false, last = null;

  // Fold like the page data: full-width ASCII to ASCII, ideographic space
  // to space, lowercase.
  function fold(s) {
    return s.replace(/[\uFF01-\uFF5E]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    }).replace(/\u3000/g, " ").toLowerCase().trim();
  }
  function set(item, show) {
    if (item.shown !== show) { item.shown = show; item.el.hidden = !show; }
  }
  function run() {
    var q = fold(input.value);
    if (q === last) return;
    last = q;
    var terms = q ? q.split(/\s+/) : [], shown = 0;
    sections.forEach(function (s) {
      var n = 0;
      s.rows.forEach(function (r) {
        var ok = true;
        for (var i = 0; i < terms.length && ok; i++) ok = r.text.indexOf(terms[i]) >= 0;
        set(r, ok);
        if (ok) n++;
      });
      set(s, !terms.length || n > 0);
      shown += n;
    });
    var msg = !terms.length ? "" : shown ? status.getAttribute("data-template")
      .replace("{shown}", shown).replace("{total}", rows.length) : status.getAttribute("data-none");
    if (status.textContent !== msg) status.textContent = msg;
  }

  input.addEventListener("compositionstart", function () { composing = true; });
  input.addEventListener("compositionend", function () { composing = false; run(); });
  input.addEventListener("input", function (e) {
    if (!composing && !e.isComposing) run();
  });
  box.hidden = false;
  var q = new URLSearchParams(location.search).get("q");
  if (q) input.value = q;
  if (input.value) run();
})();
