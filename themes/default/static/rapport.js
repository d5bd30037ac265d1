// Rapport's default theme script. It only improves pages that already work
// without it, and it never sends anything anywhere: everything it keeps is in
// this browser's localStorage, under keys that start with "rapport:".
//
// It is loaded in <head> without `defer`, so the reader's light/dark choice
// is applied before the page is first painted (no flash of the other theme),
// and the quick-exit keys work from the first moment. Everything that needs
// the page's elements waits for DOMContentLoaded.
(function () {
  "use strict";

  var THEME_KEY = "rapport:theme";

  function storageGet(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function storageSet(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* storage may be off: the page still works */ }
  }
  function storageRemove(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* nothing stored */ }
  }

  // Light or dark, chosen by the reader: applied at once, before <body> exists.
  var root = document.documentElement;
  var chosen = storageGet(THEME_KEY);
  if (chosen === "light" || chosen === "dark") {
    root.setAttribute("data-theme", chosen);
  }

  function systemPrefersDark() {
    return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }
  function isDark() {
    var theme = root.getAttribute("data-theme");
    return theme ? theme === "dark" : systemPrefersDark();
  }

  // The words scripts show, in the page's language: the #rapport-strings
  // data block the theme writes from its string tables; counts take the
  // language's plural form (Intl.PluralRules). `fallback` is the English,
  // for a page without the block (a site's own base.html).
  var strings = null;
  function text(key, vars, fallback) {
    if (!strings) {
      try { strings = JSON.parse(document.getElementById("rapport-strings").textContent); } catch (e) { strings = {}; }
    }
    var entry = strings[key];
    var out = entry;
    if (entry && typeof entry === "object") {
      var category = "other";
      try { category = new Intl.PluralRules(root.lang || "en").select(vars.n); } catch (e) { /* old browser */ }
      out = entry[category] || entry.other;
    }
    if (typeof out !== "string") { out = fallback; }
    Object.keys(vars || {}).forEach(function (name) {
      out = out.split("{" + name + "}").join(String(vars[name]));
    });
    return out;
  }
  window.rapportText = text;

  // Every toggle (the header's and the menu's) shows the same state: pressed,
  // and "on" or "off" beside its label.
  function showTheme() {
    var dark = isDark();
    Array.prototype.forEach.call(document.querySelectorAll("[data-theme-toggle]"), function (button) {
      button.setAttribute("aria-pressed", dark ? "true" : "false");
      var state = button.querySelector("[data-theme-state]");
      // The words come from the page (the theme's strings in its language).
      if (state) { state.textContent = dark ? (state.getAttribute("data-on") || "on") : (state.getAttribute("data-off") || "off"); }
    });
  }

  function setUpThemeToggle(button) {
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      storageSet(THEME_KEY, next);
      showTheme();
    });
    button.hidden = false;
  }

  function setUpThemeToggles() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-theme-toggle]"), setUpThemeToggle);
    if (window.matchMedia) {
      var query = window.matchMedia("(prefers-color-scheme: dark)");
      if (query.addEventListener) { query.addEventListener("change", showTheme); }
    }
    showTheme();
  }

  // The Menu button (a <details>): Escape closes it and gives focus back to
  // the button; so does a click outside it.
  function setUpMenu(menu) {
    var button = menu.querySelector("summary");
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        button.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (menu.open && !menu.contains(event.target)) { menu.open = false; }
    });
  }

  // "On this page": on wide screens it stays in view beside the article and
  // marks the heading being read (the last one above the top third).
  function setUpToc(toc) {
    var links = Array.prototype.slice.call(toc.querySelectorAll("a[href^='#']"));
    var targets = links.map(function (a) {
      return document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    });
    var pending = false;
    function mark() {
      pending = false;
      var line = window.innerHeight / 3;
      var current = -1;
      targets.forEach(function (heading, i) {
        if (heading && heading.getBoundingClientRect().top <= line) { current = i; }
      });
      links.forEach(function (a, i) {
        if (i === current) { a.setAttribute("aria-current", "location"); } else { a.removeAttribute("aria-current"); }
      });
    }
    window.addEventListener("scroll", function () {
      if (!pending) { pending = true; window.requestAnimationFrame(mark); }
    }, { passive: true });
    mark();
    foldOnNarrowScreens(toc);
  }

  // Narrower than the two columns, "On this page" sits above the article:
  // it folds to one line that opens (a button in its heading), so the first
  // paragraph is on the first screen of a phone.
  function foldOnNarrowScreens(toc) {
    var heading = toc.querySelector("h2");
    var list = toc.querySelector("ol");
    if (!heading || !list || !window.matchMedia) { return; }
    var narrow = window.matchMedia("(max-width: 71.99rem)");
    var label = heading.textContent;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "toc-toggle";
    button.textContent = label;
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      list.hidden = !open;
    });
    function apply() {
      if (narrow.matches) {
        heading.textContent = "";
        heading.append(button);
        list.hidden = button.getAttribute("aria-expanded") !== "true";
        toc.classList.add("toc-folded");
      } else {
        heading.textContent = label;
        list.hidden = false;
        toc.classList.remove("toc-folded");
      }
    }
    if (narrow.addEventListener) { narrow.addEventListener("change", apply); }
    apply();
  }

  // Quick exit, after GOV.UK's "Exit this page": blank the page at once, then
  // replace it (location.replace, so Back does not return here).
  var leaving = false;
  function quickExit(url) {
    if (leaving || !url) { return; }
    leaving = true;
    root.classList.add("rapport-leaving");
    if (document.body) { document.body.hidden = true; }
    document.title = "";
    window.location.replace(url);
  }
  function quickExitUrl() {
    var button = document.getElementById("rapport-quick-exit");
    return button ? button.getAttribute("data-quick-exit-url") : null;
  }

  // Shift pressed three times within five seconds; any other key starts again.
  var shiftCount = 0;
  var shiftTimer = null;
  function announce(text) {
    var status = document.querySelector("[data-quick-exit-status]");
    if (status) { status.textContent = text; }
  }
  function resetShift() {
    shiftCount = 0;
    if (shiftTimer) { clearTimeout(shiftTimer); shiftTimer = null; }
  }
  document.addEventListener("keydown", function (event) {
    if (!quickExitUrl()) { return; }
    if (event.key !== "Shift") { resetShift(); return; }
    if (event.repeat) { return; }
    shiftCount += 1;
    if (shiftCount >= 3) {
      resetShift();
      announce(text("js_leaving", {}, "Leaving this site"));
      quickExit(quickExitUrl());
      return;
    }
    var left = 3 - shiftCount;
    announce(text("js_shift_more", { n: left }, "Shift, press {n} more times to leave this site"));
    if (!shiftTimer) {
      shiftTimer = setTimeout(function () { resetShift(); announce(""); }, 5000);
    }
  }, true);

  function setUpQuickExit(button) {
    button.addEventListener("click", function () {
      quickExit(quickExitUrl());
    });
    button.hidden = false;
    var hint = document.querySelector(".quick-exit-hint");
    if (hint) { hint.hidden = false; }
  }

  // If the reader comes Back to a page kept in the back/forward cache, it
  // must not stay blank.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && leaving) {
      leaving = false;
      root.classList.remove("rapport-leaving");
      if (document.body) { document.body.hidden = false; }
    }
  });

  // Checklists: ticks remembered per page and per checklist.
  function setUpChecklist(list) {
    var key = "rapport:checklist:" + list.getAttribute("data-page") + ":" + list.getAttribute("data-checklist");
    var boxes = Array.prototype.slice.call(list.querySelectorAll("input[type=checkbox][data-item]"));
    var progress = list.querySelector(".checklist-progress");
    var reset = list.querySelector(".checklist-reset");
    // Written in English by the markdown pass; shown (and named) in the page's language.
    if (reset) { reset.textContent = text("js_reset", {}, "Reset"); }
    if (list.getAttribute("aria-label")) { list.setAttribute("aria-label", text("js_checklist", {}, "Checklist")); }
    var saved = storageGet(key);
    if (saved !== null) {
      var ticked = {};
      try { JSON.parse(saved).forEach(function (item) { ticked[item] = true; }); } catch (e) { ticked = {}; }
      boxes.forEach(function (box) { box.checked = !!ticked[box.getAttribute("data-item")]; });
    }
    function update() {
      var done = boxes.filter(function (box) { return box.checked; }).length;
      if (progress) { progress.textContent = text("js_progress", { done: done, total: boxes.length }, "{done} of {total} done"); }
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

  // The page's checklists as plain text, made in the browser: nothing is uploaded.
  function checklistsAsText() {
    var lines = [document.title, text("js_saved_on", { date: new Date().toISOString().slice(0, 10) }, "Saved {date}"), ""];
    Array.prototype.forEach.call(document.querySelectorAll(".checklist[data-checklist]"), function (list) {
      var heading = document.getElementById(list.getAttribute("aria-labelledby") || "");
      lines.push("## " + (heading ? heading.textContent.trim() : list.getAttribute("data-checklist")));
      Array.prototype.forEach.call(list.querySelectorAll("input[type=checkbox]"), function (box) {
        var label = list.querySelector("label[for='" + box.id + "']");
        lines.push((box.checked ? "[x] " : "[ ] ") + (label ? label.textContent.trim() : box.id));
      });
      lines.push("");
    });
    return lines.join("\n");
  }

  function downloadText(text, name) {
    var blob = new Blob([text], { type: "text/plain;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // The note is written before the article body; it reads best just above
  // the first checklist, where a reader decides whether to tick.
  function placeSavedNote(note) {
    var list = document.querySelector(".prose .checklist[data-checklist]");
    if (!list) { return; }
    // Under the checklist's heading, just above its boxes: the note belongs
    // to the list, not to the end of the section before it.
    list.parentNode.insertBefore(note, list);
  }

  function setUpSavedNote(note) {
    placeSavedNote(note);
    note.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button[data-action]") : null;
      if (!button) { return; }
      var action = button.getAttribute("data-action");
      if (action === "print-page") {
        window.print();
      } else if (action === "download-checklists") {
        var slug = location.pathname.replace(/\/+$/, "").split("/").pop() || "checklists";
        downloadText(checklistsAsText(), slug + "-checklists.txt");
      }
    });
    note.hidden = false;
  }

  // Glossary terms: the link goes to the glossary; the button beside it
  // (hidden without this script) opens the definition in place, below the
  // line, covering nothing. Pointing at the term, or moving focus to its
  // link, shows it until the pointer or focus leaves; the button keeps it
  // open until pressed again. Escape closes it.
  function setUpGlossaryTerm(use) {
    var link = use.querySelector(".glossary-term");
    var button = use.querySelector(".glossary-toggle");
    var definition = use.querySelector(".glossary-definition");
    if (!button || !definition) { return; }
    var pinned = false;
    function show(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      definition.hidden = !open;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      pinned = !pinned;
      show(pinned);
    });
    use.addEventListener("mouseenter", function () { if (!pinned) { show(true); } });
    use.addEventListener("mouseleave", function () { if (!pinned) { show(false); } });
    if (link) {
      link.addEventListener("focus", function () { if (!pinned) { show(true); } });
    }
    use.addEventListener("focusout", function (event) {
      if (!pinned && !use.contains(event.relatedTarget)) { show(false); }
    });
    use.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        pinned = false;
        show(false);
        button.focus();
        event.preventDefault();
      }
    });
  }

  function start() {
    setUpThemeToggles();
    Array.prototype.forEach.call(document.querySelectorAll(".glossary-use"), setUpGlossaryTerm);
    Array.prototype.forEach.call(document.querySelectorAll("[data-menu]"), setUpMenu);
    Array.prototype.forEach.call(document.querySelectorAll("[data-toc]"), setUpToc);
    var exit = document.getElementById("rapport-quick-exit");
    if (exit) { setUpQuickExit(exit); }
    Array.prototype.forEach.call(document.querySelectorAll(".checklist[data-checklist]"), setUpChecklist);
    Array.prototype.forEach.call(document.querySelectorAll("[data-saved-note]"), setUpSavedNote);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
