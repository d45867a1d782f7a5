/* Asks before an irreversible step, in a native <dialog>.
 *
 * A form with data-confirm="…" (lines separated by new lines), data-confirm-title and data-confirm-button
 * is sent only after the person says yes; the form then carries xac_nhan=1, which the server requires
 * (without JavaScript, the server asks on a page of its own instead). Works for plain forms and for htmx
 * forms (through htmx's own htmx:confirm event). No inline script or style: the site's CSP forbids them.
 */
(function () {
  "use strict";

  var dialog = null;

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
    var form = document.createElement("form");
    form.method = "dialog";
    var title = document.createElement("h2");
    title.id = "confirm-dialog-title";
    var body = document.createElement("div");
    body.className = "confirm-body";
    var actions = document.createElement("div");
    actions.className = "actions";
    var yes = document.createElement("button");
    yes.value = "ok";
    yes.className = "confirm-yes";
    var no = document.createElement("button");
    no.value = "cancel";
    no.className = "secondary confirm-no";
    no.textContent = "Thôi";
    actions.appendChild(yes);
    actions.appendChild(no);
    form.appendChild(title);
    form.appendChild(body);
    form.appendChild(actions);
    dialog.appendChild(form);
    document.body.appendChild(dialog);
  }

  function ask(element, proceed) {
    if (!dialog) { build(); }
    dialog.querySelector("h2").textContent = element.getAttribute("data-confirm-title") || "Xác nhận";
    var body = dialog.querySelector(".confirm-body");
    body.textContent = "";
    (element.getAttribute("data-confirm") || "").split("\n").forEach(function (line) {
      if (!line.trim()) { return; }
      var p = document.createElement("p");
      p.textContent = line;
      body.appendChild(p);
    });
    var yes = dialog.querySelector(".confirm-yes");
    yes.textContent = element.getAttribute("data-confirm-button") || "Đồng ý";
    yes.classList.toggle("danger", element.hasAttribute("data-confirm-danger"));
    dialog.returnValue = "";
    dialog.onclose = function () {
      if (dialog.returnValue === "ok") { proceed(); }
    };
    dialog.showModal();
    dialog.querySelector(".confirm-no").focus();
  }

  function markConfirmed(form) {
    var field = form.querySelector("input[name=xac_nhan]");
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "xac_nhan";
      form.appendChild(field);
    }
    field.value = "1";
  }

  function isHtmx(form) {
    return form.hasAttribute("hx-post") || form.hasAttribute("hx-get");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm") || isHtmx(form)) { return; }
    if (form.dataset.confirmed === "1") { return; }
    event.preventDefault();
    var submitter = event.submitter;
    ask(form, function () {
      markConfirmed(form);
      form.dataset.confirmed = "1";
      if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
    });
  });

  document.addEventListener("htmx:confirm", function (event) {
    var element = event.detail.elt;
    if (!element || !element.hasAttribute || !element.hasAttribute("data-confirm")) { return; }
    event.preventDefault();
    ask(element, function () {
      if (element instanceof HTMLFormElement) { markConfirmed(element); }
      event.detail.issueRequest(true);
    });
  });
})();
