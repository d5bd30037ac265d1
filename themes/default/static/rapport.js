// Rapport's default theme script. It only improves pages that already work
// without it, and it never sends anything anywhere: answers are kept in this
// browser's localStorage, under keys that start with "rapport:".
(function () {
  "use strict";

  function storageGet(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function storageSet(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* storage may be off: ticks still work */ }
  }
  function storageRemove(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* nothing stored */ }
  }

  // Checklists: ticks remembered per page and per checklist.
  function setUpChecklist(list) {
    var key = "rapport:checklist:" + list.getAttribute("data-page") + ":" + list.getAttribute("data-checklist");
    var boxes = Array.prototype.slice.call(list.querySelectorAll("input[type=checkbox][data-item]"));
    var progress = list.querySelector(".checklist-progress");
    var reset = list.querySelector(".checklist-reset");
    var saved = storageGet(key);
    if (saved !== null) {
      var ticked = {};
      try { JSON.parse(saved).forEach(function (item) { ticked[item] = true; }); } catch (e) { ticked = {}; }
      boxes.forEach(function (box) { box.checked = !!ticked[box.getAttribute("data-item")]; });
    }
    function update() {
      var done = boxes.filter(function (box) { return box.checked; }).length;
      if (progress) { progress.textContent = done + " of " + boxes.length + " done"; }
    }
    function save() {
      var ticked = boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.getAttribute("data-item"); });
      storageSet(key, JSON.stringify(ticked));
      update();
    }
    boxes.forEach(function (box) { box.addEventListener("change", save); });
    if (reset) {
      reset.addEventListener("click", function () {
        boxes.forEach(function (box) { box.checked = false; });
        storageRemove(key);
        update();
      });
      reset.hidden = false;
    }
    if (progress) { progress.hidden = false; }
    update();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".checklist[data-checklist]"), setUpChecklist);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
