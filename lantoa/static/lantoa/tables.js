/* A wide table marked data-cards reads as one card per row on a phone: each cell gets its column's header
 * as data-label (site.css shows it before the value), then the table takes the class "cards". Without
 * JavaScript the table stays a table that scrolls sideways. Rows swapped in by htmx are labelled too. */
(function () {
  "use strict";

  function label(table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return (th.getAttribute("title") || th.textContent).replace(/\s+/g, " ").trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (heads[index] && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", heads[index]); }
        // A card leaves out the figures a unit does not have yet ("—"), which a table needs for its columns.
        if (index > 0 && cell.textContent.trim() === "—") { cell.classList.add("no-figure"); }
      });
    });
    table.classList.add("cards");
  }

  function labelAll(root) {
    (root || document).querySelectorAll("table[data-cards]").forEach(label);
  }

  document.addEventListener("DOMContentLoaded", function () { labelAll(document); });
  document.addEventListener("htmx:load", function (event) {
    var table = event.target.closest ? event.target.closest("table[data-cards]") : null;
    if (table) { label(table); }
  });
})();
