// complaintgen serve: checks an answer when its field is left and refreshes the preview.
// The rules are the server's (the questionnaire's engine); this only asks it and shows the form
// it sends back. Without this script the page works too: every button submits the form.
"use strict";
(function () {
  const form = document.getElementById("section");
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const touched = new Set();
  let pending = null;

  function refreshPreview() {
    const frame = document.getElementById("letter");
    if (frame) {
      frame.src = frame.src.split("#")[0];
    }
  }

  async function check(left, next) {
    if (!form) return;
    touched.add(left);
    const body = new FormData(form);
    body.set("_touched", Array.from(touched).join(","));
    const response = await fetch(form.dataset.check, {
      method: "POST",
      body: body,
      headers: { "X-CSRF-Token": token },
      credentials: "same-origin",
    });
    if (!response.ok) return;
    const html = await response.text();
    const fields = document.getElementById("fields");
    fields.innerHTML = html;
    bind();
    if (next) {
      const again = fields.querySelector('[name="' + CSS.escape(next) + '"]');
      if (again) again.focus();
    }
    refreshPreview();
  }

  function bind() {
    document.querySelectorAll("#fields button.use").forEach(function (button) {
      button.addEventListener("click", function () {
        const input = document.getElementById(button.dataset.for);
        input.value = button.dataset.value;
        check(input.name, input.name);
      });
    });
  }

  if (form) {
    form.addEventListener("focusout", function (event) {
      const target = event.target;
      if (!target.name || target.name.startsWith("_") || target.tagName === "BUTTON") return;
      const next = event.relatedTarget && event.relatedTarget.name;
      if (pending) clearTimeout(pending);
      pending = setTimeout(function () { check(target.name, next); }, 0);
    });
    form.addEventListener("change", function (event) {
      if (event.target.type === "radio" || event.target.tagName === "SELECT") {
        check(event.target.name, event.target.name);
      }
    });
    bind();
  }

  document.querySelectorAll("#preview .tabs a").forEach(function (tab) {
    tab.addEventListener("click", function (event) {
      event.preventDefault();
      document.querySelectorAll("#preview .tabs a").forEach(function (other) {
        other.removeAttribute("aria-selected");
      });
      tab.setAttribute("aria-selected", "true");
      document.getElementById("letter").src = "/preview/" + tab.dataset.doc;
    });
  });
})();
