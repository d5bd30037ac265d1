// Offline search with Pagefind's browser API. What the reader types never
// leaves the page: the index is fetched from this site, in chunks, and
// searched here. Without JavaScript the page lists the sections instead.
(function () {
  "use strict";

  // The page's words (rapport.js reads them from #rapport-strings); English
  // when a site's own base.html leaves rapport.js out.
  var text = window.rapportText || function (key, vars, fallback) {
    return Object.keys(vars).reduce(function (out, name) {
      return out.split("{" + name + "}").join(String(vars[name]));
    }, fallback);
  };
  // On every page: the header's link to the search page becomes a box.
  var headerLink = document.querySelector("[data-search-link]");
  if (headerLink && !document.querySelector("[data-search]")) {
    var box = document.createElement("form");
    box.className = "header-search";
    box.setAttribute("role", "search");
    var label = document.createElement("label");
    label.className = "visually-hidden";
    label.htmlFor = "rapport-header-search-input";
    label.textContent = text("js_search_this_site", {}, "Search this site");
    var field = document.createElement("input");
    field.id = "rapport-header-search-input";
    field.type = "search";
    field.name = "q";
    field.placeholder = headerLink.textContent.trim() || "Search";
    // A magnifier, drawn, with "Search" as its name for screen readers.
    var go = document.createElement("button");
    go.type = "submit";
    go.className = "header-search-go";
    var name = document.createElement("span");
    name.className = "visually-hidden";
    name.textContent = headerLink.textContent.trim() || "Search";
    go.append(name);
    box.append(label, field, go);
    box.addEventListener("submit", function (event) {
      // The CSP refuses form submission; go to the search page instead.
      event.preventDefault();
      location.assign(headerLink.href + "?q=" + encodeURIComponent(field.value));
    });
    headerLink.replaceWith(box);
  }

  var root = document.querySelector("[data-search]");
  if (!root) return;
  var base = root.getAttribute("data-base") || "/";
  var form = root.querySelector("[data-search-form]");
  var input = root.querySelector("#rapport-search-input");
  var status = root.querySelector("[data-search-status]");
  var list = root.querySelector("[data-search-results]");
  var fallback = root.querySelector("[data-search-fallback]");
  var pagefind = null;
  var latest = 0;

  form.hidden = false;
  fallback.hidden = true;

  function load() {
    if (!pagefind) {
      pagefind = import(base + "pagefind/pagefind.js").then(function (api) {
        // Result URLs are full paths already: keep Pagefind from prefixing them.
        return api.options({ baseUrl: "/", excerptLength: 24 }).then(function () {
          return api;
        });
      });
    }
    return pagefind;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // Pagefind's excerpts are text it escaped, with <mark> around matches.
  function excerpt(html) {
    var p = element("p", "search-excerpt");
    var template = document.createElement("template");
    template.innerHTML = html;
    template.content.querySelectorAll("*").forEach(function (node) {
      if (node.tagName !== "MARK") node.replaceWith(document.createTextNode(node.textContent));
    });
    p.appendChild(template.content);
    return p;
  }

  // Each result's details are a download of their own: fetch a page at a time.
  var PAGE = 10;
  var all = [];
  var shown = 0;
  var moreButton = element("button", "search-more", text("js_show_more", {}, "Show more results"));
  moreButton.type = "button";
  moreButton.hidden = true;
  list.after(moreButton);
  moreButton.addEventListener("click", function () {
    var first = list.children.length;
    more(input.value.trim(), latest).then(function () {
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    });
  });

  function more(query, ticket) {
    var next = all.slice(shown, shown + PAGE);
    shown += next.length;
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (results) {
      if (ticket === latest) show(results, query, all.length);
    });
  }

  // How strongly a part of a page matched: the sum of its hits' scores.
  function score(part) {
    return (part.weighted_locations || []).reduce(function (sum, hit) {
      return sum + hit.balanced_score;
    }, 0);
  }

  // A page's matching FAQ questions are parts of it (Pagefind's sub-results
  // at the question's heading, holding the answer). A question that matched
  // more strongly than the rest of its page becomes the result, linked to its
  // answer; others are listed under the page.
  function shape(data) {
    var ids = ((data.meta && data.meta.faq) || "").split(" ");
    var questions = [];
    var rest = 0;
    (data.sub_results || []).forEach(function (part) {
      if (part.anchor && ids.indexOf(part.anchor.id) >= 0) questions.push(part);
      else rest = Math.max(rest, score(part));
    });
    questions.sort(function (a, b) { return score(b) - score(a); });
    var title = (data.meta && data.meta.title) || data.url;
    if (questions.length && score(questions[0]) > rest) {
      var top = questions.shift();
      return {
        title: top.title, url: top.url, excerpt: top.excerpt,
        section: text("js_question_in", {}, "Question in ") + title, page: { title: title, url: data.url },
        questions: questions
      };
    }
    return {
      title: title, url: data.url, excerpt: data.excerpt,
      section: data.meta && data.meta.section, questions: questions
    };
  }

  function show(results, query, n) {
    results.forEach(function (data) {
      var result = shape(data);
      var item = element("li", "search-result");
      var heading = element("h2", "search-title");
      var link = element("a", null, result.title);
      link.href = result.url;
      heading.appendChild(link);
      item.appendChild(heading);
      if (result.page) {
        var from = element("p", "search-section", text("js_question_in", {}, "Question in "));
        from.appendChild(element("a", null, result.page.title)).href = result.page.url;
        item.appendChild(from);
      } else if (result.section) {
        item.appendChild(element("p", "search-section", result.section));
      }
      item.appendChild(excerpt(result.excerpt || ""));
      if (result.questions.length) {
        var more = element("ul", "search-questions");
        result.questions.slice(0, 3).forEach(function (q) {
          var li = element("li");
          li.appendChild(element("a", null, q.title)).href = q.url;
          more.appendChild(li);
        });
        item.appendChild(more);
      }
      list.appendChild(item);
    });
    moreButton.hidden = shown >= n;
    status.textContent = n === 0
      ? text("js_no_results", { query: query }, "No results for \u201c{query}\u201d.")
      : text("js_results", { n: n, query: query }, "{n} results for \u201c{query}\u201d.");
  }

  function search(query) {
    var ticket = ++latest;
    query = query.trim();
    if (!query) {
      list.textContent = "";
      status.textContent = "";
      moreButton.hidden = true;
      return Promise.resolve();
    }
    return load()
      .then(function (api) { return api.search(query); })
      .then(function (found) {
        if (ticket !== latest) return;
        shown = 0;
        all = found.results;
        list.textContent = "";
        return more(query, ticket);
      })
      .catch(function () {
        if (ticket === latest) status.textContent = text("js_search_failed", {}, "Search could not load. Browse the sections instead.");
        fallback.hidden = false;
      });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 150);
  });
  form.addEventListener("submit", function (event) {
    // The CSP refuses form submission; the search runs here instead.
    event.preventDefault();
    clearTimeout(timer);
    search(input.value);
    var url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
  });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
