(function () {
  "use strict";
  // Fields: show the rule that set a field and highlight its span.
  var prov = document.getElementById("prov");
  function select(el) {
    document.querySelectorAll(".hl").forEach(function (n) { n.classList.remove("hl"); });
    document.querySelectorAll(".sel").forEach(function (n) { n.classList.remove("sel"); });
    el.classList.add("sel");
    var mark = el.getAttribute("data-mark");
    var card = el.closest(".card");
    var dt = el.previousElementSibling;
    var name = dt && dt.tagName === "DT" ? dt.textContent : "quote";
    var found = 0;
    if (mark) {
      document.querySelectorAll(".fm").forEach(function (n) {
        if ((" " + n.getAttribute("data-f") + " ").indexOf(" " + mark + " ") >= 0) {
          n.classList.add("hl");
          if (!found) { n.scrollIntoView({block: "center"}); }
          found++;
        }
      });
    }
    if (prov) {
      prov.textContent = (card ? card.querySelector("h3").firstChild.textContent.trim() + " · " : "") +
        name + ": " + el.getAttribute("data-rule") + (found ? "" : "  (span not found in the evidence)");
      prov.setAttribute("data-field", name);
    }
  }
  document.querySelectorAll("[data-rule]").forEach(function (el) {
    el.addEventListener("click", function () { select(el); });
    el.addEventListener("keydown", function (e) { if (e.key === "Enter") { select(el); } });
  });
  // Tables: click a header to sort by that column.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      if (!th.hasAttribute("data-type")) { return; }
      th.addEventListener("click", function () {
        var num = th.getAttribute("data-type") === "num";
        var asc = !th.classList.contains("asc");
        heads.forEach(function (h) { h.classList.remove("asc", "desc"); });
        th.classList.add(asc ? "asc" : "desc");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        function key(r) {
          var c = r.cells[col];
          if (!c) { return num ? -Infinity : ""; }
          var v = c.hasAttribute("data-v") ? c.getAttribute("data-v") : c.textContent.trim();
          if (num) { var n = parseFloat(v); return isNaN(n) ? -Infinity : n; }
          return v;
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var d = num ? x - y : (x < y ? -1 : x > y ? 1 : 0);
          return asc ? d : -d;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
