/* The activity form says, before saving, which reports the activity will count in: as the date or a box
 * changes, each directive's line reads "được tính…" or why not. The texts come from the page (data-*), so
 * nothing here needs translating; without JavaScript the server-rendered lines stand. */
(function () {
  "use strict";

  // The date box takes dd/mm/yyyy (also ISO); the directives' windows are written ISO in data-*.
  function iso(text) {
    var m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec((text || "").trim());
    if (m) { return m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2); }
    return /^\d{4}-\d{2}-\d{2}$/.test((text || "").trim()) ? text.trim() : "";
  }

  function update() {
    var input = document.getElementById("id_occurred_on");
    var day = input ? iso(input.value) : "";
    document.querySelectorAll(".counting-line").forEach(function (line) {
      var status = line.querySelector(".counting-status");
      if (!status || line.getAttribute("data-feeds") !== "1") { return; }
      var box = line.querySelector("input[type=checkbox]");
      var start = line.getAttribute("data-start");
      var end = line.getAttribute("data-end");
      var text, counts;
      if (box && !box.checked) {
        text = line.getAttribute("data-unticked"); counts = false;
      } else if (day && ((start && day < start) || (end && day > end))) {
        text = line.getAttribute("data-outside"); counts = false;
      } else {
        text = line.getAttribute("data-yes"); counts = true;
      }
      status.textContent = text;
      status.classList.toggle("yes", counts);
      status.classList.toggle("no", !counts);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.querySelector(".counting-line")) { return; }
    var input = document.getElementById("id_occurred_on");
    if (input) { input.addEventListener("change", update); input.addEventListener("input", update); }
    document.querySelectorAll(".counting-line input[type=checkbox]").forEach(function (box) {
      box.addEventListener("change", update);
    });
  });
})();
