// Rapport's live-reload client. Injected only by `rapport serve`, never by
// `rapport build`. It listens for build events from the dev server.
(function () {
  "use strict";
  var overlayId = "rapport-build-error";

  function hideOverlay() {
    var old = document.getElementById(overlayId);
    if (old) { old.parentNode.removeChild(old); }
  }

  function showOverlay(message, heading) {
    hideOverlay();
    var box = document.createElement("div");
    box.id = overlayId;
    box.setAttribute("role", "alert");
    box.className = "rapport-build-error";
    box.setAttribute("data-kind", heading ? "findings" : "build");
    var title = document.createElement("p");
    title.className = "rapport-build-error-title";
    title.textContent = heading || "The site did not build. You are seeing the last version that did.";
    var pre = document.createElement("pre");
    pre.textContent = message;
    var hint = document.createElement("p");
    hint.textContent = "Fix the file and save: this page reloads by itself.";
    box.appendChild(title);
    box.appendChild(pre);
    box.appendChild(hint);
    document.body.appendChild(box);
  }

  // Check warnings: a small panel in a corner, which the writer may dismiss
  // until the warnings change (remembered for this tab only).
  var panelId = "rapport-check-warnings";
  function showWarnings(text, count) {
    var old = document.getElementById(panelId);
    if (old) { old.parentNode.removeChild(old); }
    var key = "rapport-dismissed-warnings";
    if (!count) { return; }
    try { if (sessionStorage.getItem(key) === text) { return; } } catch (e) { /* storage off */ }
    var panel = document.createElement("div");
    panel.id = panelId;
    panel.className = "rapport-check-warnings";
    panel.setAttribute("role", "status");
    var list = document.createElement("details");
    var summary = document.createElement("summary");
    summary.textContent = count + (count === 1 ? " check warning" : " check warnings");
    var pre = document.createElement("pre");
    pre.textContent = text;
    var dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.textContent = "Dismiss";
    dismiss.addEventListener("click", function () {
      try { sessionStorage.setItem(key, text); } catch (e) { /* storage off */ }
      panel.parentNode.removeChild(panel);
    });
    list.appendChild(summary);
    list.appendChild(pre);
    panel.appendChild(list);
    panel.appendChild(dismiss);
    document.body.appendChild(panel);
  }

  function swapStylesheets() {
    var stamp = Date.now();
    Array.prototype.forEach.call(document.querySelectorAll("link[rel=stylesheet]"), function (link) {
      var href = link.getAttribute("href").split("?")[0];
      link.setAttribute("href", href + "?v=" + stamp);
    });
  }

  var source = new EventSource("/__rapport/events");
  source.onmessage = function (event) {
    var message;
    try { message = JSON.parse(event.data); } catch (e) { return; }
    if (message.type === "reload") {
      window.location.reload();
    } else if (message.type === "css") {
      hideOverlay();
      swapStylesheets();
    } else if (message.type === "error") {
      showOverlay(message.message);
    } else if (message.type === "findings") {
      // A failed build's overlay stays: these findings are of the last good site.
      if (!document.querySelector("#" + overlayId + "[data-kind=build]")) {
        if (message.error_count) {
          showOverlay(message.errors, "The preview is up to date, but `rapport build` stops on this:");
        } else {
          hideOverlay();
        }
      }
      showWarnings(message.warnings, message.warning_count);
    }
  };
})();
