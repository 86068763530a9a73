// complaintgen serve: checks an answer when its field is left and refreshes the preview.
// The rules are the server's (the questionnaire's engine); this only asks it and shows the form
// it sends back. Without this script the page works too: every button submits the form.
"use strict";
(function () {
  const form = document.getElementById("section");
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const touched = new Set();
  let pending = null;
  let replacing = false;
  // Answers can come back out of order: only the one to the latest question is shown.
  let asked = 0;

  // The fields are marked busy from a field left until the answer to the latest check is shown:
  // a screen reader waits for it, and so does anything that reads the page after a change.
  function busy(yes) {
    const fields = document.getElementById("fields");
    if (fields) fields.setAttribute("aria-busy", yes ? "true" : "false");
  }

  function refreshPreview() {
    const frame = document.getElementById("letter");
    if (frame) {
      frame.src = frame.src.split("#")[0];
    }
  }

  // What each field holds now: a value, or for radio buttons the one checked.
  function values() {
    const seen = {};
    form.querySelectorAll("#fields [name]").forEach(function (input) {
      if (input.type === "radio") {
        if (input.checked) seen[input.name] = input.value;
        else if (!(input.name in seen)) seen[input.name] = null;
      } else if (input.type !== "hidden") {
        seen[input.name] = input.value;
      }
    });
    return seen;
  }

  async function check(left) {
    if (!form) return;
    touched.add(left);
    const number = ++asked;
    busy(true);
    const sent = values();
    const body = new FormData(form);
    body.set("_touched", Array.from(touched).join(","));
    let html = null;
    try {
      const response = await fetch(form.dataset.check, {
        method: "POST",
        body: body,
        headers: { "X-CSRF-Token": token },
        credentials: "same-origin",
      });
      if (response.ok) html = await response.text();
    } catch (e) {
      html = null;  // the server is gone: the buttons still submit the form
    }
    if (number !== asked) return;  // a later check is on its way, with newer answers
    if (html === null) {
      busy(false);
      return;
    }
    // Whatever was typed while the server answered is kept, and so is the place of the cursor.
    const now = values();
    const active = document.activeElement;
    const focused = active && active.name;
    const caret = active && active.selectionStart;
    const fields = document.getElementById("fields");
    // Taking the focused field out of the page fires its focusout: not a field left by hand.
    replacing = true;
    fields.innerHTML = html;
    replacing = false;
    Object.keys(now).forEach(function (name) {
      if (now[name] === sent[name]) return;
      fields.querySelectorAll('[name="' + CSS.escape(name) + '"]').forEach(function (input) {
        if (input.type === "radio") input.checked = input.value === now[name];
        else input.value = now[name];
      });
    });
    bind();
    if (focused) {
      const again = fields.querySelector('[name="' + CSS.escape(focused) + '"]');
      if (again) {
        again.focus();
        if (caret !== null && caret !== undefined && again.setSelectionRange) {
          try { again.setSelectionRange(caret, caret); } catch (e) { /* not a text field */ }
        }
      }
    }
    busy(false);
    refreshPreview();
  }

  function bind() {
    document.querySelectorAll("#fields button.use").forEach(function (button) {
      button.addEventListener("click", function () {
        const input = document.getElementById(button.dataset.for);
        input.value = button.dataset.value;
        input.focus();
        check(input.name);
      });
    });
  }

  if (form) {
    form.addEventListener("focusout", function (event) {
      const target = event.target;
      if (replacing || !target.isConnected) return;
      if (!target.name || target.name.startsWith("_") || target.tagName === "BUTTON") return;
      if (pending) clearTimeout(pending);
      busy(true);
      pending = setTimeout(function () { check(target.name); }, 0);
    });
    form.addEventListener("change", function (event) {
      if (event.target.type === "radio" || event.target.tagName === "SELECT") {
        check(event.target.name);
      }
    });
    bind();
  }

  // On a phone the list of sections scrolls sideways: show where this page is in it.
  const current = document.querySelector(".sections .current");
  if (current) current.scrollIntoView({ block: "nearest", inline: "center" });

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
