// Rapport courses: which lessons are done, and the answers to knowledge
// checks, are kept in this browser's localStorage only, under keys that
// start with "rapport:course:" and "rapport:quiz:". Nothing is ever sent.
(function () {
  "use strict";

  function read(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "{}") || {}; } catch (e) { return {}; }
  }
  function write(key, data) {
    try { window.localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* storage off: the page still works */ }
  }
  function remove(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* nothing stored */ }
  }
  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return values[k] !== undefined ? String(values[k]) : m; });
  }

  function courseKey(el) { return "rapport:course:" + el.getAttribute("data-course"); }
  function quizKey(el) { return "rapport:quiz:" + el.getAttribute("data-page") + ":" + el.getAttribute("data-quiz"); }
  // Lessons done: { "/course/lesson/": "2026-11-30" }.
  function doneLessons(el) { return read(courseKey(el)).done || {}; }
  function today() { return new Date().toISOString().slice(0, 10); }

  // The progress bar and its words, on the home and on every lesson.
  function showProgress(root) {
    var done = doneLessons(root);
    var total = Number(root.getAttribute("data-total")) || 0;
    var n = Math.min(Object.keys(done).length, total);
    var text = fill(root.getAttribute("data-progress-text") || "{n} of {total}", { n: n, total: total });
    all(root, "progress").forEach(function (bar) {
      bar.value = n;
      bar.setAttribute("aria-label", text);
    });
    all(root, ".course-progress-text").forEach(function (span) {
      span.textContent = text;
      span.hidden = false;
    });
  }

  // The course home: done marks, "Continue", the completion summary.
  function setUpHome(home) {
    var key = courseKey(home);
    var lessons = all(home, "li[data-lesson]");
    function refresh() {
      var done = doneLessons(home);
      lessons = lessons.filter(function (li) { return li.isConnected; });
      var next = null;
      lessons.forEach(function (li) {
        var isDone = !!done[li.getAttribute("data-lesson")];
        li.querySelector(".course-done-mark").hidden = !isDone;
        li.classList.toggle("is-done", isDone);
        if (!isDone && !next) { next = li; }
      });
      var start = home.querySelector(".course-start a");
      var anyDone = lessons.some(function (li) { return !!done[li.getAttribute("data-lesson")]; });
      if (start) {
        if (next && anyDone) {
          start.href = next.getAttribute("data-lesson");
          start.textContent = home.getAttribute("data-continue") + " " + next.getAttribute("data-title");
        } else if (next) {
          start.href = next.getAttribute("data-lesson");
          start.textContent = home.getAttribute("data-start");
        }
        start.parentNode.hidden = !next;
      }
      var complete = home.querySelector(".course-complete");
      if (complete) {
        complete.hidden = !!next || !lessons.length;
        if (!complete.hidden) { fillSummary(home, complete, done); }
      }
      showProgress(home);
    }
    home.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button[data-action]") : null;
      if (!button) { return; }
      var action = button.getAttribute("data-action");
      if (action === "print") {
        window.print();
      } else if (action === "clear-progress") {
        if (window.confirm(home.getAttribute("data-confirm-clear"))) {
          remove(key);
          refresh();
        }
      }
    });
    all(home, ".course-saved-note, .course-clear").forEach(function (el) { el.hidden = false; });
    refresh();
  }

  function fillSummary(home, complete, done) {
    var body = complete.querySelector("tbody");
    if (!body) { return; }
    body.textContent = "";
    all(home, "li[data-lesson]").forEach(function (li) {
      var path = li.getAttribute("data-lesson");
      var row = document.createElement("tr");
      var title = document.createElement("th");
      title.scope = "row";
      title.textContent = li.getAttribute("data-title");
      var date = document.createElement("td");
      date.textContent = done[path] || "";
      var scores = document.createElement("td");
      var ids = (li.getAttribute("data-quizzes") || "").split(" ").filter(Boolean);
      scores.textContent = ids.map(function (id) {
        var saved = read("rapport:quiz:" + path + ":" + id);
        return saved.checked ? fill(home.getAttribute("data-score-text") || "{right} / {total}", { right: saved.right, total: saved.total }) : home.getAttribute("data-not-yet");
      }).join("; ");
      row.appendChild(title);
      row.appendChild(date);
      row.appendChild(scores);
      body.appendChild(row);
    });
  }

  // A lesson: its progress in the header, and the done button.
  function setUpLesson(header) {
    showProgress(header);
  }

  function setUpDoneButton(box) {
    var key = courseKey(box);
    var lesson = box.getAttribute("data-lesson");
    var button = box.querySelector("button[data-action=done]");
    var status = box.querySelector(".lesson-done-status");
    function show() {
      var isDone = !!doneLessons(box)[lesson];
      button.setAttribute("aria-pressed", isDone ? "true" : "false");
      button.textContent = box.getAttribute(isDone ? "data-mark-not-done" : "data-mark-done");
      all(document, ".rapport-lesson").forEach(showProgress);
    }
    button.addEventListener("click", function () {
      var data = read(key);
      data.done = data.done || {};
      if (data.done[lesson]) {
        delete data.done[lesson];
        status.textContent = "";
      } else {
        data.done[lesson] = today();
        status.textContent = box.getAttribute("data-marked-done");
      }
      write(key, data);
      show();
    });
    button.hidden = false;
    show();
  }

  // A knowledge check.
  function setUpQuiz(quiz) {
    var key = quizKey(quiz);
    var questions = all(quiz, ".quiz-question");
    var score = quiz.querySelector(".quiz-score");
    var retry = quiz.querySelector("button[data-action=retry]");

    function chosen(q) {
      return all(q, "input:checked").map(function (i) { return i.value; });
    }
    function isRight(q) {
      var want = (q.getAttribute("data-answer") || "").split(" ").sort().join(" ");
      return chosen(q).sort().join(" ") === want;
    }
    function templateText(el) {
      return el ? (el.content ? el.content.textContent : el.textContent) : "";
    }
    function showResult(q) {
      var result = q.querySelector(".quiz-result");
      var picked = chosen(q);
      var parts = [];
      if (!picked.length) {
        parts.push(quiz.getAttribute("data-unanswered"));
      } else {
        parts.push(quiz.getAttribute(isRight(q) ? "data-right" : "data-wrong"));
        picked.forEach(function (v) {
          var fb = q.querySelector("template.quiz-feedback[data-option='" + v + "']");
          if (fb) { parts.push(templateText(fb)); }
        });
      }
      var explanation = q.querySelector("template.quiz-explanation");
      if (explanation) { parts.push(templateText(explanation)); }
      result.textContent = parts.join(" ");
      q.classList.toggle("is-right", !!picked.length && isRight(q));
      q.classList.toggle("is-wrong", !!picked.length && !isRight(q));
    }
    function clearResults() {
      questions.forEach(function (q) {
        q.querySelector(".quiz-result").textContent = "";
        q.classList.remove("is-right", "is-wrong");
      });
      score.textContent = "";
      retry.hidden = true;
    }
    function collect(checked) {
      var answers = {};
      questions.forEach(function (q) { answers[q.getAttribute("data-question")] = chosen(q); });
      var right = questions.filter(isRight).length;
      return { answers: answers, checked: checked, right: right, total: questions.length, date: today() };
    }
    function restore(saved) {
      var answers = saved.answers || {};
      questions.forEach(function (q) {
        var values = answers[q.getAttribute("data-question")] || [];
        all(q, "input").forEach(function (i) { i.checked = values.indexOf(i.value) !== -1; });
      });
      if (saved.checked) { check(false); } else { clearResults(); }
    }
    function check(save) {
      questions.forEach(showResult);
      var data = collect(true);
      score.textContent = fill(quiz.getAttribute("data-score"), { right: data.right, total: data.total });
      retry.hidden = false;
      if (save) { write(key, data); }
    }
    function asText() {
      var title = quiz.querySelector("h2, h3, h4");
      var lines = [title ? title.textContent.trim() : "Quiz", "Saved " + today(), ""];
      questions.forEach(function (q) {
        lines.push(q.querySelector("legend").textContent.trim());
        var picked = all(q, "input:checked").map(function (i) {
          var label = quiz.querySelector("label[for='" + i.id + "']");
          return "[x] " + (label ? label.textContent.trim() : i.value);
        });
        lines.push(picked.length ? picked.join("\n") : "(no answer)");
        var result = q.querySelector(".quiz-result").textContent.trim();
        if (result) { lines.push(result); }
        lines.push("");
      });
      if (score.textContent) { lines.push(score.textContent); }
      return lines.join("\n");
    }
    function download() {
      var blob = new Blob([asText()], { type: "text/plain;charset=utf-8" });
      var url = URL.createObjectURL(blob);
      var link = document.createElement("a");
      link.href = url;
      link.download = (quiz.getAttribute("data-quiz") || "quiz") + "-answers.txt";
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    }

    quiz.addEventListener("change", function () { write(key, collect(false)); });
    quiz.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button[data-action]") : null;
      if (!button) { return; }
      var action = button.getAttribute("data-action");
      if (action === "check") {
        check(true);
      } else if (action === "retry") {
        restore({});
        write(key, collect(false));
        var first = quiz.querySelector("input");
        if (first) { first.focus(); }
      } else if (action === "download") {
        download();
      } else if (action === "clear") {
        if (window.confirm(quiz.getAttribute("data-confirm-clear"))) {
          restore({});
          remove(key);
        }
      }
    });
    // With JavaScript the answers come after answering, not before.
    var answers = quiz.querySelector(".quiz-answers");
    if (answers) { answers.hidden = true; }
    quiz.querySelector(".quiz-actions").hidden = false;
    restore(read(key));
  }

  function start() {
    all(document, ".rapport-course[data-course]").forEach(setUpHome);
    all(document, ".rapport-lesson[data-course]").forEach(setUpLesson);
    all(document, ".lesson-done[data-course]").forEach(setUpDoneButton);
    // The course's print page shows its quizzes as questions to answer on paper.
    all(document, ".rapport-quiz[data-quiz]").forEach(function (quiz) {
      if (!quiz.closest(".rapport-course-print")) { setUpQuiz(quiz); }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
