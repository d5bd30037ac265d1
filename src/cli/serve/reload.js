// Rapport's live-reload client. Injected only by `rapport serve`, never by
// `rapport build`. It listens for build events from the dev server.
(function () {
  "use strict";
  var overlayId = "rapport-build-error";

  function hideOverlay() {
    var old = document.getElementById(overlayId);
    if (old) { old.parentNode.removeChild(old); }
  }

  function showOverlay(message) {
    hideOverlay();
    var box = document.createElement("div");
    box.id = overlayId;
    box.setAttribute("role", "alert");
    box.className = "rapport-build-error";
    var title = document.createElement("p");
    title.className = "rapport-build-error-title";
    title.textContent = "The site did not build. You are seeing the last version that did.";
    var pre = document.createElement("pre");
    pre.textContent = message;
    var hint = document.createElement("p");
    hint.textContent = "Fix the file and save: this page reloads by itself.";
    box.appendChild(title);
    box.appendChild(pre);
    box.appendChild(hint);
    document.body.appendChild(box);
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
    }
  };
})();
