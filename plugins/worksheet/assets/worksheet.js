// Rapport worksheets: answers are kept in this browser's localStorage only,
// under keys that start with "rapport:worksheet:". Nothing is ever sent.
(function () {
  "use strict";

  function storageKey(form) {
    return "rapport:worksheet:" + form.getAttribute("data-page") + ":" + form.getAttribute("data-worksheet");
  }
  function read(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "{}") || {}; } catch (e) { return {}; }
  }
  function write(key, data) {
    try { window.localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* storage off: the form still works */ }
  }
  function remove(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* nothing stored */ }
  }
  function controls(form) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name], textarea[name]"));
  }

  function collect(form) {
    var data = {};
    controls(form).forEach(function (c) {
      if (c.type === "checkbox") {
        if (c.checked) { (data[c.name] = data[c.name] || []).push(c.value); }
      } else if (c.type === "radio") {
        if (c.checked) { data[c.name] = c.value; }
      } else if (c.value !== "") {
        data[c.name] = c.value;
      }
    });
    return data;
  }

  function restore(form, data) {
    controls(form).forEach(function (c) {
      var v = data[c.name];
      if (c.type === "checkbox") {
        c.checked = Array.isArray(v) && v.indexOf(c.value) !== -1;
      } else if (c.type === "radio") {
        c.checked = v === c.value;
      } else {
        c.value = typeof v === "string" ? v : "";
      }
    });
  }

  // The answers as a plain-text document, question by question.
  function asText(form) {
    var lines = [];
    var title = form.querySelector(".worksheet-title");
    lines.push(title ? title.textContent.trim() : "Worksheet");
    lines.push("Saved " + new Date().toISOString().slice(0, 10));
    lines.push("");
    Array.prototype.forEach.call(form.querySelectorAll("[data-field]"), function (field) {
      lines.push("## " + field.getAttribute("data-label"));
      var answers = [];
      var cells = field.querySelectorAll("textarea[data-row]");
      if (cells.length) {
        Array.prototype.forEach.call(cells, function (cell) {
          if (cell.value.trim()) { answers.push("Row " + cell.getAttribute("data-row") + ", " + cell.getAttribute("data-column") + ": " + cell.value.trim()); }
        });
      } else {
        Array.prototype.forEach.call(field.querySelectorAll("input, textarea"), function (c) {
          if ((c.type === "checkbox" || c.type === "radio")) {
            if (c.checked) {
              var label = form.querySelector("label[for='" + c.id + "']") || c.parentNode;
              answers.push("[x] " + label.textContent.trim());
            }
          } else if (c.value.trim()) {
            answers.push(c.value.trim() + (c.type === "number" ? "%" : ""));
          }
        });
      }
      lines.push(answers.length ? answers.join("\n") : "(no answer)");
      lines.push("");
    });
    return lines.join("\n");
  }

  function download(form) {
    var blob = new Blob([asText(form)], { type: "text/plain;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = (form.getAttribute("data-worksheet") || "worksheet") + "-answers.txt";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // An empty date field prints as a line to write on, not "mm/dd/yyyy".
  function markEmptyDates(form) {
    Array.prototype.forEach.call(form.querySelectorAll("input[type=date]"), function (input) {
      input.classList.toggle("ws-empty", !input.value);
    });
  }

  function setUp(form) {
    var key = storageKey(form);
    restore(form, read(key));
    markEmptyDates(form);
    form.addEventListener("input", function () { write(key, collect(form)); markEmptyDates(form); });
    form.addEventListener("change", function () { write(key, collect(form)); markEmptyDates(form); });
    // The form is never submitted: there is nowhere to send answers to.
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button[data-action]") : null;
      if (!button) { return; }
      var action = button.getAttribute("data-action");
      if (action === "print") {
        window.print();
      } else if (action === "download") {
        download(form);
      } else if (action === "clear") {
        if (window.confirm(form.getAttribute("data-confirm-clear") || "Clear all your answers on this worksheet? This cannot be undone.")) {
          restore(form, {});
          remove(key);
          markEmptyDates(form);
        }
      }
    });
    Array.prototype.forEach.call(form.querySelectorAll(".ws-actions, .ws-saved-note"), function (el) { el.hidden = false; });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form.worksheet[data-worksheet]"), setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
